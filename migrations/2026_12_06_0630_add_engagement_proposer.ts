import type { Kysely } from 'kysely';

/**
 * Every engagement states who proposed it (issue 9, item 3): the person who applied or invited and,
 * when a verified public body's match round invited on an organisation's behalf (with its consent),
 * that public body. Engagements from before this migration name nobody.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('engagements').addColumn('proposer_user_id', 'text').execute();
  await db.schema.alterTable('engagements').addColumn('proposed_via_organization_id', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('engagements').dropColumn('proposed_via_organization_id').execute();
  await db.schema.alterTable('engagements').dropColumn('proposer_user_id').execute();
}
