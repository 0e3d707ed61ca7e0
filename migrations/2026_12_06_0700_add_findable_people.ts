import type { Kysely } from 'kysely';

/**
 * People as candidates (issue 10, item 2): a person who switched on "organisations may find me"
 * (`findable`, off by default) is matched for needs like an offer. `lat`/`lng` are the centroid of
 * their PC4 postcode, kept with the postcode so retrieval can read a box by index; only the PC4
 * place is ever shown. Match round proposals keep the reasons they were proposed for.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('findable', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('users').addColumn('lat', 'double precision').execute();
  await db.schema.alterTable('users').addColumn('lng', 'double precision').execute();
  await db.schema.createIndex('users_findable_place').on('users').columns(['findable', 'lat', 'lng']).execute();
  // JSON array of the core's reasons (factor, score, textKey, params).
  await db.schema
    .alterTable('match_proposals')
    .addColumn('reasons', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('match_proposals').dropColumn('reasons').execute();
  await db.schema.dropIndex('users_findable_place').execute();
  for (const column of ['lng', 'lat', 'findable']) await db.schema.alterTable('users').dropColumn(column).execute();
}
