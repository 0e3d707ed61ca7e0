import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CandidateIndex } from '../../server/modules/matching/core/candidate-index.ts';
import { CandidateFeatures, NeedQuery } from '../../server/modules/matching/core/features.ts';
import { outsideRadius, travelDistanceKm } from '../../server/modules/matching/core/hard-rules.ts';
import { scoreValue } from '../../server/modules/matching/core/scoring.ts';
import { storedSkillNames } from '../../server/modules/matching/core/skills-related.ts';
import type { MatchCandidate } from '../../server/modules/matching/core/types.ts';
import { NOW, candidateArb, makeCandidate, makeNeed, needArb, pairArb } from '../helpers/matching.ts';

/** The owner's answers that only exclude: with them switched off the scorer gives an upper bound. */
const withoutOwnerRules = (c: MatchCandidate): MatchCandidate => ({ ...c, mayDoPaidWork: 'yes', vogVerified: true });

describe('the precomputed scorer', () => {
  it('gives exactly scoreValue for every pair, to the last bit, and below a floor at most what cannot reach it', () => {
    fc.assert(
      fc.property(pairArb, fc.double({ min: 0, max: 1, noNaN: true }), ([need, candidate], floor) => {
        const features = new CandidateFeatures();
        const slot = features.add(candidate);
        const query = new NeedQuery(need, NOW, features);
        const full = scoreValue(need, candidate, NOW);
        expect(query.score(features, slot, -Infinity, true)).toBe(full);
        // With a floor: the same value, or null when excluded or below the floor.
        const withFloor = query.score(features, slot, floor, true);
        if (withFloor === null) expect(full === null || full < floor).toBe(true);
        else expect(withFloor).toBe(full);
        // Without the owner's rules: the score of the same candidate with every answer that lets it through.
        expect(query.score(features, slot, -Infinity, false)).toBe(scoreValue(need, withoutOwnerRules(candidate), NOW));
      }),
      { numRuns: 3000 },
    );
  });

  it('scores many candidates in one store, each as on its own', () => {
    fc.assert(
      fc.property(fc.array(pairArb, { minLength: 1, maxLength: 30 }), (pairs) => {
        const features = new CandidateFeatures();
        const slots = pairs.map(([, c], i) => features.add({ ...c, id: `c${i}` }));
        const [need] = pairs[0] as (typeof pairs)[number];
        const query = new NeedQuery(need, NOW, features);
        pairs.forEach(([, c], i) =>
          expect(query.score(features, slots[i] as number, -Infinity, true)).toBe(scoreValue(need, c, NOW)),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('applies the rules about the person only when asked to', () => {
    const features = new CandidateFeatures();
    const slot = features.add(makeCandidate({ vogVerified: false }));
    const query = new NeedQuery(makeNeed({ requiresVog: true }), NOW, features);
    expect(query.score(features, slot, -Infinity, true)).toBeNull();
    expect(query.score(features, slot, -Infinity, false)).toBe(scoreValue(makeNeed(), makeCandidate(), NOW));
  });
});

describe('CandidateIndex, database retrieval (the offer index)', () => {
  const center = { lat: 52.1, lng: 5.1 };
  const offset = fc.double({ min: -0.4, max: 0.4, noNaN: true });
  const offersArb = fc
    .array(fc.tuple(candidateArb, offset, offset, fc.constantFrom(1, 5, 10, 25, 60, 150), fc.boolean()), {
      minLength: 1,
      maxLength: 120,
    })
    .map((list) =>
      list.map(([c, dLat, dLng, radiusKm, placed], i): MatchCandidate => ({
        ...c,
        id: `c${String(i).padStart(3, '0')}`,
        kinds: c.kinds.slice(0, 1),
        location: placed ? { lat: center.lat + dLat, lng: center.lng + dLng } : null,
        radiusKm,
      })),
    );
  const localNeedArb = needArb.map((n) => ({
    ...n,
    status: 'open' as const,
    endsAtMs: null,
    location: n.location && center,
  }));

  it('gives the top bounds of exactly the candidates the SQL path retrieves, also after replacing and removing some', () => {
    fc.assert(
      fc.property(
        localNeedArb,
        offersArb,
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (need, offers, want, changed) => {
          const index = new CandidateIndex([], 0, { retrieval: 'database' });
          // Stored spellings are the skills in lower case (as listings writes offer_skills).
          const stored = (c: MatchCandidate) => c.skills.map((s) => s.toLowerCase());
          for (const c of offers) if (c.status === 'open') index.put(c, stored(c));
          const live = new Map(offers.filter((c) => c.status === 'open').map((c) => [c.id, c]));
          for (const n of changed) {
            const c = offers[n % offers.length] as MatchCandidate;
            if (n % 3 === 0) {
              index.remove(c.id);
              live.delete(c.id);
            } else {
              const moved = { ...c, status: 'open' as const, radiusKm: c.radiusKm * 2, remote: !c.remote };
              index.put(moved, stored(moved));
              live.set(c.id, moved);
            }
          }
          const names = new Set(storedSkillNames(need.skills));
          const expected = [...live.values()]
            .filter(
              (c) =>
                !(
                  need.remote &&
                  need.skills.length > 0 &&
                  outsideRadius({ ...need, remote: false }, c, travelDistanceKm(need, c)) &&
                  !stored(c).some((s) => names.has(s))
                ),
            )
            .flatMap((c) => {
              const bound = scoreValue(need, withoutOwnerRules(c), NOW);
              return bound === null ? [] : [{ id: c.id, bound }];
            })
            .sort((a, b) => b.bound - a.bound || (a.id < b.id ? -1 : 1))
            .slice(0, want);
          expect(index.boundsFor(need, want, NOW)).toEqual(expected);
        },
      ),
      { numRuns: 600 },
    );
  }, 60_000);
});
