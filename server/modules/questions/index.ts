/** The face of `questions` for other modules: the engagement subscription, and the person's own data. */
import type { AppContext } from '../../context.ts';
import type { Db } from '../../db/create-db.ts';
import * as repo from './repository.ts';
import { linkToEngagement } from './service.ts';

/** Subscribes questions to new engagements (registered in app.ts). Returns the unsubscribe function. */
export function linkQuestionsToEngagements(ctx: AppContext): () => void {
  return ctx.events.on('engagement.proposed', (e) => linkToEngagement(ctx, e));
}

/** The questions and answers they wrote (GDPR art. 15/20). */
export async function personalData(ctx: AppContext, userId: string) {
  return { questionMessages: await repo.personalData(ctx.db, userId) };
}

/** Erasure: the words they wrote go; the other party keeps a thread with an erased message. */
export async function erasePersonalData(_ctx: AppContext, trx: Db, userId: string): Promise<void> {
  await repo.erasePersonalData(trx, userId);
}
