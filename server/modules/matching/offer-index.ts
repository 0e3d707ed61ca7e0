/**
 * The instance's in-memory offer index for matching (`core/candidate-index.ts` with the database
 * retrieval over the precomputed scorer of `core/features.ts`), and how it stays true to the
 * database, which remains the source of truth (the same life as listings' search index):
 * - built at start in pages by id, while matching still asks the database;
 * - after every commit that changes listings, the `listings.changed` event makes it read the
 *   offers concerned again — named offers, every offer of named owners or organisations, and, for
 *   needs (an engagement accepted or cancelled on them), the offers of the workers engaged there,
 *   whose fairness may have changed — one change at a time, in the order the events came;
 *   changes heard during the build are read after it;
 * - when reading a change fails, it is stale: matching asks the database until a rebuild has
 *   finished; replaced offers leave dead slots behind, and a rebuild gives their memory back.
 * What it does not follow: the owners' answers (paid work, VOG). The index does not apply those
 * rules; it gives upper bounds, and retrieval.ts checks the best candidates against their rows.
 * With `SEARCH_INDEX=off` there is no index and matching asks the database, as searches do.
 */
import type { AppContext } from '../../context.ts';
import { CandidateIndex } from './core/candidate-index.ts';
import { toOfferCandidate } from './core/mapping.ts';
import * as repo from './repository.ts';

type ChangeEvent = { needIds?: string[] | undefined; offerIds?: string[] | undefined; organizationIds?: string[] | undefined; ownerUserIds?: string[] | undefined };

const PAGE = 2000;
/** After a failed build, the next attempt waits this long. */
const RETRY_MS = 30_000;
/** Rebuild when this many replaced slots are left behind (and at least as many as live ones). */
const DEAD_SLOTS_BEFORE_REBUILD = 50_000;

function emptyEvent(): Required<{ [K in keyof ChangeEvent]: Set<string> }> {
  return { needIds: new Set(), offerIds: new Set(), organizationIds: new Set(), ownerUserIds: new Set() };
}

export class OfferIndex {
  readonly #ctx: AppContext;
  index = new CandidateIndex([], 0, { retrieval: 'database' });
  #usable = false;
  #building: Promise<void> | null = null;
  #collecting = false;
  #pending = emptyEvent();
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

  /** Resolves once every change heard so far is in the index (read-your-writes). */
  settled(): Promise<void> {
    return this.#inFlight === 0 ? Promise.resolve() : this.#applying;
  }

  /** Resolves when the build under way (if any) has finished, usable or not. */
  built(): Promise<void> {
    return this.#building ?? Promise.resolve();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#retry);
    await this.built();
    await this.#applying;
  }

  /** Builds the index from the database (again); matching asks the database meanwhile. */
  rebuild(): Promise<void> {
    if (this.#building) return this.#building;
    if (this.#stopped) return Promise.resolve();
    this.#usable = false;
    this.#collecting = true;
    this.#pending = emptyEvent();
    this.#building = this.#build().finally(() => {
      this.#building = null;
    });
    return this.#building;
  }

  async #build(): Promise<void> {
    const started = performance.now();
    const index = new CandidateIndex([], 0, { retrieval: 'database' });
    try {
      const engaged = await repo.everEngagedWorkers(this.#ctx.db);
      let after: string | null = null;
      for (;;) {
        const rows: repo.OfferRowForMatching[] = await repo.indexOffers(this.#ctx.db, { after, limit: PAGE });
        await this.#load(index, rows, (row) => engaged.has(row.organization_id ?? row.owner_user_id ?? ''));
        const last = rows.at(-1);
        if (!last || rows.length < PAGE) break;
        after = last.id;
      }
      this.index = index;
      for (;;) {
        const heard = this.#pending;
        this.#pending = emptyEvent();
        if (Object.values(heard).every((ids) => ids.size === 0)) break;
        await this.#apply(heard);
      }
      this.#collecting = false;
      this.#usable = true;
      this.lastBuildMs = performance.now() - started;
      this.#ctx.log.info({ offers: index.size, bytes: index.features.bytes(), ms: Math.round(this.lastBuildMs) }, 'matching offer index built');
    } catch (err) {
      this.#collecting = false;
      this.#ctx.log.error({ err }, 'matching offer index could not be built; matching asks the database');
      this.#retry = setTimeout(() => void this.rebuild(), RETRY_MS).unref();
    }
  }

  /** Puts rows into an index with their stored skills (offer_skills, what the SQL path's remote look-up reads). */
  async #load(index: CandidateIndex, rows: readonly repo.OfferRowForMatching[], engaged: (row: repo.OfferRowForMatching) => boolean): Promise<void> {
    const stored = await repo.offerSkills(this.#ctx.db, rows.map((r) => r.id));
    for (const row of rows) index.put(toOfferCandidate(row, engaged(row)), stored.get(row.id) ?? []);
  }

  /** A `listings.changed` event: read those offers again (after the build, if one is running). */
  changed(event: ChangeEvent): Promise<void> {
    if (this.#collecting) {
      for (const key of ['needIds', 'offerIds', 'organizationIds', 'ownerUserIds'] as const) for (const id of event[key] ?? []) this.#pending[key].add(id);
      return this.#building ?? Promise.resolve();
    }
    if (!this.#usable) return Promise.resolve();
    const changes = { needIds: new Set(event.needIds), offerIds: new Set(event.offerIds), organizationIds: new Set(event.organizationIds), ownerUserIds: new Set(event.ownerUserIds) };
    this.#inFlight++;
    this.#applying = this.#applying.then(() =>
      this.#apply(changes)
        .then(() => {
          const index = this.index;
          if (index.deadSlots >= DEAD_SLOTS_BEFORE_REBUILD && index.deadSlots >= index.size) void this.rebuild();
        })
        .catch((err: unknown) => {
          this.#ctx.log.error({ err }, 'matching offer index missed a change; rebuilding it');
          void this.rebuild();
        })
        .finally(() => {
          this.#inFlight--;
        }),
    );
    return this.#applying;
  }

  async #apply(changes: ReturnType<typeof emptyEvent>): Promise<void> {
    const db = this.#ctx.db;
    const workers = await repo.acceptedWorkersOn(db, [...changes.needIds]);
    const ownerUserIds = [...new Set([...changes.ownerUserIds, ...workers.userIds])];
    const organizationIds = [...new Set([...changes.organizationIds, ...workers.organizationIds])];
    const ids = new Set([...changes.offerIds, ...(await repo.offerIdsOf(db, { ownerUserIds, organizationIds }))]);
    if (ids.size === 0) return;
    const rows = await repo.indexOffers(db, { ids: [...ids] });
    const engaged = await repo.engagedBefore(db, {
      userIds: [...new Set(rows.flatMap((r) => (r.owner_user_id ? [r.owner_user_id] : [])))],
      organizationIds: [...new Set(rows.flatMap((r) => (r.organization_id ? [r.organization_id] : [])))],
    });
    await this.#load(this.index, rows, (row) => engaged.has(row.organization_id ?? row.owner_user_id ?? ''));
    const found = new Set(rows.map((r) => r.id));
    for (const id of ids) if (!found.has(id)) this.index.remove(id);
  }
}

const indexes = new WeakMap<AppContext, OfferIndex>();

/**
 * Starts the instance's offer index (unless SEARCH_INDEX=off): subscribes to changes and builds it
 * in the background. Returns how to stop it.
 */
export function startOfferIndex(ctx: AppContext): () => Promise<void> {
  if (ctx.config.searchIndex === 'off') return () => Promise.resolve();
  const index = new OfferIndex(ctx);
  indexes.set(ctx, index);
  const unsubscribe = ctx.events.on('listings.changed', (event) => index.changed(event));
  void index.rebuild();
  return async () => {
    unsubscribe();
    await index.stop();
  };
}

/** The index to match with once it holds every change heard so far, or null when matching must ask the database. */
export async function usableOfferIndex(ctx: AppContext): Promise<CandidateIndex | null> {
  const index = indexes.get(ctx);
  if (!index?.usable) return null;
  await index.settled();
  return index.usable ? index.index : null;
}

/** The instance's index whether or not it is usable yet (tests and benchmarks wait for its build). */
export const offerIndexOf = (ctx: AppContext): OfferIndex | null => indexes.get(ctx) ?? null;
