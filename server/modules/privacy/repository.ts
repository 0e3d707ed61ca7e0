import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';

/**
 * The tables an erasure rewrites or deletes from: where the old row versions (e-mail, password
 * hash, profile, words, memos) may linger in the database files until the space is reused.
 */
export const erasedTables = [
  'users',
  'sessions',
  'offers',
  'offer_skills',
  'offer_languages',
  'offer_domains',
  'offer_compensations',
  'needs',
  'engagements',
  'engagement_messages',
  'engagement_logs',
  'engagement_participants',
  'engagement_references',
  'certificates',
  'ledger_memos',
  'memberships',
  'organizations',
  'reports',
] as const;

/**
 * After an erasure has committed, the old row versions leave the files (RELIABILITY row 19).
 * SQLite runs with secure_delete (create-db.ts), which zeroes freed space in the main file; the
 * checkpoint copies the WAL into it and truncates the WAL, which still held the pages as they were.
 * PostgreSQL keeps dead tuples in the heap until a VACUUM removes them; VACUUM cannot run inside a
 * transaction, so it runs here, after the commit, table by table.
 */
export async function scrubErasedRows(ctx: AppContext): Promise<void> {
  if (ctx.dialect === 'sqlite') {
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(ctx.db);
    return;
  }
  for (const table of erasedTables) await sql`VACUUM ${sql.table(table)}`.execute(ctx.db);
}
