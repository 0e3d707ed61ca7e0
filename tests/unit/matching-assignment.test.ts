import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SCORE_SCALE, assignOptimal, type AssignmentInput } from '../../server/modules/matching/core/assignment.ts';

const needs = (...caps: number[]) => caps.map((capacity, i) => ({ id: `n${i + 1}`, capacity }));
const offers = (...caps: number[]) => caps.map((capacity, i) => ({ id: `o${i + 1}`, capacity }));
const edge = (needId: string, offerId: string, score: number, capacity?: number) => ({
  needId,
  offerId,
  score,
  ...(capacity ? { capacity } : {}),
});

describe('assignOptimal, hand-made', () => {
  it('gives up a first choice when that serves two needs better (not greedy)', () => {
    const result = assignOptimal({
      needs: needs(1, 1),
      offers: offers(1, 1),
      edges: [edge('n1', 'o1', 0.9), edge('n1', 'o2', 0.8), edge('n2', 'o1', 0.85)],
    });
    expect(result.proposals).toEqual([
      { needId: 'n1', offerId: 'o2', units: 1, score: 0.8 },
      { needId: 'n2', offerId: 'o1', units: 1, score: 0.85 },
    ]);
    expect(result.totalWeight).toBe(1_650_000);
    expect(result.totalScore).toBeCloseTo(1.65, 9);
  });

  it('drops a need when serving it would lower the total', () => {
    // n2 is added last (weaker best edge); taking o1 from n1 (0.9) for n2 (0.5) plus o2 for nobody is worse.
    const result = assignOptimal({
      needs: needs(1, 1, 1),
      offers: offers(1, 1),
      edges: [edge('n1', 'o1', 0.9), edge('n2', 'o1', 0.5), edge('n3', 'o1', 0.6), edge('n3', 'o2', 0.55)],
    });
    expect(result.totalWeight).toBe(900_000 + 550_000);
    expect(result.proposals.map((p) => `${p.needId}-${p.offerId}`)).toEqual(['n1-o1', 'n3-o2']);
  });

  it('reassigns along a chain of displacements', () => {
    // Only the chain n1→o2, n2→o3, n3→o1 serves everyone.
    const result = assignOptimal({
      needs: needs(1, 1, 1),
      offers: offers(1, 1, 1),
      edges: [
        edge('n1', 'o1', 1),
        edge('n1', 'o2', 0.7),
        edge('n2', 'o2', 0.95),
        edge('n2', 'o3', 0.7),
        edge('n3', 'o1', 0.6),
      ],
    });
    expect(result.totalWeight).toBe(2_000_000);
    expect(result.proposals.map((p) => `${p.needId}-${p.offerId}`).sort()).toEqual(['n1-o2', 'n2-o3', 'n3-o1']);
  });

  it('respects need places, offer capacity and edge capacity', () => {
    const result = assignOptimal({
      needs: needs(3, 2),
      offers: offers(4, 1),
      edges: [edge('n1', 'o1', 0.9, 2), edge('n1', 'o2', 0.5), edge('n2', 'o1', 0.8, 5), edge('n2', 'o2', 0.4)],
    });
    // n1 takes 2 from o1 (edge cap) + 1 from o2; n2 takes 2 from o1 (o1 has 4).
    expect(result.proposals).toEqual([
      { needId: 'n1', offerId: 'o1', units: 2, score: 0.9 },
      { needId: 'n1', offerId: 'o2', units: 1, score: 0.5 },
      { needId: 'n2', offerId: 'o1', units: 2, score: 0.8 },
    ]);
    expect(result.totalWeight).toBe(2 * 900_000 + 500_000 + 2 * 800_000);
  });

  it('ignores edges that score 0 and needs or offers without capacity', () => {
    const result = assignOptimal({
      needs: needs(1, 0),
      offers: offers(1, 1),
      edges: [edge('n1', 'o1', 0), edge('n2', 'o2', 1), edge('n1', 'o2', 0.0000004)],
    });
    expect(result).toEqual({ proposals: [], totalScore: 0, totalWeight: 0 });
    expect(assignOptimal({ needs: [], offers: [], edges: [] }).proposals).toEqual([]);
  });

  it('refuses malformed input', () => {
    expect(() => assignOptimal({ needs: needs(1), offers: offers(1), edges: [edge('n1', 'o9', 1)] })).toThrow(
      RangeError,
    );
    expect(() =>
      assignOptimal({ needs: needs(1), offers: offers(1), edges: [edge('n1', 'o1', 1), edge('n1', 'o1', 0.5)] }),
    ).toThrow(/twice/);
    expect(() => assignOptimal({ needs: needs(-1), offers: offers(1), edges: [] })).toThrow(RangeError);
    expect(() => assignOptimal({ needs: needs(1), offers: offers(1.5), edges: [] })).toThrow(RangeError);
    expect(() => assignOptimal({ needs: needs(1), offers: offers(1), edges: [edge('n1', 'o1', 1.2)] })).toThrow(
      RangeError,
    );
    expect(() =>
      assignOptimal({
        needs: [
          { id: 'a', capacity: 1 },
          { id: 'a', capacity: 1 },
        ],
        offers: [],
        edges: [],
      }),
    ).toThrow(/twice/);
  });
});

/** Every feasible integer assignment, tried one by one: the best total weight. */
function bruteForce(input: AssignmentInput): number {
  const edges = input.edges.map((e) => ({
    need: e.needId,
    offer: e.offerId,
    weight: Math.round(e.score * SCORE_SCALE),
    cap: e.capacity ?? 1,
  }));
  const needLeft = new Map(input.needs.map((n) => [n.id, n.capacity]));
  const offerLeft = new Map(input.offers.map((o) => [o.id, o.capacity]));
  let best = 0;
  const walk = (k: number, total: number): void => {
    if (k === edges.length) {
      best = Math.max(best, total);
      return;
    }
    const e = edges[k]!;
    const max = Math.min(e.cap, needLeft.get(e.need)!, offerLeft.get(e.offer)!);
    for (let units = 0; units <= max; units++) {
      needLeft.set(e.need, needLeft.get(e.need)! - units);
      offerLeft.set(e.offer, offerLeft.get(e.offer)! - units);
      walk(k + 1, total + units * e.weight);
      needLeft.set(e.need, needLeft.get(e.need)! + units);
      offerLeft.set(e.offer, offerLeft.get(e.offer)! + units);
    }
  };
  walk(0, 0);
  return best;
}

const instanceArb: fc.Arbitrary<AssignmentInput> = fc
  .record({
    needCaps: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }),
    offerCaps: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }),
  })
  .chain(({ needCaps, offerCaps }) => {
    const pairs = needCaps.flatMap((_, i) => offerCaps.map((_, j) => [i, j] as const));
    return fc.subarray(pairs, { maxLength: Math.min(8, pairs.length) }).chain((chosen) =>
      fc
        .tuple(
          // Scores on a coarse grid make ties (several optima) likely, which stresses the algorithm.
          fc.array(
            fc.oneof(
              fc.integer({ min: 0, max: 10 }).map((x) => x / 10),
              fc.double({ min: 0, max: 1, noNaN: true }),
            ),
            { minLength: chosen.length, maxLength: chosen.length },
          ),
          fc.array(fc.integer({ min: 1, max: 2 }), { minLength: chosen.length, maxLength: chosen.length }),
        )
        .map(([scores, caps]) => ({
          needs: needCaps.map((capacity, i) => ({ id: `n${i}`, capacity })),
          offers: offerCaps.map((capacity, j) => ({ id: `o${j}`, capacity })),
          edges: chosen.map(([i, j], k) => ({
            needId: `n${i}`,
            offerId: `o${j}`,
            score: scores[k]!,
            capacity: caps[k]!,
          })),
        })),
    );
  });

describe('assignOptimal, properties', () => {
  it('is optimal on small random instances (compared with brute force) and never exceeds a capacity', () => {
    fc.assert(
      fc.property(instanceArb, (input) => {
        const result = assignOptimal(input);
        expect(result.totalWeight).toBe(bruteForce(input));
        const perNeed = new Map<string, number>();
        const perOffer = new Map<string, number>();
        let weight = 0;
        for (const p of result.proposals) {
          const e = input.edges.find((x) => x.needId === p.needId && x.offerId === p.offerId);
          expect(e).toBeDefined();
          expect(p.units).toBeGreaterThan(0);
          expect(p.units).toBeLessThanOrEqual(e!.capacity ?? 1);
          perNeed.set(p.needId, (perNeed.get(p.needId) ?? 0) + p.units);
          perOffer.set(p.offerId, (perOffer.get(p.offerId) ?? 0) + p.units);
          weight += p.units * Math.round(p.score * SCORE_SCALE);
        }
        for (const n of input.needs) expect(perNeed.get(n.id) ?? 0).toBeLessThanOrEqual(n.capacity);
        for (const o of input.offers) expect(perOffer.get(o.id) ?? 0).toBeLessThanOrEqual(o.capacity);
        expect(weight).toBe(result.totalWeight);
      }),
      { numRuns: 1500 },
    );
  }, 60_000);
});
