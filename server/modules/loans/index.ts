/** The face of `loans`: the overdue sweep that server/jobs.ts schedules, and the person's own data. */
import type { AppContext } from '../../context.ts';
import type { Db } from '../../db/create-db.ts';
import * as repo from './repository.ts';

export { sweepOverdueLoans } from './service.ts';

/** What they borrowed and lent out themselves (GDPR art. 15/20). */
export async function personalData(ctx: AppContext, userId: string) {
  const [borrowed, lent] = await Promise.all([
    repo.listLoans(ctx.db, { borrowerId: userId, limit: 1000 }),
    repo.listLoans(ctx.db, { owner: { type: 'person', id: userId }, limit: 1000 }),
  ]);
  const view = (l: repo.LoanView) => ({
    id: l.id,
    item: l.item_title,
    status: l.status,
    message: l.message,
    handedOverAt: l.handed_over_at,
    returnedAt: l.returned_at,
    inkindCents: l.inkind_cents,
  });
  return { loansBorrowed: borrowed.map(view), loansLent: lent.map(view) };
}

/** Erasure: their items leave the library and their messages go; loan ids, dates and values stay like the ledger. */
export async function erasePersonalData(ctx: AppContext, trx: Db, userId: string): Promise<void> {
  await repo.erasePersonalData(trx, userId, ctx.clock.now().toISOString());
}
