import { Migrator, PostgresAdapter, sql, type MigrationResultSet } from 'kysely';
import { migrations } from '../../migrations/index.ts';
import type { Db } from './create-db.ts';

/**
 * Brings the schema up to date. Kysely's migrator holds a lock (PostgreSQL: an advisory lock), so
 * concurrent starts are safe. On PostgreSQL its bookkeeping tables are named in the current schema:
 * Kysely looks for them in every schema otherwise, and a second schema in the same database (tests,
 * or two installations side by side) would find the first one's and never get its own.
 */
export async function migrateToLatest(db: Db): Promise<void> {
  const migrationTableSchema =
    db.getExecutor().adapter instanceof PostgresAdapter
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
      : undefined;
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} failed: ${String(result.error)}`, { cause: result.error });
  }
}
