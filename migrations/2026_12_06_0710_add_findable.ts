import type { Kysely } from 'kysely';

/**
 * "Others may find me" (issue 10): a person who switches it on can be found by display name and
 * place, to be sent time credits or asked for them. Off by default (0).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('findable', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('findable').execute();
}
