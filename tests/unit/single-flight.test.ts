import { describe, expect, it } from 'vitest';
import { singleFlight } from '../../server/modules/ledger/routes.ts';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('singleFlight (public ledger verification)', () => {
  it('runs once for concurrent callers, reuses a fresh result for the same head, and runs again when old or the head moved', async () => {
    let now = 0;
    let head = 'h1';
    let runs = 0;
    let release: (v: number) => void = () => {};
    const verify = singleFlight(
      () => {
        runs += 1;
        return new Promise<number>((resolve) => {
          release = resolve;
        });
      },
      async () => head,
      () => now,
      10_000,
    );
    const a = verify();
    const b = verify();
    await tick();
    release(42);
    expect(await Promise.all([a, b])).toEqual([42, 42]);
    expect(runs).toBe(1);
    now = 9_999;
    expect(await verify()).toBe(42);
    expect(runs).toBe(1);
    now = 10_000;
    const c = verify();
    await tick();
    release(43);
    expect(await c).toBe(43);
    expect(runs).toBe(2);
    // A new journal head is verified afresh at once, however young the last result.
    head = 'h2';
    const d = verify();
    await tick();
    release(44);
    expect(await d).toBe(44);
    expect(runs).toBe(3);
  });

  it('does not keep a failure', async () => {
    let fail = true;
    const verify = singleFlight(
      async () => {
        if (fail) throw new Error('db gone');
        return 'ok';
      },
      async () => 'h',
      () => 0,
      10_000,
    );
    await expect(verify()).rejects.toThrow('db gone');
    fail = false;
    expect(await verify()).toBe('ok');
  });
});
