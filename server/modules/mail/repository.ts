import type { Db } from '../../db/create-db.ts';
import type { MailKind, MailMode } from '../../../shared/schemas/mail.ts';
import type { MailOutboxRow } from './tables.ts';

export const listPreferences = (db: Db, userId: string) =>
  db.selectFrom('mail_preferences').select(['kind', 'mode', 'updated_at']).where('user_id', '=', userId).execute();

export async function findPreference(db: Db, userId: string, kind: MailKind): Promise<MailMode | undefined> {
  const row = await db
    .selectFrom('mail_preferences')
    .select('mode')
    .where('user_id', '=', userId)
    .where('kind', '=', kind)
    .executeTakeFirst();
  return row?.mode;
}

export async function setPreference(
  db: Db,
  row: { user_id: string; kind: MailKind; mode: MailMode; updated_at: string },
): Promise<void> {
  await db
    .insertInto('mail_preferences')
    .values(row)
    .onConflict((oc) => oc.columns(['user_id', 'kind']).doUpdateSet({ mode: row.mode, updated_at: row.updated_at }))
    .execute();
}

export async function insertOutbox(db: Db, row: Omit<MailOutboxRow, 'attempts' | 'sent_at'>): Promise<void> {
  await db
    .insertInto('mail_outbox')
    .values({ ...row, sent_at: null })
    .execute();
}

export async function markSent(db: Db, ids: readonly string[], at: string): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('mail_outbox')
    .set({ sent_at: at })
    .where('id', 'in', [...ids])
    .execute();
}

export async function countAttempt(db: Db, id: string): Promise<void> {
  await db
    .updateTable('mail_outbox')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

/** Outbox rows of one mode not sent yet, written before `before`. */
const unsent = (db: Db, mode: MailOutboxRow['mode'], before: string) =>
  db
    .selectFrom('mail_outbox')
    .selectAll()
    .where('sent_at', 'is', null)
    .where('mode', '=', mode)
    .where('created_at', '<', before);

/** Immediate mails not sent yet (a failed send), written before `before`, with attempts left. */
export const unsentImmediate = (db: Db, before: string, maxAttempts: number, limit: number): Promise<MailOutboxRow[]> =>
  unsent(db, 'immediate', before).where('attempts', '<', maxAttempts).orderBy('created_at').limit(limit).execute();

/** People with digest lines from before `cutoff` waiting, who got no digest since `cutoff`. */
export async function digestRecipients(db: Db, cutoff: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('mail_outbox as o')
    .select('o.user_id')
    .distinct()
    .where('o.sent_at', 'is', null)
    .where('o.mode', '=', 'digest')
    .where('o.created_at', '<', cutoff)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('mail_outbox as s')
            .select('s.id')
            .whereRef('s.user_id', '=', 'o.user_id')
            .where('s.mode', '=', 'digest')
            .where('s.sent_at', '>=', cutoff),
        ),
      ),
    )
    .orderBy('o.user_id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.user_id);
}

/** A person's digest lines written before `cutoff`, not sent yet (later ones wait for the next digest). */
export const unsentDigest = (db: Db, userId: string, cutoff: string): Promise<MailOutboxRow[]> =>
  unsent(db, 'digest', cutoff).where('user_id', '=', userId).orderBy('created_at').execute();

/** Lines a person no longer wants (they turned the kind off since): they leave the outbox unsent. */
export async function dropUnsent(db: Db, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .deleteFrom('mail_outbox')
    .where('id', 'in', [...ids])
    .where('sent_at', 'is', null)
    .execute();
}

/**
 * What a mail about an engagement needs from the engagement and its need: who works, and the title.
 * A read of the engagements' and listings' tables, kept here like moderation's (no face answers it).
 */
export const engagementSubject = (db: Db, engagementId: string) =>
  db
    .selectFrom('engagements as e')
    .innerJoin('needs as n', 'n.id', 'e.need_id')
    .select(['e.worker_user_id', 'n.title'])
    .where('e.id', '=', engagementId)
    .executeTakeFirst();

export async function erasePersonalData(trx: Db, userId: string): Promise<void> {
  await trx.deleteFrom('mail_outbox').where('user_id', '=', userId).execute();
  await trx.deleteFrom('mail_preferences').where('user_id', '=', userId).execute();
}

export async function personalData(db: Db, userId: string) {
  const preferences = await listPreferences(db, userId);
  const waiting = await db
    .selectFrom('mail_outbox')
    .select(['kind', 'params', 'created_at'])
    .where('user_id', '=', userId)
    .where('sent_at', 'is', null)
    .execute();
  return { preferences, waiting };
}
