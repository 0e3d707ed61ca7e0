/**
 * How long failed password checks make the next one wait. Pure: the service reads the counters and
 * asks these functions. Nothing here locks anyone out: the wait is capped, and an address without
 * recent failures is never held back by failures on the account it signs in to.
 */

/** Failures allowed without any wait (typos). */
export const FREE_FAILURES = 3;
/** First wait after the free failures; it doubles with each further failure, up to the cap. */
export const BASE_DELAY_MS = 500;
export const MAX_DELAY_MS = 10_000;
/** Counters are forgotten this long after their last failure. */
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;

export interface FailureCount {
  failures: number;
  lastFailureAt: Date;
}

/** The wait after `failures` failures: 0, 0, 0, 0.5 s, 1 s, 2 s, 4 s, 8 s, 10 s, 10 s … */
export function delayAfter(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(BASE_DELAY_MS * 2 ** (failures - FREE_FAILURES), MAX_DELAY_MS);
}

/** Milliseconds still to wait before the next attempt under one counter (0: go ahead). */
export function waitFor(count: FailureCount | undefined, now: Date): number {
  if (!count || count.failures <= 0) return 0;
  return Math.max(0, count.lastFailureAt.getTime() + delayAfter(count.failures) - now.getTime());
}

/**
 * A sign-in attempt waits for its address's failures and — only when that address has failed
 * recently itself — for the account's. So a stranger guessing from anywhere slows down every
 * address that keeps guessing, while the owner, signing in from an address that has not failed,
 * is never made to wait by the stranger.
 */
export function signInWait(
  counts: { address?: FailureCount | undefined; account?: FailureCount | undefined },
  now: Date,
): number {
  const addressWait = waitFor(counts.address, now);
  const addressIsClean = !counts.address || counts.address.failures <= 0;
  return Math.max(addressWait, addressIsClean ? 0 : waitFor(counts.account, now));
}
