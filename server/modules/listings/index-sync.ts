/**
 * The instance's in-memory search index (`listing-index.ts`); how it stays true to the database
 * (the life in `server/fresh-index.ts`, shared with the matching indexes):
 * - built at start in pages by id, while searches still ask the database;
 * - after every commit that changes listings, the `listings.changed` event makes it read those
 *   listings (and hidden organisations) again — one at a time, in the order the events came, so an
 *   older read never overwrites a newer one; changes that arrive during the build are read after it;
 * - when reading a change fails (an event it could not apply is a missed event), it is stale:
 *   searches ask the database again until a full rebuild has finished.
 * With `SEARCH_INDEX=off` there is no index and every search asks the database.
 */
import type { AppContext } from '../../context.ts';
import { FreshIndex, startFreshIndex, type ListingChanges } from '../../fresh-index.ts';
import {
  hiddenOrganizations,
  listingCount,
  needsForIndex,
  offerIdsOwnedBy,
  offersForIndex,
} from './index-repository.ts';
import { ListingIndex, type IndexedListing } from './listing-index.ts';

export class SearchIndex extends FreshIndex {
  protected readonly name = 'search index';
  needs = new ListingIndex('needs');
  offers = new ListingIndex('offers');

  protected sizes(): Record<string, number> {
    return { needs: this.needs.size, offers: this.offers.size };
  }

  protected async load(): Promise<void> {
    const needs = new ListingIndex('needs');
    const offers = new ListingIndex('offers');
    for (const [index, read] of [
      [needs, needsForIndex],
      [offers, offersForIndex],
    ] as const) {
      index.reserve(await listingCount(this.ctx.db, index.table));
      let after: string | null = null;
      for (;;) {
        const page: IndexedListing[] = await read(this.ctx.db, { after });
        index.load(page);
        const last = page.at(-1);
        if (!last) break;
        after = last.id;
      }
      index.loaded();
    }
    for (const { id } of await hiddenOrganizations(this.ctx.db)) {
      needs.setOrganizationHidden(id, true);
      offers.setOrganizationHidden(id, true);
    }
    this.needs = needs;
    this.offers = offers;
  }

  protected async apply(changes: ListingChanges): Promise<void> {
    const db = this.ctx.db;
    for (const id of await offerIdsOwnedBy(db, [...changes.ownerUserIds])) changes.offerIds.add(id);
    for (const [index, read, ids] of [
      [this.needs, needsForIndex, changes.needIds],
      [this.offers, offersForIndex, changes.offerIds],
    ] as const) {
      if (ids.size === 0) continue;
      const rows = await read(db, { ids: [...ids] });
      for (const row of rows) index.upsert(row);
      const found = new Set(rows.map((r) => r.id));
      for (const id of ids) if (!found.has(id)) index.remove(id);
    }
    for (const { id, hidden } of await hiddenOrganizations(db, [...changes.organizationIds])) {
      this.needs.setOrganizationHidden(id, hidden);
      this.offers.setOrganizationHidden(id, hidden);
    }
  }
}

const indexes = new WeakMap<AppContext, SearchIndex>();

/**
 * Starts the instance's index (unless SEARCH_INDEX=off): subscribes to changes and builds it in the
 * background (searches ask the database until it is built). Returns how to stop it.
 */
export function startSearchIndex(ctx: AppContext): () => Promise<void> {
  return startFreshIndex(ctx, indexes, (c) => new SearchIndex(c));
}

/**
 * The index to search once it holds every change heard so far, or null when searches must ask the
 * database (off, building, or stale after a missed change).
 */
export async function usableSearchIndex(ctx: AppContext): Promise<SearchIndex | null> {
  const index = indexes.get(ctx);
  if (!index?.usable) return null;
  await index.settled();
  return index.usable ? index : null;
}

/** The instance's index whether or not it is usable yet (tests and benchmarks wait for its build). */
export const searchIndexOf = (ctx: AppContext): SearchIndex | null => indexes.get(ctx) ?? null;
