import type { Kysely } from 'kysely';

/**
 * Membership by consent (issue 9, item 5): an organisation invites an e-mail address; the person
 * joins only when they accept. The address is kept as a SHA-256 digest of its lower-cased form, so
 * an invitation to someone without an account holds no readable address; whoever signs in with it
 * (now or after registering later) finds the invitation by the same digest.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('organization_invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('email_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('invited_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('answered_at', 'text')
    .execute();
  await db.schema
    .createIndex('organization_invitations_email')
    .on('organization_invitations')
    .columns(['email_hash', 'status'])
    .execute();
  await db.schema
    .createIndex('organization_invitations_inviter')
    .on('organization_invitations')
    .columns(['invited_by', 'created_at'])
    .execute();
  await db.schema
    .createIndex('organization_invitations_organization')
    .on('organization_invitations')
    .columns(['organization_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('organization_invitations').execute();
}
