/** The face of `moderation`: the person's reports in their data export and erasure (privacy orchestrates). */
import type { AppContext } from '../../context.ts';
import type { Db } from '../../db/create-db.ts';
import * as repo from './repository.ts';

/** The reports the person made, with their outcome (GDPR art. 15/20). */
export async function personalData(ctx: AppContext, userId: string) {
  const reports = await repo.reportsBy(ctx.db, userId);
  return {
    reports: reports.map((r) => ({
      id: r.id,
      targetType: r.target_type,
      targetId: r.target_id,
      reason: r.reason,
      status: r.status,
      decisionReason: r.decision_reason,
      decidedAt: r.decided_at,
      createdAt: r.created_at,
    })),
  };
}

/** Erasure: the reporter's words go; the report and its outcome stay for the moderation record. */
export async function erasePersonalData(_ctx: AppContext, trx: Db, userId: string): Promise<void> {
  await repo.eraseReportReasons(trx, userId);
}
