import { SqliteAdapter, sql, type Kysely } from 'kysely';

/**
 * Trust (issue 9): how and by whom an organisation was verified, who created it (for the per-person
 * creation limit), an append-only audit log of admin and coordinator acts, reports with their
 * moderation outcome, and `hidden_at` on everything a moderator can hide.
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const column of [
    'created_by',
    'verified_by',
    'verification_method',
    'verification_reference',
    'verification_note',
    'verification_area',
    'hidden_at',
  ]) {
    await db.schema.alterTable('organizations').addColumn(column, 'text').execute();
  }
  await db.schema
    .createIndex('organizations_created_by')
    .on('organizations')
    .columns(['created_by', 'created_at'])
    .execute();
  for (const table of ['needs', 'offers', 'users', 'engagement_messages']) {
    await db.schema.alterTable(table).addColumn('hidden_at', 'text').execute();
  }

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('object_type', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    // JSON object: the facts of the act (old and new role, floor, method …).
    .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_time').on('audit_log').columns(['created_at', 'id']).execute();
  await db.schema
    .createIndex('audit_log_organization')
    .on('audit_log')
    .columns(['organization_id', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reporter_id', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    // Who wrote the reported content (told the outcome); null when nobody can be named.
    .addColumn('author_id', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    // open | hidden | restored
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decision_reason', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint('reports_status', sql`status in ('open', 'hidden', 'restored')`)
    .execute();
  await db.schema.createIndex('reports_status').on('reports').columns(['status', 'created_at', 'id']).execute();
  await db.schema.createIndex('reports_reporter').on('reports').columns(['reporter_id', 'created_at']).execute();
  await db.schema.createIndex('reports_author').on('reports').columns(['author_id', 'created_at']).execute();
  await db.schema.createIndex('reports_target').on('reports').columns(['target_type', 'target_id']).execute();

  // Like the ledger: the audit log only grows, on both databases.
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    for (const op of ['UPDATE', 'DELETE']) {
      await sql
        .raw(
          `CREATE TRIGGER audit_log_no_${op.toLowerCase()} BEFORE ${op} ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
        )
        .execute(db);
    }
  } else {
    await sql
      .raw(
        `CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'integrity_constraint_violation'; END $$`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`,
      )
      .execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('reports').execute();
  await db.schema.dropTable('audit_log').execute();
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) await sql`DROP FUNCTION audit_refuse_change()`.execute(db);
  for (const table of ['needs', 'offers', 'users', 'engagement_messages']) {
    await db.schema.alterTable(table).dropColumn('hidden_at').execute();
  }
  await db.schema.dropIndex('organizations_created_by').execute();
  for (const column of [
    'created_by',
    'verified_by',
    'verification_method',
    'verification_reference',
    'verification_note',
    'verification_area',
    'hidden_at',
  ]) {
    await db.schema.alterTable('organizations').dropColumn(column).execute();
  }
}
