import type { Kysely } from 'kysely';

/**
 * Restores of a backup into this database (`npm run restore`): a row is written as soon as the copy
 * is in place and marked `verified` only after the erasure log was replayed and the whole ledger
 * verified. The app refuses to start while the newest restore is not `verified`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('restores')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('backup_file', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    /** restoring | verified | failed */
    .addColumn('status', 'text', (c) => c.notNull())
    /** JSON: erasures replayed, verification summary, or why it failed. */
    .addColumn('report', 'text')
    .execute();
  await db.schema.createIndex('restores_started').on('restores').columns(['started_at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('restores').execute();
}
