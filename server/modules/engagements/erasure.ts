import type { AppContext } from '../../context.ts';
import type { Db } from '../../db/create-db.ts';
import { reopenNeed } from '../listings/index.ts';
import { RESERVING } from './access.ts';
import { organizationParty, postLines, providerParty } from './confirmation.ts';
import { cancellationLines } from './ledger-plan.ts';
import { endReasonKeys, systemMessage } from './messages.ts';
import * as repo from './repository.ts';

/** Everything not yet final: an application or invitation still open, or work under way. */
const OPEN = ['proposed', ...RESERVING] as const;

/**
 * Erasure leaves no live business behind (RELIABILITY row 19): the person's own open engagements
 * (not a business's, which the organisation carries on) end as withdrawn by the worker, so an
 * erased person's application cannot be accepted; what acceptance reserved is voided through the
 * ledger's void path, and a need they filled opens again — all inside the erasing transaction.
 */
export async function withdrawOpenEngagements(ctx: AppContext, trx: Db, userId: string): Promise<void> {
  const now = ctx.clock.now().toISOString();
  const open = await repo.listEngagements(trx, { workerUserId: userId, statuses: [...OPEN], limit: 100_000 });
  for (const e of open) {
    if (e.worker_organization_id !== null) continue;
    const need = e.status === 'proposed' ? undefined : await repo.lockNeed(trx, ctx.dialect, e.need_id);
    await repo.updateEngagementIf(trx, e.id, e.status, {
      status: 'cancelled',
      end_reason_key: endReasonKeys.cancelledByWorker,
      ended_by: userId,
      updated_at: now,
    });
    await postLines(
      ctx,
      trx,
      e.id,
      cancellationLines({
        engagementId: e.id,
        organization: organizationParty(e),
        provider: providerParty(e),
        reservedMinutes: RESERVING.includes(e.status) ? e.reserved_minutes : 0,
      }),
      { userId, isAdmin: false },
    );
    if (need && need.status === 'filled' && (need.ends_at === null || need.ends_at > now))
      await reopenNeed(trx, need.id, now);
    await systemMessage(trx, e.id, endReasonKeys.cancelledByWorker, now);
  }
}
