/**
 * The instance's in-memory search index (`listing-index.ts`) and how it stays true to the
 * database, which remains the source of truth:
 * - built at start in pages by id, while searches still ask the database;
 * - after every commit that changes listings, the `listings.changed` event makes it read those
 *   listings (and hidden organisations) again — one at a time, in the order the events came, so an
 *   older read never overwrites a newer one; changes that arrive during the build are read after it;
 * - when reading a change fails (an event it could not apply is a missed event), it is stale:
 *   searches ask the database again until a full rebuild has finished.
 * With `SEARCH_INDEX=off` there is no index and every search asks the database.
 */
import type { AppContext } from '../../context.ts';
import {
  hiddenOrganizations,
  listingCount,
  needsForIndex,
  offerIdsOwnedBy,
  offersForIndex,
} from './index-repository.ts';
import { ListingIndex, type IndexedListing } from './listing-index.ts';

interface Changes {
  needIds: Set<string>;
  offerIds: Set<string>;
  organizationIds: Set<string>;
  ownerUserIds: Set<string>;
}
const changeKinds = ['needIds', 'offerIds', 'organizationIds', 'ownerUserIds'] as const;
type ChangeEvent = Partial<Record<(typeof changeKinds)[number], string[] | undefined>>;

const noChanges = (): Changes => ({
  needIds: new Set(),
  offerIds: new Set(),
  organizationIds: new Set(),
  ownerUserIds: new Set(),
});
const isEmpty = (c: Changes): boolean => changeKinds.every((k) => c[k].size === 0);

/** After a failed build, the next attempt waits this long. */
const RETRY_MS = 30_000;

export class SearchIndex {
  readonly #ctx: AppContext;
  needs = new ListingIndex('needs');
  offers = new ListingIndex('offers');
  /** True once built and while every change since was applied. */
  #usable = false;
  #building: Promise<void> | null = null;
  /** While building: changes are collected in `#pending` instead of applied. */
  #collecting = false;
  /** Changes heard while building, applied after. */
  #pending = noChanges();
  /** The chain that applies changes one at a time, and how many changes it still holds. */
  #applying: Promise<void> = Promise.resolve();
  #inFlight = 0;
  #retry: NodeJS.Timeout | undefined;
  #stopped = false;
  /** How long the last full build took (ms), for the log and the benchmark. */
  lastBuildMs: number | null = null;

  constructor(ctx: AppContext) {
    this.#ctx = ctx;
  }

  get usable(): boolean {
    return this.#usable;
  }

  /**
   * Resolves once every change heard so far is in the index, so a search right after a write
   * (whose event was emitted before its answer) finds it: read-your-writes.
   */
  settled(): Promise<void> {
    return this.#inFlight === 0 ? Promise.resolve() : this.#applying;
  }

  /** Resolves when the build under way (if any) has finished, usable or not. */
  built(): Promise<void> {
    return this.#building ?? Promise.resolve();
  }

  /** No more builds; waits for the one under way and the changes being applied. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#retry);
    await this.built();
    await this.#applying;
  }

  /** Builds the index from the database (again); searches ask the database meanwhile. */
  rebuild(): Promise<void> {
    if (this.#building) return this.#building;
    if (this.#stopped) return Promise.resolve();
    this.#usable = false;
    this.#collecting = true;
    this.#pending = noChanges();
    this.#building = this.#build().finally(() => {
      this.#building = null;
    });
    return this.#building;
  }

  async #build(): Promise<void> {
    const started = performance.now();
    const needs = new ListingIndex('needs');
    const offers = new ListingIndex('offers');
    try {
      for (const [index, read] of [
        [needs, needsForIndex],
        [offers, offersForIndex],
      ] as const) {
        index.reserve(await listingCount(this.#ctx.db, index.table));
        let after: string | null = null;
        for (;;) {
          const page: IndexedListing[] = await read(this.#ctx.db, { after });
          index.load(page);
          const last = page.at(-1);
          if (!last) break;
          after = last.id;
        }
        index.loaded();
      }
      for (const { id } of await hiddenOrganizations(this.#ctx.db)) {
        needs.setOrganizationHidden(id, true);
        offers.setOrganizationHidden(id, true);
      }
      this.needs = needs;
      this.offers = offers;
      // Apply what was heard meanwhile until nothing is left; the last check and the switch to
      // applying changes as they come happen in one synchronous step, so no event falls between.
      for (;;) {
        const heard = this.#pending;
        this.#pending = noChanges();
        if (isEmpty(heard)) break;
        await this.#apply(heard);
      }
      this.#collecting = false;
      this.#usable = true;
      this.lastBuildMs = performance.now() - started;
      this.#ctx.log.info(
        { needs: needs.size, offers: offers.size, ms: Math.round(this.lastBuildMs) },
        'search index built',
      );
    } catch (err) {
      this.#collecting = false;
      this.#ctx.log.error({ err }, 'search index could not be built; searches ask the database');
      this.#retry = setTimeout(() => void this.rebuild(), RETRY_MS).unref();
    }
  }

  /** A `listings.changed` event: read those listings again (after the build, if one is running). */
  changed(event: ChangeEvent): Promise<void> {
    if (this.#collecting) {
      for (const key of changeKinds) for (const id of event[key] ?? []) this.#pending[key].add(id);
      return this.#building ?? Promise.resolve();
    }
    if (!this.#usable) return Promise.resolve();
    const changes: Changes = {
      needIds: new Set(event.needIds),
      offerIds: new Set(event.offerIds),
      organizationIds: new Set(event.organizationIds),
      ownerUserIds: new Set(event.ownerUserIds),
    };
    this.#inFlight++;
    this.#applying = this.#applying.then(() =>
      this.#apply(changes)
        .catch((err: unknown) => {
          this.#ctx.log.error({ err }, 'search index missed a change; rebuilding it');
          void this.rebuild();
        })
        .finally(() => {
          this.#inFlight--;
        }),
    );
    return this.#applying;
  }

  async #apply(changes: Changes): Promise<void> {
    const db = this.#ctx.db;
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
  if (ctx.config.searchIndex === 'off') return () => Promise.resolve();
  const index = new SearchIndex(ctx);
  indexes.set(ctx, index);
  const unsubscribe = ctx.events.on('listings.changed', (event) => index.changed(event));
  void index.rebuild();
  return async () => {
    unsubscribe();
    await index.stop();
  };
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
