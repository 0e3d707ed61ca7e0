/**
 * The face of the ledger for other modules: the posting engine (write inside your own
 * `withLedgerTransaction`, `publishLedger` after the commit), the person's ledger data, the
 * periodic jobs (expiry sweep, nightly verification) that server/jobs.ts schedules, and verification.
 */
import type { AppContext } from '../../context.ts';
import type { Db } from '../../db/create-db.ts';
import * as repo from './repository.ts';
import { balancesOf, eraseLedgerMemos, personOwner } from './posting.ts';

export {
  alignTimeFloor,
  balancesOf,
  createTransfers,
  expirePendingTransfers,
  organizationOwner,
  personOwner,
  postPending,
  publishLedger,
  voidPending,
  withLedgerTransaction,
  type LedgerWriteResult,
  type OwnerRef,
  type TransferInput,
} from './posting.ts';
export { verifyLedgerJob } from './verify/publish.ts';
export type { LedgerTransferRow } from './tables.ts';

/** One transfer row by id (impact walks a correction back to the work it corrects). */
export const findTransferRow = async (db: Db, id: string) => (await repo.findTransfersByIds(db, [id]))[0];
/** The whole-ledger check, for a restore that verifies the database it brought back. */
export { verifyLedger } from './verify/verify.ts';

/** The person's balances and every transfer on their own accounts, with memos (GDPR art. 15/20). */
export async function personalData(ctx: AppContext, userId: string) {
  const accounts = await repo.findAccountsOfOwner(ctx.db, 'person', userId);
  const transfers = await repo.exportTransferViews(
    ctx.db,
    accounts.map((a) => a.id),
  );
  return {
    ledger: {
      balances: await balancesOf(ctx, ctx.db, personOwner(userId)),
      creditRequests: (await repo.creditRequestsOf(ctx.db, userId)).map((r) => ({
        id: r.id,
        requesterUserId: r.requester_user_id,
        payerUserId: r.payer_user_id,
        amount: r.amount_minutes,
        memo: r.memo,
        status: r.status,
        createdAt: r.created_at,
        answeredAt: r.answered_at,
      })),
      transfers: transfers.map((t) => ({
        id: t.id,
        unit: t.unit,
        amount: t.amount,
        kind: t.kind,
        phase: t.phase,
        from: { type: t.debit_owner_type, id: t.debit_owner_id },
        to: { type: t.credit_owner_type, id: t.credit_owner_id },
        memo: t.memo,
        createdAt: t.created_at,
      })),
    },
  };
}

/**
 * Erasure: memos go, and requests for credits asked by or of the person; transfers and the journal
 * keep only opaque ids and amounts, so the chain still verifies.
 */
export async function erasePersonalData(_ctx: AppContext, trx: Db, userId: string): Promise<void> {
  await eraseLedgerMemos(trx, userId);
  await repo.deleteCreditRequestsOf(trx, userId);
}
