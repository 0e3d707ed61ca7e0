import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distanceKm } from '../../shared/geo.ts';
import {
  ANY_KIND,
  ANYWHERE,
  cellOf,
  cellsCovering,
  indexEntries,
  searchMatches,
  type AlertNeed,
  type AlertSearch,
} from '../../server/modules/alerts/cells.ts';

/** A point about `km` away from `from` in direction `bearing` (radians), on the flat-earth approximation the tests need. */
const offset = (from: { lat: number; lng: number }, km: number, bearing: number) => ({
  lat: from.lat + (km * Math.cos(bearing)) / 111.2,
  lng: from.lng + (km * Math.sin(bearing)) / (111.2 * Math.cos((from.lat * Math.PI) / 180)),
});

describe('alert cells: a saved search is filed under every cell a need within its radius can lie in', () => {
  it('never misses a need inside the radius (property)', () => {
    fc.assert(
      fc.property(
        fc.record({
          lat: fc.double({ min: 50.7, max: 53.6, noNaN: true }),
          lng: fc.double({ min: 3.3, max: 7.3, noNaN: true }),
        }),
        fc.double({ min: 0.5, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
        (center, radius, fraction, bearing) => {
          const point = offset(center, radius * fraction * 0.99, bearing);
          fc.pre(distanceKm(center, point) <= radius);
          expect(cellsCovering(center, radius)).toContain(cellOf(point));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('keeps the index small: a 10 km search spans a handful of cells, 100 km about a hundred', () => {
    const utrecht = { lat: 52.09, lng: 5.12 };
    expect(cellsCovering(utrecht, 10).length).toBeLessThanOrEqual(4);
    expect(cellsCovering(utrecht, 100).length).toBeLessThanOrEqual(120);
  });

  it('files searches without a place under anywhere, and without kinds under any kind', () => {
    expect(indexEntries({ kinds: [], center: null, radiusKm: null })).toEqual([{ cell: ANYWHERE, kind: ANY_KIND }]);
    expect(indexEntries({ kinds: ['hands', 'knowledge'], center: null, radiusKm: null })).toEqual([
      { cell: ANYWHERE, kind: 'hands' },
      { cell: ANYWHERE, kind: 'knowledge' },
    ]);
  });
});

describe('alerts: the search page’s filters applied to a new need', () => {
  const search: AlertSearch = {
    kinds: ['hands'],
    domains: ['greening', 'care'],
    compensation: ['unpaid', 'time_credits'],
    newcomerFriendly: true,
    center: { lat: 52.09, lng: 5.12 },
    radiusKm: 10,
  };
  const need: AlertNeed = {
    kind: 'hands',
    domains: ['greening'],
    compensation: 'unpaid',
    newcomerFriendly: true,
    location: { lat: 52.1, lng: 5.13 },
  };
  it('matches when every filter holds, and not when one fails', () => {
    expect(searchMatches(search, need)).toBe(true);
    expect(searchMatches(search, { ...need, kind: 'materials' })).toBe(false);
    expect(searchMatches(search, { ...need, domains: ['sports'] })).toBe(false);
    expect(searchMatches(search, { ...need, compensation: 'paid' })).toBe(false);
    expect(searchMatches(search, { ...need, newcomerFriendly: false })).toBe(false);
    expect(searchMatches(search, { ...need, location: { lat: 53.22, lng: 6.57 } })).toBe(false);
    expect(searchMatches(search, { ...need, location: null })).toBe(false);
    expect(
      searchMatches(
        { kinds: [], domains: [], compensation: [], newcomerFriendly: false, center: null, radiusKm: null },
        { ...need, location: null },
      ),
    ).toBe(true);
  });
});
