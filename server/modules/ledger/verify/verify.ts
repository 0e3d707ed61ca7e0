/**
 * Verification: checks (1) the hash chain and sequence, (2) that every transfer row is exactly what its
 * journal entry's hash covers (the row is the entry; the journal keeps TRANSFER_TAG) and every transfer has an entry, (3) that the cached counters equal the counters
 * recomputed from the journal, (4) that per unit Σ credits = Σ debits (posted and pending), (5) that the
 * head row points at the last entry — and names the first entry that fails any of them.
 * Used by GET /api/ledger/verify and `npm run ledger:verify`.
 */
import type SqliteDatabase from 'better-sqlite3';
import type { VerifyResult } from '../../../../shared/schemas/ledger.ts';
import type { Db, Dialect } from '../../../db/create-db.ts';
import * as repo from '../repository.ts';
import {
  GENESIS_HASH,
  TRANSFER_TAG,
  applyToCounters,
  chainHash,
  transferEntry,
  type Counters,
  type Phase,
} from '../rules.ts';
import type { LedgerAccountRow } from '../tables.ts';
import { verifySqliteIn } from './verify-sqlite.ts';
import { verifySqliteInWorkers } from './verify-workers.ts';

const PAGE = 50_000;
const MAX_PROBLEMS = 20;
/**
 * From this many entries worker threads (~70 ms to start each) beat one connection, which also holds
 * the app's connection and the event loop meanwhile: 20,000 entries take about 0.13 s of CPU.
 */
const PARALLEL_FROM = 20_000;

interface Replayed extends Counters {
  journalled: boolean;
  ownerType: string;
  ownerId: string;
  unit: string;
  floor: number | null;
}

/**
 * Verifies the ledger in one consistent snapshot. Example on a healthy ledger of 3 transfers between
 * 2 new accounts: `{ ok: true, entries: 5, headHash: '…', problems: [] }` (2 account entries + 3 transfers).
 * After someone edits a transfer's amount from 60 to 600 directly in the database: `ok: false`,
 * `firstBadEntry` = that transfer's sequence number.
 * On SQLite pass the raw handle: the checks then run set-based (verify-sqlite.ts), on worker threads
 * for a file-backed ledger of at least `parallelFrom` entries (tests lower it).
 */
export async function verifyLedger(
  db: Db,
  dialect: Dialect,
  now: Date,
  sqlite?: SqliteDatabase.Database,
  { parallelFrom = PARALLEL_FROM }: { parallelFrom?: number } = {},
): Promise<VerifyResult> {
  // A snapshot: on PostgreSQL a repeatable-read transaction (writers go on).
  if (dialect === 'postgres')
    return db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute((trx) => replayLedger(trx, now));
  // The workers' own read transactions are the snapshot; the app's connection stays free meanwhile.
  if (sqlite && !sqlite.memory && (await repo.readHead(db)).seq >= parallelFrom)
    return verifySqliteInWorkers(sqlite.name, now);
  // Inside Kysely's transaction the raw handle is the same connection, so it reads the same snapshot.
  return db.transaction().execute((trx) => verifyLedgerIn(trx, now, sqlite));
}

/** The same checks inside a transaction the caller holds (tests tamper inside one and roll back). */
export async function verifyLedgerIn(db: Db, now: Date, sqlite?: SqliteDatabase.Database): Promise<VerifyResult> {
  return sqlite ? verifySqliteIn(sqlite, now) : replayLedger(db, now);
}

/**
 * The replay: walks the journal joined to its transfers in seq order and applies every entry as the
 * service did. PostgreSQL uses it; on SQLite the tests hold the set-based checks to its verdict.
 */
export async function replayLedger(db: Db, now: Date): Promise<VerifyResult> {
  const problems: string[] = [];
  let firstBadEntry: number | undefined;
  const problem = (message: string, seq?: number) => {
    if (problems.length < MAX_PROBLEMS) problems.push(message);
    if (seq !== undefined && (firstBadEntry === undefined || seq < firstBadEntry)) firstBadEntry = seq;
  };

  const accountRows = await repo.listAllAccounts(db);
  const accounts = new Map<string, LedgerAccountRow>(accountRows.map((a) => [a.id, a]));
  const replayed = new Map<string, Replayed>();
  const pendingAmounts = new Map<string, number>();
  const head = await repo.readHead(db);

  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let entries = 0;
  let transferEntries = 0;
  for (;;) {
    const page = await repo.journalPage(db, expectedSeq - 1, PAGE);
    if (page.length === 0) break;
    for (const row of page) {
      const seq = Number(row.j_seq);
      if (seq !== expectedSeq) problem(`entry ${expectedSeq} is missing (next is ${seq})`, expectedSeq);
      if (row.prev_hash !== prevHash) problem(`entry ${seq} does not link to the previous entry`, seq);
      // A transfer's entry is its row (the journal keeps TRANSFER_TAG); without the row there is nothing to hash.
      const tagged = row.entry === TRANSFER_TAG;
      const entry = tagged ? (row.id === null ? null : transferEntry(row)) : row.entry;
      if (entry !== null && chainHash(row.prev_hash, entry) !== row.hash)
        problem(`entry ${seq} does not match its hash`, seq);
      prevHash = row.hash;
      expectedSeq = seq + 1;
      entries += 1;

      if (row.entry.startsWith('["transfer"')) {
        transferEntries += 1;
        if (row.id === null) {
          problem(`entry ${seq} names a transfer that is not in the transfers table`, seq);
          continue;
        }
        const t = row;
        // An entry written out in full (before migration 0820, kept because it differed from its row).
        if (!tagged && transferEntry(t) !== row.entry) {
          problem(`transfer ${row.id} differs from its journal entry ${seq}`, seq);
          continue;
        }
        const debit = replayed.get(t.debit_account_id ?? '');
        const credit = replayed.get(t.credit_account_id ?? '');
        if (!debit || !credit) {
          problem(`entry ${seq} uses an account created later or never`, seq);
          continue;
        }
        const amount = Number(t.amount);
        const phase = t.phase as Phase;
        let pendingAmount = 0;
        if (phase === 'pending') pendingAmounts.set(t.id ?? '', amount);
        if (phase === 'post_pending' || phase === 'void_pending') {
          const p = pendingAmounts.get(t.pending_id ?? '');
          if (p === undefined) {
            problem(`entry ${seq} resolves an unknown or already resolved pending transfer`, seq);
            continue;
          }
          pendingAmount = p;
          pendingAmounts.delete(t.pending_id ?? '');
        }
        applyToCounters(debit, credit, phase, amount, pendingAmount);
        continue;
      }

      if (row.id !== null) problem(`transfer ${row.id} sits on a non-transfer entry ${seq}`, seq);
      let parsed: unknown;
      try {
        parsed = JSON.parse(row.entry);
      } catch {
        parsed = null;
      }
      if (!Array.isArray(parsed)) {
        problem(`entry ${seq} is not a ledger entry`, seq);
        continue;
      }
      if (parsed[0] === 'account') {
        const [, id, ownerType, ownerId, unit, floor] = parsed as [
          string,
          string,
          string,
          string,
          string,
          number | null,
        ];
        replayed.set(id, {
          journalled: true,
          ownerType,
          ownerId,
          unit,
          floor,
          debitsPending: 0,
          debitsPosted: 0,
          creditsPending: 0,
          creditsPosted: 0,
        });
      } else if (parsed[0] === 'floor') {
        const [, id, floor] = parsed as [string, string, number];
        const a = replayed.get(id);
        if (a) a.floor = floor;
        else problem(`entry ${seq} changes the floor of an unknown account`, seq);
      } else {
        problem(`entry ${seq} has an unknown type`, seq);
      }
    }
  }

  if (head.seq !== expectedSeq - 1 || head.hash !== prevHash)
    problem(
      `the head (entry ${head.seq}) does not point at the last entry (${expectedSeq - 1})`,
      Math.min(head.seq + 1, expectedSeq),
    );
  const transfers = await repo.countTransfers(db);
  if (transfers !== transferEntries)
    problem(`${transfers} transfers but ${transferEntries} transfer entries in the journal`);

  const sums = new Map<string, Counters>();
  for (const a of accountRows) {
    const r = replayed.get(a.id);
    if (!r) {
      problem(`account ${a.id} has no journal entry`);
      continue;
    }
    if (r.ownerType !== a.owner_type || r.ownerId !== a.owner_id || r.unit !== a.unit || r.floor !== a.floor)
      problem(`account ${a.id} differs from its journal entries`);
    if (
      r.debitsPending !== a.debits_pending ||
      r.debitsPosted !== a.debits_posted ||
      r.creditsPending !== a.credits_pending ||
      r.creditsPosted !== a.credits_posted
    ) {
      problem(`account ${a.id}: cached counters differ from the journal`);
    }
    const s = sums.get(a.unit) ?? { debitsPending: 0, debitsPosted: 0, creditsPending: 0, creditsPosted: 0 };
    s.debitsPending += a.debits_pending;
    s.debitsPosted += a.debits_posted;
    s.creditsPending += a.credits_pending;
    s.creditsPosted += a.credits_posted;
    sums.set(a.unit, s);
  }
  for (const id of replayed.keys())
    if (!accounts.has(id)) problem(`account ${id} is in the journal but not in the accounts table`);
  for (const [unit, s] of sums) {
    if (s.debitsPosted !== s.creditsPosted)
      problem(`${unit}: posted debits ${s.debitsPosted} ≠ posted credits ${s.creditsPosted}`);
    if (s.debitsPending !== s.creditsPending)
      problem(`${unit}: pending debits ${s.debitsPending} ≠ pending credits ${s.creditsPending}`);
  }

  return {
    ok: problems.length === 0,
    entries,
    headHash: prevHash,
    ...(firstBadEntry !== undefined ? { firstBadEntry } : {}),
    problems,
    checkedAt: now.toISOString(),
  };
}
