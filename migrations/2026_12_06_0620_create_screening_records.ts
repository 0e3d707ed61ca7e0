import { sql, type Kysely } from 'kysely';

/**
 * VOG and UWV records per person per organisation (issue 9, item 4): who recorded which certificate,
 * the date on it and, for a VOG, the screening profile. A record counts for the organisation that
 * recorded it, for a configured number of years from the date on the certificate.
 * Existing VOG checks are carried over from the audit log, which names the organisation of each.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('screening_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('certificate_date', 'text', (c) => c.notNull())
    .addColumn('screening_profile', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addCheckConstraint('screening_records_kind', sql`kind in ('vog', 'uwv')`)
    .execute();
  await db.schema
    .createIndex('screening_records_person')
    .on('screening_records')
    .columns(['user_id', 'organization_id', 'kind', 'certificate_date'])
    .execute();
  await db.schema
    .createIndex('screening_records_organization')
    .on('screening_records')
    .columns(['organization_id', 'certificate_date'])
    .execute();

  const checks = await db
    .selectFrom('audit_log')
    .select(['id', 'organization_id', 'object_id', 'actor_id', 'details', 'created_at'])
    .where('action', '=', 'vog.record')
    .where('organization_id', 'is not', null)
    .execute();
  for (const check of checks) {
    const checkedOn = (JSON.parse(check.details) as { checkedOn?: unknown }).checkedOn;
    if (typeof checkedOn !== 'string') continue;
    await db
      .insertInto('screening_records')
      .values({
        id: check.id,
        organization_id: check.organization_id,
        user_id: check.object_id,
        kind: 'vog',
        certificate_date: checkedOn,
        screening_profile: null,
        recorded_by: check.actor_id,
        recorded_at: check.created_at,
      })
      .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('screening_records').execute();
}
