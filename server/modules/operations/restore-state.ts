import type { Db } from '../../db/create-db.ts';
import type { RestoreRow } from './tables.ts';

/** The newest restore into this database, if any. */
export async function latestRestore(db: Db): Promise<RestoreRow | undefined> {
  return db.selectFrom('restores').selectAll().orderBy('started_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/** Why the app must not serve this database, or null: the newest restore did not finish with a verified ledger. */
export async function unverifiedRestore(db: Db): Promise<string | null> {
  const restore = await latestRestore(db);
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
    throw new UnverifiedRestoreError(`Refusing to start: ${reason}. Restore again into an empty database (docs/OPERATIONS.md).`);
  }
}
