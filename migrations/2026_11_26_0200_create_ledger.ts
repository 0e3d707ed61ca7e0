import { SqliteAdapter, sql, type Kysely } from 'kysely';

/**
 * The shared ledger (TigerBeetle's model in SQL): accounts with four cached counters, append-only
 * transfers (posting or voiding a pending transfer is a new row that references it), a hash-chained
 * journal with a one-row head, and memos kept apart because they are personal data and erasable.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ledger_accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_type', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    // Lowest balance allowed counting pending debits; null = no floor (only TIME accounts have one).
    .addColumn('floor', 'bigint')
    .addColumn('debits_pending', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('debits_posted', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('credits_pending', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('credits_posted', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('ledger_accounts_owner_unit', ['owner_type', 'owner_id', 'unit'])
    .addCheckConstraint(
      'ledger_accounts_counters',
      sql`debits_pending >= 0 and debits_posted >= 0 and credits_pending >= 0 and credits_posted >= 0`,
    )
    .execute();

  await db.schema
    .createTable('ledger_transfers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // The journal sequence number of this transfer's entry: total order, keyset pagination.
    .addColumn('seq', 'bigint', (c) => c.notNull().unique())
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('debit_account_id', 'text', (c) => c.notNull().references('ledger_accounts.id'))
    .addColumn('credit_account_id', 'text', (c) => c.notNull().references('ledger_accounts.id'))
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    // Set on post/void rows: the pending transfer they resolve. Unique, so a pending resolves once.
    .addColumn('pending_id', 'text', (c) => c.unique().references('ledger_transfers.id'))
    .addColumn('expires_at', 'text')
    // Set on corrections: the transfer reversed. Unique, so a transfer is corrected once.
    .addColumn('corrects_id', 'text', (c) => c.unique().references('ledger_transfers.id'))
    .addColumn('reference_type', 'text')
    .addColumn('reference_id', 'text')
    .addColumn('actor_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint('ledger_transfers_amount_positive', sql`amount > 0`)
    .addCheckConstraint('ledger_transfers_two_accounts', sql`debit_account_id <> credit_account_id`)
    .addCheckConstraint('ledger_transfers_phase', sql`phase in ('posted', 'pending', 'post_pending', 'void_pending')`)
    .execute();
  await db.schema
    .createIndex('ledger_transfers_debit')
    .on('ledger_transfers')
    .columns(['debit_account_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('ledger_transfers_credit')
    .on('ledger_transfers')
    .columns(['credit_account_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('ledger_transfers_reference')
    .on('ledger_transfers')
    .columns(['reference_type', 'reference_id'])
    .execute();
  await db.schema.createIndex('ledger_transfers_group').on('ledger_transfers').column('group_id').execute();

  await db.schema
    .createTable('ledger_journal')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('entry', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();

  // One row: the chain's head. Locked FOR UPDATE on PostgreSQL so appends are serialised.
  await db.schema
    .createTable('ledger_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addCheckConstraint('ledger_head_single_row', sql`id = 1`)
    .execute();
  await db
    .insertInto('ledger_head')
    .values({ id: 1, seq: 0, hash: '0'.repeat(64) })
    .execute();

  // Personal data, outside the chain: erasure deletes rows here and the chain still verifies.
  await db.schema
    .createTable('ledger_memos')
    .addColumn('transfer_id', 'text', (c) => c.primaryKey().references('ledger_transfers.id'))
    .addColumn('author_id', 'text')
    .addColumn('memo', 'text', (c) => c.notNull())
    .execute();

  const appendOnly = ['ledger_transfers', 'ledger_journal'];
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    for (const table of appendOnly) {
      for (const op of ['UPDATE', 'DELETE']) {
        await sql
          .raw(
            `CREATE TRIGGER ${table}_no_${op.toLowerCase()} BEFORE ${op} ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
          )
          .execute(db);
      }
    }
    await sql
      .raw(
        `CREATE TRIGGER ledger_accounts_no_delete BEFORE DELETE ON ledger_accounts BEGIN SELECT RAISE(ABORT, 'ledger accounts are never deleted'); END`,
      )
      .execute(db);
  } else {
    await sql
      .raw(
        `CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'integrity_constraint_violation'; END $$`,
      )
      .execute(db);
    for (const table of appendOnly) {
      await sql
        .raw(
          `CREATE TRIGGER ${table}_no_change BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()`,
        )
        .execute(db);
      await sql
        .raw(
          `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()`,
        )
        .execute(db);
    }
    await sql
      .raw(
        `CREATE TRIGGER ledger_accounts_no_delete BEFORE DELETE ON ledger_accounts FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER ledger_accounts_no_truncate BEFORE TRUNCATE ON ledger_accounts FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()`,
      )
      .execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  // Dropping the tables drops their triggers on both databases.
  await db.schema.dropTable('ledger_memos').execute();
  await db.schema.dropTable('ledger_head').execute();
  await db.schema.dropTable('ledger_journal').execute();
  await db.schema.dropTable('ledger_transfers').execute();
  await db.schema.dropTable('ledger_accounts').execute();
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) await sql`DROP FUNCTION ledger_refuse_change()`.execute(db);
}
