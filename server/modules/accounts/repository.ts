import type { Db } from '../../db/create-db.ts';
import type { Updateable } from 'kysely';
import type { AccountTokenPurpose, AccountTokenRow, NewUserRow, SessionRow, UsersTable, UserRow } from './tables.ts';

const userColumns = [
  'id',
  'email',
  'password_hash',
  'display_name',
  'locale',
  'postcode',
  'languages',
  'skills',
  'may_do_paid_work',
  'vog_verified_at',
  'vog_recorded_by',
  'is_admin',
  'count_as_newcomer',
  'email_verified_at',
  'findable',
  'lat',
  'lng',
  'created_at',
  'updated_at',
] as const;

export const findUserByEmail = (db: Db, email: string): Promise<UserRow | undefined> =>
  db.selectFrom('users').select(userColumns).where('email', '=', email).executeTakeFirst();

export const findUserById = (db: Db, id: string): Promise<UserRow | undefined> =>
  db.selectFrom('users').select(userColumns).where('id', '=', id).executeTakeFirst();

/**
 * People who switched on "others may find me", whose display name contains `q` (case-insensitive),
 * by name; the one asking is left out. Only what a search shows: id, name and postcode (for the place).
 */
export function findFindablePeople(db: Db, q: string, exceptUserId: string, limit: number) {
  // LIKE's wildcards are left out of what was typed (SQLite knows no default escape character);
  // what remains must still say something, or the search would list everyone.
  const typed = q
    .toLowerCase()
    .replace(/[%_\\]/g, '')
    .trim();
  if (typed.length < 2) return Promise.resolve([]);
  const pattern = `%${typed}%`;
  return db
    .selectFrom('users')
    .select(['id', 'display_name', 'postcode'])
    .where('findable', '=', 1)
    .where('id', '<>', exceptUserId)
    .where((eb) => eb(eb.fn('lower', ['display_name']), 'like', eb.val(pattern)))
    .orderBy('display_name')
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function insertUser(db: Db, row: NewUserRow): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

export async function updateUser(db: Db, id: string, changes: Updateable<UsersTable>): Promise<void> {
  await db.updateTable('users').set(changes).where('id', '=', id).execute();
}

export async function insertSession(db: Db, row: SessionRow): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

export const findSession = (db: Db, id: string): Promise<SessionRow | undefined> =>
  db
    .selectFrom('sessions')
    .select(['id', 'user_id', 'secret_hash', 'created_at', 'last_verified_at'])
    .where('id', '=', id)
    .executeTakeFirst();

export async function findSessionsByIds(db: Db, ids: string[]) {
  const rows: { id: string; created_at: string; last_verified_at: string }[] = [];
  for (let i = 0; i < ids.length; i += 1000) {
    rows.push(
      ...(await db
        .selectFrom('sessions')
        .select(['id', 'created_at', 'last_verified_at'])
        .where('id', 'in', ids.slice(i, i + 1000))
        .execute()),
    );
  }
  return rows;
}

export const listSessions = (db: Db, userId: string) =>
  db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_verified_at'])
    .where('user_id', '=', userId)
    .orderBy('last_verified_at', 'desc')
    .execute();

export async function touchSession(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable('sessions').set({ last_verified_at: at }).where('id', '=', id).execute();
}

export async function deleteSession(db: Db, id: string, userId?: string): Promise<number> {
  let q = db.deleteFrom('sessions').where('id', '=', id);
  if (userId) q = q.where('user_id', '=', userId);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function deleteUserSessions(db: Db, userId: string, exceptSessionId?: string): Promise<number> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptSessionId) q = q.where('id', '!=', exceptSessionId);
  return Number((await q.executeTakeFirst()).numDeletedRows);
}

/** Makes the accounts with these addresses platform admins; answers how many were not yet. */
export async function makeAdmins(db: Db, emails: readonly string[]): Promise<number> {
  const promoted = await db
    .updateTable('users')
    .set({ is_admin: 1 })
    .where('email', 'in', [...emails])
    .where('is_admin', '=', 0)
    .executeTakeFirst();
  return Number(promoted.numUpdatedRows);
}

/** The newcomer opt-in of each person, by id. */
export async function newcomerFlags(db: Db, userIds: readonly string[]): Promise<Map<string, boolean>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'count_as_newcomer'])
    .where('id', 'in', [...userIds])
    .execute();
  return new Map(rows.map((r) => [r.id, Number(r.count_as_newcomer) === 1]));
}

export async function insertAccountToken(db: Db, row: AccountTokenRow): Promise<void> {
  await db.insertInto('account_tokens').values(row).execute();
}

export const findAccountToken = (
  db: Db,
  tokenHash: string,
  purpose: AccountTokenPurpose,
): Promise<AccountTokenRow | undefined> =>
  db
    .selectFrom('account_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .executeTakeFirst();

/** Deletes one token; answers whether it was still there (two uses racing: only one deletes it). */
export async function takeAccountToken(db: Db, tokenHash: string): Promise<boolean> {
  const r = await db.deleteFrom('account_tokens').where('token_hash', '=', tokenHash).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

export async function deleteAccountTokens(db: Db, userId: string, purpose?: AccountTokenPurpose): Promise<void> {
  let q = db.deleteFrom('account_tokens').where('user_id', '=', userId);
  if (purpose) q = q.where('purpose', '=', purpose);
  await q.execute();
}

/** How many tokens of `purpose` the person was sent since `since` (their own rate limit). */
export async function countAccountTokensSince(
  db: Db,
  userId: string,
  purpose: AccountTokenPurpose,
  since: string,
): Promise<number> {
  const row = await db
    .selectFrom('account_tokens')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Removes the person's tokens that expired before `before` (kept until then for the hourly count). */
export async function deleteExpiredAccountTokens(db: Db, userId: string, before: string): Promise<void> {
  await db.deleteFrom('account_tokens').where('user_id', '=', userId).where('expires_at', '<', before).execute();
}
