/** The face of `alerts`: the `need.created` subscription app.ts registers, and the person's own data. */
import type { AppContext } from '../../context.ts';
import type { Db } from '../../db/create-db.ts';
import * as repo from './repository.ts';
import { alertNewNeed, listSearches } from './service.ts';

/** Subscribes alerts to new needs (registered in app.ts). Returns the unsubscribe function. */
export function alertOnNewNeeds(ctx: AppContext): () => void {
  return ctx.events.on('need.created', async ({ needId }) => {
    // The next turn of the event loop: the request that posted the need answers first.
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      await alertNewNeed(ctx, needId);
    } catch (err) {
      ctx.log.error({ err, needId }, 'alerting saved searches about a new need failed');
    }
  });
}

/** Saved searches (GDPR art. 15/20). */
export async function personalData(ctx: AppContext, userId: string) {
  return { savedSearches: (await listSearches(ctx, { userId, isAdmin: false })).items };
}

export async function erasePersonalData(_ctx: AppContext, trx: Db, userId: string): Promise<void> {
  await repo.eraseSearchesOf(trx, userId);
}
