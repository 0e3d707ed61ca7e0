import type { z } from 'zod';
import { ApiError, type ClientErrorCode } from '../api/client.ts';
import { fieldErrorsFromApi, fieldErrorsFromZod, type FieldErrors, type FieldMessage } from './validation.ts';

/**
 * A form's validation state. The same shared zod schema the server uses checks the values on every
 * change. Problems show from the first try to send on, and then follow every keystroke. (Not on
 * leaving a field: a message appearing then moves the send button away under the pointer.)
 */
export class FormState<S extends z.ZodType> {
  readonly #schema: S;
  readonly #values: () => unknown;
  #submitted = $state(false);
  #busy = $state(false);
  #serverErrors = $state<FieldErrors>({});
  #errorCode = $state<ClientErrorCode | null>(null);
  #parsed = $derived.by(() => this.#schema.safeParse(this.#values()));
  #clientErrors = $derived(this.#parsed.success ? {} : fieldErrorsFromZod(this.#parsed.error));

  constructor(schema: S, values: () => unknown) {
    this.#schema = schema;
    this.#values = values;
  }

  get busy(): boolean {
    return this.#busy;
  }
  /** The refusal to show above the form: an error code, `invalid_input` after a failed check. */
  get errorCode(): ClientErrorCode | null {
    return this.#errorCode;
  }

  error(field: string): FieldMessage | undefined {
    const client = this.#submitted ? this.#clientErrors[field] : undefined;
    return client ?? this.#serverErrors[field];
  }

  /** Forgets what the server said about a field once the person changes it. */
  changed = (field: string): void => {
    if (this.#serverErrors[field]) {
      const { [field]: _gone, ...rest } = this.#serverErrors;
      this.#serverErrors = rest;
    }
  };

  /**
   * Checks the values and, when they pass, calls `send` with the parsed data. A refusal from the
   * server lands on the form (code above, fields next to fields); other errors propagate.
   */
  async submit(send: (data: z.output<S>) => Promise<void>): Promise<boolean> {
    this.#submitted = true;
    this.#serverErrors = {};
    if (!this.#parsed.success) {
      this.#errorCode = 'invalid_input';
      focusFirstInvalid();
      return false;
    }
    this.#errorCode = null;
    this.#busy = true;
    try {
      await send(this.#parsed.data);
      this.#submitted = false;
      return true;
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      this.#serverErrors = fieldErrorsFromApi(err);
      this.#errorCode = err.code;
      focusFirstInvalid();
      return false;
    } finally {
      this.#busy = false;
    }
  }
}

/**
 * After a refused submit, the first field with a problem gets focus (after the DOM updated) — unless
 * the person has already moved on to a field of their own choosing in the meantime.
 */
function focusFirstInvalid(): void {
  const focusedAtSubmit = document.activeElement;
  queueMicrotask(() =>
    requestAnimationFrame(() => {
      if (document.activeElement !== focusedAtSubmit) return;
      const el = document.querySelector<HTMLElement>('main [aria-invalid="true"]');
      el?.focus();
    }),
  );
}
