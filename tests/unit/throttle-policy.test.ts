import { describe, expect, it } from 'vitest';
import { delayAfter, FREE_FAILURES, MAX_DELAY_MS, signInWait, waitFor } from '../../server/modules/throttle/policy.ts';

const at = (ms: number) => new Date(Date.UTC(2026, 2, 2, 9) + ms);

describe('throttle policy', () => {
  it('lets the first failures through, then doubles the wait from 0.5 s up to the 10 s cap', () => {
    expect(Array.from({ length: 11 }, (_, n) => delayAfter(n))).toEqual([
      0, 0, 0, 500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000,
    ]);
    expect(delayAfter(FREE_FAILURES - 1)).toBe(0);
    expect(delayAfter(1000)).toBe(MAX_DELAY_MS);
  });

  it('counts the wait from the last failure', () => {
    const count = { failures: 5, lastFailureAt: at(0) };
    expect(waitFor(count, at(0))).toBe(2000);
    expect(waitFor(count, at(1500))).toBe(500);
    expect(waitFor(count, at(2000))).toBe(0);
    expect(waitFor(undefined, at(0))).toBe(0);
  });

  it('holds an address back by the account only when that address has failed itself', () => {
    const account = { failures: 9, lastFailureAt: at(0) };
    expect(signInWait({ account }, at(1))).toBe(0);
    expect(signInWait({ account, address: { failures: 0, lastFailureAt: at(0) } }, at(1))).toBe(0);
    expect(signInWait({ account, address: { failures: 1, lastFailureAt: at(0) } }, at(1))).toBe(9999);
    expect(signInWait({ address: { failures: 4, lastFailureAt: at(0) } }, at(0))).toBe(1000);
  });
});
