import { sql, type Kysely } from 'kysely';

/**
 * Engagements between a need's organisation and a worker (a person, possibly for a business),
 * their hour logs, and the conversation about them. Status rules live in the engagements module;
 * the ledger holds the money and minutes, these rows the agreed facts.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('engagements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('need_id', 'text', (c) => c.notNull().references('needs.id'))
    .addColumn('offer_id', 'text', (c) => c.references('offers.id'))
    // The need's organisation, kept here for authorisation and listing without a join.
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('proposed_by', 'text', (c) => c.notNull())
    .addColumn('worker_user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('worker_organization_id', 'text', (c) => c.references('organizations.id'))
    // Compensation as agreed when proposed: later edits of the need do not change it.
    .addColumn('compensation_type', 'text', (c) => c.notNull())
    .addColumn('hourly_rate_cents', 'integer')
    .addColumn('allowance_cents', 'integer')
    .addColumn('min_age', 'integer')
    .addColumn('estimate_minutes', 'integer')
    .addColumn('reserved_minutes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('logged_minutes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('confirmed_minutes', 'integer')
    .addColumn('unit', 'text')
    .addColumn('pledged_quantity', 'integer')
    .addColumn('delivered_quantity', 'integer')
    .addColumn('confirmed_quantity', 'integer')
    .addColumn('inkind_value_cents', 'integer')
    .addColumn('eur_cents', 'integer')
    .addColumn('eur_kind', 'text')
    // The Dutch calendar month (YYYY-MM) of a recorded allowance: the tax-free limits count per month and year.
    .addColumn('allowance_month', 'text')
    .addColumn('dispute_reason', 'text')
    .addColumn('end_reason_key', 'text')
    .addColumn('ended_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('accepted_at', 'text')
    .addColumn('completed_at', 'text')
    .addCheckConstraint('engagements_minutes', sql`reserved_minutes >= 0 and logged_minutes >= 0`)
    .execute();
  await db.schema.createIndex('engagements_need').on('engagements').columns(['need_id', 'status']).execute();
  await db.schema
    .createIndex('engagements_worker')
    .on('engagements')
    .columns(['worker_user_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('engagements_organization')
    .on('engagements')
    .columns(['organization_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('engagements_allowance')
    .on('engagements')
    .columns(['worker_user_id', 'allowance_month'])
    .execute();
  // One live engagement per person and need (both databases support partial unique indexes).
  await db.schema
    .createIndex('engagements_one_live_per_worker')
    .on('engagements')
    .columns(['need_id', 'worker_user_id'])
    .unique()
    .where(sql.ref('status'), 'in', ['proposed', 'accepted', 'hours_logged', 'delivered', 'disputed'])
    .execute();

  await db.schema
    .createTable('engagement_logs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('minutes', 'integer')
    .addColumn('quantity', 'integer')
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('engagement_logs_engagement')
    .on('engagement_logs')
    .columns(['engagement_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('engagement_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id'))
    // Null for a step recorded by the platform (the text is then a message key).
    .addColumn('author_id', 'text', (c) => c.references('users.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('engagement_messages_engagement')
    .on('engagement_messages')
    .columns(['engagement_id', 'created_at', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('engagement_messages').execute();
  await db.schema.dropTable('engagement_logs').execute();
  await db.schema.dropTable('engagements').execute();
}
