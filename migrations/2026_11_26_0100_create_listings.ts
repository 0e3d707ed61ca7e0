import { sql, SqliteAdapter, type Kysely } from 'kysely';

/**
 * Needs and offers, with join tables for the multi-valued search filters, indexed coordinates for
 * the distance prefilter, and full-text search. The searchable text is normalised by the
 * application (search_title, search_body: lowercase words without diacritics, one space apart),
 * so SQLite FTS5 and PostgreSQL's 'simple' configuration see the very same tokens.
 */

const isSqlite = (db: Kysely<any>) => db.getExecutor().adapter instanceof SqliteAdapter;

async function createValueTable(
  db: Kysely<any>,
  table: string,
  owner: 'need' | 'offer',
  column: string,
): Promise<void> {
  const ownerColumn = `${owner}_id`;
  await db.schema
    .createTable(table)
    .addColumn(ownerColumn, 'text', (c) => c.notNull().references(`${owner}s.id`).onDelete('cascade'))
    .addColumn(column, 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint(`${table}_pk`, [ownerColumn, column])
    .execute();
  // Filters ask "which listings have this value": value first.
  await db.schema.createIndex(`${table}_${column}`).on(table).columns([column, ownerColumn]).execute();
}

/**
 * Where the two databases differ, with the same behaviour:
 * - SQLite: `seq INTEGER PRIMARY KEY` (the rowid, stable across VACUUM) keys an external-content
 *   FTS5 index over the search columns, kept in step by triggers; the text id stays unique. It
 *   stores no positions (detail=none): queries are ANDs of single-word prefixes, and relevance is
 *   scored by the application, identically for both databases.
 * - PostgreSQL: a generated, weighted tsvector column with a GIN index.
 */
async function createFullText(db: Kysely<any>, table: 'needs' | 'offers'): Promise<void> {
  if (isSqlite(db)) {
    await sql
      .raw(
        `
      CREATE VIRTUAL TABLE ${table}_fts USING fts5(search_title, search_body, content = '${table}', content_rowid = 'seq',
        tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4', detail = 'none')`,
      )
      .execute(db);
    await sql
      .raw(
        `
      CREATE TRIGGER ${table}_fts_insert AFTER INSERT ON ${table} BEGIN
        INSERT INTO ${table}_fts (rowid, search_title, search_body) VALUES (new.seq, new.search_title, new.search_body);
      END`,
      )
      .execute(db);
    await sql
      .raw(
        `
      CREATE TRIGGER ${table}_fts_update AFTER UPDATE OF search_title, search_body ON ${table} BEGIN
        INSERT INTO ${table}_fts (${table}_fts, rowid, search_title, search_body) VALUES ('delete', old.seq, old.search_title, old.search_body);
        INSERT INTO ${table}_fts (rowid, search_title, search_body) VALUES (new.seq, new.search_title, new.search_body);
      END`,
      )
      .execute(db);
    await sql
      .raw(
        `
      CREATE TRIGGER ${table}_fts_delete AFTER DELETE ON ${table} BEGIN
        INSERT INTO ${table}_fts (${table}_fts, rowid, search_title, search_body) VALUES ('delete', old.seq, old.search_title, old.search_body);
      END`,
      )
      .execute(db);
  } else {
    await sql
      .raw(
        `
      ALTER TABLE ${table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', search_title), 'A') || setweight(to_tsvector('simple', search_body), 'B')
      ) STORED`,
      )
      .execute(db);
    await sql.raw(`CREATE INDEX ${table}_search_vector ON ${table} USING gin (search_vector)`).execute(db);
  }
}

/**
 * The table's key: on SQLite an integer rowid alias for the full-text index plus the unique text
 * id the application uses; on PostgreSQL just the text id.
 */
function keyed(db: Kysely<any>, table: string) {
  const t = db.schema.createTable(table);
  return isSqlite(db)
    ? t.addColumn('seq', 'integer', (c) => c.primaryKey()).addColumn('id', 'text', (c) => c.notNull().unique())
    : t.addColumn('id', 'text', (c) => c.primaryKey());
}

/**
 * Covers the distance prefilter: the box (as latitude strips of 0.05° and a longitude range), the
 * status test and the sort keys come from the index alone.
 */
const locationIndexColumns = ['lat_strip', 'lng', 'lat', 'status', 'ends_at', 'remote', 'created_at', 'id'];

export async function up(db: Kysely<any>): Promise<void> {
  await keyed(db, 'needs')
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('domains', 'text', (c) => c.notNull())
    .addColumn('skills', 'text', (c) => c.notNull())
    .addColumn('languages', 'text', (c) => c.notNull())
    .addColumn('postcode', 'text')
    .addColumn('lat', 'double precision')
    .addColumn('lng', 'double precision')
    .addColumn('lat_strip', 'integer')
    .addColumn('remote', 'integer', (c) => c.notNull())
    .addColumn('starts_at', 'text')
    .addColumn('ends_at', 'text')
    .addColumn('hours_estimate', 'integer')
    .addColumn('people_needed', 'integer')
    .addColumn('quantity', 'integer')
    .addColumn('unit', 'text')
    .addColumn('materials_mode', 'text')
    .addColumn('compensation_type', 'text', (c) => c.notNull())
    .addColumn('hourly_rate_cents', 'integer')
    .addColumn('allowance_cents', 'integer')
    .addColumn('requires_vog', 'integer', (c) => c.notNull())
    .addColumn('min_age', 'integer')
    .addColumn('newcomer_friendly', 'integer', (c) => c.notNull())
    .addColumn('open_to_asylum_seekers', 'integer', (c) => c.notNull())
    .addColumn('work_permit_arranged', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('search_title', 'text', (c) => c.notNull())
    .addColumn('search_body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema.createIndex('needs_status_created').on('needs').columns(['status', 'created_at', 'id']).execute();
  await db.schema.createIndex('needs_location').on('needs').columns(locationIndexColumns).execute();
  await db.schema.createIndex('needs_organization').on('needs').columns(['organization_id', 'created_at']).execute();
  await createValueTable(db, 'need_domains', 'need', 'domain');
  await createValueTable(db, 'need_languages', 'need', 'language');
  await createValueTable(db, 'need_skills', 'need', 'skill');
  await createFullText(db, 'needs');

  await keyed(db, 'offers')
    .addColumn('owner_user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('organization_id', 'text', (c) => c.references('organizations.id').onDelete('cascade'))
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('b2c_type', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('domains', 'text', (c) => c.notNull())
    .addColumn('skills', 'text', (c) => c.notNull())
    .addColumn('languages', 'text', (c) => c.notNull())
    .addColumn('postcode', 'text')
    .addColumn('lat', 'double precision')
    .addColumn('lng', 'double precision')
    .addColumn('lat_strip', 'integer')
    .addColumn('radius_km', 'double precision')
    .addColumn('remote', 'integer', (c) => c.notNull())
    .addColumn('availability', 'text')
    .addColumn('available_until', 'text')
    .addColumn('ends_at', 'text')
    .addColumn('compensation_accepted', 'text', (c) => c.notNull())
    .addColumn('capacity_hours_per_month', 'integer')
    .addColumn('quantity', 'integer')
    .addColumn('unit', 'text')
    .addColumn('materials_mode', 'text')
    .addColumn('newcomer_friendly', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('search_title', 'text', (c) => c.notNull())
    .addColumn('search_body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    // Exactly one owner: a person, or a business organisation.
    .addCheckConstraint('offers_one_owner', sql`(owner_user_id IS NULL) <> (organization_id IS NULL)`)
    .execute();
  await db.schema.createIndex('offers_status_created').on('offers').columns(['status', 'created_at', 'id']).execute();
  await db.schema.createIndex('offers_location').on('offers').columns(locationIndexColumns).execute();
  await db.schema.createIndex('offers_owner_user').on('offers').columns(['owner_user_id', 'created_at']).execute();
  await db.schema.createIndex('offers_organization').on('offers').columns(['organization_id', 'created_at']).execute();
  await createValueTable(db, 'offer_domains', 'offer', 'domain');
  await createValueTable(db, 'offer_languages', 'offer', 'language');
  await createValueTable(db, 'offer_skills', 'offer', 'skill');
  await createValueTable(db, 'offer_compensations', 'offer', 'compensation');
  await createFullText(db, 'offers');
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isSqlite(db)) {
    for (const t of ['offers', 'needs']) await sql.raw(`DROP TABLE ${t}_fts`).execute(db);
  }
  for (const t of [
    'offer_compensations',
    'offer_skills',
    'offer_languages',
    'offer_domains',
    'offers',
    'need_skills',
    'need_languages',
    'need_domains',
    'needs',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
