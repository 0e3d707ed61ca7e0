import { EventEmitter } from 'node:events';

/**
 * Domain events that other parts react to (the realtime hub pushes them to websockets).
 * Emitted after a transaction commits, never inside one.
 */
export interface DomainEvents {
  /** Sessions ended (logout, password change, erasure): close their websockets. All of the person's when no sessionId. */
  'sessions.revoked': { userId: string; sessionId?: string };
  /** Something a person should hear about now. */
  notify: { userIds: string[]; payload: { type: string } & Record<string, unknown> };
  /** Ledger transfers committed: the people and organisations whose balances changed. */
  ledger: { transferIds: string[]; userIds: string[]; organizationIds: string[] };
  /**
   * For metrics: each transfer written (outcome = its phase, after the commit) or a group refused
   * (outcome `refused`, when the rules decide; unit `unknown` when the refused leg names none).
   */
  'ledger.outcome': { unit: string; /** posted | pending | post_pending | void_pending | refused */ outcome: string; count: number };
  /** A whole-ledger verification finished (`ok`: intact). */
  'ledger.verified': { ok: boolean; at: Date };
  /** A new need fits these people best (offer owners; a business's managers): push `{ type: "match" }`. */
  match: { needId: string; organizationId: string; recipients: { userId: string; offerId: string; score: number }[] };
}

export class EventBus {
  readonly #emitter = new EventEmitter({ captureRejections: false });
  constructor() {
    this.#emitter.setMaxListeners(100);
  }
  emit<K extends keyof DomainEvents>(name: K, event: DomainEvents[K]): void {
    this.#emitter.emit(name, event);
  }
  on<K extends keyof DomainEvents>(name: K, listener: (event: DomainEvents[K]) => void): () => void {
    this.#emitter.on(name, listener);
    return () => this.#emitter.off(name, listener);
  }
}
