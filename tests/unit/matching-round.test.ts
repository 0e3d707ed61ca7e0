import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distanceKm } from '../../shared/geo.ts';
import { assignOptimal } from '../../server/modules/matching/core/assignment.ts';
import { CandidateIndex } from '../../server/modules/matching/core/candidate-index.ts';
import { checkHardRules } from '../../server/modules/matching/core/hard-rules.ts';
import { matchesForNeed, needsForCandidate, planMatchRound } from '../../server/modules/matching/core/round.ts';
import { topK } from '../../server/modules/matching/core/top-k.ts';
import { score, scoreValue } from '../../server/modules/matching/core/scoring.ts';
import type { MatchCandidate } from '../../server/modules/matching/core/types.ts';
import { MIN_MATCH_SCORE, preselected, worthSuggesting } from '../../server/modules/matching/core/quality.ts';
import { DAY, NOW, candidateArb, makeCandidate, makeNeed, needArb, places } from '../helpers/matching.ts';

/** Candidates near the middle of the country, with unique ids, so random needs meet some. */
const candidatesArb = fc.array(fc.tuple(candidateArb, fc.boolean()), { maxLength: 40 }).map((list) =>
  list.map(([c, central], i): MatchCandidate => ({
    ...c,
    id: `c${i}`,
    location:
      central && c.location
        ? { lat: 52 + (c.location.lat - 52) / 5, lng: 5.2 + (c.location.lng - 5.2) / 5 }
        : c.location,
  })),
);

describe('CandidateIndex', () => {
  it('finds every candidate the rules allow, except remote ones without any skill the need asks', () => {
    fc.assert(
      fc.property(needArb, candidatesArb, (need, candidates) => {
        const found = new Set(new CandidateIndex(candidates, NOW).candidatesFor(need).map((c) => c.id));
        for (const c of candidates) {
          if (checkHardRules(need, c, NOW) !== null) continue;
          const within =
            need.location !== null && c.location !== null && distanceKm(need.location, c.location) <= c.radiusKm;
          const skillFactor = score(need, c, NOW)?.reasons.find((r) => r.factor === 'skills')?.score ?? 0;
          if (within || need.skills.length === 0 || skillFactor > 0) expect(found.has(c.id), c.id).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  }, 60_000);

  it('leaves out closed and ended candidates and other kinds', () => {
    const index = new CandidateIndex(
      [
        makeCandidate({ id: 'open' }),
        makeCandidate({ id: 'closed', status: 'closed' }),
        makeCandidate({ id: 'ended', availableUntilMs: NOW - DAY }),
        makeCandidate({ id: 'materials', kinds: ['materials'] }),
        makeCandidate({ id: 'knowledge', kinds: ['knowledge'] }),
        makeCandidate({ id: 'far', location: places.groningen9711 }),
      ],
      NOW,
    );
    expect(
      index
        .candidatesFor(makeNeed())
        .map((c) => c.id)
        .sort(),
    ).toEqual(['knowledge', 'open']);
  });

  it('finds remote candidates anywhere by a shared or related skill', () => {
    const index = new CandidateIndex(
      [
        makeCandidate({ id: 'translator', remote: true, location: places.groningen9711, skills: ['translation'] }),
        makeCandidate({ id: 'cook', remote: true, location: places.groningen9711, skills: ['koken'] }),
        makeCandidate({ id: 'local', remote: false, location: places.groningen9711, skills: ['tolken'] }),
      ],
      NOW,
    );
    expect(index.candidatesFor(makeNeed({ remote: true, skills: ['tolken'] })).map((c) => c.id)).toEqual([
      'translator',
    ]);
    expect(
      index
        .candidatesFor(makeNeed({ remote: true, skills: [] }))
        .map((c) => c.id)
        .sort(),
    ).toEqual(['cook', 'translator']);
  });
});

describe('CandidateIndex.topFor', () => {
  // A dense neighbourhood, so that floors rise and the skill-first pass and cell cut-offs kick in.
  const center = { lat: 52.1, lng: 5.1 };
  const offset = fc.double({ min: -0.3, max: 0.3, noNaN: true });
  const denseArb = fc
    .array(fc.tuple(candidateArb, offset, offset, fc.integer({ min: 1, max: 30 })), { minLength: 20, maxLength: 80 })
    .map((list) =>
      list.map(([c, dLat, dLng, radiusKm], i): MatchCandidate => ({
        ...c,
        id: `c${i}`,
        status: 'open',
        availableUntilMs: null,
        location: { lat: center.lat + dLat, lng: center.lng + dLng },
        radiusKm,
      })),
    );
  const localNeedArb = needArb.map((n) => ({
    ...n,
    status: 'open' as const,
    endsAtMs: null,
    location: n.location && center,
  }));

  it('equals scoring every candidate it would retrieve, despite its cut-offs', () => {
    fc.assert(
      fc.property(localNeedArb, denseArb, fc.integer({ min: 1, max: 4 }), (need, candidates, k) => {
        const index = new CandidateIndex(candidates, NOW);
        const expected = matchesForNeed(need, index.candidatesFor(need), k, NOW).map((m) => [m.candidate.id, m.score]);
        expect(index.topFor(need, k, NOW).map((r) => [r.item.id, r.score])).toEqual(expected);
      }),
      { numRuns: 600 },
    );
  }, 60_000);
});

describe('topK', () => {
  it('equals sorting everything and taking the first k', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: 0, max: 20 }), { nil: null })),
        fc.integer({ min: 0, max: 12 }),
        (scores, k) => {
          const items = scores.map((s, i) => ({ id: `i${String(i).padStart(3, '0')}`, s }));
          const expected = items
            .filter((x) => x.s !== null)
            .sort((a, b) => (b.s ?? 0) - (a.s ?? 0) || a.id.localeCompare(b.id))
            .slice(0, k)
            .map((x) => x.id);
          expect(topK(items, k, (x) => x.s).map((r) => r.item.id)).toEqual(expected);
        },
      ),
    );
  });
});

describe('ranking with early cut-off', () => {
  it('gives exactly the top K of scoring every candidate in full', () => {
    fc.assert(
      fc.property(needArb, candidatesArb, fc.integer({ min: 1, max: 5 }), (need, candidates, k) => {
        const expected = candidates
          .flatMap((c) => {
            const s = scoreValue(need, c, NOW);
            return s === null ? [] : [{ id: c.id, s }];
          })
          .sort((a, b) => b.s - a.s || (a.id < b.id ? -1 : 1))
          .slice(0, k);
        const ranked = matchesForNeed(need, candidates, k, NOW);
        expect(ranked.map((r) => [r.candidate.id, r.score])).toEqual(expected.map((e) => [e.id, e.s]));
      }),
      { numRuns: 500 },
    );
  }, 60_000);
});

describe('ranking', () => {
  const need = makeNeed({ skills: ['koken'] });
  const candidates = [
    makeCandidate({ id: 'far-cook', location: places.amsterdam1091 }),
    makeCandidate({ id: 'near-cook' }),
    makeCandidate({ id: 'no-skill', skills: [] }),
    makeCandidate({ id: 'no-vog-needed-but-closed', status: 'closed' }),
  ];

  it('ranks candidates for a need, best first, explained', () => {
    const ranked = matchesForNeed(need, candidates, 10, NOW);
    expect(ranked.map((r) => r.candidate.id)).toEqual(['near-cook', 'far-cook', 'no-skill']);
    expect(ranked[0]?.reasons).toHaveLength(8);
    expect(ranked.map((r) => r.score)).toEqual(ranked.map((r) => scoreValue(need, r.candidate, NOW)));
    expect(matchesForNeed(need, candidates, 1, NOW)).toHaveLength(1);
  });

  it('ranks needs for a person', () => {
    const person = makeCandidate({ type: 'person', skills: ['tuinieren'] });
    const needs = [
      makeNeed({ id: 'cooking', skills: ['koken'] }),
      makeNeed({ id: 'garden', skills: ['gardening'] }),
      makeNeed({ id: 'vog', requiresVog: true }),
    ];
    expect(needsForCandidate(person, needs, 10, NOW).map((r) => r.need.id)).toEqual(['garden', 'cooking']);
  });
});

describe('planMatchRound', () => {
  it('equals the optimal assignment over every allowed pair when K is large', () => {
    fc.assert(
      fc.property(
        fc.array(needArb, { minLength: 1, maxLength: 6 }),
        candidatesArb,
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 46, maxLength: 46 }),
        (needList, candidates, caps) => {
          // Remote needs that ask skills may skip unskilled remote candidates by design (see candidate-index.ts).
          const needs = needList.map((n, i) => ({
            need: { ...n, id: `n${i}`, remote: n.remote && n.skills.length === 0 },
            capacity: caps[i] ?? 1,
          }));
          const offered = candidates.map((c, j) => ({ candidate: c, capacity: caps[40 - (j % 40)] ?? 1 }));
          const round = planMatchRound({ needs, candidates: offered, candidatesPerNeed: 1000, nowMs: NOW });
          const edges = needs.flatMap(({ need }) =>
            candidates.flatMap((c) => {
              const s = scoreValue(need, c, NOW);
              return s === null ? [] : [{ needId: need.id, offerId: c.id, score: s }];
            }),
          );
          const full = assignOptimal({
            needs: needs.map((n) => ({ id: n.need.id, capacity: n.capacity })),
            offers: offered.map((o) => ({ id: o.candidate.id, capacity: o.capacity })),
            edges,
          });
          expect(round.totalWeight).toBe(full.totalWeight);
        },
      ),
      { numRuns: 200 },
    );
  }, 60_000);

  it('lets a business offer send several people to one need', () => {
    const round = planMatchRound({
      needs: [{ need: makeNeed({ id: 'n' }), capacity: 3 }],
      candidates: [
        { candidate: makeCandidate({ id: 'business' }), capacity: 5, unitsPerNeed: 5 },
        { candidate: makeCandidate({ id: 'person', hasHadEngagement: true }), capacity: 1 },
      ],
      candidatesPerNeed: 20,
      nowMs: NOW,
    });
    expect(round.proposals).toEqual([{ needId: 'n', offerId: 'business', units: 3, score: 1 }]);
  });
});

describe('match quality in rounds', () => {
  it('never proposes a pair below the minimum score, even when nothing better is left', () => {
    const gardens = makeNeed({ id: 'front-gardens', skills: ['tuinieren'] });
    const bookkeeper = makeCandidate({ id: 'bookkeeper', skills: ['boekhouding'] });
    const gardener = makeCandidate({ id: 'gardener', skills: ['gardening'] });
    const input = {
      needs: [{ need: gardens, capacity: 2 }],
      candidates: [bookkeeper, gardener].map((candidate) => ({ candidate, capacity: 1 })),
      candidatesPerNeed: 10,
      nowMs: NOW,
    };
    expect(
      planMatchRound(input)
        .proposals.map((p) => p.offerId)
        .sort(),
    ).toEqual(['bookkeeper', 'gardener']);
    expect(planMatchRound({ ...input, minScore: MIN_MATCH_SCORE }).proposals.map((p) => p.offerId)).toEqual([
      'gardener',
    ]);
    expect(worthSuggesting(scoreValue(gardens, bookkeeper, NOW) ?? 0)).toBe(false);
    expect(preselected(scoreValue(gardens, gardener, NOW) ?? 0)).toBe(true);
  });
});
