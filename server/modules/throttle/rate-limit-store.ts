import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { AppContext } from '../../context.ts';
import * as repo from './repository.ts';
import { opaqueKey, sweepExpired } from './service.ts';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * @fastify/rate-limit hands `child()` the merged limiter options with `routeInfo`: the route for a
 * route's `config.rateLimit`, `{}` for `app.rateLimit()`/`createRateLimit()` limiters (those make
 * their keys distinct through their `keyGenerator`).
 */
function routeOf(options: object): string | undefined {
  if (!('routeInfo' in options) || typeof options.routeInfo !== 'object' || options.routeInfo === null)
    return undefined;
  const info = options.routeInfo;
  if (!('url' in info) || typeof info.url !== 'string') return undefined;
  const method = 'method' in info ? [info.method].flat().join(',') : '';
  return `${method} ${info.url}`;
}

/** Expired windows are deleted at most this often, by the instance that counts a hit then. */
const SWEEP_EVERY_MS = 60_000;

/**
 * A @fastify/rate-limit store in the app's database (its custom `store` contract: `incr`, `read`,
 * `child`), so every instance on one PostgreSQL counts the same windows: a client spread over two
 * instances is limited as by one. Fixed windows on `ctx.clock`, one atomic upsert per hit.
 */
export function databaseRateLimitStore(ctx: AppContext): FastifyRateLimitStoreCtor {
  let lastSweep = 0;
  const maybeSweep = (now: number) => {
    if (now - lastSweep < SWEEP_EVERY_MS) return;
    lastSweep = now;
    sweepExpired(ctx).catch((err: unknown) => ctx.log.warn({ err }, 'rate-limit sweep failed'));
  };

  class DatabaseRateLimitStore implements FastifyRateLimitStore {
    private readonly namespace: string;
    /** The plugin constructs the root store with its options; `child()` passes a route's name. */
    constructor(options: object | string) {
      this.namespace = typeof options === 'string' ? options : 'global';
    }

    incr(key: string, callback: Callback, timeWindow: number): void {
      const now = ctx.clock.now().getTime();
      maybeSweep(now);
      repo
        .hitWindow(
          ctx.db,
          opaqueKey(this.namespace, key),
          new Date(now).toISOString(),
          new Date(now + timeWindow).toISOString(),
        )
        .then((w) => callback(null, { current: w.hits, ttl: Math.max(0, Date.parse(w.expires_at) - now) }))
        .catch((err: unknown) => callback(err instanceof Error ? err : new Error(String(err))));
    }

    read(key: string, callback: Callback): void {
      const now = ctx.clock.now().getTime();
      repo
        .readWindow(ctx.db, opaqueKey(this.namespace, key), new Date(now).toISOString())
        .then((w) =>
          callback(null, w ? { current: w.hits, ttl: Date.parse(w.expires_at) - now } : { current: 0, ttl: 0 }),
        )
        .catch((err: unknown) => callback(err instanceof Error ? err : new Error(String(err))));
    }

    child(options: object): FastifyRateLimitStore {
      return new DatabaseRateLimitStore(routeOf(options) ?? this.namespace);
    }
  }
  return DatabaseRateLimitStore;
}
