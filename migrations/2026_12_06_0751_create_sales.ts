import type { Kysely } from 'kysely';

/**
 * Initiatives' own products and services (issue 14, item 1): offers with a price, the sales through
 * them (order or quote → accepted → delivered → confirmed), and the other income an initiative
 * declares per year, so its own-income share can be computed from confirmed sales.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('service_offers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('price_unit', 'text', (c) => c.notNull())
    .addColumn('price_cents', 'integer', (c) => c.notNull())
    .addColumn('postcode', 'text', (c) => c.notNull())
    .addColumn('pc4', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('radius_km', 'integer', (c) => c.notNull())
    .addColumn('availability', 'text', (c) => c.notNull())
    .addColumn('capacity_per_month', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('service_offers_open')
    .on('service_offers')
    .columns(['status', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('service_offers_organization')
    .on('service_offers')
    .columns(['organization_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('sales')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('service_offer_id', 'text', (c) => c.notNull().references('service_offers.id'))
    .addColumn('seller_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('buyer_type', 'text', (c) => c.notNull())
    .addColumn('buyer_id', 'text', (c) => c.notNull())
    .addColumn('ordered_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('price_cents', 'integer')
    .addColumn('work_minutes', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .execute();
  await db.schema.createIndex('sales_seller').on('sales').columns(['seller_id', 'created_at']).execute();
  await db.schema.createIndex('sales_buyer').on('sales').columns(['buyer_type', 'buyer_id', 'created_at']).execute();

  await db.schema
    .createTable('organization_income_years')
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('subsidies_cents', 'integer', (c) => c.notNull())
    .addColumn('donations_cents', 'integer', (c) => c.notNull())
    .addColumn('declared_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('declared_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('organization_income_years_pk', ['organization_id', 'year'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('organization_income_years').execute();
  await db.schema.dropTable('sales').execute();
  await db.schema.dropTable('service_offers').execute();
}
