import type { Kysely } from 'kysely';

/**
 * Lending that comes back (issue 14, item 3): items to lend (a library of things) and their loans,
 * with hand-over and return conditions, due dates, reminders and the settlement of a lost item.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('lendable_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_type', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('value_per_day_cents', 'integer', (c) => c.notNull())
    .addColumn('loan_days', 'integer', (c) => c.notNull())
    .addColumn('pc4', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('lendable_items_owner')
    .on('lendable_items')
    .columns(['owner_type', 'owner_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('lendable_items_status')
    .on('lendable_items')
    .columns(['status', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('loans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('lendable_items.id'))
    .addColumn('borrower_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('handed_over_at', 'text')
    .addColumn('handover_condition', 'text')
    .addColumn('due_at', 'text')
    .addColumn('returned_at', 'text')
    .addColumn('return_condition', 'text')
    .addColumn('reminders', 'integer', (c) => c.notNull())
    .addColumn('reminded_at', 'text')
    .addColumn('inkind_cents', 'integer')
    .addColumn('settlement_outcome', 'text')
    .addColumn('settlement_minutes', 'integer')
    .addColumn('settlement_note', 'text')
    .addColumn('settlement_proposed_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('loans_item').on('loans').columns(['item_id', 'created_at']).execute();
  await db.schema.createIndex('loans_borrower').on('loans').columns(['borrower_id', 'created_at']).execute();
  // The overdue sweep reads loans out on loan by due date.
  await db.schema.createIndex('loans_due').on('loans').columns(['status', 'due_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('loans').execute();
  await db.schema.dropTable('lendable_items').execute();
}
