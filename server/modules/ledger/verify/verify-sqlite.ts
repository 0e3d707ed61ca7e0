/**
 * Ledger verification on SQLite, set-based: the same checks as the replay in verify.ts (which PostgreSQL
 * uses), with the same first bad entry, but the database does the per-row work in C — comparing every
 * transfer row with its journal entry, finding broken links and gaps by index lookups, recomputing the
 * counters by GROUP BY — and JavaScript only computes each entry's SHA-256 (a function SQLite calls) and
 * replays the few account and floor entries. A 1,000,000-entry journal verifies within seconds.
 *
 * The work comes in parts that need no order between them: `checkTables` (head, journal extent, accounts)
 * and `checkRange` over any split of 1..head into seq ranges. verify-workers.ts runs them on several
 * read-only connections at once: journal and transfer rows are append-only and immutable (triggers refuse
 * UPDATE and DELETE), so every connection reads the same rows up to the head that `checkTables` saw in
 * its snapshot. `combine` then names the lowest failing sequence number over all checks.
 */
import type SqliteDatabase from 'better-sqlite3';
import type { VerifyResult } from '../../../../shared/schemas/ledger.ts';
import {
  GENESIS_HASH,
  TRANSFER_ENTRY_FIELDS,
  TRANSFER_TAG,
  chainHash,
  transferEntry,
  type Counters,
} from '../rules.ts';
import type { LedgerAccountRow } from '../tables.ts';

const MAX_PROBLEMS = 20;
const TRANSFER_PREFIX = '["transfer"';

/** Where the checks read: the caller's connection, or a worker's (verify-workers.ts). Rows come as arrays. */
export interface LedgerReader {
  rows(sql: string, params?: Record<string, unknown> | unknown[]): Promise<unknown[][]>;
}

/**
 * A reader over a connection the caller holds (inside its transaction), with the SQL function
 * `ledger_chain_hash(prev_hash, entry)` = rules.ts chainHash registered on it.
 */
export function connectionReader(sqlite: SqliteDatabase.Database): LedgerReader {
  sqlite.function('ledger_chain_hash', { deterministic: true }, (prevHash: unknown, entry: unknown) =>
    typeof prevHash === 'string' && typeof entry === 'string' ? chainHash(prevHash, entry) : null,
  );
  return {
    rows: async (sql, params) => {
      const statement = sqlite.prepare(sql).raw(true);
      return (params === undefined ? statement.all() : statement.all(params)) as unknown[][];
    },
  };
}

/** One failed check, with the sequence number it fails at when it has one. */
export interface Finding {
  message: string;
  seq?: number;
}

/** Transfers of one (debit, credit) pair recomputed: each pair moves the same amounts on both sides. */
interface PairSums {
  debit: string;
  credit: string;
  posted: number;
  pending: number;
  firstSeq: number;
  /** The first post or void of this pair that resolves no earlier, still open pending transfer. */
  badResolution: number | null;
}

/** What one seq range yields. */
export interface RangePart {
  findings: Finding[];
  /** The range's account, floor and unreadable entries, for the replay in `combine`. */
  others: [seq: number, entry: unknown][];
  pairs: PairSums[];
}

/** What `checkTables` reads in the snapshot that fixes the head. */
export interface TablesPart {
  head: { seq: number; hash: string };
  entries: number;
  minSeq: number | null;
  maxSeq: number | null;
  /** Hash of the entry with the highest sequence number (the genesis hash when the journal is empty). */
  lastHash: string;
  transfers: number;
  /** Transfers whose seq lies in 1..head: the others cannot have a journal entry. */
  transfersInChain: number;
  accounts: LedgerAccountRow[];
}

const first = async (reader: LedgerReader, sql: string, params?: Record<string, unknown> | unknown[]) =>
  (await reader.rows(sql, params))[0]?.[0];

export async function readHead(reader: LedgerReader): Promise<{ seq: number; hash: string }> {
  const [row] = await reader.rows('select seq, hash from ledger_head where id = 1');
  return { seq: Number(row?.[0]), hash: String(row?.[1]) };
}

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
] as const;

/** The head's surroundings and the accounts, read in the snapshot the head came from. */
export async function checkTables(reader: LedgerReader, head: { seq: number; hash: string }): Promise<TablesPart> {
  const [extent] = await reader.rows('select count(*), min(seq), max(seq) from ledger_journal');
  const [entries, minSeq, maxSeq] = (extent ?? [0, null, null]) as [number, number | null, number | null];
  const lastHash =
    maxSeq === null
      ? GENESIS_HASH
      : String(await first(reader, 'select hash from ledger_journal where seq = ?', [maxSeq]));
  const accounts = (await reader.rows(`select ${ACCOUNT_COLUMNS.join(', ')} from ledger_accounts order by id`)).map(
    (row) => Object.fromEntries(ACCOUNT_COLUMNS.map((c, i) => [c, row[i]])) as unknown as LedgerAccountRow,
  );
  return {
    head,
    entries,
    minSeq,
    maxSeq,
    lastHash,
    transfers: Number(await first(reader, 'select count(*) from ledger_transfers')),
    transfersInChain: Number(
      await first(reader, 'select count(*) from ledger_transfers where seq between 1 and ?', [head.seq]),
    ),
    accounts,
  };
}

// SQLite's json_array renders a transfer row exactly as JSON.stringify does for the values the ledger
// stores (text, integers, null); the rare rows it renders otherwise (a REAL amount, a lone surrogate) are
// compared again in JavaScript. It refuses BLOBs: only then is the scan repeated with a guard (it costs
// a fifth of the scan) that counts such a row as differing.
const transferJson = `json_array('transfer', ${TRANSFER_ENTRY_FIELDS.map((f) => `t.${f}`).join(', ')})`;
const blobGuard = (then: string) =>
  `when 'blob' in (${TRANSFER_ENTRY_FIELDS.map((f) => `typeof(t.${f})`).join(', ')}) then ${then}`;

/**
 * Rows of a seq range that fail a check, plus the non-transfer entries: `hashed` = the entry hashes to
 * its hash — a tagged transfer entry (TRANSFER_TAG, migration 0820) by its row's canonical encoding,
 * built by json_array; a tag without a row has nothing to hash and is reported as missing instead —,
 * `linked` = its prev_hash is the hash of entry seq − 1 (the genesis hash for entry 1), and `transfer`
 * says whether the transfer row at this seq matches an entry written out in full (before 0820). No ORDER
 * BY: sorting the few rows found is cheaper than SQLite carrying every row through it.
 */
const scanSql = (guarded: boolean) => `
  select j.seq, j.entry,
         iif(j.entry = :tag and t.seq is null, 1,
             ledger_chain_hash(j.prev_hash, case when j.entry is not :tag then j.entry ${guarded ? blobGuard('null') : ''} else ${transferJson} end) is j.hash) as hashed,
         j.prev_hash is coalesce(p.hash, iif(j.seq = 1, :genesis, null)) as linked,
         case
           when t.seq is null then iif(substr(j.entry, 1, ${TRANSFER_PREFIX.length}) = :prefix, 'missing', null)
           when j.entry = :tag then null
           ${guarded ? blobGuard("'differs'") : ''}
           when ${transferJson} is j.entry then null
           else 'differs'
         end as transfer
    from ledger_journal j
    left join ledger_journal p on p.seq = j.seq - 1
    left join ledger_transfers t on t.seq = j.seq
   where j.seq between :from and :to
     and (substr(j.entry, 1, ${TRANSFER_PREFIX.length}) is not :prefix or not hashed or not linked or transfer is not null)`;

type ScanRow = [seq: number, entry: unknown, hashed: number, linked: number, transfer: 'missing' | 'differs' | null];

/**
 * Per (debit, credit) pair of the range's transfers: posted and pending sums as the replay applies them
 * (a post or void releases the whole pending amount), the first transfer (its accounts must exist by
 * then), and the first post or void that resolves anything but an earlier, still open pending transfer.
 */
const PAIRS_SQL = `
  select t.debit_account_id, t.credit_account_id,
         coalesce(sum(iif(t.phase in ('posted', 'post_pending'), t.amount, 0)), 0),
         coalesce(sum(case t.phase when 'pending' then t.amount when 'post_pending' then -p.amount when 'void_pending' then -p.amount else 0 end), 0),
         min(t.seq),
         min(iif(t.phase in ('post_pending', 'void_pending') and (
               p.seq is null or p.phase is not 'pending' or p.seq >= t.seq
               or exists (select 1 from ledger_transfers r where r.pending_id = t.pending_id and r.phase in ('post_pending', 'void_pending') and r.seq < t.seq)
             ), t.seq, null))
    from ledger_transfers t left join ledger_transfers p on p.id = t.pending_id
   where t.seq between :from and :to
   group by t.debit_account_id, t.credit_account_id`;

/**
 * A tagged entry whose hash SQL found wrong, hashed again in JavaScript: json_array renders the rare
 * row otherwise than JSON.stringify (a REAL amount, a lone surrogate), or not at all (a BLOB).
 */
async function tagHashes(reader: LedgerReader, seq: number): Promise<boolean> {
  const [values] = await reader.rows(
    `select j.prev_hash, j.hash, ${TRANSFER_ENTRY_FIELDS.map((f) => `t.${f}`).join(', ')} from ledger_journal j join ledger_transfers t on t.seq = j.seq where j.seq = ?`,
    [seq],
  );
  if (!values) return false;
  const [prevHash, hash, ...fields] = values;
  const row = Object.fromEntries(TRANSFER_ENTRY_FIELDS.map((f, i) => [f, fields[i]])) as Parameters<
    typeof transferEntry
  >[0];
  return typeof prevHash === 'string' && chainHash(prevHash, transferEntry(row)) === hash;
}

/** Checks entries from..to — hash chain, sequence, transfer rows — and recomputes their transfers per pair. */
export async function checkRange(reader: LedgerReader, from: number, to: number): Promise<RangePart> {
  const findings: Finding[] = [];
  const others: RangePart['others'] = [];
  const params = { genesis: GENESIS_HASH, prefix: TRANSFER_PREFIX, tag: TRANSFER_TAG, from, to };
  let rows: ScanRow[];
  try {
    rows = (await reader.rows(scanSql(false), params)) as ScanRow[];
  } catch (err) {
    if (!(err instanceof Error && err.message.includes('JSON cannot hold BLOB values'))) throw err;
    rows = (await reader.rows(scanSql(true), params)) as ScanRow[];
  }
  rows.sort((a, b) => Number(a[0]) - Number(b[0]));
  for (const [rawSeq, entry, hashed, linked, transfer] of rows) {
    const seq = Number(rawSeq);
    if (!linked) {
      // A missing predecessor is reported as the gap it ends, named by its first missing entry.
      const gapStart =
        Number((await first(reader, 'select max(seq) from ledger_journal where seq < ?', [seq])) ?? 0) + 1;
      if (gapStart < seq) findings.push({ seq: gapStart, message: `entry ${gapStart} is missing (next is ${seq})` });
      findings.push({ seq, message: `entry ${seq} does not link to the previous entry` });
    }
    if (!hashed && !(entry === TRANSFER_TAG && (await tagHashes(reader, seq))))
      findings.push({ seq, message: `entry ${seq} does not match its hash` });
    const isTransfer = typeof entry === 'string' && entry.startsWith(TRANSFER_PREFIX);
    if (transfer === 'missing')
      findings.push({ seq, message: `entry ${seq} names a transfer that is not in the transfers table` });
    if (transfer === 'differs') {
      const [values = []] = await reader.rows(
        `select ${TRANSFER_ENTRY_FIELDS.join(', ')} from ledger_transfers where seq = ?`,
        [seq],
      );
      const row = Object.fromEntries(TRANSFER_ENTRY_FIELDS.map((f, i) => [f, values[i]])) as Parameters<
        typeof transferEntry
      >[0];
      if (!isTransfer)
        findings.push({ seq, message: `transfer ${String(row.id)} sits on a non-transfer entry ${seq}` });
      else if (transferEntry(row) !== entry)
        findings.push({ seq, message: `transfer ${String(row.id)} differs from its journal entry ${seq}` });
    }
    if (!isTransfer) others.push([seq, entry]);
  }

  let pairs: PairSums[] = [];
  try {
    pairs = (
      (await reader.rows(PAIRS_SQL, { from, to })) as [string, string, number, number, number, number | null][]
    ).map(([debit, credit, posted, pending, firstSeq, badResolution]) => ({
      debit,
      credit,
      posted,
      pending,
      firstSeq: Number(firstSeq),
      badResolution: badResolution === null ? null : Number(badResolution),
    }));
  } catch (err) {
    // Only tampered amounts can pass 64 bits; SQLite refuses to sum them.
    if (!(err instanceof Error && /integer overflow/i.test(err.message))) throw err;
    findings.push({ seq: from, message: `transfer amounts in entries ${from}–${to} overflow when summed` });
  }
  return { findings, others, pairs };
}

interface Replayed extends Counters {
  seq: number;
  ownerType: string;
  ownerId: string;
  unit: string;
  floor: number | null;
}

const zero = (): Counters => ({ debitsPending: 0, debitsPosted: 0, creditsPending: 0, creditsPosted: 0 });

/** The verdict from all parts: account entries replayed, counters and sums compared, the first bad entry named. */
export function combine(tables: TablesPart, parts: RangePart[], now: Date): VerifyResult {
  const findings: Finding[] = parts.flatMap((p) => p.findings);
  const { head } = tables;

  // The sequence outside 1..head, and the head itself.
  if (tables.minSeq !== null && tables.minSeq < 1)
    findings.push({ seq: 1, message: `entry 1 is missing (next is ${tables.minSeq})` });
  const last = tables.maxSeq ?? 0;
  if (head.seq !== last || head.hash !== tables.lastHash)
    findings.push({
      seq: Math.min(head.seq + 1, last + 1),
      message: `the head (entry ${head.seq}) does not point at the last entry (${last})`,
    });
  if (tables.transfersInChain !== tables.transfers)
    findings.push({
      message: `${tables.transfers - tables.transfersInChain} transfers lie outside the journal's entries 1..${head.seq}`,
    });

  // Account and floor entries, in seq order.
  const replayed = new Map<string, Replayed>();
  const others = parts.flatMap((p) => p.others).sort((a, b) => a[0] - b[0]);
  for (const [seq, entry] of others) {
    let parsed: unknown;
    try {
      parsed = typeof entry === 'string' ? JSON.parse(entry) : null;
    } catch {
      parsed = null;
    }
    if (!Array.isArray(parsed)) {
      findings.push({ seq, message: `entry ${seq} is not a ledger entry` });
    } else if (parsed[0] === 'account') {
      const [, id, ownerType, ownerId, unit, floor] = parsed as [string, string, string, string, string, number | null];
      replayed.set(id, { seq, ownerType, ownerId, unit, floor, ...zero() });
    } else if (parsed[0] === 'floor') {
      const [, id, floor] = parsed as [string, string, number];
      const a = replayed.get(id);
      if (a) a.floor = floor;
      else findings.push({ seq, message: `entry ${seq} changes the floor of an unknown account` });
    } else {
      findings.push({ seq, message: `entry ${seq} has an unknown type` });
    }
  }

  // Transfers: accounts journalled before their first use, resolutions valid, counters recomputed.
  const firstUse = new Map<string, number>();
  const recomputed = new Map<string, Counters>();
  for (const p of parts.flatMap((part) => part.pairs)) {
    for (const id of [p.debit, p.credit]) firstUse.set(id, Math.min(firstUse.get(id) ?? Infinity, p.firstSeq));
    if (p.badResolution !== null)
      findings.push({
        seq: p.badResolution,
        message: `entry ${p.badResolution} resolves an unknown or already resolved pending transfer`,
      });
    const debit = recomputed.get(p.debit) ?? zero();
    const credit = recomputed.get(p.credit) ?? zero();
    debit.debitsPosted += p.posted;
    debit.debitsPending += p.pending;
    credit.creditsPosted += p.posted;
    credit.creditsPending += p.pending;
    recomputed.set(p.debit, debit);
    recomputed.set(p.credit, credit);
  }
  for (const [id, seq] of firstUse) {
    const created = replayed.get(id)?.seq;
    if (created === undefined || created > seq)
      findings.push({ seq, message: `entry ${seq} uses an account created later or never` });
  }

  const accountIds = new Set<string>();
  const sums = new Map<string, Counters>();
  for (const a of tables.accounts) {
    accountIds.add(a.id);
    const r = replayed.get(a.id);
    if (!r) {
      findings.push({ message: `account ${a.id} has no journal entry` });
      continue;
    }
    if (r.ownerType !== a.owner_type || r.ownerId !== a.owner_id || r.unit !== a.unit || r.floor !== a.floor)
      findings.push({ message: `account ${a.id} differs from its journal entries` });
    const c = recomputed.get(a.id) ?? zero();
    if (
      c.debitsPending !== a.debits_pending ||
      c.debitsPosted !== a.debits_posted ||
      c.creditsPending !== a.credits_pending ||
      c.creditsPosted !== a.credits_posted
    ) {
      findings.push({ message: `account ${a.id}: cached counters differ from the journal` });
    }
    const s = sums.get(a.unit) ?? zero();
    s.debitsPending += a.debits_pending;
    s.debitsPosted += a.debits_posted;
    s.creditsPending += a.credits_pending;
    s.creditsPosted += a.credits_posted;
    sums.set(a.unit, s);
  }
  for (const id of replayed.keys())
    if (!accountIds.has(id))
      findings.push({ message: `account ${id} is in the journal but not in the accounts table` });
  for (const [unit, s] of sums) {
    if (s.debitsPosted !== s.creditsPosted)
      findings.push({ message: `${unit}: posted debits ${s.debitsPosted} ≠ posted credits ${s.creditsPosted}` });
    if (s.debitsPending !== s.creditsPending)
      findings.push({ message: `${unit}: pending debits ${s.debitsPending} ≠ pending credits ${s.creditsPending}` });
  }

  // Problems in journal order (those without an entry last); the first bad entry is the lowest named.
  const ordered = findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => (a.f.seq ?? Infinity) - (b.f.seq ?? Infinity) || a.i - b.i);
  const firstBadEntry = ordered[0]?.f.seq;
  return {
    ok: findings.length === 0,
    entries: tables.entries,
    headHash: tables.lastHash,
    ...(firstBadEntry !== undefined ? { firstBadEntry } : {}),
    problems: ordered.slice(0, MAX_PROBLEMS).map((x) => x.f.message),
    checkedAt: now.toISOString(),
  };
}

/** All checks on one connection, inside the caller's transaction (small ledgers, tests). */
export async function verifySqliteIn(sqlite: SqliteDatabase.Database, now: Date): Promise<VerifyResult> {
  const reader = connectionReader(sqlite);
  const head = await readHead(reader);
  const tables = await checkTables(reader, head);
  return combine(tables, [await checkRange(reader, 1, head.seq)], now);
}
