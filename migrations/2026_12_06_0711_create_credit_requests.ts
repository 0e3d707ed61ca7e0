import type { Kysely } from 'kysely';

/**
 * Requests for time credits (issue 10, item 6): a person asks another for an amount, the other
 * accepts (which sends the credits, `transfer_id`) or declines. Status pending | accepted | declined.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('credit_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('requester_user_id', 'text', (c) => c.notNull())
    .addColumn('payer_user_id', 'text', (c) => c.notNull())
    .addColumn('amount_minutes', 'integer', (c) => c.notNull())
    .addColumn('memo', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('transfer_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('answered_at', 'text')
    .execute();
  await db.schema
    .createIndex('credit_requests_payer')
    .on('credit_requests')
    .columns(['payer_user_id', 'status', 'created_at'])
    .execute();
  await db.schema
    .createIndex('credit_requests_requester')
    .on('credit_requests')
    .columns(['requester_user_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('credit_requests').execute();
}
