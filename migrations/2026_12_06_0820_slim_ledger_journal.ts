import { SqliteAdapter, sql, type Kysely } from 'kysely';

/**
 * A lean ledger journal (issue 15, item 4). Until now each transfer's journal entry held a second
 * copy of the transfer row (about 330 bytes with real ids); the row itself is the entry, so the
 * journal now keeps, for a transfer, only the tag `["transfer"]` beside its prev_hash and hash, and
 * verification hashes the row's canonical encoding. Account and floor entries, which exist nowhere
 * else, keep their text. On SQLite `seq` becomes the rowid (INTEGER PRIMARY KEY), one b-tree fewer
 * to write per entry. And the reference index holds only transfers that have a reference.
 *
 * Existing ledgers move: an entry becomes the tag only when it equals its row's canonical encoding
 * (so the hash, which covered the entry, covers the row). An entry that differs from its row — a
 * tampered row or entry — keeps its full text, and verification names it as before.
 * The journal stays append-only (its triggers are made again on the new table).
 */

const TRANSFER_TAG = '["transfer"]';

/** rules.ts `transferEntry` as of this migration, frozen here (a migration must not follow later code). */
const FIELDS = [
  'id',
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
] as const;
const canonical = (row: Record<string, unknown>) => JSON.stringify(['transfer', ...FIELDS.map((f) => row[f])]);

const PAGE = 5000;
const CHUNK = 500;

const isSqlite = (db: Kysely<any>) => db.getExecutor().adapter instanceof SqliteAdapter;

async function createJournal(db: Kysely<any>, name: string, seqType: 'integer' | 'bigint'): Promise<void> {
  await db.schema
    .createTable(name)
    .addColumn('seq', seqType, (c) => c.primaryKey())
    .addColumn('entry', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
}

/** Rewrites `entry` page by page: `rewrite` returns the new entry of a transfer entry, or null to keep it. */
async function rewriteTransferEntries(
  db: Kysely<any>,
  table: string,
  rewrite: (entry: string, row: Record<string, unknown>) => string | null,
): Promise<void> {
  let after = Number.MIN_SAFE_INTEGER;
  for (;;) {
    const rows = (await db
      .selectFrom(`${table} as j`)
      .innerJoin('ledger_transfers as t', 't.seq', 'j.seq')
      .select(['j.seq as j_seq', 'j.entry as j_entry', ...FIELDS.map((f) => `t.${f}`)])
      .where('j.seq', '>', after)
      .where('j.entry', 'like', '["transfer"%')
      .orderBy('j.seq')
      .limit(PAGE)
      .execute()) as Record<string, unknown>[];
    if (rows.length === 0) return;
    const changes = new Map<string, number[]>();
    for (const row of rows) {
      const next = rewrite(String(row.j_entry), row);
      if (next !== null) changes.set(next, [...(changes.get(next) ?? []), Number(row.j_seq)]);
    }
    for (const [entry, seqs] of changes) {
      for (let i = 0; i < seqs.length; i += CHUNK)
        await db
          .updateTable(table)
          .set({ entry })
          .where('seq', 'in', seqs.slice(i, i + CHUNK))
          .execute();
    }
    after = Number(rows[rows.length - 1]?.j_seq);
  }
}

async function appendOnlyJournal(db: Kysely<any>): Promise<void> {
  if (isSqlite(db)) {
    for (const op of ['UPDATE', 'DELETE']) {
      await sql
        .raw(
          `CREATE TRIGGER ledger_journal_no_${op.toLowerCase()} BEFORE ${op} ON ledger_journal BEGIN SELECT RAISE(ABORT, 'ledger_journal is append-only'); END`,
        )
        .execute(db);
    }
  } else {
    await sql
      .raw(
        'CREATE TRIGGER ledger_journal_no_change BEFORE UPDATE OR DELETE ON ledger_journal FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()',
      )
      .execute(db);
    await sql
      .raw(
        'CREATE TRIGGER ledger_journal_no_truncate BEFORE TRUNCATE ON ledger_journal FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()',
      )
      .execute(db);
  }
}

/** Copies the journal into a new table, rewrites its transfer entries, and puts it in the old one's place. */
async function rebuildJournal(
  db: Kysely<any>,
  seqType: 'integer' | 'bigint',
  rewrite: (entry: string, row: Record<string, unknown>) => string | null,
): Promise<void> {
  await createJournal(db, 'ledger_journal_next', seqType);
  await sql`insert into ledger_journal_next (seq, entry, prev_hash, hash) select seq, entry, prev_hash, hash from ledger_journal`.execute(
    db,
  );
  await rewriteTransferEntries(db, 'ledger_journal_next', rewrite);
  // Dropping the table drops its triggers (both databases).
  await db.schema.dropTable('ledger_journal').execute();
  await db.schema.alterTable('ledger_journal_next').renameTo('ledger_journal').execute();
  if (!isSqlite(db)) await sql`alter index ledger_journal_next_pkey rename to ledger_journal_pkey`.execute(db);
  await appendOnlyJournal(db);
}

/** SQLite runs migrations outside a transaction (Kysely has no transactional DDL there): this one is all or nothing. */
async function atomically(db: Kysely<any>, fn: () => Promise<void>): Promise<void> {
  if (!isSqlite(db)) return fn();
  await sql`begin immediate`.execute(db);
  try {
    await fn();
    await sql`commit`.execute(db);
  } catch (err) {
    await sql`rollback`.execute(db);
    throw err;
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  await atomically(db, async () => {
    await rebuildJournal(db, isSqlite(db) ? 'integer' : 'bigint', (entry, row) =>
      entry === canonical(row) ? TRANSFER_TAG : null,
    );
    await db.schema.dropIndex('ledger_transfers_reference').execute();
    await sql`create index ledger_transfers_reference on ledger_transfers (reference_type, reference_id) where reference_type is not null`.execute(
      db,
    );
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await atomically(db, async () => {
    await rebuildJournal(db, 'bigint', (entry, row) => (entry === TRANSFER_TAG ? canonical(row) : null));
    await db.schema.dropIndex('ledger_transfers_reference').execute();
    await db.schema
      .createIndex('ledger_transfers_reference')
      .on('ledger_transfers')
      .columns(['reference_type', 'reference_id'])
      .execute();
  });
}
