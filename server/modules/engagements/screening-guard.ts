import { isVolunteerCompensation, type CompensationType } from '../../../shared/schemas/listings.ts';
import type { AppContext } from '../../context.ts';
import type { Db } from '../../db/create-db.ts';
import { ruleRefused } from '../../errors.ts';
import { hasCountingRecord, volunteerDeclarationCounts } from '../organizations/index.ts';

/**
 * Checked again when an engagement is accepted, not only when the need was posted (issue 9, item 4):
 * a need that asks for a VOG needs one that *this* organisation recorded for the worker and that
 * still counts; a volunteer need open to asylum seekers needs a UWV vrijwilligersverklaring that still
 * counts — the organisation's own, or one recorded for this person.
 */
export async function requireScreening(
  ctx: AppContext,
  trx: Db,
  need: { organization_id: string; requires_vog: number; open_to_asylum_seekers: number },
  engagement: { worker_user_id: string; compensation_type: string },
): Promise<void> {
  if (
    need.requires_vog &&
    !(await hasCountingRecord(ctx, trx, need.organization_id, engagement.worker_user_id, 'vog'))
  ) {
    throw ruleRefused(
      'rule_refused',
      `This need requires a VOG: a coordinator of this organisation records one that is less than ${ctx.config.trust.screeningValidYears} years old before accepting`,
      { requirement: 'vog' },
    );
  }
  if (
    need.open_to_asylum_seekers &&
    isVolunteerCompensation(engagement.compensation_type as CompensationType) &&
    !(await volunteerDeclarationCounts(ctx, trx, need.organization_id, engagement.worker_user_id))
  ) {
    throw ruleRefused(
      'rule_refused',
      `The UWV vrijwilligersverklaring for this work is more than ${ctx.config.trust.screeningValidYears} years old: record the date of a new one first`,
      { requirement: 'uwv' },
    );
  }
}
