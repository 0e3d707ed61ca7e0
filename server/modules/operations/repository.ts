import { sql } from 'kysely';
import type { Db } from '../../db/create-db.ts';
import type { RestoreRow } from './tables.ts';

/** A round trip to the database: throws when it does not answer. */
export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}

/** Names of the migrations applied to this database; throws when Kysely's table is not there yet. */
export async function appliedMigrationNames(db: Db): Promise<Set<string>> {
  const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
  return new Set(rows.rows.map((r) => r.name));
}

/** The newest restore into this database, if any. */
export async function latestRestore(db: Db): Promise<RestoreRow | undefined> {
  return db
    .selectFrom('restores')
    .selectAll()
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function insertRestore(db: Db, row: RestoreRow): Promise<void> {
  await db.insertInto('restores').values(row).execute();
}

export async function finishRestore(
  db: Db,
  id: string,
  outcome: Pick<RestoreRow, 'status' | 'finished_at' | 'report'>,
): Promise<void> {
  await db.updateTable('restores').set(outcome).where('id', '=', id).execute();
}

/** PostgreSQL: tables in the current schema (a restore needs none). */
export async function countSchemaTables(db: Db): Promise<number> {
  const { rows } = await sql<{
    n: number;
  }>`select count(*)::int as n from information_schema.tables where table_schema = current_schema()`.execute(db);
  return rows[0]?.n ?? 0;
}
