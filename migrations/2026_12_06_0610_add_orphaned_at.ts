import type { Kysely } from 'kysely';

/**
 * Erasure (issue 9): an organisation whose only owner erased their account is marked `orphaned_at`.
 * It then sits in the admins' verification queue, and its needs are not listed or matched until an
 * admin hands it to a new owner.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('organizations').addColumn('orphaned_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('organizations').dropColumn('orphaned_at').execute();
}
