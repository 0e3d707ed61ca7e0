/**
 * The matching core's own view of needs and candidates. Listings, profiles and engagements are
 * mapped onto these shapes by the matching service (phase 2), so the pure modules never depend on
 * how rows are stored. Times are epoch milliseconds (parsed once by the mapper, not per score).
 */
import type { LatLng } from '../../../../shared/geo.ts';

export type ListingKind = 'hands' | 'materials' | 'knowledge';
export type CompensationType = 'unpaid' | 'time_credits' | 'allowance' | 'paid';
export type PaidWorkAnswer = 'yes' | 'no' | 'unknown';
/** `filled`: no places or quantity left; `expired`: its end date passed (the mapper may also derive it). */
export type ListingStatus = 'open' | 'filled' | 'closed' | 'expired';

/** A need posted by an organisation: what it asks for, where, when, and how it compensates. */
export interface MatchNeed {
  id: string;
  kind: ListingKind;
  /** Skills asked for, as typed (free text or from the list); empty = anyone can do it. */
  skills: readonly string[];
  /** Languages spoken in the work (ISO 639-1); empty = no language asked. */
  languages: readonly string[];
  /** PC4 centroid of the place of work; null when only remote. */
  location: LatLng | null;
  /** The work can be done remotely (or, for materials, sent). */
  remote: boolean;
  /** Weekly day parts when the work happens (see `weeklySlots`); null = flexible. */
  weeklySlots: number | null;
  startsAtMs: number | null;
  endsAtMs: number | null;
  compensation: CompensationType;
  requiresVog: boolean;
  /** The organisation declared it holds a UWV vrijwilligersverklaring for this work (docs/DOMAIN.md). */
  openToAsylumSeekers: boolean;
  /** Paid needs: the employer confirmed a work permit or UWV notification is arranged for whoever needs one. */
  workPermitArranged: boolean;
  /** Suited to people still learning Dutch: any language is fine. */
  newcomerFriendly: boolean;
  /** When the need was posted or last renewed. */
  listedAtMs: number;
  status: ListingStatus;
}

/**
 * Whoever could fill a need: an offer (a person's or a business's) or a person's profile (for
 * "suggestions for me"). For a business offer the mapper passes `mayDoPaidWork: 'yes'` (the
 * business employs its own staff) and `vogVerified: false` (a VOG belongs to one person).
 */
export interface MatchCandidate {
  id: string;
  type: 'offer' | 'person';
  /** Kinds of help offered: one for an offer; a person may offer hands and knowledge. */
  kinds: readonly ListingKind[];
  skills: readonly string[];
  languages: readonly string[];
  location: LatLng | null;
  /** Willing to work remotely (or to send materials). */
  remote: boolean;
  /** How far the candidate will travel from `location`. */
  radiusKm: number;
  /** Weekly day parts when available; null = not stated. */
  weeklySlots: number | null;
  availableFromMs: number | null;
  availableUntilMs: number | null;
  /** Ways of being compensated the candidate accepts; empty = not stated. */
  compensationAccepted: readonly CompensationType[];
  /** The person's own answer to "may I do paid work in the Netherlands?" — nothing more is stored. */
  mayDoPaidWork: PaidWorkAnswer;
  /** A coordinator recorded a valid VOG. */
  vogVerified: boolean;
  /** Has had at least one engagement (accepted or completed) before: drives the fairness boost. */
  hasHadEngagement: boolean;
  /** When the offer was posted or renewed; for a person, their last activity. */
  listedAtMs: number;
  status: ListingStatus;
}

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const dayParts = ['morning', 'afternoon', 'evening'] as const;
export type Weekday = (typeof weekdays)[number];
export type DayPart = (typeof dayParts)[number];
export type WeeklySlot = `${Weekday}_${DayPart}`;

/**
 * Availability as a 21-bit mask (bit = day × 3 + part), so an overlap is one AND and a popcount:
 * weeklySlots(['mon_morning', 'sat_afternoon']) === (1 << 0) | (1 << 16).
 */
export function weeklySlots(slots: readonly WeeklySlot[]): number {
  let mask = 0;
  for (const slot of slots) {
    const [day, part] = slot.split('_') as [Weekday, DayPart];
    const d = weekdays.indexOf(day);
    const p = dayParts.indexOf(part);
    if (d < 0 || p < 0) throw new RangeError(`unknown weekly slot ${slot}`);
    mask |= 1 << (d * dayParts.length + p);
  }
  return mask;
}

/** Number of set bits in a 32-bit mask. */
export function popcount(mask: number): number {
  let v = mask - ((mask >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export type Factor =
  'skills' | 'distance' | 'availability' | 'language' | 'compensation' | 'kind' | 'freshness' | 'fairness';

/**
 * One explained factor. `textKey` is `<factor>.<outcome>` in the web's `matching` catalogue
 * (web/src/locales/<lang>/matching.json); `params` fill its `{placeholders}`.
 */
export interface Reason {
  factor: Factor;
  /** The factor's own score in 0..1 (before weighting). */
  score: number;
  textKey: string;
  params: Record<string, string | number>;
}

export interface ScoredMatch {
  score: number;
  reasons: Reason[];
}
