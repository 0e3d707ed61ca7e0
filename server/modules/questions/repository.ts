import type { Db } from '../../db/create-db.ts';
import type { QuestionMessagesTable, QuestionThreadRow, QuestionThreadsTable } from './tables.ts';

/** A thread with the asker's display name. */
export type ThreadWithAsker = QuestionThreadRow & { asker_name: string };

const selectThreads = (db: Db) =>
  db
    .selectFrom('question_threads as t')
    .innerJoin('users as asker', 'asker.id', 't.asker_user_id')
    .selectAll('t')
    .select('asker.display_name as asker_name');

export const findThread = (db: Db, id: string): Promise<ThreadWithAsker | undefined> =>
  selectThreads(db).where('t.id', '=', id).executeTakeFirst();

export const findThreadOf = (
  db: Db,
  q: { subjectType: 'need' | 'offer'; subjectId: string; askerUserId: string },
): Promise<QuestionThreadRow | undefined> =>
  db
    .selectFrom('question_threads')
    .selectAll()
    .where('subject_type', '=', q.subjectType)
    .where('subject_id', '=', q.subjectId)
    .where('asker_user_id', '=', q.askerUserId)
    .executeTakeFirst();

export async function insertThread(db: Db, row: QuestionThreadsTable): Promise<void> {
  await db.insertInto('question_threads').values(row).execute();
}

export async function insertMessage(db: Db, row: QuestionMessagesTable): Promise<void> {
  await db.insertInto('question_messages').values(row).execute();
  await db
    .updateTable('question_threads')
    .set({ last_message_at: row.created_at })
    .where('id', '=', row.thread_id)
    .execute();
}

/** A thread's messages, oldest first, with the authors' display names. */
export const messagesOf = (db: Db, threadId: string) =>
  db
    .selectFrom('question_messages as m')
    .innerJoin('users as u', 'u.id', 'm.author_user_id')
    .select(['m.id', 'm.author_user_id', 'm.text', 'm.created_at', 'u.display_name'])
    .where('m.thread_id', '=', threadId)
    .orderBy('m.created_at')
    .orderBy('m.id')
    .execute();

/** Messages a person wrote since `since` (the hourly limit). */
export async function messagesWrittenSince(db: Db, userId: string, since: string): Promise<number> {
  const row = await db
    .selectFrom('question_messages')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('author_user_id', '=', userId)
    .where('created_at', '>', since)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * Threads the person is a party to, newest message first, after a keyset: those they asked, and
 * those about the listings they answer for (needs of `organizationIds`, offers they own or of those businesses).
 */
export function threadsFor(
  db: Db,
  q: {
    userId: string;
    organizationIds: readonly string[];
    limit: number;
    after?: { at: string; id: string } | undefined;
  },
): Promise<ThreadWithAsker[]> {
  let query = selectThreads(db).where((eb) => {
    const sides = [
      eb('t.asker_user_id', '=', q.userId),
      eb.and([
        eb('t.subject_type', '=', 'offer'),
        eb(
          't.subject_id',
          'in',
          eb.selectFrom('offers').select('offers.id').where('offers.owner_user_id', '=', q.userId),
        ),
      ]),
    ];
    if (q.organizationIds.length > 0) {
      sides.push(
        eb.and([
          eb('t.subject_type', '=', 'need'),
          eb(
            't.subject_id',
            'in',
            eb
              .selectFrom('needs')
              .select('needs.id')
              .where('needs.organization_id', 'in', [...q.organizationIds]),
          ),
        ]),
      );
      sides.push(
        eb.and([
          eb('t.subject_type', '=', 'offer'),
          eb(
            't.subject_id',
            'in',
            eb
              .selectFrom('offers')
              .select('offers.id')
              .where('offers.organization_id', 'in', [...q.organizationIds]),
          ),
        ]),
      );
    }
    return eb.or(sides);
  });
  const after = q.after;
  if (after)
    query = query.where((eb) =>
      eb.or([
        eb('t.last_message_at', '<', after.at),
        eb.and([eb('t.last_message_at', '=', after.at), eb('t.id', '<', after.id)]),
      ]),
    );
  return query
    .orderBy('t.last_message_at', 'desc')
    .orderBy('t.id', 'desc')
    .limit(q.limit + 1)
    .execute();
}

/** Open threads about a need whose asker is this worker, or about this offer: an engagement between them follows. */
export function threadsForEngagement(db: Db, q: { needId: string; workerUserId: string; offerId: string | null }) {
  return db
    .selectFrom('question_threads')
    .selectAll()
    .where('engagement_id', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([
          eb('subject_type', '=', 'need'),
          eb('subject_id', '=', q.needId),
          eb('asker_user_id', '=', q.workerUserId),
        ]),
        ...(q.offerId ? [eb.and([eb('subject_type', '=', 'offer'), eb('subject_id', '=', q.offerId)])] : []),
      ]),
    )
    .execute();
}

export async function setEngagement(db: Db, threadId: string, engagementId: string): Promise<boolean> {
  const result = await db
    .updateTable('question_threads')
    .set({ engagement_id: engagementId })
    .where('id', '=', threadId)
    .where('engagement_id', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Erasure: the person's words go; the threads stay for the other party, marked by the web as erased. */
export async function erasePersonalData(db: Db, userId: string): Promise<void> {
  await db.updateTable('question_messages').set({ text: '' }).where('author_user_id', '=', userId).execute();
}

export async function personalData(db: Db, userId: string) {
  return db
    .selectFrom('question_messages')
    .select(['thread_id', 'text', 'created_at'])
    .where('author_user_id', '=', userId)
    .orderBy('created_at')
    .execute();
}
