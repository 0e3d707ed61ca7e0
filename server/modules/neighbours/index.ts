/** The face of `neighbours`: the person's own requests and help, for their data export and erasure. */
import type { AppContext } from '../../context.ts';
import type { Db } from '../../db/create-db.ts';
import * as repo from './repository.ts';

/** Their requests and the help they gave or got (GDPR art. 15/20). */
export async function personalData(ctx: AppContext, userId: string) {
  const [requests, engagements] = await Promise.all([
    repo.requestsOf(ctx.db, userId),
    repo.engagementsOf(ctx.db, userId),
  ]);
  return {
    helpRequests: requests.map((r) => ({
      id: r.id,
      title: r.title,
      description: r.description,
      pc4: r.pc4,
      status: r.status,
      createdAt: r.created_at,
    })),
    helpEngagements: engagements.map((e) => ({
      id: e.id,
      requestId: e.request_id,
      helperId: e.helper_id,
      status: e.status,
      message: e.message,
      confirmedMinutes: e.confirmed_minutes,
    })),
  };
}

/** Erasure: the texts go, open requests close; ids and minutes stay like the ledger's. */
export async function erasePersonalData(ctx: AppContext, trx: Db, userId: string): Promise<void> {
  await repo.erasePersonalData(trx, userId, ctx.clock.now().toISOString());
}
