import type { Kysely } from 'kysely';

/**
 * Nobody acts in another organisation's name (issue 9, item 3): a match round's pairing for a need
 * of organisation X is a proposal to X's managers (`proposed_to_organization_at`), who send it
 * themselves — unless X opted in (`round_invites_allowed`) to let the public body invite for it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('organizations')
    .addColumn('round_invites_allowed', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('match_proposals').addColumn('proposed_to_organization_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('match_proposals').dropColumn('proposed_to_organization_at').execute();
  await db.schema.alterTable('organizations').dropColumn('round_invites_allowed').execute();
}
