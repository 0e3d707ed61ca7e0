import { ApiError, errorCodeOf, type ClientErrorCode } from './client.ts';

/**
 * A request a person starts from a button or a form: `busy` while it runs (the button waits), the
 * refusal's code in `error` after it failed. With `onlyRefusals`, what is not an API refusal (a bug,
 * not an answer) goes on to the page's error handler instead of showing as `internal`.
 */
export class Action {
  #busy = $state(false);
  #error = $state<ClientErrorCode | null>(null);
  readonly #onlyRefusals: boolean;

  constructor(options: { onlyRefusals?: boolean } = {}) {
    this.#onlyRefusals = options.onlyRefusals ?? false;
  }

  get busy(): boolean {
    return this.#busy;
  }
  get error(): ClientErrorCode | null {
    return this.#error;
  }

  /** A refusal found on the page before anything was sent (a value that does not parse). */
  fail(code: ClientErrorCode): void {
    this.#error = code;
  }

  /** Forgets the last refusal (a new attempt that a check on the page may stop before sending). */
  clear(): void {
    this.#error = null;
  }

  /** Runs `work` with the error cleared; resolves true when it went through, false after a refusal. */
  async run(work: () => Promise<unknown>): Promise<boolean> {
    this.#busy = true;
    this.#error = null;
    try {
      await work();
      return true;
    } catch (err) {
      if (this.#onlyRefusals && !(err instanceof ApiError)) throw err;
      this.#error = errorCodeOf(err);
      return false;
    } finally {
      this.#busy = false;
    }
  }
}
