import fc from 'fast-check';
import type { LatLng } from '../../shared/geo.ts';
import type {
  CompensationType,
  ListingKind,
  MatchCandidate,
  MatchNeed,
  PaidWorkAnswer,
} from '../../server/modules/matching/core/types.ts';

export const NOW = Date.parse('2026-11-26T12:00:00.000Z');
export const DAY = 86_400_000;

/** PC4 centroids (server/data/nl-pc4) used in the hand-made cases. */
export const places = {
  amsterdam1012: { lat: 52.3733862, lng: 4.8940639 },
  amsterdam1091: { lat: 52.3565396, lng: 4.9143228 },
  utrecht3511: { lat: 52.0896328, lng: 5.1176823 },
  groningen9711: { lat: 53.2164582, lng: 6.5703884 },
} satisfies Record<string, LatLng>;

/** What the default need and candidate share (fresh each time): cooking in Dutch in Amsterdam 1012, listed now, any time of the week. */
const alike = () =>
  ({
    skills: ['koken'],
    languages: ['nl'],
    location: places.amsterdam1012,
    remote: false,
    weeklySlots: null,
    listedAtMs: NOW,
    status: 'open' as const,
  }) satisfies Partial<MatchNeed> & Partial<MatchCandidate>;

/** A need that the default candidate fits in every respect. */
export function makeNeed(overrides: Partial<MatchNeed> = {}): MatchNeed {
  return {
    ...alike(),
    id: 'need-1',
    kind: 'hands',
    startsAtMs: null,
    endsAtMs: null,
    compensation: 'unpaid',
    requiresVog: false,
    openToAsylumSeekers: true,
    workPermitArranged: false,
    newcomerFriendly: false,
    ...overrides,
  };
}

export function makeCandidate(overrides: Partial<MatchCandidate> = {}): MatchCandidate {
  return {
    ...alike(),
    id: 'offer-1',
    type: 'offer',
    kinds: ['hands'],
    radiusKm: 10,
    availableFromMs: null,
    availableUntilMs: null,
    compensationAccepted: ['unpaid'],
    mayDoPaidWork: 'yes',
    vogVerified: false,
    hasHadEngagement: false,
    ...overrides,
  };
}

const kinds: ListingKind[] = ['hands', 'materials', 'knowledge'];
const compensations: CompensationType[] = ['unpaid', 'time_credits', 'allowance', 'paid'];
const paidAnswers: PaidWorkAnswer[] = ['yes', 'no', 'unknown'];
const skillPool = [
  'koken',
  'cooking',
  'tolken',
  'vertalen',
  'tuinieren',
  'gardening',
  'klussen',
  'timmeren',
  'excel',
  'breien',
];
const languagePool = ['nl', 'en', 'ar', 'ti', 'uk'];
const statuses = ['open', 'open', 'open', 'open', 'open', 'open', 'filled', 'closed', 'expired'] as const;

const location = fc.option(
  fc.record({
    lat: fc.double({ min: 50.75, max: 53.5, noNaN: true }),
    lng: fc.double({ min: 3.3, max: 7.2, noNaN: true }),
  }),
  { nil: null, freq: 5 },
);
const timeMs = fc.option(fc.integer({ min: NOW - 400 * DAY, max: NOW + 400 * DAY }), { nil: null, freq: 2 });
/** End dates mostly in the future, so that enough random pairs pass the rules to test the rest. */
const endMs = fc.option(fc.integer({ min: NOW - 30 * DAY, max: NOW + 400 * DAY }), { nil: null, freq: 2 });
const slots = fc.option(fc.integer({ min: 0, max: (1 << 21) - 1 }), { nil: null });

export const needArb: fc.Arbitrary<MatchNeed> = fc.record({
  id: fc.constant('need'),
  kind: fc.constantFrom(...kinds),
  skills: fc.uniqueArray(fc.constantFrom(...skillPool), { maxLength: 4 }),
  languages: fc.uniqueArray(fc.constantFrom(...languagePool), { maxLength: 3 }),
  location,
  remote: fc.boolean(),
  weeklySlots: slots,
  startsAtMs: timeMs,
  endsAtMs: endMs,
  compensation: fc.constantFrom(...compensations),
  requiresVog: fc.boolean(),
  openToAsylumSeekers: fc.boolean(),
  workPermitArranged: fc.boolean(),
  newcomerFriendly: fc.boolean(),
  listedAtMs: fc.integer({ min: NOW - 400 * DAY, max: NOW }),
  status: fc.constantFrom(...statuses),
});

export const candidateArb: fc.Arbitrary<MatchCandidate> = fc.record({
  id: fc.constant('candidate'),
  type: fc.constantFrom('offer' as const, 'person' as const),
  kinds: fc.uniqueArray(fc.constantFrom(...kinds), { minLength: 1, maxLength: 2 }),
  skills: fc.uniqueArray(fc.constantFrom(...skillPool), { maxLength: 5 }),
  languages: fc.uniqueArray(fc.constantFrom(...languagePool), { maxLength: 3 }),
  location,
  remote: fc.boolean(),
  radiusKm: fc.integer({ min: 0, max: 150 }),
  weeklySlots: slots,
  availableFromMs: timeMs,
  availableUntilMs: endMs,
  compensationAccepted: fc.uniqueArray(fc.constantFrom(...compensations), { maxLength: 4 }),
  mayDoPaidWork: fc.constantFrom(...paidAnswers),
  vogVerified: fc.boolean(),
  hasHadEngagement: fc.boolean(),
  listedAtMs: fc.integer({ min: NOW - 400 * DAY, max: NOW }),
  status: fc.constantFrom(...statuses),
});

/** A need and a candidate, half of the time placed within a few kilometres of each other. */
export const pairArb: fc.Arbitrary<[MatchNeed, MatchCandidate]> = fc
  .tuple(
    needArb,
    candidateArb,
    fc.boolean(),
    fc.double({ min: -0.05, max: 0.05, noNaN: true }),
    fc.double({ min: -0.05, max: 0.05, noNaN: true }),
  )
  .map(([need, candidate, near, dLat, dLng]) => [
    need,
    near && need.location
      ? { ...candidate, location: { lat: need.location.lat + dLat, lng: need.location.lng + dLng } }
      : candidate,
  ]);
