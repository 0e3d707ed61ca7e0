import type { CompensationType } from '../../../shared/schemas/listings.ts';
import type { LedgerLine } from '../../../shared/schemas/engagements.ts';

/**
 * What an engagement posts to the ledger at each step, without I/O. The same lines are shown in
 * the confirmation preview and posted at confirmation, so what the organisation sees is what
 * happens. "A → B" means A is debited and B credited: the side that receives the value (work,
 * materials, money) pays for it, and the worker or giver is credited.
 *
 * Transfer ids are derived from the engagement id and the step, so a retried confirmation or
 * cancellation asks the ledger for the very same transfers, which it applies once.
 */

export interface Party {
  type: 'person' | 'organization';
  id: string;
  name: string;
}

/** Deterministic transfer ids per engagement step (ledger ids: up to 64 of A–Z a–z 0–9 _ . : -). */
export const transferIds = (engagementId: string) => ({
  timeReserve: `eng.${engagementId}.time-reserve`,
  timePost: `eng.${engagementId}.time-post`,
  timeExtra: `eng.${engagementId}.time-extra`,
  timeVoid: `eng.${engagementId}.time-void`,
  work: `eng.${engagementId}.work`,
  eur: `eng.${engagementId}.eur`,
  inkind: `eng.${engagementId}.inkind`,
});

/** One linked group per engagement step: the group id names the step. */
export const groupIds = (engagementId: string) => ({
  accept: `eng.${engagementId}.accept`,
  confirm: `eng.${engagementId}.confirm`,
  cancel: `eng.${engagementId}.cancel`,
});

export type EurKind = 'allowance' | 'taxable_allowance' | 'wage';

/**
 * The euros a confirmation records for `minutes` of work.
 * Example: allowance €5.60/h for 100 min → floor(560 × 100 / 60) = 933 cents (never more than
 * agreed per hour, so an allowance at the tax-free hourly maximum stays inside it);
 * wage €14.71/h for 100 min → round(1471 × 100 / 60) = 2452 cents.
 */
export function eurFor(
  compensation: { type: CompensationType; hourlyRateCents: number | null; allowanceCents: number | null },
  minutes: number,
): { cents: number; kind: 'allowance' | 'wage' } | null {
  if (compensation.type === 'allowance' && compensation.allowanceCents) {
    const cents = Math.floor((compensation.allowanceCents * minutes) / 60);
    return cents > 0 ? { cents, kind: 'allowance' } : null;
  }
  if (compensation.type === 'paid' && compensation.hourlyRateCents) {
    const cents = Math.round((compensation.hourlyRateCents * minutes) / 60);
    return cents > 0 ? { cents, kind: 'wage' } : null;
  }
  return null;
}

/**
 * At acceptance of work paid in time credits: reserve the estimate as a pending TIME transfer
 * organisation → worker, so the organisation cannot promise the same credits twice.
 * Example: estimate 180 min → [pending 180 TIME org → worker]. No estimate → nothing reserved.
 */
export function reservationLines(input: {
  engagementId: string;
  organization: Party;
  provider: Party;
  compensationType: CompensationType;
  estimateMinutes: number | null;
  kind: 'work' | 'materials';
}): LedgerLine[] {
  if (input.kind !== 'work' || input.compensationType !== 'time_credits' || !input.estimateMinutes) return [];
  return [
    {
      transferId: transferIds(input.engagementId).timeReserve,
      type: 'pending',
      unit: 'TIME',
      amount: input.estimateMinutes,
      kind: 'engagement',
      from: input.organization,
      to: input.provider,
      pendingId: null,
    },
  ];
}

export interface ConfirmationInput {
  engagementId: string;
  kind: 'work' | 'materials';
  compensationType: CompensationType;
  organization: Party;
  provider: Party;
  /** TIME reserved at acceptance and still pending. */
  reservedMinutes: number;
  /** Work: the minutes confirmed. */
  minutes: number | null;
  /** Materials: the value in kind of what was received. */
  inkindValueCents: number | null;
  /** The euros to record, after the allowance guard decided their kind. */
  eur: { cents: number; kind: EurKind } | null;
}

/**
 * The linked group a confirmation posts.
 * Example (time credits, 180 min reserved, 120 confirmed): WORK 120 org → worker; post 120 of the
 * reservation (the other 60 go back to the organisation). With 200 confirmed instead: post all
 * 180, plus a new 20-minute TIME transfer. Materials worth €45: INKIND 4500 org → giver.
 */
export function confirmationLines(input: ConfirmationInput): LedgerLine[] {
  const ids = transferIds(input.engagementId);
  const { organization: from, provider: to } = input;
  const lines: LedgerLine[] = [];
  if (input.kind === 'work') {
    const minutes = input.minutes ?? 0;
    if (minutes <= 0) throw new RangeError('confirmed work needs minutes above 0');
    lines.push({
      transferId: ids.work,
      type: 'posted',
      unit: 'WORK',
      amount: minutes,
      kind: 'work',
      from,
      to,
      pendingId: null,
    });
    if (input.compensationType === 'time_credits') {
      const fromReservation = Math.min(minutes, input.reservedMinutes);
      if (input.reservedMinutes > 0) {
        lines.push({
          transferId: ids.timePost,
          type: 'post',
          unit: 'TIME',
          amount: fromReservation,
          kind: 'engagement',
          from,
          to,
          pendingId: ids.timeReserve,
        });
      }
      if (minutes > fromReservation) {
        lines.push({
          transferId: ids.timeExtra,
          type: 'posted',
          unit: 'TIME',
          amount: minutes - fromReservation,
          kind: 'engagement',
          from,
          to,
          pendingId: null,
        });
      }
    }
    if (input.eur && input.eur.cents > 0) {
      lines.push({
        transferId: ids.eur,
        type: 'posted',
        unit: 'EUR',
        amount: input.eur.cents,
        kind: input.eur.kind,
        from,
        to,
        pendingId: null,
      });
    }
  } else if (input.inkindValueCents && input.inkindValueCents > 0) {
    lines.push({
      transferId: ids.inkind,
      type: 'posted',
      unit: 'INKIND',
      amount: input.inkindValueCents,
      kind: 'materials',
      from,
      to,
      pendingId: null,
    });
  }
  return lines;
}

/** At cancellation: release what acceptance reserved. Example: 180 reserved → [void 180]. */
export function cancellationLines(input: {
  engagementId: string;
  organization: Party;
  provider: Party;
  reservedMinutes: number;
}): LedgerLine[] {
  if (input.reservedMinutes <= 0) return [];
  const ids = transferIds(input.engagementId);
  return [
    {
      transferId: ids.timeVoid,
      type: 'void',
      unit: 'TIME',
      amount: input.reservedMinutes,
      kind: 'engagement',
      from: input.organization,
      to: input.provider,
      pendingId: ids.timeReserve,
    },
  ];
}
