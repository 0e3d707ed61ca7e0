import { sql } from 'kysely';
import type { NotificationChannel, NotificationKind, NotificationMode } from '../../../shared/schemas/notifications.ts';
import type { Db, Dialect } from '../../db/create-db.ts';
import type { NotificationRow, NotificationsTable } from './tables.ts';

/** The PostgreSQL channel that carries committed notification ids to every instance. */
export const NOTIFICATION_CHANNEL = 'waardewerk_notifications';
/** pg_notify payloads are limited to 8000 bytes: ids travel in chunks well below that. */
const IDS_PER_SIGNAL = 200;

export async function insertNotifications(db: Db, rows: NotificationsTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('notifications')
      .values(rows.slice(i, i + 500))
      .execute();
}

/**
 * Inside the writing transaction: PostgreSQL delivers a NOTIFY only when that transaction commits,
 * so a rolled-back change never reaches any instance's hub.
 */
export async function signalOnCommit(db: Db, dialect: Dialect, ids: string[]): Promise<void> {
  if (dialect !== 'postgres') return;
  for (let i = 0; i < ids.length; i += IDS_PER_SIGNAL) {
    await sql`select pg_notify(${NOTIFICATION_CHANNEL}, ${ids.slice(i, i + IDS_PER_SIGNAL).join(',')})`.execute(db);
  }
}

export async function preferencesOf(db: Db, userIds: string[], kind: NotificationKind) {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('notification_preferences')
    .select(['user_id', 'channel', 'mode'])
    .where('kind', '=', kind)
    .where('user_id', 'in', userIds)
    .execute();
}

export async function allPreferencesOf(db: Db, userId: string) {
  return db
    .selectFrom('notification_preferences')
    .select(['kind', 'channel', 'mode'])
    .where('user_id', '=', userId)
    .execute();
}

export async function upsertPreference(
  db: Db,
  row: {
    user_id: string;
    kind: NotificationKind;
    channel: NotificationChannel;
    mode: NotificationMode;
    updated_at: string;
  },
): Promise<void> {
  await db
    .insertInto('notification_preferences')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['user_id', 'kind', 'channel']).doUpdateSet({ mode: row.mode, updated_at: row.updated_at }),
    )
    .execute();
}

/** Newest first, before `before` (the older pages of the bell). */
export async function listNewest(
  db: Db,
  userId: string,
  before: string | undefined,
  limit: number,
): Promise<NotificationRow[]> {
  let q = db.selectFrom('notifications').selectAll().where('user_id', '=', userId).where('in_app', '=', 1);
  if (before !== undefined) q = q.where('id', '<', before);
  return q
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
}

/** Oldest first, after `after` (what a reconnecting client missed). */
export async function listAfter(db: Db, userId: string, after: string, limit: number): Promise<NotificationRow[]> {
  return db
    .selectFrom('notifications')
    .selectAll()
    .where('user_id', '=', userId)
    .where('in_app', '=', 1)
    .where('id', '>', after)
    .orderBy('id', 'asc')
    .limit(limit + 1)
    .execute();
}

export async function unreadCount(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('in_app', '=', 1)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function markRead(db: Db, userId: string, upTo: string, now: string): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ read_at: now })
    .where('user_id', '=', userId)
    .where('id', '<=', upTo)
    .where('read_at', 'is', null)
    .execute();
}

/** The rows behind committed ids that go to the bell (the hub loads them; unknown ids are skipped). */
export async function findInApp(db: Db, ids: string[]): Promise<NotificationRow[]> {
  return findByIds(db, ids, 'in_app');
}

/** The rows of these ids that go out by e-mail (immediately or in the digest). */
export async function findForEmail(db: Db, ids: string[]): Promise<NotificationRow[]> {
  return findByIds(db, ids, 'email');
}

async function findByIds(db: Db, ids: string[], channel: 'in_app' | 'email'): Promise<NotificationRow[]> {
  const rows: NotificationRow[] = [];
  // Large chunks: one event fanned out to thousands is loaded in a query or two (SQLite allows 32,766 parameters).
  for (let i = 0; i < ids.length; i += 10_000) {
    let q = db
      .selectFrom('notifications')
      .selectAll()
      .where('id', 'in', ids.slice(i, i + 10_000));
    q = channel === 'in_app' ? q.where('in_app', '=', 1) : q.where('email_mode', '!=', 'off');
    rows.push(...(await q.execute()));
  }
  return rows;
}

export async function personalData(db: Db, userId: string) {
  const notifications = await db
    .selectFrom('notifications')
    .select(['id', 'kind', 'data', 'created_at', 'read_at', 'in_app', 'email_mode'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
  const preferences = await allPreferencesOf(db, userId);
  return { notifications, preferences };
}

export async function erasePersonalData(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('notifications').where('user_id', '=', userId).execute();
  await db.deleteFrom('notification_preferences').where('user_id', '=', userId).execute();
}
