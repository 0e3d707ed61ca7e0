/**
 * Rules a suggestion never breaks, whatever it would score. Pure: the same need, candidate and
 * time always give the same answer, so they can be checked by property tests.
 *
 * Protected rules (law and safety). The person's own answer to "may I do paid work in the
 * Netherlands?" is all we store (no nationality, no residence status; ../shared/DOMAIN.md):
 * - `paid_work_not_allowed`: a paid need only goes to someone who answered "yes", or to anyone when
 *   the employer confirmed the work permit or UWV notification is arranged (`workPermitArranged`).
 *   "No" and "don't know" otherwise both mean no: a wrong suggestion could lead to illegal
 *   employment, a missed one only to a later suggestion.
 * - `vog_required`: a need that requires a VOG only goes to someone whose VOG a coordinator recorded.
 * - `not_open_to_asylum_seekers`: only a declared "no" brings in the asylum-seeker rule. Asylum
 *   seekers without a work permit may volunteer only for an organisation that holds a UWV
 *   vrijwilligersverklaring — which is exactly what the need's `openToAsylumSeekers` flag declares.
 *   So a work need (hands or knowledge, of any compensation other than paid, which the rule above
 *   covers) without that flag is never suggested to someone who answered "no". "Don't know" — also
 *   the state of every profile that has not answered yet — is matched: most people who have not
 *   answered are simply new, and the organisation is told to ask about work permission (never
 *   about status) before accepting (`askFirst`). Giving or lending materials is not work, so
 *   materials needs are exempt.
 * - `outside_radius`: beyond the candidate's travel radius only when both sides work remotely.
 *   An unknown place on either side counts as outside: the radius cannot be checked.
 * - `listing_not_open`: closed, filled or expired needs and offers (status, or their end date
 *   passed) are never suggested.
 *
 * Fit gates (a suggestion that cannot work is noise):
 * - `kind_mismatch`: materials only meet materials; hands and knowledge may meet (see scoring).
 * - `compensation_mismatch`: the candidate accepts none of the ways the need compensates — e.g. an
 *   unpaid need and someone who only accepts paid work.
 */
import { distanceKm } from '../../../../shared/geo.ts';
import type { CompensationType, ListingKind, MatchCandidate, MatchNeed } from './types.ts';

export const exclusionRules = [
  'listing_not_open',
  'kind_mismatch',
  'paid_work_not_allowed',
  'vog_required',
  'not_open_to_asylum_seekers',
  'compensation_mismatch',
  'outside_radius',
] as const;
export type ExclusionRule = (typeof exclusionRules)[number];

/**
 * How well a candidate who accepts `accepted` fits a need that compensates with `offered`, 0..1.
 * Rows: what the need gives; columns: what the candidate accepts. Someone volunteering unpaid is
 * glad of credits or an allowance; someone who only accepts paid work fits only paid needs.
 */
const compensationMatrix: Record<CompensationType, Record<CompensationType, number>> = {
  unpaid: { unpaid: 1, time_credits: 0.3, allowance: 0.3, paid: 0 },
  time_credits: { unpaid: 1, time_credits: 1, allowance: 0.6, paid: 0 },
  allowance: { unpaid: 1, time_credits: 0.8, allowance: 1, paid: 0 },
  paid: { unpaid: 0.6, time_credits: 0.6, allowance: 0.6, paid: 1 },
};

/** Best fit over the accepted types; null when the candidate stated none (unknown, not a misfit). */
export function compensationFit(offered: CompensationType, accepted: readonly CompensationType[]): number | null {
  if (accepted.length === 0) return null;
  const row = compensationMatrix[offered];
  let best = 0;
  for (const type of accepted) best = Math.max(best, row[type]);
  return best;
}

/** 1 for the same kind; hands and knowledge overlap (a carpenter can advise); materials only meet materials. */
export function kindFit(need: ListingKind, offered: readonly ListingKind[]): number {
  let best = 0;
  for (const kind of offered) {
    if (kind === need) return 1;
    if (kind !== 'materials' && need !== 'materials') best = 0.3;
  }
  return best;
}

/** Great-circle distance between the two places, or null when either is unknown. */
export function travelDistanceKm(need: MatchNeed, candidate: MatchCandidate): number | null {
  return need.location && candidate.location ? distanceKm(need.location, candidate.location) : null;
}

function isOpen(status: MatchNeed['status'], endMs: number | null, nowMs: number): boolean {
  return status === 'open' && (endMs === null || endMs > nowMs);
}

/** The rules that do not depend on place: cheap, so they run before any distance is computed. */
export function exclusionBeforePlace(need: MatchNeed, candidate: MatchCandidate, nowMs: number): ExclusionRule | null {
  if (!isOpen(need.status, need.endsAtMs, nowMs) || !isOpen(candidate.status, candidate.availableUntilMs, nowMs))
    return 'listing_not_open';
  if (kindFit(need.kind, candidate.kinds) === 0) return 'kind_mismatch';
  if (need.compensation === 'paid' && candidate.mayDoPaidWork !== 'yes' && !need.workPermitArranged)
    return 'paid_work_not_allowed';
  if (need.requiresVog && !candidate.vogVerified) return 'vog_required';
  if (
    !need.openToAsylumSeekers &&
    need.kind !== 'materials' &&
    need.compensation !== 'paid' &&
    candidate.mayDoPaidWork === 'no'
  )
    return 'not_open_to_asylum_seekers';
  if (compensationFit(need.compensation, candidate.compensationAccepted) === 0) return 'compensation_mismatch';
  return null;
}

/**
 * What the need's organisation should ask before accepting a pair the rules let through:
 * `work_permission` when the person has not said whether they may do paid work and the answer
 * matters — work that is paid (even with a permit arranged, the employer must know whether one is
 * needed) or not declared open to asylum seekers. Null when there is nothing to ask.
 */
export function askFirst(need: MatchNeed, candidate: MatchCandidate): 'work_permission' | null {
  if (need.kind === 'materials' || candidate.mayDoPaidWork !== 'unknown') return null;
  return need.compensation === 'paid' || !need.openToAsylumSeekers ? 'work_permission' : null;
}

/** Beyond the candidate's radius (or with an unknown place) only when both sides work remotely. */
export function outsideRadius(need: MatchNeed, candidate: MatchCandidate, distance: number | null): boolean {
  const withinRadius = distance !== null && distance <= candidate.radiusKm;
  return !withinRadius && !(need.remote && candidate.remote);
}

/** The first rule that excludes this pair, or null when it may be suggested. */
export function checkHardRules(need: MatchNeed, candidate: MatchCandidate, nowMs: number): ExclusionRule | null {
  return (
    exclusionBeforePlace(need, candidate, nowMs) ??
    (outsideRadius(need, candidate, travelDistanceKm(need, candidate)) ? 'outside_radius' : null)
  );
}
