import { compensationTypes, listingKinds, searchSorts } from '../../../../shared/listing-vocabulary.ts';
import { parsePostcode } from '../../../../shared/postcode.ts';
import type { CompensationType, ListingKind } from '../../../../shared/schemas/listings.ts';
import { domainCodes, type DomainCode } from '../../../../shared/vocabulary.ts';

/**
 * The search page's state, kept in the URL query so a search can be shared and the back button
 * works. Pure functions: parse a query (forgiving: unknown values are dropped, never an error),
 * write one (only what differs from the defaults), and build the API's query from it.
 */

export const sides = ['needs', 'offers'] as const;
export type Side = (typeof sides)[number];
export type SearchSort = (typeof searchSorts)[number];

/** Radius choices in km; the API's default (10) is the page's default too. */
export const radiusChoices = [2, 5, 10, 25, 50, 100] as const;
export const defaultRadiusKm = 10;
/** Languages offered as filter chips: the interface languages and those most spoken by newcomers (docs/DOMAIN.md). */
export const filterLanguages = ['nl', 'en', 'ar', 'ti', 'tr', 'uk', 'fa'] as const;
export const pageSize = 20;

export interface SearchState {
  side: Side;
  q: string;
  kind: ListingKind[];
  domain: DomainCode[];
  compensation: CompensationType[];
  language: string[];
  newcomerFriendly: boolean;
  /** A postcode as typed (`1012 AB`); used only when it is a valid Dutch postcode. */
  near: string;
  radiusKm: number;
  /** With a postcode: also listings that can be done remotely. */
  includeRemote: boolean;
  /** The sort asked for; `effectiveSort` says which one applies. */
  sort: SearchSort | null;
}

export const emptySearch: SearchState = {
  side: 'needs',
  q: '',
  kind: [],
  domain: [],
  compensation: [],
  language: [],
  newcomerFriendly: false,
  near: '',
  radiusKm: defaultRadiusKm,
  includeRemote: true,
  sort: null,
};

function list<T extends string>(query: URLSearchParams, key: string, allowed: readonly T[]): T[] {
  const values = query.getAll(key).flatMap((v) => v.split(','));
  return allowed.filter((a) => values.includes(a));
}
const isOneOf = <T extends string>(allowed: readonly T[], value: string | null): value is T =>
  value !== null && (allowed as readonly string[]).includes(value);

export function parseSearch(query: URLSearchParams): SearchState {
  const radius = Number(query.get('radiusKm'));
  const side = query.get('side');
  const sort = query.get('sort');
  return {
    side: isOneOf(sides, side) ? side : 'needs',
    q: (query.get('q') ?? '').slice(0, 200),
    kind: list(query, 'kind', listingKinds),
    domain: list(query, 'domain', domainCodes),
    compensation: list(query, 'compensation', compensationTypes),
    language: list(query, 'language', filterLanguages),
    newcomerFriendly: query.get('newcomerFriendly') === 'true',
    near: (query.get('near') ?? '').slice(0, 7),
    radiusKm: (radiusChoices as readonly number[]).includes(radius) ? radius : defaultRadiusKm,
    includeRemote: query.get('includeRemote') !== 'false',
    sort: isOneOf(searchSorts, sort) ? sort : null,
  };
}

/** The URL query for a state: defaults are left out, so a plain search is a plain `/`. */
export function searchToQuery(s: SearchState): URLSearchParams {
  const out = new URLSearchParams();
  if (s.side !== 'needs') out.set('side', s.side);
  if (s.q.trim()) out.set('q', s.q.trim());
  for (const key of ['kind', 'domain', 'compensation', 'language'] as const)
    if (s[key].length) out.set(key, s[key].join(','));
  if (s.newcomerFriendly) out.set('newcomerFriendly', 'true');
  if (s.near.trim()) {
    out.set('near', s.near.trim());
    if (s.radiusKm !== defaultRadiusKm) out.set('radiusKm', String(s.radiusKm));
    if (!s.includeRemote) out.set('includeRemote', 'false');
  }
  if (s.sort) out.set('sort', s.sort);
  return out;
}

/** The postcode to measure from, normalised (`1012AB`), or null when none or not a Dutch postcode. */
export function nearPostcode(s: SearchState): string | null {
  return parsePostcode(s.near);
}

/** Sorts that make sense now: relevance needs words, distance needs a postcode. */
export function availableSorts(s: SearchState): SearchSort[] {
  return searchSorts.filter((sort) =>
    sort === 'relevance' ? s.q.trim() !== '' : sort === 'distance' ? nearPostcode(s) !== null : true,
  );
}

/** The asked sort when it is possible, else the API's default order (relevance, distance, newest). */
export function effectiveSort(s: SearchState): SearchSort {
  const possible = availableSorts(s);
  if (s.sort && possible.includes(s.sort)) return s.sort;
  return possible[0] ?? 'newest';
}

/** The query for `GET /api/needs` or `/api/offers`. */
export function apiQuery(s: SearchState, cursor?: string | null): URLSearchParams {
  const out = new URLSearchParams();
  if (s.q.trim()) out.set('q', s.q.trim());
  for (const key of ['kind', 'domain', 'compensation', 'language'] as const)
    if (s[key].length) out.set(key, s[key].join(','));
  if (s.newcomerFriendly) out.set('newcomerFriendly', 'true');
  const near = nearPostcode(s);
  if (near) {
    out.set('near', near);
    out.set('radiusKm', String(s.radiusKm));
    out.set('includeRemote', String(s.includeRemote));
  }
  out.set('sort', effectiveSort(s));
  out.set('limit', String(pageSize));
  if (cursor) out.set('cursor', cursor);
  return out;
}

/** How many filters beyond text and place are on (shown on the "more filters" button). */
export function activeFilterCount(s: SearchState): number {
  return s.domain.length + s.compensation.length + s.language.length + (s.newcomerFriendly ? 1 : 0);
}
