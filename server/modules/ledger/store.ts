/**
 * What the posting engine reads and writes, behind one interface with two implementations:
 * - on SQLite inside a transaction, raw better-sqlite3 statements prepared once per database handle
 *   (`store-sqlite.ts`): Kysely builds, compiles and maps every query anew, which cost about half of
 *   a transfer's CPU outside the commit (issue 15);
 * - everywhere else (PostgreSQL, or a caller without a transaction) Kysely through repository.ts.
 * Both hold the same rows and give the same answers; the engine (posting.ts) does not know which it has.
 */
import type { LedgerUnit, OwnerType } from '../../../shared/schemas/ledger.ts';
import type { AppContext } from '../../context.ts';
import type { Db } from '../../db/create-db.ts';
import * as repo from './repository.ts';
import { sqliteStore } from './store-sqlite.ts';
import type { LedgerAccountRow, LedgerJournalTable, LedgerTransferRow } from './tables.ts';

/** A pending transfer with the phase of the row that resolved it (null while open). */
export type PendingWithResolution = LedgerTransferRow & { resolution_phase: string | null };

interface Statements {
  /** The journal head, locked for the rest of the transaction (FOR UPDATE on PostgreSQL; BEGIN IMMEDIATE holds SQLite). */
  lockHead(): Promise<{ seq: number; hash: string }>;
  findAccount(ownerType: OwnerType, ownerId: string, unit: LedgerUnit): Promise<LedgerAccountRow | undefined>;
  findAccountById(id: string): Promise<LedgerAccountRow | undefined>;
  insertAccount(row: LedgerAccountRow): Promise<void>;
  /** Account rows for the ids, in ascending id order (locked in that order on PostgreSQL). */
  lockAccounts(ids: string[]): Promise<LedgerAccountRow[]>;
  updateCounters(
    row: Pick<LedgerAccountRow, 'id' | 'debits_pending' | 'debits_posted' | 'credits_pending' | 'credits_posted'>,
  ): Promise<void>;
  updateFloor(id: string, floor: number): Promise<void>;
  findTransfersByIds(ids: string[]): Promise<LedgerTransferRow[]>;
  findPendingsWithResolution(ids: string[]): Promise<PendingWithResolution[]>;
  findCorrectionOf(transferId: string): Promise<{ id: string } | undefined>;
  /**
   * Inserts the rows unless their id is taken (`INSERT … ON CONFLICT (id) DO NOTHING`): true when every
   * row went in. False means a retry (or a clash) — rows may have gone in partly, so the caller rolls
   * back to its savepoint.
   */
  insertTransfersIfNew(rows: LedgerTransferRow[]): Promise<boolean>;
  insertMemos(rows: { transfer_id: string; author_id: string | null; memo: string }[]): Promise<void>;
  findMemos(transferIds: string[]): Promise<{ transfer_id: string; memo: string }[]>;
  appendJournal(rows: LedgerJournalTable[], head: { seq: number; hash: string }): Promise<void>;
}

/**
 * How the engine recognises a retry: `on-conflict` writes inside a savepoint and undoes it when an id
 * was taken (in-process, nearly free); `read-first` reads the group's ids under the head lock before
 * writing (one round trip, where a savepoint costs two or more).
 */
export type LedgerStore =
  | (Statements & { readonly idempotency: 'read-first' })
  | (Statements & {
      readonly idempotency: 'on-conflict';
      /** A savepoint around one group's writes, so a retry found late or a refusal leaves nothing behind. */
      savepoint(): Promise<void>;
      release(): Promise<void>;
      /** Undoes everything since `savepoint()` and ends it. */
      rollback(): Promise<void>;
    });

/** The Kysely store: PostgreSQL, and SQLite when the caller holds no transaction. */
export function kyselyStore(db: Db, dialect: AppContext['dialect']): LedgerStore {
  return {
    idempotency: 'read-first',
    lockHead: () => repo.lockHead(db, dialect),
    findAccount: (ownerType, ownerId, unit) => repo.findAccount(db, ownerType, ownerId, unit),
    findAccountById: (id) => repo.findAccountById(db, id),
    insertAccount: (row) => repo.insertAccount(db, row),
    lockAccounts: (ids) => repo.lockAccounts(db, dialect, ids),
    updateCounters: (row) => repo.updateCounters(db, row),
    updateFloor: (id, floor) => repo.updateFloor(db, id, floor),
    findTransfersByIds: (ids) => repo.findTransfersByIds(db, ids),
    findPendingsWithResolution: (ids) =>
      ids.length === 0 ? Promise.resolve([]) : repo.findPendingsWithResolution(db, ids),
    findCorrectionOf: (transferId) => repo.findCorrectionOf(db, transferId),
    insertTransfersIfNew: async (rows) => (await repo.insertTransfersIfNew(db, rows)) === rows.length,
    insertMemos: (rows) => repo.insertMemos(db, rows),
    findMemos: (ids) => repo.findMemos(db, ids),
    appendJournal: (rows, head) => repo.appendJournal(db, rows, head),
  };
}

/**
 * The store for a write in `trx`. The raw SQLite store runs its statements on `ctx.sqlite`, the one
 * connection Kysely also uses: inside Kysely's transaction (which holds that connection until it
 * ends) they are part of it. Outside a transaction they could land in someone else's, so then the
 * Kysely store answers.
 */
export function ledgerStore(ctx: Pick<AppContext, 'dialect' | 'sqlite'>, trx: Db): LedgerStore {
  if (ctx.dialect === 'sqlite' && ctx.sqlite && trx.isTransaction && ctx.sqlite.inTransaction)
    return sqliteStore(ctx.sqlite);
  return kyselyStore(trx, ctx.dialect);
}
