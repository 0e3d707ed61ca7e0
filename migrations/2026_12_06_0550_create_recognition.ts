import { sql, SqliteAdapter, type Kysely } from 'kysely';

/**
 * Recognition and social value (issue 12): the platform's signing key, business staff who took part
 * in an engagement, references, issued certificates, the newcomer opt-in, the initiative profile
 * fields the founding report asks about, and the impact rollups kept in the confirming transaction.
 */
/** SQLite stores these tables in primary-key order (a clustered index): range reads of an area touch few pages. */
const clustered = (db: Kysely<any>) => (db.getExecutor().adapter instanceof SqliteAdapter ? sql`without rowid` : sql``);

export async function up(db: Kysely<any>): Promise<void> {
  // One Ed25519 key signs every document; `slot = 'active'` is unique, so instances that start
  // together agree on one key (the loser of the insert reads the winner's).
  await db.schema
    .createTable('signing_keys')
    .addColumn('kid', 'text', (c) => c.primaryKey())
    .addColumn('alg', 'text', (c) => c.notNull())
    .addColumn('public_jwk', 'text', (c) => c.notNull())
    .addColumn('private_jwk', 'text', (c) => c.notNull())
    .addColumn('slot', 'text', (c) => c.unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .alterTable('users')
    .addColumn('count_as_newcomer', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('organizations').addColumn('main_funders', 'text').execute();
  await db.schema.alterTable('organizations').addColumn('life_phase', 'text').execute();
  await db.schema.alterTable('organizations').addColumn('current_needs', 'text').execute();

  // The personal record of confirmed work: the worker of an engagement, or each employee of a
  // business who took part in a Business-to-Community engagement with their share of the minutes
  // (the business keeps the total on the ledger). `newcomer`: the person's opt-in when confirmed,
  // so a later correction takes back exactly what was counted.
  await db.schema
    .createTable('engagement_participants')
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addColumn('newcomer', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('engagement_participants_pk', ['engagement_id', 'user_id'])
    .addCheckConstraint('engagement_participants_minutes', sql`minutes > 0`)
    .execute();
  await db.schema
    .createIndex('engagement_participants_user')
    .on('engagement_participants')
    .columns(['user_id'])
    .execute();

  await db.schema
    .createTable('engagement_references')
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('skills', 'text', (c) => c.notNull())
    .addColumn('public', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('engagement_references_pk', ['engagement_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('engagement_references_user')
    .on('engagement_references')
    .columns(['user_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('certificates')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('kid', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('certificates_user').on('certificates').columns(['user_id']).execute();

  // Sums per day and area (country, province, municipality, PC4, organisation) and domain ('*' = all).
  await db.schema
    .createTable('impact_rollups')
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('area', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('work_minutes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('paid_minutes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unpaid_minutes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('b2c_minutes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('time_minutes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('inkind_cents', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('b2c_inkind_cents', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('work_entries', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('impact_rollups_pk', ['level', 'area', 'day', 'domain'])
    .modifyEnd(clustered(db))
    .execute();

  // Who was active in which month per area and cohort (all people, newcomers, businesses,
  // initiatives), and the counts that make "distinct in a range of months" a sum (see impact/rollup.ts).
  await db.schema
    .createTable('impact_activity')
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('area', 'text', (c) => c.notNull())
    .addColumn('cohort', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('entries', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('impact_activity_pk', ['level', 'area', 'cohort', 'subject_id', 'month'])
    .modifyEnd(clustered(db))
    .execute();
  await db.schema
    .createIndex('impact_activity_month')
    .on('impact_activity')
    .columns(['level', 'cohort', 'area', 'month', 'subject_id'])
    .execute();
  await db.schema
    .createTable('impact_active_counts')
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('area', 'text', (c) => c.notNull())
    .addColumn('cohort', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('prev_month', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('impact_active_counts_pk', ['level', 'area', 'cohort', 'month', 'prev_month'])
    .modifyEnd(clustered(db))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'impact_active_counts',
    'impact_activity',
    'impact_rollups',
    'certificates',
    'engagement_references',
    'engagement_participants',
    'signing_keys',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable('organizations').dropColumn('current_needs').execute();
  await db.schema.alterTable('organizations').dropColumn('life_phase').execute();
  await db.schema.alterTable('organizations').dropColumn('main_funders').execute();
  await db.schema.alterTable('users').dropColumn('count_as_newcomer').execute();
}
