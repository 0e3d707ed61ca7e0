import type { Kysely } from 'kysely';

/**
 * Help on someone's behalf (issue 13, item 4): a person's consent that a coordinator acts for them
 * (given in person with a code the person shows, or asked by the coordinator and confirmed by the
 * person), the codes, and every act done for someone, with both people.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('helper_consents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('helper_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('given_at', 'text')
    .addColumn('withdrawn_at', 'text')
    .execute();
  await db.schema
    .createIndex('helper_consents_person')
    .on('helper_consents')
    .columns(['person_id', 'status'])
    .execute();
  await db.schema
    .createIndex('helper_consents_helper')
    .on('helper_consents')
    .columns(['helper_id', 'status'])
    .execute();
  await db.schema
    .createTable('helper_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema
    .createTable('on_behalf_acts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('consent_id', 'text', (c) => c.notNull())
    .addColumn('helper_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('on_behalf_acts_person').on('on_behalf_acts').columns(['person_id', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('on_behalf_acts').execute();
  await db.schema.dropTable('helper_codes').execute();
  await db.schema.dropTable('helper_consents').execute();
}
