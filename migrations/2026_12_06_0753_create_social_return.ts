import type { Kysely } from 'kysely';

/**
 * Social return statements (issue 14, item 2): a business's obligations from public contracts, its
 * valuation rules per buyer, and the signed statements (canonical JSON and its compact JWS).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('social_return_obligations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('buyer_name', 'text', (c) => c.notNull())
    .addColumn('buyer_key', 'text', (c) => c.notNull())
    .addColumn('contract_reference', 'text', (c) => c.notNull())
    .addColumn('target_cents', 'integer')
    .addColumn('target_pct_hundredths', 'integer')
    .addColumn('contract_value_cents', 'bigint')
    .addColumn('period_from', 'text', (c) => c.notNull())
    .addColumn('period_to', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('social_return_obligations_organization')
    .on('social_return_obligations')
    .columns(['organization_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('social_return_rules')
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('buyer_key', 'text', (c) => c.notNull())
    .addColumn('volunteer_hour_cents', 'integer', (c) => c.notNull())
    .addColumn('pro_bono_hour_cents', 'integer', (c) => c.notNull())
    .addColumn('purchase_pct', 'integer', (c) => c.notNull())
    .addColumn('materials_pct', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('social_return_rules_pk', ['organization_id', 'buyer_key'])
    .execute();

  await db.schema
    .createTable('social_return_statements')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('obligation_id', 'text', (c) => c.notNull().references('social_return_obligations.id'))
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('kid', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('social_return_statements_obligation')
    .on('social_return_statements')
    .columns(['obligation_id', 'issued_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('social_return_statements').execute();
  await db.schema.dropTable('social_return_rules').execute();
  await db.schema.dropTable('social_return_obligations').execute();
}
