import { untrack } from 'svelte';
import { errorCodeOf, type ClientErrorCode } from './client.ts';

/**
 * Data a component loads from the API: what it has, the refusal's code, whether a load is under way.
 * Created during a component's setup (it owns an effect): `inputs` is read reactively and every change
 * loads again; an answer that arrives after a newer load started (or after the component is gone) is
 * dropped, so a slow first answer never overwrites a quick second one.
 */
export class Resource<T, I = void> {
  #data = $state<T | null>(null);
  #error = $state<ClientErrorCode | null>(null);
  #loading = $state(true);
  #loaded = $state(false);
  readonly #fetch: (input: I) => Promise<T>;
  #input: I | undefined;
  #generation = 0;

  constructor(fetch: (input: I) => Promise<T>, inputs?: () => I) {
    this.#fetch = fetch;
    $effect(() => {
      const input = inputs ? inputs() : (undefined as I);
      untrack(() => void this.#load(input));
      return () => {
        this.#generation += 1;
      };
    });
  }

  /** The last answer; null before the first one and after a refusal. */
  get data(): T | null {
    return this.#data;
  }
  /** Why the last load failed (`internal` for what was not an API refusal), or null. */
  get error(): ClientErrorCode | null {
    return this.#error;
  }
  get loading(): boolean {
    return this.#loading;
  }
  /** True once any load has finished, well or not. */
  get loaded(): boolean {
    return this.#loaded;
  }

  /** Replaces the data with a newer version the page got otherwise (the answer to a change). */
  set(value: T): void {
    this.#data = value;
  }

  /** Loads again with the same inputs; resolves when this load has landed (or was overtaken). */
  reload(): Promise<void> {
    return this.#load(this.#input as I);
  }

  async #load(input: I): Promise<void> {
    const generation = ++this.#generation;
    this.#input = input;
    this.#loading = true;
    try {
      const value = await this.#fetch(input);
      if (generation !== this.#generation) return;
      this.#data = value;
      this.#error = null;
    } catch (err) {
      if (generation !== this.#generation) return;
      this.#data = null;
      this.#error = errorCodeOf(err);
    } finally {
      if (generation === this.#generation) {
        this.#loading = false;
        this.#loaded = true;
      }
    }
  }
}

/** One page of a list as every list endpoint answers it. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * A list loaded page by page: the first page as a Resource, `more()` appends the next one. A failed
 * `more()` keeps what is shown and reports its code through `error`.
 */
export class PagedResource<T, I = void> extends Resource<Page<T>, I> {
  readonly #fetchPage: (input: I, cursor?: string) => Promise<Page<T>>;
  readonly #inputs: (() => I) | undefined;
  #loadingMore = $state(false);
  #moreError = $state<ClientErrorCode | null>(null);

  constructor(fetchPage: (input: I, cursor?: string) => Promise<Page<T>>, inputs?: () => I) {
    super((input) => fetchPage(input), inputs);
    this.#fetchPage = fetchPage;
    this.#inputs = inputs;
  }

  get items(): T[] {
    return this.data?.items ?? [];
  }
  get nextCursor(): string | null {
    return this.data?.nextCursor ?? null;
  }
  get loadingMore(): boolean {
    return this.#loadingMore;
  }
  override get error(): ClientErrorCode | null {
    return super.error ?? this.#moreError;
  }

  /** Appends the next page; resolves with how many items there were before it. */
  async more(): Promise<number> {
    const shown = this.items.length;
    const cursor = this.nextCursor;
    if (!cursor || this.#loadingMore) return shown;
    this.#loadingMore = true;
    this.#moreError = null;
    try {
      const next = await this.#fetchPage(
        untrack(() => (this.#inputs ? this.#inputs() : (undefined as I))),
        cursor,
      );
      this.set({ items: [...this.items, ...next.items], nextCursor: next.nextCursor });
    } catch (err) {
      this.#moreError = errorCodeOf(err);
    } finally {
      this.#loadingMore = false;
    }
    return shown;
  }
}
