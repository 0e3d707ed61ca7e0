/**
 * The posting engine's statements as raw better-sqlite3 prepared statements, prepared once per
 * database handle and kept for its life (`db/prepared.ts`). The SQL holds the same rows as repository.ts's Kysely queries; only the
 * caller's transaction decides when they are used (store.ts `ledgerStore`).
 */
import type SqliteDatabase from 'better-sqlite3';
import { preparedStatement } from '../../db/prepared.ts';
import type { LedgerStore, PendingWithResolution } from './store.ts';
import type { LedgerAccountRow, LedgerTransferRow } from './tables.ts';

const TRANSFER_COLUMNS = [
  'id',
  'seq',
  'group_id',
  'phase',
  'debit_account_id',
  'credit_account_id',
  'amount',
  'unit',
  'kind',
  'pending_id',
  'expires_at',
  'corrects_id',
  'reference_type',
  'reference_id',
  'actor_id',
  'created_at',
] as const satisfies readonly (keyof LedgerTransferRow)[];
const ACCOUNT_COLUMNS = [
  'id',
  'owner_type',
  'owner_id',
  'unit',
  'floor',
  'debits_pending',
  'debits_posted',
  'credits_pending',
  'credits_posted',
  'created_at',
] as const satisfies readonly (keyof LedgerAccountRow)[];

const list = (columns: readonly string[], prefix = '') => columns.map((c) => `${prefix}${c}`).join(', ');
const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
const named = (columns: readonly string[]) => columns.map((c) => `@${c}`).join(', ');

const SQL = {
  head: 'select seq, hash from ledger_head where id = 1',
  accountByOwner: `select ${list(ACCOUNT_COLUMNS)} from ledger_accounts where owner_type = ? and owner_id = ? and unit = ?`,
  accountById: `select ${list(ACCOUNT_COLUMNS)} from ledger_accounts where id = ?`,
  insertAccount: `insert into ledger_accounts (${list(ACCOUNT_COLUMNS)}) values (${named(ACCOUNT_COLUMNS)})`,
  accounts: (n: number) => `select ${list(ACCOUNT_COLUMNS)} from ledger_accounts where id in (${marks(n)}) order by id`,
  updateCounters:
    'update ledger_accounts set debits_pending = @debits_pending, debits_posted = @debits_posted, credits_pending = @credits_pending, credits_posted = @credits_posted where id = @id',
  updateFloor: 'update ledger_accounts set floor = ? where id = ?',
  transfers: (n: number) => `select ${list(TRANSFER_COLUMNS)} from ledger_transfers where id in (${marks(n)})`,
  pendings: (n: number) =>
    `select ${list(TRANSFER_COLUMNS, 't.')}, r.phase as resolution_phase from ledger_transfers t left join ledger_transfers r on r.pending_id = t.id where t.id in (${marks(n)}) and t.phase = 'pending'`,
  correctionOf: 'select id from ledger_transfers where corrects_id = ?',
  insertTransfer: `insert into ledger_transfers (${list(TRANSFER_COLUMNS)}) values (${named(TRANSFER_COLUMNS)}) on conflict (id) do nothing`,
  insertMemo: 'insert into ledger_memos (transfer_id, author_id, memo) values (@transfer_id, @author_id, @memo)',
  memos: (n: number) => `select transfer_id, memo from ledger_memos where transfer_id in (${marks(n)})`,
  insertEntry: 'insert into ledger_journal (seq, entry, prev_hash, hash) values (@seq, @entry, @prev_hash, @hash)',
  updateHead: 'update ledger_head set seq = ?, hash = ? where id = 1',
  savepoint: 'savepoint ledger_group',
  release: 'release ledger_group',
  rollback: 'rollback to ledger_group',
} as const;

const stores = new WeakMap<SqliteDatabase.Database, LedgerStore>();

/** The raw store of one database handle: use it only inside a transaction on that handle (store.ts). */
export function sqliteStore(db: SqliteDatabase.Database): LedgerStore {
  const known = stores.get(db);
  if (known) return known;
  // Statements whose text depends on how many ids they take are prepared per count, up to the largest group.
  const s = { get: (text: string) => preparedStatement(db, text) };
  const unique = (ids: string[]) => [...new Set(ids)];
  const store: LedgerStore = {
    idempotency: 'on-conflict',
    lockHead: async () => s.get(SQL.head).get() as { seq: number; hash: string },
    findAccount: async (ownerType, ownerId, unit) =>
      s.get(SQL.accountByOwner).get(ownerType, ownerId, unit) as LedgerAccountRow | undefined,
    findAccountById: async (id) => s.get(SQL.accountById).get(id) as LedgerAccountRow | undefined,
    insertAccount: async (row) => {
      s.get(SQL.insertAccount).run(row);
    },
    lockAccounts: async (ids) => {
      const wanted = unique(ids);
      return wanted.length === 0 ? [] : (s.get(SQL.accounts(wanted.length)).all(...wanted) as LedgerAccountRow[]);
    },
    updateCounters: async (row) => {
      s.get(SQL.updateCounters).run({
        id: row.id,
        debits_pending: row.debits_pending,
        debits_posted: row.debits_posted,
        credits_pending: row.credits_pending,
        credits_posted: row.credits_posted,
      });
    },
    updateFloor: async (id, floor) => {
      s.get(SQL.updateFloor).run(floor, id);
    },
    findTransfersByIds: async (ids) => {
      const wanted = unique(ids);
      return wanted.length === 0 ? [] : (s.get(SQL.transfers(wanted.length)).all(...wanted) as LedgerTransferRow[]);
    },
    findPendingsWithResolution: async (ids) => {
      const wanted = unique(ids);
      return wanted.length === 0 ? [] : (s.get(SQL.pendings(wanted.length)).all(...wanted) as PendingWithResolution[]);
    },
    findCorrectionOf: async (transferId) => s.get(SQL.correctionOf).get(transferId) as { id: string } | undefined,
    insertTransfersIfNew: async (rows) => {
      const insert = s.get(SQL.insertTransfer);
      for (const row of rows) if (insert.run(row).changes !== 1) return false;
      return true;
    },
    insertMemos: async (rows) => {
      const insert = s.get(SQL.insertMemo);
      for (const row of rows) insert.run(row);
    },
    findMemos: async (ids) => {
      const wanted = unique(ids);
      return wanted.length === 0
        ? []
        : (s.get(SQL.memos(wanted.length)).all(...wanted) as { transfer_id: string; memo: string }[]);
    },
    appendJournal: async (rows, head) => {
      if (rows.length === 0) return;
      const insert = s.get(SQL.insertEntry);
      for (const row of rows) insert.run(row);
      s.get(SQL.updateHead).run(head.seq, head.hash);
    },
    savepoint: async () => {
      s.get(SQL.savepoint).run();
    },
    release: async () => {
      s.get(SQL.release).run();
    },
    rollback: async () => {
      s.get(SQL.rollback).run();
      s.get(SQL.release).run();
    },
  };
  stores.set(db, store);
  return store;
}
