import type { Kysely } from 'kysely';

/**
 * Neighbours helping neighbours (issue 14, item 4): personal requests without an organisation, paid
 * only in time credits; the helpers' engagements with them; and organisations' sponsored credits.
 * Only the PC4 area of a request is stored: the full postcode is never asked for again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('help_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('requester_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('pc4', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('minutes_estimate', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('help_requests_open')
    .on('help_requests')
    .columns(['status', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('help_requests_requester')
    .on('help_requests')
    .columns(['requester_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('help_engagements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('help_requests.id'))
    .addColumn('requester_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('helper_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('reserved_minutes', 'integer', (c) => c.notNull())
    .addColumn('logged_minutes', 'integer', (c) => c.notNull())
    .addColumn('logged_date', 'text')
    .addColumn('confirmed_minutes', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('help_engagements_request')
    .on('help_engagements')
    .columns(['request_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('help_engagements_helper')
    .on('help_engagements')
    .columns(['helper_id', 'created_at'])
    .execute();
  // One offer of help per helper and request.
  await db.schema
    .createIndex('help_engagements_once')
    .on('help_engagements')
    .columns(['request_id', 'helper_id'])
    .unique()
    .execute();

  await db.schema
    .createTable('sponsorships')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('recipient_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('sponsored_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('transfer_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sponsorships_organization')
    .on('sponsorships')
    .columns(['organization_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sponsorships').execute();
  await db.schema.dropTable('help_engagements').execute();
  await db.schema.dropTable('help_requests').execute();
}
