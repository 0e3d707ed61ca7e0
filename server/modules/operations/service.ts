import { migrations } from '../../../migrations/index.ts';
import type { Db } from '../../db/create-db.ts';
import * as repo from './repository.ts';

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
    await repo.ping(db);
  } catch {
    return { ready: false, database: false, pendingMigrations: [] };
  }
  let applied: Set<string>;
  try {
    applied = await repo.appliedMigrationNames(db);
  } catch {
    // No migration table yet: nothing is applied.
    applied = new Set();
  }
  const pendingMigrations = Object.keys(migrations).filter((name) => !applied.has(name));
  if (pendingMigrations.length > 0) return { ready: false, database: true, pendingMigrations };
  const restore = await unverifiedRestore(db);
  return restore
    ? { ready: false, database: true, pendingMigrations, restore }
    : { ready: true, database: true, pendingMigrations };
}

/** Why the app must not serve this database, or null: the newest restore did not finish with a verified ledger. */
export async function unverifiedRestore(db: Db): Promise<string | null> {
  const restore = await repo.latestRestore(db);
  if (!restore || restore.status === 'verified') return null;
  return restore.status === 'restoring'
    ? `the restore of ${restore.backup_file} started at ${restore.started_at} did not finish`
    : `the restore of ${restore.backup_file} failed its verification: ${restore.report ?? 'no report'}`;
}

export class UnverifiedRestoreError extends Error {}

/** main.ts calls this before listening: a database whose restore did not verify is not served. */
export async function assertRestoreVerified(db: Db): Promise<void> {
  const reason = await unverifiedRestore(db);
  if (reason) {
    throw new UnverifiedRestoreError(
      `Refusing to start: ${reason}. Restore again into an empty database (docs/OPERATIONS.md).`,
    );
  }
}
