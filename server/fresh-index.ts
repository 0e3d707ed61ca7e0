/**
 * The life an instance's in-memory index shares with every other (the search index, the matching
 * indexes), while the database stays the source of truth:
 * - built at start in the background, while readers still ask the database;
 * - after every commit that changes listings, the `listings.changed` event makes it read what the
 *   event names again — one change at a time, in the order the events came, so an older read never
 *   overwrites a newer one; changes heard during a build are read after it;
 * - when reading a change fails (a missed event), it is stale: readers ask the database again until
 *   a full rebuild has finished; a failed build is tried again after a pause.
 * Subclasses say how to build and how to apply a change; this class keeps the order and the state.
 */
import type { AppContext } from './context.ts';
import type { DomainEvents } from './events.ts';

export type ListingChangeEvent = DomainEvents['listings.changed'];
const changeKinds = ['needIds', 'offerIds', 'organizationIds', 'ownerUserIds'] as const;
/** A `listings.changed` event (or several merged) as sets of ids. */
export type ListingChanges = Record<(typeof changeKinds)[number], Set<string>>;

const noChanges = (): ListingChanges => ({
  needIds: new Set(),
  offerIds: new Set(),
  organizationIds: new Set(),
  ownerUserIds: new Set(),
});
const isEmpty = (changes: ListingChanges): boolean => changeKinds.every((kind) => changes[kind].size === 0);

/** After a failed build, the next attempt waits this long. */
const RETRY_MS = 30_000;

export abstract class FreshIndex {
  protected readonly ctx: AppContext;
  /** What the log calls it ("search index", "matching indexes"). */
  protected abstract readonly name: string;
  /** True once built and while every change since was applied. */
  #usable = false;
  #building: Promise<void> | null = null;
  /** While building: changes are collected in `#pending` instead of applied. */
  #collecting = false;
  #pending = noChanges();
  /** The chain that applies changes one at a time, and how many changes it still holds. */
  #applying: Promise<void> = Promise.resolve();
  #inFlight = 0;
  #retry: NodeJS.Timeout | undefined;
  #stopped = false;
  /** How long the last full build took (ms), for the log and the benchmark. */
  lastBuildMs: number | null = null;

  constructor(ctx: AppContext) {
    this.ctx = ctx;
  }

  /** Reads everything from the database into new structures and puts them in place. */
  protected abstract load(): Promise<void>;
  /** Reads what `changes` names again into the structures in place. */
  protected abstract apply(changes: ListingChanges): Promise<void>;
  /** What the "built" log line says besides the time. */
  protected abstract sizes(): Record<string, number>;
  /** After a change was applied: whether the structures have grown wasteful enough to rebuild. */
  protected wasteful(): boolean {
    return false;
  }

  get usable(): boolean {
    return this.#usable;
  }

  /**
   * Resolves once every change heard so far is applied, so a read right after a write (whose event
   * was emitted before its answer) finds it: read-your-writes.
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

  /** Builds from the database (again); readers ask the database meanwhile. */
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
    try {
      await this.load();
      // Apply what was heard meanwhile until nothing is left; the last check and the switch to
      // applying changes as they come happen in one synchronous step, so no event falls between.
      for (;;) {
        const heard = this.#pending;
        this.#pending = noChanges();
        if (isEmpty(heard)) break;
        await this.apply(heard);
      }
      this.#collecting = false;
      this.#usable = true;
      this.lastBuildMs = performance.now() - started;
      this.ctx.log.info({ ...this.sizes(), ms: Math.round(this.lastBuildMs) }, `${this.name} built`);
    } catch (err) {
      this.#collecting = false;
      this.ctx.log.error({ err }, `${this.name} could not be built; the database answers meanwhile`);
      this.#retry = setTimeout(() => void this.rebuild(), RETRY_MS).unref();
    }
  }

  /** A `listings.changed` event: read what it names again (after the build, if one is running). */
  changed(event: ListingChangeEvent): Promise<void> {
    if (this.#collecting) {
      for (const kind of changeKinds) for (const id of event[kind] ?? []) this.#pending[kind].add(id);
      return this.#building ?? Promise.resolve();
    }
    if (!this.#usable) return Promise.resolve();
    const changes: ListingChanges = {
      needIds: new Set(event.needIds),
      offerIds: new Set(event.offerIds),
      organizationIds: new Set(event.organizationIds),
      ownerUserIds: new Set(event.ownerUserIds),
    };
    this.#inFlight++;
    this.#applying = this.#applying.then(() =>
      this.apply(changes)
        .then(() => {
          if (this.wasteful()) void this.rebuild();
        })
        .catch((err: unknown) => {
          this.ctx.log.error({ err }, `${this.name} missed a change; rebuilding`);
          void this.rebuild();
        })
        .finally(() => {
          this.#inFlight--;
        }),
    );
    return this.#applying;
  }
}

/**
 * Starts an instance's index (unless SEARCH_INDEX=off): keeps it in `registry`, subscribes it to
 * `listings.changed` and builds it in the background. Returns how to stop it.
 */
export function startFreshIndex<I extends FreshIndex>(
  ctx: AppContext,
  registry: WeakMap<AppContext, I>,
  create: (ctx: AppContext) => I,
): () => Promise<void> {
  if (ctx.config.searchIndex === 'off') return () => Promise.resolve();
  const index = create(ctx);
  registry.set(ctx, index);
  const unsubscribe = ctx.events.on('listings.changed', (event) => index.changed(event));
  void index.rebuild();
  return async () => {
    unsubscribe();
    await index.stop();
  };
}
