import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chainPairs,
  distinctActive,
  pairCountChanges,
  RollupState,
  rollupDeltas,
  type ConfirmedFact,
} from '../../server/modules/impact/rollup.ts';

const places = [
  { organizationId: 'o1', pc4: '3511', municipality: 'Utrecht', province: 'Utrecht' },
  { organizationId: 'o2', pc4: '3512', municipality: 'Utrecht', province: 'Utrecht' },
  { organizationId: 'o3', pc4: '1012', municipality: 'Amsterdam', province: 'Noord-Holland' },
];
const people = ['p1', 'p2', 'p3', 'p4'];
const months = ['2025-11', '2025-12', '2026-01', '2026-02', '2026-03'];

/** A confirmed engagement's ledger lines, as facts. */
const engagementArb = fc.record({
  place: fc.constantFrom(...places),
  day: fc
    .tuple(fc.constantFrom(...months), fc.integer({ min: 1, max: 28 }))
    .map(([m, d]) => `${m}-${String(d).padStart(2, '0')}`),
  domains: fc.subarray(['greening', 'food', 'education'], { minLength: 1 }),
  paid: fc.boolean(),
  business: fc.option(fc.constantFrom('b1', 'b2'), { nil: null }),
  people: fc.subarray(people, { minLength: 1 }),
  newcomers: fc.subarray(people),
  minutes: fc.integer({ min: 1, max: 600 }),
  timeMinutes: fc.integer({ min: 0, max: 600 }),
  inkind: fc.integer({ min: 0, max: 5000 }),
});

type Engagement = typeof engagementArb extends fc.Arbitrary<infer T> ? T : never;

function factsOf(e: Engagement, i: number, sign: 1 | -1): ConfirmedFact[] {
  const base = { sign, day: e.day, place: e.place, domains: e.domains, paid: e.paid, businessId: e.business };
  const facts: ConfirmedFact[] = [
    {
      ...base,
      transferId: `w${i}`,
      unit: 'WORK',
      amount: e.minutes,
      people: e.people.map((p) => ({ userId: p, newcomer: e.newcomers.includes(p) })),
    },
  ];
  if (e.timeMinutes > 0) facts.push({ ...base, transferId: `t${i}`, unit: 'TIME', amount: e.timeMinutes, people: [] });
  if (e.inkind > 0) facts.push({ ...base, transferId: `i${i}`, unit: 'INKIND', amount: e.inkind, people: [] });
  return facts;
}

/** Rows with all-zero measures are the same as absent rows. */
const nonZeroSums = (s: RollupState) =>
  Object.fromEntries(
    [...s.sums].filter(([, v]) => Object.values(v.measures).some((x) => x !== 0)).sort(([a], [b]) => (a < b ? -1 : 1)),
  );
const sorted = <T>(m: Map<string, T>) => Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : 1)));

describe('impact rollups', () => {
  it('a fact adds to every area level and to each domain and the total', () => {
    const deltas = rollupDeltas({
      transferId: 'w',
      unit: 'WORK',
      amount: 90,
      sign: -1,
      day: '2026-01-02',
      place: places[0]!,
      domains: ['greening', 'food'],
      paid: false,
      businessId: 'b1',
      people: [],
    });
    expect(deltas).toHaveLength(5 * 3);
    expect(new Set(deltas.map((d) => d.level))).toEqual(
      new Set(['country', 'province', 'municipality', 'pc4', 'organization']),
    );
    expect(deltas[0]!.measures).toMatchObject({
      work_minutes: -90,
      unpaid_minutes: -90,
      paid_minutes: 0,
      b2c_minutes: -90,
      work_entries: -1,
    });
  });

  it('distinct subjects in a range of months = Σ pairs with month in range and previous month before it', () => {
    expect(chainPairs(['2026-03', '2026-01', '2026-01'])).toEqual([
      { month: '2026-01', prevMonth: '' },
      { month: '2026-03', prevMonth: '2026-01' },
    ]);
    expect(pairCountChanges(['2026-01'], ['2026-01', '2026-03'])).toEqual([
      { month: '2026-03', prevMonth: '2026-01', n: 1 },
    ]);
    fc.assert(
      fc.property(
        fc.array(fc.subarray(months), { minLength: 1, maxLength: 8 }),
        fc.constantFrom(...months),
        fc.constantFrom(...months),
        (subjects, a, b) => {
          const [from, to] = a <= b ? [a, b] : [b, a];
          const pairs = new Map<string, { month: string; prevMonth: string; n: number }>();
          for (const active of subjects) {
            for (const p of chainPairs(active)) {
              const k = `${p.month}|${p.prevMonth}`;
              pairs.set(k, { ...p, n: (pairs.get(k)?.n ?? 0) + 1 });
            }
          }
          const brute = subjects.filter((active) => active.some((m) => m >= from && m <= to)).length;
          expect(distinctActive(pairs.values(), from, to)).toBe(brute);
        },
      ),
    );
  });

  it('incremental rollups (confirmations, corrections, re-corrections, cancellations) equal a recomputation from the confirmed work alone', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(engagementArb, fc.constantFrom('confirmed', 'cancelled', 'corrected', 'recorrected')), {
          maxLength: 25,
        }),
        fc.infiniteStream(fc.nat()),
        (engagements, picks) => {
          // Each engagement's events in their own order (confirm, correct, correct the correction), engagements interleaved at random.
          const queues: ConfirmedFact[][][] = [];
          engagements.forEach(([e, fate], i) => {
            if (fate === 'cancelled') return; // a cancelled engagement posts no work
            const q = [factsOf(e, i, 1)];
            if (fate === 'corrected' || fate === 'recorrected') q.push(factsOf(e, i, -1));
            if (fate === 'recorrected') q.push(factsOf(e, i, 1));
            queues.push(q);
          });
          const incremental = new RollupState();
          const pick = picks[Symbol.iterator]();
          for (
            let open = queues.filter((q) => q.length > 0);
            open.length > 0;
            open = queues.filter((q) => q.length > 0)
          ) {
            const q = open[(pick.next().value as number) % open.length]!;
            for (const f of q.shift()!) incremental.apply(f);
          }

          const fromScratch = new RollupState();
          engagements.forEach(([e, fate], i) => {
            if (fate === 'confirmed' || fate === 'recorrected') for (const f of factsOf(e, i, 1)) fromScratch.apply(f);
          });
          expect(nonZeroSums(incremental)).toEqual(nonZeroSums(fromScratch));
          expect(sorted(incremental.pairs)).toEqual(sorted(fromScratch.pairs));
          expect(sorted(incremental.activity)).toEqual(sorted(fromScratch.activity));
        },
      ),
      { numRuns: 150 },
    );
  });
});
