import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CandidateFeatures, NeedQuery } from '../../server/modules/matching/core/features.ts';
import { scoreValue } from '../../server/modules/matching/core/scoring.ts';
import type { MatchCandidate } from '../../server/modules/matching/core/types.ts';
import { NOW, makeCandidate, makeNeed, pairArb } from '../helpers/matching.ts';

/** The owner's answers that only exclude: with them switched off the scorer gives an upper bound. */
const withoutOwnerRules = (c: MatchCandidate): MatchCandidate => ({ ...c, mayDoPaidWork: 'yes', vogVerified: true });

describe('the precomputed scorer', () => {
  it('gives exactly scoreValue for every pair and floor, to the last bit', () => {
    fc.assert(
      fc.property(pairArb, fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }), ([need, candidate], floor) => {
        const features = new CandidateFeatures();
        const slot = features.add(candidate);
        const query = new NeedQuery(need, NOW, features);
        expect(query.score(features, slot, floor ?? -Infinity, true)).toBe(scoreValue(need, candidate, NOW, floor));
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
        pairs.forEach(([, c], i) => expect(query.score(features, slots[i] as number, -Infinity, true)).toBe(scoreValue(need, c, NOW)));
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
