import type { z } from 'zod';
import type { Engagement, engagementMessage } from '../../../shared/schemas/engagements.ts';
import type { ServerMessage } from '../../../shared/schemas/realtime.ts';
import { ApiError, errorCodeOf, type ClientErrorCode } from '../lib/api/client.ts';
import { engagementsApi } from '../lib/api/engagements.ts';
import { actionRefusalKey } from '../lib/i18n/engagement-words.ts';

export type EngagementMessage = z.infer<typeof engagementMessage>;

/** A message of the person's own on its way: shown at once, "sending…", or "failed" with a retry. */
export interface PendingMessage {
  localId: number;
  text: string;
  state: 'sending' | 'failed';
}

let localIds = 0;

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
  #pending = $state<PendingMessage[]>([]);
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
  /** The person's own messages not yet accepted by the server. */
  get pending(): PendingMessage[] {
    return this.#pending;
  }
  /** The timeline: the steps as system messages. */
  get events(): EngagementMessage[] {
    return this.#events;
  }

  /** The engagement and its conversation, asked together and shown together. */
  async load(): Promise<void> {
    try {
      const [engagement, messages] = await Promise.all([
        engagementsApi.get(this.#id()),
        engagementsApi.messages(this.#id()),
      ]);
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
  async answer(
    action: 'accept' | 'decline' | 'cancel',
    note: string | undefined,
  ): Promise<{ engagement: Engagement } | { refusal: string }> {
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

  /**
   * Sends a message, shown at once as "sending…". When the network or the server fails it stays,
   * marked failed, for `retry`; a refusal of the text itself (too long, …) goes to the form.
   */
  async postMessage(text: string): Promise<void> {
    const pending: PendingMessage = { localId: ++localIds, text, state: 'sending' };
    this.#pending = [...this.#pending, pending];
    await this.#deliver(pending);
  }

  async retry(localId: number): Promise<void> {
    const pending = this.#pending.find((p) => p.localId === localId);
    if (!pending || pending.state !== 'failed') return;
    this.#setPending(localId, 'sending');
    await this.#deliver(pending);
  }

  /** A frame from the live socket: a message in this conversation, or a step someone else took. */
  async receive(frame: ServerMessage): Promise<void> {
    if (frame.type === 'message' && frame.engagementId === this.#id()) {
      this.#addMessage(frame.message);
    } else if (
      frame.type === 'notification' &&
      frame.notification.data.engagementId === this.#id() &&
      frame.notification.kind !== 'message.received'
    ) {
      try {
        const [engagement, messages] = await Promise.all([
          engagementsApi.get(this.#id()),
          engagementsApi.messages(this.#id()),
        ]);
        this.#engagement = engagement;
        this.#messages = messages.items;
      } catch {
        // The page keeps what it shows; the next step or reload brings it up to date.
      }
    }
  }

  async #deliver(pending: PendingMessage): Promise<void> {
    try {
      const message = await engagementsApi.postMessage(this.#id(), pending.text);
      this.#pending = this.#pending.filter((p) => p.localId !== pending.localId);
      this.#addMessage(message);
    } catch (err) {
      if (err instanceof ApiError && err.status > 0 && err.status < 500) {
        this.#pending = this.#pending.filter((p) => p.localId !== pending.localId);
        throw err;
      }
      this.#setPending(pending.localId, 'failed');
    }
  }

  #setPending(localId: number, state: PendingMessage['state']): void {
    this.#pending = this.#pending.map((p) => (p.localId === localId ? { ...p, state } : p));
  }

  #addMessage(message: EngagementMessage): void {
    if (!this.#messages.some((m) => m.id === message.id)) this.#messages = [...this.#messages, message];
  }

  async #refreshMessages() {
    this.#messages = (await engagementsApi.messages(this.#id())).items;
  }
}
