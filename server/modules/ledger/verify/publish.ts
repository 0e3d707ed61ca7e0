import type { VerifyResult } from '../../../../shared/schemas/ledger.ts';
import type { AppContext } from '../../../context.ts';
import { verifyLedger } from './verify.ts';

/** Verifies the whole ledger and tells the app (metrics: the last intact verification) how it went. */
export async function verifyAndPublish(ctx: AppContext): Promise<VerifyResult> {
  const result = await verifyLedger(ctx.db, ctx.dialect, ctx.clock.now(), ctx.sqlite);
  ctx.events.emit('ledger.verified', { ok: result.ok, at: ctx.clock.now() });
  return result;
}

/** The nightly job: a ledger that does not verify fails the job (logged, counted in metrics). */
export async function verifyLedgerJob(ctx: AppContext): Promise<void> {
  const result = await verifyAndPublish(ctx);
  if (!result.ok) {
    throw new Error(
      `The ledger does not verify: first bad entry ${String(result.firstBadEntry)}, ${result.problems.length} problem(s)`,
    );
  }
}
