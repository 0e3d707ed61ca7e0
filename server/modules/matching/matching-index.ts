/**
 * The instance's in-memory indexes for matching, and how they stay true to the database, which
 * remains the source of truth (the same life as listings' search index):
 * - offers: `core/candidate-index.ts` with the database retrieval over the precomputed scorer of
 *   `core/features.ts` (need → offers: a need's matches, the live announcement of a new need);
 * - needs: `core/need-index.ts` (candidate → needs: an offer's matches, "suggestions for me").
 * - Both are built at start in pages by id, while matching still asks the database;
 * - after every commit that changes listings, the `listings.changed` event makes them read the
 *   listings concerned again — named offers and needs, every offer of named owners, every offer and
 *   need of named organisations, and, for named needs (an engagement accepted or cancelled on
 *   them), the offers of the workers engaged there, whose fairness may have changed — one change
 *   at a time, in the order the events came; changes heard during the build are read after it;
 * - when reading a change fails, they are stale: matching asks the database until a rebuild has
 *   finished; replaced listings leave dead slots behind, and a rebuild gives their memory back.
 * What the offer index does not follow: the owners' answers (paid work, VOG). It does not apply
 * those rules; it gives upper bounds, and retrieval.ts checks the best candidates against their rows.
 * With `SEARCH_INDEX=off` there are no indexes and matching asks the database, as searches do.
 */
import type { AppContext } from '../../context.ts';
import { CandidateIndex } from './core/candidate-index.ts';
import { toMatchNeed, toOfferCandidate } from './core/mapping.ts';
import { NeedIndex } from './core/need-index.ts';
import * as repo from './repository.ts';
import type { Source } from './retrieval.ts';

type ChangeEvent = {
  needIds?: string[] | undefined;
  offerIds?: string[] | undefined;
  organizationIds?: string[] | undefined;
  ownerUserIds?: string[] | undefined;
};

const PAGE = 2000;
/** After a failed build, the next attempt waits this long. */
const RETRY_MS = 30_000;
/** Rebuild when this many replaced slots are left behind (and at least as many as live ones). */
const DEAD_SLOTS_BEFORE_REBUILD = 50_000;

function emptyEvent(): Required<{ [K in keyof ChangeEvent]: Set<string> }> {
  return { needIds: new Set(), offerIds: new Set(), organizationIds: new Set(), ownerUserIds: new Set() };
}

export class MatchingIndex {
  readonly #ctx: AppContext;
  offers = new CandidateIndex([], 0, { retrieval: 'database' });
  needs = new NeedIndex();
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

  /** Resolves once every change heard so far is in the indexes (read-your-writes). */
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

  /** Builds the indexes from the database (again); matching asks the database meanwhile. */
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
    const offers = new CandidateIndex([], 0, { retrieval: 'database' });
    const needs = new NeedIndex();
    try {
      const engaged = await repo.everEngagedWorkers(this.#ctx.db);
      for (let after: string | null = null; ;) {
        const rows: repo.OfferRowForMatching[] = await repo.indexOffers(this.#ctx.db, { after, limit: PAGE });
        const last = rows.at(-1);
        if (!last) break;
        const stored = await repo.offerSkillsInRange(this.#ctx.db, after, last.id);
        for (const row of rows)
          offers.put(
            toOfferCandidate(row, engaged.has(row.organization_id ?? row.owner_user_id ?? '')),
            stored.get(row.id) ?? [],
          );
        if (rows.length < PAGE) break;
        after = last.id;
      }
      for (let after: string | null = null; ;) {
        const rows: repo.NeedRowForMatching[] = await repo.indexNeeds(this.#ctx.db, { after, limit: PAGE });
        for (const row of rows) needs.put({ need: toMatchNeed(row), organizationId: row.organization_id });
        const last = rows.at(-1);
        if (!last || rows.length < PAGE) break;
        after = last.id;
      }
      this.offers = offers;
      this.needs = needs;
      for (;;) {
        const heard = this.#pending;
        this.#pending = emptyEvent();
        if (Object.values(heard).every((ids) => ids.size === 0)) break;
        await this.#apply(heard);
      }
      this.#collecting = false;
      this.#usable = true;
      this.lastBuildMs = performance.now() - started;
      this.#ctx.log.info(
        { offers: offers.size, needs: needs.size, bytes: offers.features.bytes(), ms: Math.round(this.lastBuildMs) },
        'matching indexes built',
      );
    } catch (err) {
      this.#collecting = false;
      this.#ctx.log.error({ err }, 'matching indexes could not be built; matching asks the database');
      this.#retry = setTimeout(() => void this.rebuild(), RETRY_MS).unref();
    }
  }

  /** A `listings.changed` event: read those offers again (after the build, if one is running). */
  changed(event: ChangeEvent): Promise<void> {
    if (this.#collecting) {
      for (const key of ['needIds', 'offerIds', 'organizationIds', 'ownerUserIds'] as const)
        for (const id of event[key] ?? []) this.#pending[key].add(id);
      return this.#building ?? Promise.resolve();
    }
    if (!this.#usable) return Promise.resolve();
    const changes = {
      needIds: new Set(event.needIds),
      offerIds: new Set(event.offerIds),
      organizationIds: new Set(event.organizationIds),
      ownerUserIds: new Set(event.ownerUserIds),
    };
    this.#inFlight++;
    this.#applying = this.#applying.then(() =>
      this.#apply(changes)
        .then(() => {
          const wasteful = (index: { deadSlots: number; size: number }) =>
            index.deadSlots >= DEAD_SLOTS_BEFORE_REBUILD && index.deadSlots >= index.size;
          if (wasteful(this.offers) || wasteful(this.needs)) void this.rebuild();
        })
        .catch((err: unknown) => {
          this.#ctx.log.error({ err }, 'matching indexes missed a change; rebuilding them');
          void this.rebuild();
        })
        .finally(() => {
          this.#inFlight--;
        }),
    );
    return this.#applying;
  }

  async #apply(changes: ReturnType<typeof emptyEvent>): Promise<void> {
    await this.#applyToNeeds(changes);
    await this.#applyToOffers(changes);
  }

  async #applyToNeeds(changes: ReturnType<typeof emptyEvent>): Promise<void> {
    const ids = new Set([...changes.needIds, ...(await repo.needIdsOf(this.#ctx.db, [...changes.organizationIds]))]);
    if (ids.size === 0) return;
    const rows = await repo.indexNeeds(this.#ctx.db, { ids: [...ids] });
    for (const row of rows) this.needs.put({ need: toMatchNeed(row), organizationId: row.organization_id });
    const found = new Set(rows.map((r) => r.id));
    for (const id of ids) if (!found.has(id)) this.needs.remove(id);
  }

  async #applyToOffers(changes: ReturnType<typeof emptyEvent>): Promise<void> {
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
    // With their stored skills (offer_skills): what the SQL path's remote look-up reads.
    const stored = await repo.offerSkills(
      db,
      rows.map((r) => r.id),
    );
    for (const row of rows)
      this.offers.put(
        toOfferCandidate(row, engaged.has(row.organization_id ?? row.owner_user_id ?? '')),
        stored.get(row.id) ?? [],
      );
    const found = new Set(rows.map((r) => r.id));
    for (const id of ids) if (!found.has(id)) this.offers.remove(id);
  }
}

const indexes = new WeakMap<AppContext, MatchingIndex>();

/**
 * Starts the instance's matching indexes (unless SEARCH_INDEX=off): subscribes to changes and builds them
 * in the background. Returns how to stop them.
 */
export function startMatchingIndex(ctx: AppContext): () => Promise<void> {
  if (ctx.config.searchIndex === 'off') return () => Promise.resolve();
  const index = new MatchingIndex(ctx);
  indexes.set(ctx, index);
  const unsubscribe = ctx.events.on('listings.changed', (event) => index.changed(event));
  void index.rebuild();
  return async () => {
    unsubscribe();
    await index.stop();
  };
}

/**
 * Where matching reads from: the database, plus the indexes once they hold every change heard so
 * far (read-your-writes); without them (off, building, stale) the SQL path.
 */
export async function matchingSource(ctx: AppContext): Promise<Source> {
  const index = indexes.get(ctx);
  if (index?.usable) await index.settled();
  const usable = index?.usable ? index : null;
  return { db: ctx.db, dialect: ctx.dialect, offerIndex: usable?.offers ?? null, needIndex: usable?.needs ?? null };
}

/** The instance's indexes whether or not they are usable yet (tests and benchmarks wait for their build). */
export const matchingIndexOf = (ctx: AppContext): MatchingIndex | null => indexes.get(ctx) ?? null;
