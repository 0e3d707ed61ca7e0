import type { Kysely } from 'kysely';

/**
 * Translations of a listing's title and description (issue 13, item 2), one per language, with who
 * translated; and the language the listing itself is written in, so readers' browsers get `lang`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('listing_translations')
    .addColumn('listing_kind', 'text', (c) => c.notNull())
    .addColumn('listing_id', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('translated_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('listing_translations_pk', ['listing_kind', 'listing_id', 'language'])
    .execute();
  await db.schema.createIndex('listing_translations_by').on('listing_translations').column('translated_by').execute();
  await db.schema
    .createTable('listing_original_languages')
    .addColumn('listing_kind', 'text', (c) => c.notNull())
    .addColumn('listing_id', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('listing_original_languages_pk', ['listing_kind', 'listing_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('listing_original_languages').execute();
  await db.schema.dropTable('listing_translations').execute();
}
