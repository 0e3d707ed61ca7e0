import type { Kysely } from 'kysely';

/**
 * Asking first (issue 10, item 3): a question thread between a person and the side of a need or an
 * offer (its organisation's managers, or the offer's owner), before — or without — an engagement.
 * One thread per asker and listing; `engagement_id` is set when an engagement between them follows
 * and the thread's messages became its conversation.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('question_threads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // 'need' | 'offer'
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('asker_user_id', 'text', (c) => c.notNull())
    .addColumn('engagement_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_message_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('question_threads_one_per_asker', ['subject_type', 'subject_id', 'asker_user_id'])
    .execute();
  await db.schema
    .createIndex('question_threads_asker')
    .on('question_threads')
    .columns(['asker_user_id', 'last_message_at', 'id'])
    .execute();
  await db.schema
    .createIndex('question_threads_subject')
    .on('question_threads')
    .columns(['subject_type', 'subject_id', 'last_message_at', 'id'])
    .execute();
  await db.schema
    .createTable('question_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('thread_id', 'text', (c) => c.notNull().references('question_threads.id'))
    .addColumn('author_user_id', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('question_messages_thread')
    .on('question_messages')
    .columns(['thread_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('question_messages_author')
    .on('question_messages')
    .columns(['author_user_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('question_messages').execute();
  await db.schema.dropTable('question_threads').execute();
}
