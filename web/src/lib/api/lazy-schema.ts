import type { z } from 'zod';

/**
 * A response schema from `shared/schemas`, fetched with zod when first needed instead of with the
 * start page (zod is about a third of the start page's JavaScript). The schemas stay the one
 * contract: this only decides *when* an answer is checked against them.
 *
 * - `parsedWith`: the answer is parsed before the caller gets it (zod is fetched first, once).
 * - `checkedLater`: the caller gets the answer at once and it is checked once the page is idle;
 *   only for the answers the start page needs before its first results (who is signed in, the
 *   search), whose schemas neither transform nor default (the answer is used as it came). A
 *   mismatch is reported on the console (the end-to-end tests fail on it) as a contract drift.
 */
export interface LazySchema<T> {
  readonly load: () => Promise<z.ZodType<T>>;
  readonly checkLater: boolean;
}

/**
 * zod's JIT must be switched off before the first schema is built (lib/zod-config.ts): every
 * lazily loaded schema module waits for that switch first. The schema is made once; a failed
 * fetch (offline) is tried again on the next call.
 */
function withConfig<T>(load: () => Promise<z.ZodType<T>>): () => Promise<z.ZodType<T>> {
  let loaded: Promise<z.ZodType<T>> | null = null;
  return () => {
    loaded ??= import('../zod-config.ts').then(load);
    loaded.catch(() => (loaded = null));
    return loaded;
  };
}

export function parsedWith<T>(load: () => Promise<z.ZodType<T>>): LazySchema<T> {
  return { load: withConfig(load), checkLater: false };
}

export function checkedLater<T>(load: () => Promise<z.ZodType<T>>): LazySchema<T> {
  return { load: withConfig(load), checkLater: true };
}

export function isLazySchema(schema: unknown): schema is LazySchema<unknown> {
  return typeof schema === 'object' && schema !== null && 'checkLater' in schema && 'load' in schema;
}

/** After the start page has shown its first results: when the browser is idle, at the latest a few seconds on. */
const CHECK_DELAY_MS = 3000;

function whenIdle(run: () => void): void {
  setTimeout(() => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: CHECK_DELAY_MS });
    else run();
  }, CHECK_DELAY_MS);
}

/** Checks `data` against the schema once the page is idle; a mismatch is a contract drift, reported. */
export function checkWhenIdle(schema: LazySchema<unknown>, data: unknown, what: string): void {
  whenIdle(() => {
    // Offline the schema's chunk cannot come (the answer was the service worker's copy): the next answer is checked.
    if (typeof navigator !== 'undefined' && !navigator.onLine) return;
    schema.load().then(
      (s) => {
        const checked = s.safeParse(data);
        if (!checked.success)
          console.error(`The answer of ${what} does not match the API contract`, checked.error.issues);
      },
      () => undefined, // offline: the schema's chunk could not be fetched; the next answer is checked
    );
  });
}
