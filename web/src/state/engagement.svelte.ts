import type { z } from 'zod';
import type { Engagement, engagementMessage } from '../../../shared/schemas/engagements.ts';
import { ApiError, errorCodeOf, type ClientErrorCode } from '../lib/api/client.ts';
import { engagementsApi } from '../lib/api/engagements.ts';
import { actionRefusalKey } from '../lib/i18n/engagement-words.ts';

export type EngagementMessage = z.infer<typeof engagementMessage>;

/**
 * One engagement as its page shows it: the engagement, its conversation (people's messages and the
 * steps the server wrote as system messages), and the steps taken from the page.
 */
export class EngagementState {
  /** The engagement's id, read when asked (a page's params). */
  readonly #id: () => string;
  #engagement = $state<Engagement | null>(null);
  #messages = $state<EngagementMessage[]>([]);
  #loadError = $state<ClientErrorCode | null>(null);
  #busy = $state(false);
  #personMessages = $derived(this.#messages.filter((m) => m.type === 'person'));
  #events = $derived(this.#messages.filter((m) => m.type === 'system'));

  constructor(id: () => string) {
    this.#id = id;
  }

  get engagement(): Engagement | null {
    return this.#engagement;
  }
  get loadError(): ClientErrorCode | null {
    return this.#loadError;
  }
  /** An answer (accept, decline, cancel) is on its way. */
  get busy(): boolean {
    return this.#busy;
  }
  get personMessages(): EngagementMessage[] {
    return this.#personMessages;
  }
  /** The timeline: the steps as system messages. */
  get events(): EngagementMessage[] {
    return this.#events;
  }

  /** The engagement and its conversation, asked together and shown together. */
  async load(): Promise<void> {
    try {
      const [engagement, messages] = await Promise.all([engagementsApi.get(this.#id()), engagementsApi.messages(this.#id())]);
      this.#engagement = engagement;
      this.#messages = messages.items;
    } catch (err) {
      this.#loadError = errorCodeOf(err);
    }
  }

  /** After any step: the new state at once, then the timeline the server wrote it into. */
  async stepped(engagement: Engagement): Promise<void> {
    this.#engagement = engagement;
    await this.#refreshMessages();
  }

  /**
   * Accepts, declines or cancels: the changed engagement (for the page to pass to `stepped`), or the
   * catalogue key that explains a refusal.
   */
  async answer(action: 'accept' | 'decline' | 'cancel', note: string | undefined): Promise<{ engagement: Engagement } | { refusal: string }> {
    this.#busy = true;
    try {
      return { engagement: await engagementsApi.answer(this.#id(), action, note) };
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      return { refusal: actionRefusalKey(err) };
    } finally {
      this.#busy = false;
    }
  }

  /** Disputes the hours or delivery; an `ApiError` refusal propagates to the dispute form. */
  dispute(reason: string): Promise<Engagement> {
    return engagementsApi.dispute(this.#id(), reason);
  }

  async postMessage(text: string): Promise<void> {
    this.#messages = [...this.#messages, await engagementsApi.postMessage(this.#id(), text)];
  }

  async #refreshMessages() {
    this.#messages = (await engagementsApi.messages(this.#id())).items;
  }
}
