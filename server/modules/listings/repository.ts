import { sql, type RawBuilder } from 'kysely';
import type { Db, Dialect } from '../../db/create-db.ts';
import { stripsCovering } from './location.ts';
import { ftsMatch, tsQuery } from './search-text.ts';
import type { NeedsTable, OffersTable } from './tables.ts';

/** The multi-valued fields kept in join tables, so filters use an index. */
export interface NeedValues {
  domains: readonly string[];
  languages: readonly string[];
  skills: readonly string[];
}
export interface OfferValues extends NeedValues {
  compensations: readonly string[];
}

// ---------- writes ----------

async function replaceValues(
  db: Db,
  table: 'need_domains' | 'need_languages' | 'need_skills',
  needId: string,
  column: 'domain' | 'language' | 'skill',
  values: readonly string[],
) {
  await db.deleteFrom(table).where('need_id', '=', needId).execute();
  const unique = [...new Set(values)];
  if (unique.length === 0) return;
  await db
    .insertInto(table)
    .values(
      unique.map(
        (v) =>
          ({ need_id: needId, [column]: v }) as { need_id: string; domain: string } & { language: string } & {
            skill: string;
          },
      ),
    )
    .execute();
}

async function replaceOfferValues(
  db: Db,
  table: 'offer_domains' | 'offer_languages' | 'offer_skills' | 'offer_compensations',
  offerId: string,
  column: 'domain' | 'language' | 'skill' | 'compensation',
  values: readonly string[],
) {
  await db.deleteFrom(table).where('offer_id', '=', offerId).execute();
  const unique = [...new Set(values)];
  if (unique.length === 0) return;
  await db
    .insertInto(table)
    .values(
      unique.map(
        (v) =>
          ({ offer_id: offerId, [column]: v }) as { offer_id: string; domain: string } & { language: string } & {
            skill: string;
          } & { compensation: string },
      ),
    )
    .execute();
}

/** Call inside a transaction: the row and its filter values are written together. */
export async function insertNeed(trx: Db, row: NeedsTable, values: NeedValues): Promise<void> {
  await trx.insertInto('needs').values(row).execute();
  await writeNeedValues(trx, row.id, values);
}

export async function writeNeedValues(trx: Db, needId: string, values: Partial<NeedValues>): Promise<void> {
  if (values.domains) await replaceValues(trx, 'need_domains', needId, 'domain', values.domains);
  if (values.languages) await replaceValues(trx, 'need_languages', needId, 'language', values.languages);
  if (values.skills) await replaceValues(trx, 'need_skills', needId, 'skill', values.skills);
}

export async function updateNeed(db: Db, id: string, changes: Partial<NeedsTable>): Promise<void> {
  await db.updateTable('needs').set(changes).where('id', '=', id).execute();
}

/** Sets a need filled or open again; a closed need stays closed. */
export async function setNeedFillStatus(db: Db, id: string, status: 'open' | 'filled', at: string): Promise<void> {
  await db
    .updateTable('needs')
    .set({ status, closed_at: status === 'filled' ? at : null, updated_at: at })
    .where('id', '=', id)
    .where('status', '!=', 'closed')
    .execute();
}

export async function insertOffer(trx: Db, row: OffersTable, values: OfferValues): Promise<void> {
  await trx.insertInto('offers').values(row).execute();
  await writeOfferValues(trx, row.id, values);
}

export async function writeOfferValues(trx: Db, offerId: string, values: Partial<OfferValues>): Promise<void> {
  if (values.domains) await replaceOfferValues(trx, 'offer_domains', offerId, 'domain', values.domains);
  if (values.languages) await replaceOfferValues(trx, 'offer_languages', offerId, 'language', values.languages);
  if (values.skills) await replaceOfferValues(trx, 'offer_skills', offerId, 'skill', values.skills);
  if (values.compensations)
    await replaceOfferValues(trx, 'offer_compensations', offerId, 'compensation', values.compensations);
}

export async function updateOffer(db: Db, id: string, changes: Partial<OffersTable>): Promise<void> {
  await db.updateTable('offers').set(changes).where('id', '=', id).execute();
}

// ---------- reads ----------

const needColumns = [
  'needs.id',
  'needs.organization_id',
  'needs.created_by',
  'needs.kind',
  'needs.title',
  'needs.description',
  'needs.domains',
  'needs.skills',
  'needs.languages',
  'needs.postcode',
  'needs.lat',
  'needs.lng',
  'needs.remote',
  'needs.starts_at',
  'needs.ends_at',
  'needs.hours_estimate',
  'needs.people_needed',
  'needs.quantity',
  'needs.unit',
  'needs.materials_mode',
  'needs.compensation_type',
  'needs.hourly_rate_cents',
  'needs.allowance_cents',
  'needs.requires_vog',
  'needs.min_age',
  'needs.newcomer_friendly',
  'needs.open_to_asylum_seekers',
  'needs.work_permit_arranged',
  'needs.status',
  'needs.created_at',
  'needs.updated_at',
  'needs.closed_at',
  'needs.hidden_at',
] as const;

const placeHoldingStatuses = ['accepted', 'hours_logged', 'delivered', 'disputed', 'completed'] as const;

const selectNeeds = (db: Db) =>
  db
    .selectFrom('needs')
    .innerJoin('organizations', 'organizations.id', 'needs.organization_id')
    .select(needColumns)
    .select([
      'organizations.name as organization_name',
      'organizations.type as organization_type',
      'organizations.verified_at as organization_verified_at',
    ])
    // What a card says about the need's standing: places taken (people, or the quantity pledged) by
    // engagements that hold a place, and applications waiting for an answer. The statuses are the
    // engagements module's PLACE_HOLDING; listings reads the table, never that module.
    .select((eb) => [
      eb
        .selectFrom('engagements')
        .select((sub) => sub.fn.countAll<number>().as('n'))
        .whereRef('engagements.need_id', '=', 'needs.id')
        .where('engagements.status', 'in', placeHoldingStatuses)
        .as('people_taken'),
      eb
        .selectFrom('engagements')
        .select((sub) => sub.fn.sum<number | null>('engagements.pledged_quantity').as('q'))
        .whereRef('engagements.need_id', '=', 'needs.id')
        .where('engagements.status', 'in', placeHoldingStatuses)
        .as('quantity_taken'),
      eb
        .selectFrom('engagements')
        .select((sub) => sub.fn.countAll<number>().as('n'))
        .whereRef('engagements.need_id', '=', 'needs.id')
        .where('engagements.status', '=', 'proposed')
        .where('engagements.proposed_by', '=', 'worker')
        .as('applicants_waiting'),
    ]);

export type NeedWithOrganization = NonNullable<Awaited<ReturnType<typeof findNeed>>>;

export const findNeed = (db: Db, id: string) => selectNeeds(db).where('needs.id', '=', id).executeTakeFirst();

export const findNeedsByIds = (db: Db, ids: readonly string[]) =>
  ids.length === 0 ? Promise.resolve([]) : selectNeeds(db).where('needs.id', 'in', ids).execute();

const offerColumns = [
  'offers.id',
  'offers.owner_user_id',
  'offers.organization_id',
  'offers.created_by',
  'offers.b2c_type',
  'offers.kind',
  'offers.title',
  'offers.description',
  'offers.domains',
  'offers.skills',
  'offers.languages',
  'offers.postcode',
  'offers.lat',
  'offers.lng',
  'offers.radius_km',
  'offers.remote',
  'offers.availability',
  'offers.available_until',
  'offers.ends_at',
  'offers.compensation_accepted',
  'offers.capacity_hours_per_month',
  'offers.quantity',
  'offers.unit',
  'offers.materials_mode',
  'offers.newcomer_friendly',
  'offers.status',
  'offers.created_at',
  'offers.updated_at',
  'offers.closed_at',
  'offers.hidden_at',
] as const;

const selectOffers = (db: Db) =>
  db
    .selectFrom('offers')
    .leftJoin('organizations', 'organizations.id', 'offers.organization_id')
    .leftJoin('users', 'users.id', 'offers.owner_user_id')
    .select(offerColumns)
    .select([
      'organizations.name as organization_name',
      'organizations.verified_at as organization_verified_at',
      'users.display_name as owner_display_name',
    ]);

export type OfferWithOwner = NonNullable<Awaited<ReturnType<typeof findOffer>>>;

export const findOffer = (db: Db, id: string) => selectOffers(db).where('offers.id', '=', id).executeTakeFirst();

export const findOffersByIds = (db: Db, ids: readonly string[]) =>
  ids.length === 0 ? Promise.resolve([]) : selectOffers(db).where('offers.id', 'in', ids).execute();

/** The ids of a JSON array (one bound text) as a one-column subquery. */
const idsInJson = (dialect: Dialect, idsJson: string) =>
  dialect === 'sqlite'
    ? sql<string>`(select value from json_each(${idsJson}))`
    : sql<string>`(select json_array_elements_text(cast(${idsJson} as json)))`;

/**
 * `findNeedsByIds` / `findOffersByIds` with the ids as one JSON text, so any number of ids is the
 * same SQL: `page-rows.ts` compiles it once and binds each page's ids.
 */
export const needsByIdsJson = (db: Db, dialect: Dialect, idsJson: string) =>
  selectNeeds(db).where('needs.id', 'in', idsInJson(dialect, idsJson));
export const offersByIdsJson = (db: Db, dialect: Dialect, idsJson: string) =>
  selectOffers(db).where('offers.id', 'in', idsInJson(dialect, idsJson));

// ---------- search ----------

export type StatusFilter = 'open' | 'filled' | 'closed' | 'expired';

export interface Box {
  minLat: number;
  maxLat: number;
  minLng: number;
  maxLng: number;
}

export interface CandidateFilter {
  now: string;
  statuses: readonly StatusFilter[];
  words?: readonly string[] | undefined;
  kinds?: readonly string[] | undefined;
  domains?: readonly string[] | undefined;
  languages?: readonly string[] | undefined;
  skills?: readonly string[] | undefined;
  compensations?: readonly string[] | undefined;
  newcomerFriendly?: boolean | undefined;
  organizationIds?: readonly string[] | undefined;
  /** Offers only: a person's own offers. */
  ownerUserId?: string | undefined;
  /** Either of the two owners matches (my listings: my own offers or my organisations'). */
  ownerEither?: boolean | undefined;
  /** Needs only. */
  openToAsylumSeekers?: boolean | undefined;
  /** Offers only. */
  b2cTypes?: readonly string[] | undefined;
  /** Include listings a moderator hid (the owners' own lists); public searches never do. */
  includeHidden?: boolean | undefined;
  /** Distance search: only listings within `radiusKm` of the centre (or remote ones, when included). */
  near?: Near | undefined;
}

export interface Near {
  lat: number;
  lng: number;
  radiusKm: number;
  /** A box that contains the circle (shared/geo.ts), for the index prefilter. */
  box: Box;
  includeRemote: boolean;
}

/** Where the database sorts and cuts the page (keyset): every sort but relevance. */
export type SqlPage =
  | { sort: 'newest'; after?: { createdAt: string; id: string } | undefined; limit: number }
  /** `dist` is the database's own distance value, so the keyset compares like with like. */
  | { sort: 'distance'; after?: { dist: number | null; id: string } | undefined; limit: number };

export interface Candidate {
  id: string;
  lat: number | null;
  lng: number | null;
  remote: number;
  created_at: string;
  /** With `near`: the great-circle distance as the database computes it; null without a place. */
  dist?: number | null;
  /** The normalised search text, present when the search has words (relevance is scored from it). */
  search_title?: string;
  search_body?: string;
}

interface TableSpec {
  table: 'needs' | 'offers';
  idColumn: 'need_id' | 'offer_id';
  domains: string;
  languages: string;
  skills: string;
}
const needSpec: TableSpec = {
  table: 'needs',
  idColumn: 'need_id',
  domains: 'need_domains',
  languages: 'need_languages',
  skills: 'need_skills',
};
const offerSpec: TableSpec = {
  table: 'offers',
  idColumn: 'offer_id',
  domains: 'offer_domains',
  languages: 'offer_languages',
  skills: 'offer_skills',
};

const inList = (values: readonly (string | number)[]) => sql.join(values.map((v) => sql`${v}`));

/** "This listing has any of these values" through the join table's (value, id) index. */
const hasAny = (spec: TableSpec, table: string, column: string, values: readonly string[]) =>
  sql`EXISTS (SELECT 1 FROM ${sql.table(table)} v WHERE v.${sql.ref(spec.idColumn)} = l.id AND v.${sql.ref(column)} IN (${inList(values)}))`;

/** Open means not filled or closed and not past its end; expired is open past its end. */
function statusCondition(statuses: readonly StatusFilter[], now: string): RawBuilder<unknown> {
  const parts = [...new Set(statuses)].map((s) => {
    if (s === 'open') return sql`(l.status = 'open' AND (l.ends_at IS NULL OR l.ends_at > ${now}))`;
    if (s === 'expired') return sql`(l.status = 'open' AND l.ends_at <= ${now})`;
    return sql`l.status = ${s}`;
  });
  return sql`(${sql.join(parts, sql` OR `)})`;
}

function conditions(spec: TableSpec, f: CandidateFilter, dialect: Dialect): RawBuilder<unknown>[] {
  const c: RawBuilder<unknown>[] = [statusCondition(f.statuses, f.now)];
  // Moderation: a hidden listing, or one of a hidden organisation, leaves search at once.
  if (!f.includeHidden)
    c.push(
      sql`l.hidden_at IS NULL AND NOT EXISTS (SELECT 1 FROM organizations ho WHERE ho.id = l.organization_id AND (ho.hidden_at IS NOT NULL OR ho.orphaned_at IS NOT NULL))`,
    );
  if (f.kinds?.length) c.push(sql`l.kind IN (${inList(f.kinds)})`);
  if (f.domains?.length) c.push(hasAny(spec, spec.domains, 'domain', f.domains));
  if (f.languages?.length) c.push(hasAny(spec, spec.languages, 'language', f.languages));
  if (f.skills?.length) c.push(hasAny(spec, spec.skills, 'skill', f.skills));
  if (f.compensations?.length) {
    c.push(
      spec.table === 'needs'
        ? sql`l.compensation_type IN (${inList(f.compensations)})`
        : hasAny(spec, 'offer_compensations', 'compensation', f.compensations),
    );
  }
  if (f.newcomerFriendly !== undefined) c.push(sql`l.newcomer_friendly = ${f.newcomerFriendly ? 1 : 0}`);
  if (f.openToAsylumSeekers !== undefined && spec.table === 'needs')
    c.push(sql`l.open_to_asylum_seekers = ${f.openToAsylumSeekers ? 1 : 0}`);
  if (f.b2cTypes?.length && spec.table === 'offers') c.push(sql`l.b2c_type IN (${inList(f.b2cTypes)})`);
  const owners: RawBuilder<unknown>[] = [];
  if (f.organizationIds)
    owners.push(f.organizationIds.length > 0 ? sql`l.organization_id IN (${inList(f.organizationIds)})` : sql`1 = 0`);
  if (f.ownerUserId !== undefined && spec.table === 'offers') owners.push(sql`l.owner_user_id = ${f.ownerUserId}`);
  if (owners.length > 0) c.push(sql`(${sql.join(owners, f.ownerEither ? sql` OR ` : sql` AND `)})`);
  if (f.near) {
    const b = f.near.box;
    const inBox = sql`(l.lat_strip IN (${inList(stripsCovering(b))}) AND l.lng BETWEEN ${b.minLng} AND ${b.maxLng} AND l.lat BETWEEN ${b.minLat} AND ${b.maxLat})`;
    c.push(f.near.includeRemote ? sql`(${inBox} OR l.remote = 1)` : inBox);
  }
  if (f.words?.length && dialect === 'postgres')
    c.push(sql`l.search_vector @@ to_tsquery('simple', ${tsQuery(f.words)})`);
  return c;
}

const EARTH_RADIUS_KM = 6371.0088;
/** Slack for the database's last-digit rounding; the caller re-checks the radius exactly in JS. */
const RADIUS_SLACK_KM = 1e-6;

/** Haversine in SQL, the same formula as shared/geo.ts (both databases have these functions). */
function distanceSql(near: Near, dialect: Dialect): RawBuilder<number | null> {
  const least = dialect === 'sqlite' ? sql.raw('min') : sql.raw('least');
  return sql<number | null>`(2 * ${sql.lit(EARTH_RADIUS_KM)} * asin(${least}(1.0, sqrt(
    power(sin(radians(l.lat - ${near.lat}) / 2), 2) + cos(radians(${near.lat})) * cos(radians(l.lat)) * power(sin(radians(l.lng - ${near.lng}) / 2), 2)))))`;
}

/**
 * The listings that pass every filter, as light rows (id, coordinates, sort keys, the database's
 * distance, and the search text when there are words). With `page`, the database sorts and cuts
 * the page; without, every candidate comes back (relevance is scored by the caller, and a
 * relevance search always has words to bound it).
 */
async function searchCandidates(
  db: Db,
  dialect: Dialect,
  spec: TableSpec,
  f: CandidateFilter,
  page?: SqlPage,
): Promise<Candidate[]> {
  const where = conditions(spec, f, dialect);
  const words = f.words?.length ? f.words : undefined;
  if (words && dialect === 'sqlite') {
    // The FTS rowid is the listing's integer `seq`. With a box, the unary + keeps SQLite on the
    // compact covering location index, probing the materialised set of matching rowids (random
    // row lookups for every match cost more on a large file); without one, it walks the matches.
    const fts = sql.table(`${spec.table}_fts`);
    const matches = sql`(SELECT rowid FROM ${fts} WHERE ${fts} MATCH ${ftsMatch(words)})`;
    where.unshift(f.near ? sql`+l.seq IN ${matches}` : sql`l.seq IN ${matches}`);
  }
  const text = words ? sql`, l.search_title AS search_title, l.search_body AS search_body` : sql``;
  const dist = f.near ? sql`, ${distanceSql(f.near, dialect)} AS dist` : sql``;
  const inner = sql`SELECT l.id AS id, l.lat AS lat, l.lng AS lng, l.remote AS remote, l.created_at AS created_at${dist}${text} FROM ${sql.table(spec.table)} l WHERE ${sql.join(where, sql` AND `)}`;
  const outer: RawBuilder<unknown>[] = [];
  if (f.near) {
    const within = sql`c.dist <= ${f.near.radiusKm + RADIUS_SLACK_KM}`;
    outer.push(f.near.includeRemote ? sql`(${within} OR c.remote = 1)` : within);
  }
  let order = sql``;
  if (page?.sort === 'newest') {
    const a = page.after;
    if (a) outer.push(sql`(c.created_at < ${a.createdAt} OR (c.created_at = ${a.createdAt} AND c.id < ${a.id}))`);
    order = sql`ORDER BY c.created_at DESC, c.id DESC LIMIT ${page.limit + 1}`;
  } else if (page?.sort === 'distance') {
    const a = page.after;
    // Listings without a place (remote only) come after every distance.
    if (a && a.dist !== null)
      outer.push(sql`(c.dist IS NULL OR c.dist > ${a.dist} OR (c.dist = ${a.dist} AND c.id > ${a.id}))`);
    if (a && a.dist === null) outer.push(sql`(c.dist IS NULL AND c.id > ${a.id})`);
    order = sql`ORDER BY (c.dist IS NULL), c.dist, c.id LIMIT ${page.limit + 1}`;
  }
  const filter = outer.length > 0 ? sql`WHERE ${sql.join(outer, sql` AND `)}` : sql``;
  return (await sql<Candidate>`SELECT c.* FROM (${inner}) c ${filter} ${order}`.execute(db)).rows;
}

export const searchNeedCandidates = (db: Db, dialect: Dialect, f: CandidateFilter, page?: SqlPage) =>
  searchCandidates(db, dialect, needSpec, f, page);
export const searchOfferCandidates = (db: Db, dialect: Dialect, f: CandidateFilter, page?: SqlPage) =>
  searchCandidates(db, dialect, offerSpec, f, page);

// ---------- personal data ----------

/** The person's offers (owned or created) and the needs they posted (GDPR art. 15/20). */
export async function personalData(db: Db, userId: string) {
  const [offers, needsPosted] = await Promise.all([
    db
      .selectFrom('offers')
      .select([
        'id',
        'kind',
        'title',
        'description',
        'skills',
        'languages',
        'postcode',
        'radius_km',
        'remote',
        'availability',
        'compensation_accepted',
        'status',
        'created_at',
      ])
      .where((eb) => eb.or([eb('owner_user_id', '=', userId), eb('created_by', '=', userId)]))
      .orderBy('created_at')
      .execute(),
    db
      .selectFrom('needs')
      .select(['id', 'organization_id', 'title', 'created_at'])
      .where('created_by', '=', userId)
      .orderBy('created_at')
      .execute(),
  ]);
  return { offers, needsPosted };
}

/**
 * Erasure (GDPR art. 17): the person's own offers are blanked and closed (their filter rows go), and
 * listings they created for an organisation lose the link to them.
 */
export async function erasePersonalData(trx: Db, dialect: Dialect, userId: string, now: string): Promise<void> {
  const offerIds = (await trx.selectFrom('offers').select('id').where('owner_user_id', '=', userId).execute()).map(
    (o) => o.id,
  );
  if (offerIds.length > 0) {
    for (const table of ['offer_skills', 'offer_languages', 'offer_domains', 'offer_compensations'] as const) {
      await trx.deleteFrom(table).where('offer_id', 'in', offerIds).execute();
    }
    await trx
      .updateTable('offers')
      .set({
        title: '',
        description: '',
        skills: '[]',
        languages: '[]',
        domains: '[]',
        postcode: null,
        lat: null,
        lng: null,
        availability: null,
        search_title: '',
        search_body: '',
        status: 'closed',
        closed_at: now,
        updated_at: now,
      })
      .where('id', 'in', offerIds)
      .execute();
    // FTS5 deletes by adding "delete" entries; the old tokens (the offer's words) stay in earlier
    // index segments until they are merged. 'optimize' merges them all now, so the words leave the
    // file (RELIABILITY row 19). PostgreSQL's tsvector lives in the row itself, which VACUUM clears.
    if (dialect === 'sqlite') await sql`INSERT INTO offers_fts (offers_fts) VALUES ('optimize')`.execute(trx);
  }
  await trx.updateTable('offers').set({ created_by: null }).where('created_by', '=', userId).execute();
  await trx.updateTable('needs').set({ created_by: null }).where('created_by', '=', userId).execute();
}
