import type { Clock } from '../../clock.ts';

/**
 * Counts attempts per key (an account's email) in a fixed window, on the injected clock.
 * @fastify/rate-limit guards each address; it runs one limiter per request, so the per-account
 * limit that stops a spread (many-address) attack is this one. In memory: per app instance.
 */
export class AttemptLimiter {
  readonly #windows = new Map<string, { start: number; count: number }>();
  constructor(
    private readonly clock: Clock,
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** Records an attempt; returns the seconds to wait when over the limit, else 0. */
  hit(key: string): number {
    const now = this.clock.now().getTime();
    let w = this.#windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      w = { start: now, count: 0 };
      this.#windows.set(key, w);
      if (this.#windows.size > 100_000) this.#prune(now);
    }
    w.count += 1;
    return w.count > this.max ? Math.ceil((w.start + this.windowMs - now) / 1000) : 0;
  }

  #prune(now: number): void {
    for (const [k, w] of this.#windows) if (now - w.start >= this.windowMs) this.#windows.delete(k);
  }
}
