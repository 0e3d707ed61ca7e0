import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundingBox } from '../../shared/geo.ts';
import { NeedIndex } from '../../server/modules/matching/core/need-index.ts';
import { scoreValue } from '../../server/modules/matching/core/scoring.ts';
import type { MatchNeed } from '../../server/modules/matching/core/types.ts';
import { NOW, candidateArb, makeCandidate, makeNeed, needArb, places } from '../helpers/matching.ts';

const center = { lat: 52.1, lng: 5.1 };
const offset = fc.double({ min: -1.5, max: 1.5, noNaN: true });
const needsArb = fc.array(fc.tuple(needArb, offset, offset, fc.boolean()), { maxLength: 80 }).map((list) =>
  list.map(([n, dLat, dLng, placed], i): MatchNeed => ({
    ...n,
    id: `n${i}`,
    location: placed ? { lat: center.lat + dLat, lng: center.lng + dLng } : null,
  })),
);
const candidateNearArb = fc
  .tuple(candidateArb, offset, offset, fc.constantFrom(1, 10, 25, 100, 300))
  .map(([c, dLat, dLng, radiusKm]) => ({
    ...c,
    location: c.location && { lat: center.lat + dLat / 3, lng: center.lng + dLng / 3 },
    radiusKm,
  }));

describe('NeedIndex', () => {
  it("gives every need the scorer keeps for a candidate, the SQL path's box and remote needs, each once, also after changes", () => {
    fc.assert(
      fc.property(needsArb, candidateNearArb, fc.array(fc.nat(), { maxLength: 8 }), (needs, candidate, changed) => {
        const index = new NeedIndex();
        const live = new Map<string, MatchNeed>();
        for (const need of needs) {
          index.put({ need, organizationId: 'org' });
          live.set(need.id, need);
        }
        for (const n of changed) {
          const need = needs[n % Math.max(1, needs.length)];
          if (!need) continue;
          if (n % 2 === 0) {
            index.remove(need.id);
            live.delete(need.id);
          } else {
            const moved = {
              ...need,
              remote: !need.remote,
              location: need.location && { lat: need.location.lat + 0.2, lng: need.location.lng },
            };
            index.put({ need: moved, organizationId: 'org' });
            live.set(need.id, moved);
          }
        }
        const found = index.needsFor(candidate).map((e) => e.need);
        expect(new Set(found.map((n) => n.id)).size).toBe(found.length);
        const box = candidate.location && boundingBox(candidate.location, candidate.radiusKm);
        const inBox = (n: MatchNeed) =>
          box !== null &&
          n.location !== null &&
          n.location.lat >= box.minLat &&
          n.location.lat <= box.maxLat &&
          n.location.lng >= box.minLng &&
          n.location.lng <= box.maxLng;
        const expected = [...live.values()].filter((n) => inBox(n) || (candidate.remote && n.remote));
        expect(found.map((n) => n.id).sort()).toEqual(expected.map((n) => n.id).sort());
        // Nothing the scorer keeps is left out.
        for (const n of live.values()) if (scoreValue(n, candidate, NOW) !== null) expect(found).toContainEqual(n);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps far needs out unless both sides work remotely', () => {
    const index = new NeedIndex();
    index.put({ need: makeNeed({ id: 'near' }), organizationId: 'org' });
    index.put({ need: makeNeed({ id: 'far', location: places.groningen9711 }), organizationId: 'org' });
    index.put({
      need: makeNeed({ id: 'far-remote', location: places.groningen9711, remote: true }),
      organizationId: 'org',
    });
    expect(index.needsFor(makeCandidate()).map((e) => e.need.id)).toEqual(['near']);
    expect(
      index
        .needsFor(makeCandidate({ remote: true }))
        .map((e) => e.need.id)
        .sort(),
    ).toEqual(['far-remote', 'near']);
  });
});
