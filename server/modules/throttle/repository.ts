import { sql, type Transaction } from 'kysely';
import type { Db, Dialect } from '../../db/create-db.ts';
import type { Database } from '../../db/database.ts';
import type { AuthFailureRow } from './tables.ts';

/**
 * One hit in a fixed window, in one statement: a window that has ended starts again at 1. Atomic on
 * both databases, so concurrent requests on several instances count exactly.
 */
export async function hitWindow(
  db: Db,
  key: string,
  now: string,
  expiresAt: string,
): Promise<{ hits: number; expires_at: string }> {
  return db
    .insertInto('rate_limit_windows')
    .values({ key, hits: 1, expires_at: expiresAt })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        hits: sql<number>`case when rate_limit_windows.expires_at <= ${now} then 1 else rate_limit_windows.hits + 1 end`,
        expires_at: sql<string>`case when rate_limit_windows.expires_at <= ${now} then excluded.expires_at else rate_limit_windows.expires_at end`,
      }),
    )
    .returning(['hits', 'expires_at'])
    .executeTakeFirstOrThrow();
}

export async function readWindow(
  db: Db,
  key: string,
  now: string,
): Promise<{ hits: number; expires_at: string } | undefined> {
  return db
    .selectFrom('rate_limit_windows')
    .select(['hits', 'expires_at'])
    .where('key', '=', key)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/**
 * The live failure counters of `keys`, locked until the transaction ends. On PostgreSQL each row is
 * made to exist first so that FOR UPDATE also serialises the very first attempts; SQLite write
 * transactions (BEGIN IMMEDIATE) are serial already.
 */
export async function lockFailures(
  trx: Transaction<Database>,
  dialect: Dialect,
  keys: string[],
  now: string,
): Promise<Map<string, AuthFailureRow>> {
  const sorted = [...new Set(keys)].sort();
  if (dialect === 'postgres') {
    await trx
      .insertInto('auth_failures')
      .values(sorted.map((key) => ({ key, failures: 0, last_failure_at: now, expires_at: now })))
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
  }
  let q = trx.selectFrom('auth_failures').selectAll().where('key', 'in', sorted).orderBy('key');
  if (dialect === 'postgres') q = q.forUpdate();
  const rows = await q.execute();
  return new Map(rows.filter((r) => r.expires_at > now && r.failures > 0).map((r) => [r.key, r]));
}

/** Counts one failure; a counter whose window has passed starts again at 1. */
export async function addFailure(
  db: Db | Transaction<Database>,
  key: string,
  now: string,
  expiresAt: string,
): Promise<void> {
  await db
    .insertInto('auth_failures')
    .values({ key, failures: 1, last_failure_at: now, expires_at: expiresAt })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: sql<number>`case when auth_failures.expires_at <= ${now} then 1 else auth_failures.failures + 1 end`,
        last_failure_at: now,
        expires_at: expiresAt,
      }),
    )
    .execute();
}

/** Takes back one counted failure (an attempt counted in advance that turned out right). */
export async function removeFailure(db: Db, key: string): Promise<void> {
  await db
    .updateTable('auth_failures')
    .set({ failures: sql<number>`case when failures > 0 then failures - 1 else 0 end` })
    .where('key', '=', key)
    .execute();
}

/** Soft state past its window: deleted by whichever instance notices first. */
export async function deleteExpired(db: Db, now: string): Promise<number> {
  const a = await db.deleteFrom('rate_limit_windows').where('expires_at', '<=', now).executeTakeFirst();
  const b = await db.deleteFrom('auth_failures').where('expires_at', '<=', now).executeTakeFirst();
  return Number(a.numDeletedRows) + Number(b.numDeletedRows);
}
