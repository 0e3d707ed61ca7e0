import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundingBox } from '../../shared/geo.ts';
import { ListingIndex, type IndexedListing, type IndexOrder } from '../../server/modules/listings/listing-index.ts';
import type { CandidateFilter } from '../../server/modules/listings/repository.ts';

/**
 * Issue 15: the compact in-memory index (`listing-index.ts`) beyond what the property test against
 * the database reaches: compaction after many changes answers exactly as no compaction, listings
 * added after the load and changed again are found by their new words only, and times stored in
 * another text form than `toISOString()`'s are ordered and cut as text, as the database does.
 */
const now = '2026-03-02T09:00:00.000Z';
const words = ['tuin', 'tuinman', 'moestuin', 'fiets', 'fietsen', 'koken', 'buurt', 'buurthuis'];
const places = [
  { lat: 52.37, lng: 4.89 },
  { lat: 52.09, lng: 5.12 },
  { lat: 52.372, lng: 4.9 },
  { lat: 51.92, lng: 4.48 },
];

function listing(id: string, over: Partial<IndexedListing> = {}): IndexedListing {
  return {
    id,
    kind: 'hands',
    status: 'open',
    endsAt: null,
    hidden: false,
    organizationId: null,
    ownerUserId: null,
    b2cType: null,
    newcomerFriendly: 0,
    openToAsylumSeekers: 0,
    domains: [],
    languages: [],
    skills: [],
    compensations: ['unpaid'],
    lat: null,
    lng: null,
    remote: 0,
    createdAt: '2026-01-01T09:00:00.000Z',
    searchTitle: '',
    searchBody: '',
    ...over,
  };
}

const arbitraryListing = (id: string) =>
  fc
    .record({
      title: fc.array(fc.constantFrom(...words), { maxLength: 4 }),
      body: fc.array(fc.constantFrom(...words), { maxLength: 6 }),
      place: fc.option(fc.constantFrom(...places)),
      remote: fc.constantFrom(0, 1),
      status: fc.constantFrom('open', 'open', 'filled', 'closed'),
      day: fc.integer({ min: 1, max: 9 }),
      kind: fc.constantFrom('hands', 'materials'),
      languages: fc.uniqueArray(fc.constantFrom('nl', 'en', 'ar'), { maxLength: 2 }),
    })
    .map((r) =>
      listing(id, {
        searchTitle: r.title.join(' '),
        searchBody: r.body.join(' '),
        lat: r.place?.lat ?? null,
        lng: r.place?.lng ?? null,
        remote: r.remote,
        status: r.status,
        createdAt: `2026-01-0${r.day}T09:00:00.000Z`,
        kind: r.kind,
        languages: r.languages,
      }),
    );

type Operation = { op: 'upsert'; listing: IndexedListing } | { op: 'remove'; id: string };
const ids = Array.from({ length: 30 }, (_, i) => `L${String(i).padStart(2, '0')}`);
const operation: fc.Arbitrary<Operation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .constantFrom(...ids)
      .chain((id) => arbitraryListing(id))
      .map((l) => ({ op: 'upsert' as const, listing: l })),
  },
  { weight: 1, arbitrary: fc.constantFrom(...ids).map((id) => ({ op: 'remove' as const, id })) },
);

const near = (km: number, includeRemote: boolean) => ({
  lat: 52.37,
  lng: 4.89,
  radiusKm: km,
  box: boundingBox({ lat: 52.37, lng: 4.89 }, km),
  includeRemote,
});
const searches: [CandidateFilter, IndexOrder][] = [
  [
    { now, statuses: ['open'] },
    { sort: 'newest', limit: 5 },
  ],
  [
    { now, statuses: ['open', 'filled', 'closed'], kinds: ['materials'] },
    { sort: 'newest', limit: 100 },
  ],
  [
    { now, statuses: ['open'], words: ['tuin'] },
    { sort: 'relevance', limit: 100 },
  ],
  [
    { now, statuses: ['open'], words: ['fiets', 'buurt'] },
    { sort: 'relevance', limit: 3 },
  ],
  [
    { now, statuses: ['open'], words: ['koken'], languages: ['nl'] },
    { sort: 'newest', limit: 100 },
  ],
  [
    { now, statuses: ['open'], near: near(5, false) },
    { sort: 'distance', limit: 100 },
  ],
  [
    { now, statuses: ['open'], near: near(60, true) },
    { sort: 'distance', limit: 2 },
  ],
  [
    { now, statuses: ['open', 'closed'], near: near(60, true), words: ['tuin'] },
    { sort: 'newest', limit: 100 },
  ],
];

const answers = (index: ListingIndex) => searches.map(([f, order]) => index.search(f, order));

describe('compact listing index', () => {
  it('answers the same after compactions as without them', () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryListing('x'), { maxLength: 10 }),
        fc.array(operation, { minLength: 1, maxLength: 80 }),
        (loaded, operations) => {
          const compacting = new ListingIndex('offers', { compactAt: 1 });
          const keeping = new ListingIndex('offers', { compactAt: Number.POSITIVE_INFINITY });
          const initial = loaded.map((l, i) => ({ ...l, id: ids[i] ?? '' }));
          for (const index of [compacting, keeping]) {
            index.load(initial);
            index.loaded();
          }
          for (const o of operations) {
            for (const index of [compacting, keeping]) {
              if (o.op === 'upsert') index.upsert(o.listing);
              else index.remove(o.id);
            }
            expect(compacting.size).toBe(keeping.size);
          }
          expect(answers(compacting)).toEqual(answers(keeping));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('compacts, and finds a changed listing by its new words only', () => {
    const index = new ListingIndex('needs', { compactAt: 1 });
    index.load([listing('a', { searchTitle: 'moestuin' }), listing('b', { searchTitle: 'fietsen' })]);
    index.loaded();
    for (let i = 0; i < 6; i++)
      index.upsert(listing('a', { searchTitle: i % 2 === 0 ? 'buurthuis koken' : 'moestuin' }));
    index.upsert(listing('c', { searchTitle: 'moestuin' }));
    const find = (word: string) =>
      index.search({ now, statuses: ['open'], words: [word] }, { sort: 'relevance', limit: 10 }).map((r) => r.id);
    // The last change of `a` gave it "moestuin" again; `c` came after the load.
    expect(find('moestuin')).toEqual(['a', 'c']);
    expect(find('buurt')).toEqual([]);
    expect(find('fiets')).toEqual(['b']);
    index.remove('a');
    expect(find('moestuin')).toEqual(['c']);
    expect(index.size).toBe(2);
  });

  it('orders and cuts times in another text form as text, like the database', () => {
    const index = new ListingIndex('needs');
    // Compared as text, "…09:00:00Z" comes after "…09:00:00.000Z" ('Z' > '.').
    const times = {
      a: '2026-01-01T09:00:00.000Z',
      b: '2026-01-01T09:00:00Z',
      c: '2026-01-01T09:00:01.000Z',
      d: '2025-12-31T23:00:00+01:00',
    };
    index.load(Object.entries(times).map(([id, createdAt]) => listing(id, { createdAt })));
    index.loaded();
    const page = (after?: { createdAt: string; id: string }) =>
      index.search({ now, statuses: ['open'] }, { sort: 'newest', after, limit: 2 });
    const first = page();
    expect(first.map((r) => [r.id, r.createdAt])).toEqual([
      ['c', times.c],
      ['b', times.b],
      ['a', times.a],
    ]);
    const second = page({ createdAt: times.b, id: 'b' });
    expect(second.map((r) => r.id)).toEqual(['a', 'd']);
    // An end in another form is compared as text with now: '2026-03-02T09:00:00Z' > now, so still open.
    index.upsert(listing('e', { endsAt: '2026-03-02T09:00:00Z', createdAt: '2027-01-01T00:00:00.000Z' }));
    index.upsert(listing('f', { endsAt: '2026-03-02T08:59:59.999Z', createdAt: '2027-01-01T00:00:00.000Z' }));
    // A page of one (and the row that tells there is more): e, not f, is the newest open listing.
    expect(index.search({ now, statuses: ['open'] }, { sort: 'newest', limit: 1 }).map((r) => r.id)).toEqual([
      'e',
      'c',
    ]);
    expect(index.search({ now, statuses: ['expired'] }, { sort: 'newest', limit: 5 }).map((r) => r.id)).toEqual(['f']);
  });
});
