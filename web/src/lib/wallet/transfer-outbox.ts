import { z } from 'zod';
import { createTransferBody, type CreateTransferBody } from '../../../../shared/schemas/ledger.ts';

/**
 * A time-credit transfer that was sent but not yet answered. The browser makes the id once and
 * keeps it with the body (in sessionStorage: it survives a reload, not the tab) until the server
 * has answered, so a retry after a lost reply sends the same id and the ledger applies it once.
 */
export interface OutboxEntry {
  body: CreateTransferBody;
  /** Shown while the outcome is unknown: who it was for. */
  recipientName: string;
  sentAt: string;
}

const KEY = 'waardewerk.transferOutbox';

const outboxEntry = z.object({ body: createTransferBody, recipientName: z.string(), sentAt: z.string() });

export class TransferOutbox {
  readonly #storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;

  constructor(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null) {
    this.#storage = storage;
  }

  read(): OutboxEntry | null {
    try {
      const raw = this.#storage?.getItem(KEY);
      if (!raw) return null;
      const parsed = outboxEntry.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  /**
   * The body to send for this transfer: the kept one when the same transfer is tried again (same
   * recipient, amount and memo), so its id stays; otherwise a new id, kept before anything is sent.
   */
  prepare(draft: Omit<CreateTransferBody, 'id'>, recipientName: string, newId: () => string, now: Date): OutboxEntry {
    const kept = this.read();
    if (kept && sameTransfer(kept.body, draft)) return kept;
    const entry: OutboxEntry = { body: { ...draft, id: newId() }, recipientName, sentAt: now.toISOString() };
    this.#write(entry);
    return entry;
  }

  /** The server answered (accepted or refused): this id is settled. */
  clear(): void {
    try {
      this.#storage?.removeItem(KEY);
    } catch {
      // storage blocked: nothing was kept
    }
  }

  #write(entry: OutboxEntry): void {
    try {
      this.#storage?.setItem(KEY, JSON.stringify(entry));
    } catch {
      // storage blocked (private mode): the id lives in memory for this page only
    }
  }
}

function sameTransfer(a: Omit<CreateTransferBody, 'id'>, b: Omit<CreateTransferBody, 'id'>): boolean {
  return (
    a.toUserId === b.toUserId &&
    a.toOrganizationId === b.toOrganizationId &&
    a.fromOrganizationId === b.fromOrganizationId &&
    a.amount === b.amount &&
    (a.memo ?? '') === (b.memo ?? '')
  );
}

/** Someone time credits can be sent to: `key` is `person:<id>` or `organization:<id>`. */
export interface Recipient {
  key: string;
  type: 'person' | 'organization';
  id: string;
  name: string;
}
