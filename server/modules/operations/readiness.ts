import { sql } from 'kysely';
import { migrations } from '../../../migrations/index.ts';
import type { Db } from '../../db/create-db.ts';
import { unverifiedRestore } from './restore-state.ts';

export interface Readiness {
  ready: boolean;
  database: boolean;
  /** Migrations of this version not yet applied to the database. */
  pendingMigrations: string[];
  /** Set when the newest restore into this database has not verified. */
  restore?: string;
}

/** Ready = the database answers, every migration this code knows is applied, and no restore is unverified. */
export async function checkReadiness(db: Db): Promise<Readiness> {
  try {
    await sql`select 1`.execute(db);
  } catch {
    return { ready: false, database: false, pendingMigrations: [] };
  }
  let applied: Set<string>;
  try {
    const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    applied = new Set(rows.rows.map((r) => r.name));
  } catch {
    // No migration table yet: nothing is applied.
    applied = new Set();
  }
  const pendingMigrations = Object.keys(migrations).filter((name) => !applied.has(name));
  if (pendingMigrations.length > 0) return { ready: false, database: true, pendingMigrations };
  const restore = await unverifiedRestore(db);
  return restore ? { ready: false, database: true, pendingMigrations, restore } : { ready: true, database: true, pendingMigrations };
}
