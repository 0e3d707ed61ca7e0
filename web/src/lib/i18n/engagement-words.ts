import type { EngagementStatus } from '../../../../shared/engagement-vocabulary.ts';
import type { LedgerLine } from '../../../../shared/schemas/engagements.ts';
import type { ApiError } from '../api/client.ts';

/**
 * Engagement codes in words: which catalogue key says what. Pure (no state), so the mapping is
 * unit-tested; the pages translate the keys.
 */

export const endedStatuses: readonly EngagementStatus[] = ['declined', 'cancelled', 'not_selected'];

/** How the list groups engagements, in this order. */
export const statusGroups = {
  open: ['proposed'],
  active: ['accepted', 'hours_logged', 'delivered', 'disputed'],
  completed: ['completed'],
  ended: endedStatuses,
} as const satisfies Record<string, readonly EngagementStatus[]>;
export type StatusGroup = keyof typeof statusGroups;

export function groupOf(status: EngagementStatus): StatusGroup {
  for (const [group, statuses] of Object.entries(statusGroups) as [StatusGroup, readonly EngagementStatus[]][]) {
    if (statuses.includes(status)) return group;
  }
  return 'ended';
}

/**
 * Why applying was refused, as a catalogue key. The API says `rule_refused` for several rules;
 * its details and fields tell them apart (paid work without permission, a need no longer open,
 * one's own organisation), and `conflict` means an application is already running.
 */
export function applyRefusalKey(err: Pick<ApiError, 'code' | 'fields' | 'details'> | null): string {
  if (!err) return 'errors.internal';
  if (err.code === 'rule_refused') {
    if ('mayDoPaidWork' in err.details) return 'engagements.apply.refused.paidWork';
    if ('status' in err.details || err.fields.needId === 'Not open') return 'engagements.apply.refused.notOpen';
    if (err.fields.needId === 'Your own organisation' || err.fields.offerId === 'Same organisation')
      return 'engagements.apply.refused.ownOrganization';
    return 'errors.rule_refused';
  }
  if (err.code === 'conflict') return 'engagements.apply.refused.already';
  if (err.code === 'not_found') return 'engagements.apply.refused.notOpen';
  return `errors.${err.code}`;
}

/** Why an action on an engagement was refused, as a catalogue key (VOG, a need that closed, the allowance…). */
export function actionRefusalKey(err: Pick<ApiError, 'code' | 'details'>): string {
  if (err.code === 'rule_refused' && err.details.requirement === 'vog') return 'engagements.refused.vog';
  if (err.code === 'rule_refused' && 'status' in err.details) return 'engagements.refused.needClosed';
  if (err.code === 'invalid_transition') return 'engagements.refused.changed';
  return `errors.${err.code}`;
}

/**
 * A ledger line in plain words: the catalogue key and which amount it names. The caller formats
 * the amount (`duration` for minutes, `euros` for cents) and fills in the names.
 * Example: WORK 120 Buurtkracht → Fatima = `engagements.lines.work` "2 uur werk vastgelegd voor Fatima".
 */
export function lineKey(line: Pick<LedgerLine, 'type' | 'unit' | 'kind'>): string {
  if (line.unit === 'WORK') return 'engagements.lines.work';
  if (line.unit === 'TIME') {
    if (line.type === 'pending') return 'engagements.lines.timeReserve';
    if (line.type === 'void') return 'engagements.lines.timeVoid';
    return 'engagements.lines.time';
  }
  if (line.unit === 'EUR') {
    if (line.kind === 'wage') return 'engagements.lines.wage';
    if (line.kind === 'taxable_allowance') return 'engagements.lines.taxableAllowance';
    return 'engagements.lines.allowance';
  }
  return 'engagements.lines.inkind';
}

/**
 * A system message's key in the `engagements` catalogue: the server writes `engagement.event.accepted`,
 * the catalogue holds it as `engagements.engagement.event.accepted`.
 */
export const systemMessageKey = (text: string): string => `engagements.${text}`;

/** Today in the Netherlands as `YYYY-MM-DD` (hours are logged by Dutch calendar day). */
export function dutchToday(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Amsterdam',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}
