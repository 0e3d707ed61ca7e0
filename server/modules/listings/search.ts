/**
 * Searching needs and offers (`GET /api/needs`, `/api/offers`, `/api/me/listings`): the plan from the
 * query, candidates from the repository page by page (nearest-first in growing circles), relevance
 * and exact distance in JS, keyset cursors per sort order.
 */
import { z } from 'zod';
import { boundingBox, distanceKm } from '../../../shared/geo.ts';
import type { NeedSearchQuery, OfferSearchQuery } from '../../../shared/schemas/listings.ts';
import type { Actor, AppContext } from '../../context.ts';
import { decodeCursor, encodeCursor } from '../../cursor.ts';
import { AppError, invalid } from '../../errors.ts';
import { memberOrganizationIds } from '../organizations/index.ts';
import { toNeedDto, toOfferDto, viewerOf } from './dtos.ts';
import { usableSearchIndex } from './index-sync.ts';
import type { IndexOrder, ListingIndex } from './listing-index.ts';
import { pageNeeds, pageOffers } from './page-rows.ts';
import * as repo from './repository.ts';
import { queryWords, relevance } from './search-text.ts';

/** Nearby searches without a radius look this far. */
const DEFAULT_RADIUS_KM = 10;

const cursorSchema = z.discriminatedUnion('s', [
  z.object({ s: z.literal('newest'), c: z.string(), id: z.string() }),
  z.object({ s: z.literal('relevance'), r: z.number(), id: z.string() }),
  /** The database's distance value; null (remote listing without a place) sorts after every number. */
  z.object({ s: z.literal('distance'), d: z.number().nullable(), id: z.string() }),
]);
type Sort = z.infer<typeof cursorSchema>['s'];

interface SearchPlan {
  filter: repo.CandidateFilter;
  sort: Sort;
  limit: number;
  cursor: string | undefined;
}

function planSearch(ctx: AppContext, query: NeedSearchQuery | OfferSearchQuery): SearchPlan {
  const words = query.q ? queryWords(query.q) : [];
  const sort: Sort = query.sort ?? (words.length > 0 ? 'relevance' : query.near ? 'distance' : 'newest');
  if (sort === 'relevance' && words.length === 0) throw invalid('sort', 'Sorting by relevance needs search words in q');
  let near: repo.Near | undefined;
  if (query.near) {
    const place = ctx.postcodes.lookup(query.near);
    if (!place)
      throw new AppError(400, 'unknown_postcode', `Postcode ${query.near} does not exist`, {
        near: 'Unknown postcode',
      });
    const radiusKm = query.radiusKm ?? DEFAULT_RADIUS_KM;
    near = {
      lat: place.lat,
      lng: place.lng,
      radiusKm,
      box: boundingBox(place, radiusKm),
      includeRemote: query.includeRemote ?? false,
    };
  }
  return {
    filter: {
      now: ctx.clock.now().toISOString(),
      statuses: query.status?.length ? query.status : ['open'],
      words,
      kinds: query.kind,
      domains: query.domain,
      languages: query.language,
      skills: query.skill,
      compensations: query.compensation,
      newcomerFriendly: query.newcomerFriendly,
      organizationIds: query.organizationId ? [query.organizationId] : undefined,
      near,
    },
    sort,
    limit: query.limit,
    cursor: query.cursor,
  };
}

interface Found {
  ids: { id: string; distance: number | null | undefined }[];
  nextCursor: string | null;
}

/** Radius of the first circle a nearest-first search looks in; it grows fourfold until a page is full. */
const FIRST_CIRCLE_KM = 2;

function pageOf(
  rows: { c: repo.Candidate; distance: number | null | undefined }[],
  limit: number,
  key: (last: repo.Candidate) => z.infer<typeof cursorSchema>,
): Found {
  const pageRows = rows.slice(0, limit);
  const last = pageRows.at(-1)?.c;
  return {
    ids: pageRows.map(({ c, distance }) => ({ id: c.id, distance })),
    nextCursor: rows.length > limit && last ? encodeCursor(key(last)) : null,
  };
}

/**
 * Runs a search plan. Newest and distance: the database sorts and cuts the page by keyset (with
 * its own distance value; nearest first in growing circles). Relevance: every candidate comes back (a relevance search has words,
 * which bound it) and is scored, sorted and cut here. Either way, a listing with a place counts
 * only when its exact great-circle distance (shared/geo.ts) is within the radius.
 */
async function runSearch(
  plan: SearchPlan,
  candidates: (f: repo.CandidateFilter, page?: repo.SqlPage) => Promise<repo.Candidate[]>,
): Promise<Found> {
  const after = decodeCursor(plan.cursor, cursorSchema);
  if (after && after.s !== plan.sort)
    throw invalid('cursor', 'This cursor belongs to another sort order; start again from the first page');
  const near = plan.filter.near;
  const words = plan.filter.words ?? [];
  const distanceOf = (c: repo.Candidate): number | null | undefined => {
    if (!near) return undefined;
    return c.lat !== null && c.lng !== null ? distanceKm(near, { lat: c.lat, lng: c.lng }) : null;
  };
  const counts = (c: repo.Candidate, distance: number | null | undefined) =>
    !near || (distance != null && distance <= near.radiusKm) || (near.includeRemote && c.remote === 1);

  if (plan.sort === 'newest') {
    const page: repo.SqlPage = {
      sort: 'newest',
      after: after?.s === 'newest' ? { createdAt: after.c, id: after.id } : undefined,
      limit: plan.limit,
    };
    const rows = (await candidates(plan.filter, page))
      .map((c) => ({ c, distance: distanceOf(c) }))
      .filter(({ c, distance }) => counts(c, distance));
    return pageOf(rows, plan.limit, (last) => ({ s: 'newest', c: last.created_at, id: last.id }));
  }

  if (plan.sort === 'distance') {
    if (!near) throw invalid('sort', 'Sorting by distance needs a postcode in near');
    // Nearest first, looked for in growing circles beyond the last page, so that a dense city does
    // not make the database sort every listing within a wide radius. A circle is done when it holds
    // more than a page; the last one is the full radius (and only it adds remote listings).
    const from = after?.s === 'distance' ? after.d : 0;
    let step = FIRST_CIRCLE_KM;
    for (;;) {
      const circle = from === null ? near.radiusKm : Math.min(near.radiusKm, from + step);
      const final = circle >= near.radiusKm;
      const filter = final
        ? plan.filter
        : { ...plan.filter, near: { ...near, radiusKm: circle, box: boundingBox(near, circle), includeRemote: false } };
      const page: repo.SqlPage = {
        sort: 'distance',
        after: after?.s === 'distance' ? { dist: after.d, id: after.id } : undefined,
        limit: plan.limit,
      };
      // The database's distance may differ in its last digit: what it let through on the circle
      // itself is re-checked exactly here; such rows sort last, so dropping them leaves no gap.
      const rows = (await candidates(filter, page))
        .map((c) => ({ c, distance: distanceOf(c) }))
        .filter(({ c, distance }) => (final ? counts(c, distance) : distance != null && distance <= circle));
      if (final || rows.length > plan.limit)
        return pageOf(rows, plan.limit, (last) => ({ s: 'distance', d: last.dist ?? null, id: last.id }));
      step *= 4;
    }
  }

  const cut = after?.s === 'relevance' ? after : undefined;
  const scored: { id: string; rank: number; distance: number | null | undefined }[] = [];
  for (const c of await candidates(plan.filter)) {
    const distance = distanceOf(c);
    if (!counts(c, distance)) continue;
    const rank = relevance(words, c.search_title ?? '', c.search_body ?? '');
    // Keyset: best first, ids ascending among equals.
    if (cut && (rank > cut.r || (rank === cut.r && c.id <= cut.id))) continue;
    scored.push({ id: c.id, rank, distance });
  }
  scored.sort((a, b) => b.rank - a.rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const more = scored.length > plan.limit;
  const pageRows = scored.slice(0, plan.limit);
  const last = pageRows.at(-1);
  return {
    ids: pageRows.map(({ id, distance }) => ({ id, distance })),
    nextCursor: more && last ? encodeCursor({ s: 'relevance', r: last.rank, id: last.id }) : null,
  };
}

/**
 * Runs a search plan on the in-memory index: it filters, orders and cuts the page itself (no
 * candidate list, no growing circles), with the same answer as `runSearch` on the database.
 */
function runIndexSearch(plan: SearchPlan, index: ListingIndex): Found {
  const after = decodeCursor(plan.cursor, cursorSchema);
  if (after && after.s !== plan.sort)
    throw invalid('cursor', 'This cursor belongs to another sort order; start again from the first page');
  const limit = plan.limit;
  let order: IndexOrder;
  if (plan.sort === 'newest')
    order = { sort: 'newest', after: after?.s === 'newest' ? { createdAt: after.c, id: after.id } : undefined, limit };
  else if (plan.sort === 'distance') {
    if (!plan.filter.near) throw invalid('sort', 'Sorting by distance needs a postcode in near');
    order = { sort: 'distance', after: after?.s === 'distance' ? { dist: after.d, id: after.id } : undefined, limit };
  } else
    order = { sort: 'relevance', after: after?.s === 'relevance' ? { rank: after.r, id: after.id } : undefined, limit };
  const rows = index.search(plan.filter, order);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  let nextCursor: string | null = null;
  if (rows.length > limit && last) {
    const key: z.infer<typeof cursorSchema> =
      order.sort === 'newest'
        ? { s: 'newest', c: last.createdAt, id: last.id }
        : order.sort === 'distance'
          ? { s: 'distance', d: last.distance ?? null, id: last.id }
          : { s: 'relevance', r: last.rank, id: last.id };
    nextCursor = encodeCursor(key);
  }
  return { ids: page.map(({ id, distance }) => ({ id, distance })), nextCursor };
}

type Searcher = (plan: SearchPlan) => Promise<Found>;

/** Where a search finds its page: the instance's in-memory index when usable, else the database. */
async function sources(ctx: AppContext): Promise<{ needs: Searcher; offers: Searcher }> {
  const index = await usableSearchIndex(ctx);
  if (index)
    return {
      needs: async (plan) => runIndexSearch(plan, index.needs),
      offers: async (plan) => runIndexSearch(plan, index.offers),
    };
  return {
    needs: (plan) => runSearch(plan, (f, page) => repo.searchNeedCandidates(ctx.db, ctx.dialect, f, page)),
    offers: (plan) => runSearch(plan, (f, page) => repo.searchOfferCandidates(ctx.db, ctx.dialect, f, page)),
  };
}

async function hydrate<Row extends { id: string }, Dto>(
  found: Found,
  load: (ids: string[]) => Promise<Row[]>,
  toDto: (row: Row, distance: number | null | undefined) => Dto,
): Promise<{ items: Dto[]; nextCursor: string | null }> {
  const rows = new Map((await load(found.ids.map((i) => i.id))).map((r) => [r.id, r]));
  const items: Dto[] = [];
  for (const { id, distance } of found.ids) {
    const row = rows.get(id);
    if (row) items.push(toDto(row, distance));
  }
  return { items, nextCursor: found.nextCursor };
}

export async function searchNeeds(ctx: AppContext, actor: Actor | null, query: NeedSearchQuery) {
  const plan = planSearch(ctx, query);
  plan.filter.openToAsylumSeekers = query.openToAsylumSeekers;
  const found = await (await sources(ctx)).needs(plan);
  const viewer = await viewerOf(ctx, actor);
  return hydrate(
    found,
    (ids) => pageNeeds(ctx, ids),
    (row, d) => toNeedDto(ctx, viewer, row, d),
  );
}

export async function searchOffers(ctx: AppContext, actor: Actor | null, query: OfferSearchQuery) {
  const plan = planSearch(ctx, query);
  plan.filter.b2cTypes = query.b2cType;
  const found = await (await sources(ctx)).offers(plan);
  const viewer = await viewerOf(ctx, actor);
  return hydrate(
    found,
    (ids) => pageOffers(ctx, ids),
    (row, d) => toOfferDto(ctx, viewer, row, d),
  );
}

const everyStatus: repo.StatusFilter[] = ['open', 'filled', 'closed', 'expired'];

/** The person's own offers (and their businesses') and the needs of every organisation they belong to. */
export async function myListings(
  ctx: AppContext,
  actor: Actor,
  query: { limit: number; needsCursor?: string | undefined; offersCursor?: string | undefined },
) {
  const memberOf = await memberOrganizationIds(ctx.db, actor.userId);
  const now = ctx.clock.now().toISOString();
  const base = { sort: 'newest' as const, limit: query.limit };
  const source = await sources(ctx);
  const needs = await source.needs({
    ...base,
    cursor: query.needsCursor,
    filter: { now, statuses: everyStatus, organizationIds: memberOf, includeHidden: true },
  });
  const offers = await source.offers({
    ...base,
    cursor: query.offersCursor,
    filter: {
      now,
      statuses: everyStatus,
      organizationIds: memberOf,
      ownerUserId: actor.userId,
      ownerEither: true,
      includeHidden: true,
    },
  });
  const viewer = await viewerOf(ctx, actor);
  return {
    needs: await hydrate(
      needs,
      (ids) => pageNeeds(ctx, ids),
      (row) => toNeedDto(ctx, viewer, row),
    ),
    offers: await hydrate(
      offers,
      (ids) => pageOffers(ctx, ids),
      (row) => toOfferDto(ctx, viewer, row),
    ),
  };
}
