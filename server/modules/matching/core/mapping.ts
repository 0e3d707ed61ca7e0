/**
 * From stored rows to the matching core's shapes (types.ts). Pure: the repository reads the rows,
 * the caller passes the lookups (places, engagement history), and these functions parse every
 * text once so scoring never does.
 *
 * Choices, documented here because they shape every suggestion:
 * - Day parts: morning before 12:00, afternoon 12:00–18:00, evening from 18:00 (Dutch local
 *   time, Europe/Amsterdam). A weekly slot counts for each part it overlaps: 11:30–13:00 is both
 *   morning and afternoon; 09:00–12:00 is only morning.
 * - A need states no weekly times, only a start and an end. When they lie less than a week apart
 *   the parts of the week they cover are its weekly slots; otherwise (or without both) its times
 *   are flexible (null).
 * - An offer with dated availability is available from its first date to the end of its last
 *   (`ends_at`, set by listings), on those weekdays, all day.
 * - A business offer: `mayDoPaidWork: 'yes'` (the business employs its own staff) and
 *   `vogVerified: false` (a VOG belongs to one person, so VOG work goes to people).
 * - A person's profile (for "suggestions for me") travels `PERSON_RADIUS_KM` from their postcode,
 *   the same default as the search page's distance, and is taken to be open to remote work and to
 *   both hands and knowledge (the profile does not ask; their own offers say more, and are
 *   matched as offers too). An offer with a postcode but no radius travels `OFFER_RADIUS_KM`.
 * - `listedAtMs` (freshness) is when the listing was posted; for a profile, its last change.
 * - Paid work: `mayDoPaidWork` "yes", or a paid need whose employer confirmed `workPermitArranged`
 *   (the same rule as applying and inviting, engagements/service.ts; ../shared/DOMAIN.md).
 */
import type { LatLng } from '../../../../shared/geo.ts';
import type { Availability } from '../../../../shared/schemas/listings.ts';
import {
  dayParts,
  weekdays,
  type CompensationType,
  type ListingKind,
  type ListingStatus,
  type MatchCandidate,
  type MatchNeed,
  type PaidWorkAnswer,
} from './types.ts';

export const PERSON_RADIUS_KM = 10;
export const OFFER_RADIUS_KM = 10;

/** Minutes since midnight where the afternoon and the evening begin. */
const AFTERNOON_FROM = 12 * 60;
const EVENING_FROM = 18 * 60;
const DAY_MINUTES = 24 * 60;
const WEEK_MS = 7 * 86_400_000;
const STEP_MS = 30 * 60_000;

const minutesOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

function bit(day: number, part: number): number {
  return 1 << (day * dayParts.length + part);
}

/** The day parts [from, to) overlaps, as part indexes (0 morning, 1 afternoon, 2 evening). */
function partsOverlapping(from: number, to: number): number[] {
  const bounds: [number, number][] = [
    [0, AFTERNOON_FROM],
    [AFTERNOON_FROM, EVENING_FROM],
    [EVENING_FROM, DAY_MINUTES],
  ];
  return bounds.flatMap(([start, end], part) => (from < end && to > start ? [part] : []));
}

/** Weekly slots (`{ day, from, to }`, local times) as the core's 21-bit mask. */
export function weeklySlotsMask(slots: readonly { day: string; from: string; to: string }[]): number {
  let mask = 0;
  for (const slot of slots) {
    const day = weekdays.indexOf(slot.day as (typeof weekdays)[number]);
    if (day < 0) continue;
    for (const part of partsOverlapping(minutesOf(slot.from), minutesOf(slot.to))) mask |= bit(day, part);
  }
  return mask;
}

const amsterdam = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Amsterdam',
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const shortDays: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

/** Weekday (0 = Monday) and minutes since midnight of a moment, in Dutch local time. */
function localWeekTime(ms: number): { day: number; minutes: number } {
  const parts = amsterdam.formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { day: shortDays[get('weekday')] ?? 0, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

function partOf(minutes: number): number {
  return minutes < AFTERNOON_FROM ? 0 : minutes < EVENING_FROM ? 1 : 2;
}

/**
 * The weekly day parts a need's period covers, or null when it is flexible: no start or end, or a
 * week or more apart. Sampled every 30 minutes (every part boundary is on a full hour).
 */
export function needWeeklySlots(startsAtMs: number | null, endsAtMs: number | null): number | null {
  if (startsAtMs === null || endsAtMs === null || endsAtMs - startsAtMs >= WEEK_MS || endsAtMs <= startsAtMs)
    return null;
  let mask = 0;
  for (let t = startsAtMs; t < endsAtMs; t += STEP_MS) {
    const { day, minutes } = localWeekTime(t);
    mask |= bit(day, partOf(minutes));
  }
  return mask;
}

/** Weekday (0 = Monday) of a calendar date `YYYY-MM-DD`. */
function weekdayOfDate(date: string): number {
  return (new Date(`${date}T12:00:00.000Z`).getUTCDay() + 6) % 7;
}

/** An offer's availability: weekly slots as a mask, or dates as their weekdays and first day. */
export function offerAvailability(availability: Availability | null): {
  weeklySlots: number | null;
  availableFromMs: number | null;
} {
  if (!availability) return { weeklySlots: null, availableFromMs: null };
  if (availability.type === 'weekly')
    return { weeklySlots: weeklySlotsMask(availability.slots), availableFromMs: null };
  let mask = 0;
  for (const date of availability.dates)
    for (let part = 0; part < dayParts.length; part++) mask |= bit(weekdayOfDate(date), part);
  const first = [...availability.dates].sort()[0];
  return { weeklySlots: mask, availableFromMs: first ? Date.parse(`${first}T00:00:00.000Z`) : null };
}

const ms = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));
const list = <T extends string = string>(json: string): T[] => JSON.parse(json) as T[];
const place = (lat: number | null, lng: number | null): LatLng | null =>
  lat !== null && lng !== null ? { lat, lng } : null;
/** `expired` is computed by the core from the end date; stored statuses are open, filled, closed. */
const statusOf = (status: string): ListingStatus => status as ListingStatus;

/** The need columns matching reads. */
export interface NeedMatchRow {
  id: string;
  kind: string;
  skills: string;
  languages: string;
  lat: number | null;
  lng: number | null;
  remote: number;
  starts_at: string | null;
  ends_at: string | null;
  compensation_type: string;
  requires_vog: number;
  newcomer_friendly: number;
  open_to_asylum_seekers: number;
  work_permit_arranged: number;
  status: string;
  created_at: string;
}

export function toMatchNeed(row: NeedMatchRow): MatchNeed {
  const startsAtMs = ms(row.starts_at);
  const endsAtMs = ms(row.ends_at);
  return {
    id: row.id,
    kind: row.kind as ListingKind,
    skills: list(row.skills),
    languages: list(row.languages),
    location: place(row.lat, row.lng),
    remote: row.remote === 1,
    weeklySlots: needWeeklySlots(startsAtMs, endsAtMs),
    startsAtMs,
    endsAtMs,
    compensation: row.compensation_type as CompensationType,
    requiresVog: row.requires_vog === 1,
    openToAsylumSeekers: row.open_to_asylum_seekers === 1,
    workPermitArranged: row.work_permit_arranged === 1,
    newcomerFriendly: row.newcomer_friendly === 1,
    listedAtMs: Date.parse(row.created_at),
    status: statusOf(row.status),
  };
}

/** The offer columns matching reads, with the owning person's answers (null for a business). */
export interface OfferMatchRow {
  id: string;
  owner_user_id: string | null;
  organization_id: string | null;
  kind: string;
  skills: string;
  languages: string;
  lat: number | null;
  lng: number | null;
  radius_km: number | null;
  remote: number;
  availability: string | null;
  ends_at: string | null;
  compensation_accepted: string;
  status: string;
  created_at: string;
  owner_may_do_paid_work: string | null;
  owner_vog_verified_at: string | null;
}

export function toOfferCandidate(row: OfferMatchRow, hasHadEngagement: boolean): MatchCandidate {
  const business = row.organization_id !== null;
  const { weeklySlots, availableFromMs } = offerAvailability(
    row.availability ? (JSON.parse(row.availability) as Availability) : null,
  );
  return {
    id: row.id,
    type: 'offer',
    kinds: [row.kind as ListingKind],
    skills: list(row.skills),
    languages: list(row.languages),
    location: place(row.lat, row.lng),
    remote: row.remote === 1,
    radiusKm: row.radius_km ?? OFFER_RADIUS_KM,
    weeklySlots,
    availableFromMs,
    availableUntilMs: ms(row.ends_at),
    compensationAccepted: list<CompensationType>(row.compensation_accepted),
    mayDoPaidWork: business ? 'yes' : ((row.owner_may_do_paid_work ?? 'unknown') as PaidWorkAnswer),
    vogVerified: !business && row.owner_vog_verified_at !== null,
    hasHadEngagement,
    listedAtMs: Date.parse(row.created_at),
    status: statusOf(row.status),
  };
}

/** The profile columns matching reads; the place comes from the postcode directory. */
export interface PersonMatchRow {
  id: string;
  skills: string;
  languages: string;
  may_do_paid_work: string;
  vog_verified_at: string | null;
  updated_at: string;
}

export function toPersonCandidate(
  row: PersonMatchRow,
  location: LatLng | null,
  hasHadEngagement: boolean,
): MatchCandidate {
  return {
    id: `person:${row.id}`,
    type: 'person',
    kinds: ['hands', 'knowledge'],
    skills: list(row.skills),
    languages: list(row.languages),
    location,
    remote: true,
    radiusKm: PERSON_RADIUS_KM,
    weeklySlots: null,
    availableFromMs: null,
    availableUntilMs: null,
    compensationAccepted: [],
    mayDoPaidWork: row.may_do_paid_work as PaidWorkAnswer,
    vogVerified: row.vog_verified_at !== null,
    hasHadEngagement,
    listedAtMs: Date.parse(row.updated_at),
    status: 'open',
  };
}
