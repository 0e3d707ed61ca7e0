/**
 * The instance's in-memory indexes for matching, and how they stay true to the database, which
 * remains the source of truth (the life in `server/fresh-index.ts`, shared with listings' search index):
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
import { FreshIndex, startFreshIndex, type ListingChanges } from '../../fresh-index.ts';
import { CandidateIndex } from './core/candidate-index.ts';
import { toMatchNeed, toOfferCandidate } from './core/mapping.ts';
import { NeedIndex } from './core/need-index.ts';
import * as repo from './repository.ts';
import type { Source } from './retrieval.ts';

const PAGE = 2000;
/** Rebuild when this many replaced slots are left behind (and at least as many as live ones). */
const DEAD_SLOTS_BEFORE_REBUILD = 50_000;

export class MatchingIndex extends FreshIndex {
  protected readonly name = 'matching indexes';
  offers = new CandidateIndex([], 0, { retrieval: 'database' });
  needs = new NeedIndex();

  protected sizes(): Record<string, number> {
    return { offers: this.offers.size, needs: this.needs.size, bytes: this.offers.features.bytes() };
  }

  protected override wasteful(): boolean {
    const wasteful = (index: { deadSlots: number; size: number }) =>
      index.deadSlots >= DEAD_SLOTS_BEFORE_REBUILD && index.deadSlots >= index.size;
    return wasteful(this.offers) || wasteful(this.needs);
  }

  protected async load(): Promise<void> {
    const offers = new CandidateIndex([], 0, { retrieval: 'database' });
    const needs = new NeedIndex();
    const engaged = await repo.everEngagedWorkers(this.ctx.db);
    for (let after: string | null = null; ;) {
      const rows: repo.OfferRowForMatching[] = await repo.indexOffers(this.ctx.db, { after, limit: PAGE });
      const last = rows.at(-1);
      if (!last) break;
      const stored = await repo.offerSkillsInRange(this.ctx.db, after, last.id);
      for (const row of rows)
        offers.put(
          toOfferCandidate(row, engaged.has(row.organization_id ?? row.owner_user_id ?? '')),
          stored.get(row.id) ?? [],
        );
      if (rows.length < PAGE) break;
      after = last.id;
    }
    for (let after: string | null = null; ;) {
      const rows: repo.NeedRowForMatching[] = await repo.indexNeeds(this.ctx.db, { after, limit: PAGE });
      for (const row of rows) needs.put({ need: toMatchNeed(row), organizationId: row.organization_id });
      const last = rows.at(-1);
      if (!last || rows.length < PAGE) break;
      after = last.id;
    }
    this.offers = offers;
    this.needs = needs;
  }

  protected async apply(changes: ListingChanges): Promise<void> {
    await this.#applyToNeeds(changes);
    await this.#applyToOffers(changes);
  }

  async #applyToNeeds(changes: ListingChanges): Promise<void> {
    const ids = new Set([...changes.needIds, ...(await repo.needIdsOf(this.ctx.db, [...changes.organizationIds]))]);
    if (ids.size === 0) return;
    const rows = await repo.indexNeeds(this.ctx.db, { ids: [...ids] });
    for (const row of rows) this.needs.put({ need: toMatchNeed(row), organizationId: row.organization_id });
    const found = new Set(rows.map((r) => r.id));
    for (const id of ids) if (!found.has(id)) this.needs.remove(id);
  }

  async #applyToOffers(changes: ListingChanges): Promise<void> {
    const db = this.ctx.db;
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
  return startFreshIndex(ctx, indexes, (c) => new MatchingIndex(c));
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
