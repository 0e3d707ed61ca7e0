import { EventEmitter } from 'node:events';

/**
 * Domain events that other parts react to (the realtime hub pushes them to websockets).
 * Emitted after a transaction commits, never inside one.
 */
export interface DomainEvents {
  /** Sessions ended (logout, password change, erasure): close their websockets. All of the person's when no sessionId. */
  'sessions.revoked': { userId: string; sessionId?: string };
  /**
   * Notifications committed (rows in `notifications`, written in the change's own transaction by
   * `recordNotifications`): emitted once, on the instance that committed. The mail module reads the
   * rows by id; the realtime hub delivers them (on PostgreSQL it hears the ids by LISTEN instead).
   */
  notify: { notificationIds: string[] };
  /** Ledger transfers committed: the people and organisations whose balances changed. */
  ledger: { transferIds: string[]; userIds: string[]; organizationIds: string[] };
  /**
   * Listings changed (committed): created, edited, closed, filled or reopened, hidden or shown, or
   * blanked by an erasure; `organizationIds`: organisations hidden or shown; `ownerUserIds`: every
   * offer of these people (an erasure). The in-memory search index reads them again from the database.
   */
  'listings.changed': { needIds?: string[]; offerIds?: string[]; organizationIds?: string[]; ownerUserIds?: string[] };
  /** A need was posted (committed). Matching announces it to the people whose offers fit best. */
  'need.created': { needId: string; organizationId: string };
  /**
   * For metrics: each transfer written (outcome = its phase, after the commit) or a group refused
   * (outcome `refused`, when the rules decide; unit `unknown` when the refused leg names none).
   */
  'ledger.outcome': {
    unit: string;
    /** posted | pending | post_pending | void_pending | refused */ outcome: string;
    count: number;
  };
  /** A whole-ledger verification finished (`ok`: intact). */
  'ledger.verified': { ok: boolean; at: Date };
  /** An engagement was proposed (an application or an invitation), committed. Questions between its parties join its conversation. */
  'engagement.proposed': {
    engagementId: string;
    needId: string;
    organizationId: string;
    workerUserId: string;
    offerId: string | null;
  };
  /** A new need fits these people best (offer owners; a business's managers): push `{ type: "match" }`. */
  match: { needId: string; organizationId: string; recipients: { userId: string; offerId: string; score: number }[] };
  /**
   * Someone asked for a password-reset link for this address. Handled after the answer (202 for every
   * address), so neither the answer nor its timing tells whether an account has it.
   */
  'password_reset.requested': { email: string };
  /** A mail about the account itself (its link holds a fresh single-use token): the mail module sends it. */
  'account.mail': {
    purpose: 'verify_email' | 'password_reset';
    userId: string;
    to: string;
    locale: string;
    token: string;
    validMinutes: number;
  };
}

/**
 * Listeners run when the event is emitted. A listener that returns a promise does its work after
 * the emitter has moved on; the bus keeps track of it, so `idle()` (tests, shutdown) can wait for
 * every such piece of work, and a failure is reported to `onError` instead of going unnoticed.
 */
export class EventBus {
  readonly #emitter = new EventEmitter({ captureRejections: false });
  readonly #pending = new Set<Promise<void>>();
  /** Where failed asynchronous listeners are reported; app.ts points it at the server log. */
  onError: (error: unknown, event: keyof DomainEvents) => void = (error, event) =>
    console.error(`listener of ${event} failed`, error);

  constructor() {
    this.#emitter.setMaxListeners(100);
  }
  emit<K extends keyof DomainEvents>(name: K, event: DomainEvents[K]): void {
    this.#emitter.emit(name, event);
  }
  on<K extends keyof DomainEvents>(name: K, listener: (event: DomainEvents[K]) => unknown): () => void {
    const run = (event: DomainEvents[K]) => {
      const result = listener(event);
      if (result instanceof Promise) this.#track(name, result);
    };
    this.#emitter.on(name, run);
    return () => this.#emitter.off(name, run);
  }
  /** Resolves once every asynchronous listener has finished, including work their events started. */
  async idle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }
  #track(name: keyof DomainEvents, work: Promise<void>): void {
    const tracked = work.then(
      () => undefined,
      (error: unknown) => this.onError(error, name),
    );
    this.#pending.add(tracked);
    void tracked.finally(() => this.#pending.delete(tracked));
  }
}
