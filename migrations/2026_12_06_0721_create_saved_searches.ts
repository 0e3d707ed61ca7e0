import type { Kysely } from 'kysely';

/**
 * Alerts for new tasks (issue 11, item 7): "tell me when…" saves a search's filters. A new need is
 * matched against saved searches through `saved_search_cells` — one row per (area cell, kind) a
 * search covers, `*` for "anywhere" or "any kind" — so evaluating a need reads only the searches of
 * its own cell and kind, never all of them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('saved_searches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kinds', 'text', (c) => c.notNull())
    .addColumn('domains', 'text', (c) => c.notNull())
    .addColumn('compensation', 'text', (c) => c.notNull())
    .addColumn('newcomer_friendly', 'integer', (c) => c.notNull())
    .addColumn('postcode', 'text')
    .addColumn('lat', 'real')
    .addColumn('lng', 'real')
    .addColumn('radius_km', 'real')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('saved_searches_user').on('saved_searches').columns(['user_id', 'created_at']).execute();
  await db.schema
    .createTable('saved_search_cells')
    .addColumn('cell', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('search_id', 'text', (c) => c.notNull().references('saved_searches.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('saved_search_cells_pk', ['cell', 'kind', 'search_id'])
    .execute();
  await db.schema.createIndex('saved_search_cells_search').on('saved_search_cells').column('search_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('saved_search_cells').execute();
  await db.schema.dropTable('saved_searches').execute();
}
