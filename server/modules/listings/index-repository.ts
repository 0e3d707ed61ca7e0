/**
 * Reads for the in-memory search index (`listing-index.ts`): listings with the filter values of
 * their join tables (the very values the SQL path filters on), in pages by id, and the hidden
 * organisations.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/create-db.ts';
import type { IndexedListing } from './listing-index.ts';

/**
 * Listings read per query while building the index, so the build never holds every row at once.
 * Small, because a page's rows outlive the young generation's collections while their words are
 * indexed and end up in the old one: at NL scale, pages of 2,000 left the V8 heap at 130 MB after
 * the build, pages of 500 at 62 MB (and the RSS ~70 MB lower), for no slower a build.
 */
export const INDEX_PAGE = 500;

function groupValues(rows: readonly { id: string; value: string }[]): Map<string, string[]> {
  const by = new Map<string, string[]>();
  for (const { id, value } of rows) {
    const list = by.get(id);
    if (list) list.push(value);
    else by.set(id, [value]);
  }
  return by;
}

/**
 * A join table's values for the listings read: by id for a change, and for a page by the id range
 * the page covers (a range of the table's primary key, read in order, instead of 2,000 lookups).
 */
async function valuesOf(
  db: Db,
  table:
    | 'need_domains'
    | 'need_languages'
    | 'need_skills'
    | 'offer_domains'
    | 'offer_languages'
    | 'offer_skills'
    | 'offer_compensations',
  idColumn: 'need_id' | 'offer_id',
  column: 'domain' | 'language' | 'skill' | 'compensation',
  select: { ids: readonly string[] } | { after: string | null },
  rows: readonly { id: string }[],
): Promise<{ id: string; value: string }[]> {
  const last = rows.at(-1)?.id ?? '';
  let q = sql<{
    id: string;
    value: string;
  }>`SELECT ${sql.ref(idColumn)} AS id, ${sql.ref(column)} AS value FROM ${sql.table(table)} WHERE `;
  if ('ids' in select) q = sql`${q}${sql.ref(idColumn)} IN (${sql.join(rows.map((r) => r.id))})`;
  else
    q =
      select.after === null
        ? sql`${q}${sql.ref(idColumn)} <= ${last}`
        : sql`${q}${sql.ref(idColumn)} > ${select.after} AND ${sql.ref(idColumn)} <= ${last}`;
  return (await q.execute(db)).rows;
}

/** How many needs or offers there are: the index reserves room for them before loading. */
export async function listingCount(db: Db, table: 'needs' | 'offers'): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Needs by id (`ids`), or the next page after `after` in id order. */
export async function needsForIndex(
  db: Db,
  select: { ids: readonly string[] } | { after: string | null },
  pageSize = INDEX_PAGE,
): Promise<IndexedListing[]> {
  if ('ids' in select && select.ids.length === 0) return [];
  let q = db
    .selectFrom('needs')
    .select([
      'id',
      'kind',
      'status',
      'ends_at',
      'hidden_at',
      'organization_id',
      'compensation_type',
      'newcomer_friendly',
      'open_to_asylum_seekers',
      'lat',
      'lng',
      'remote',
      'created_at',
      'search_title',
      'search_body',
    ]);
  if ('ids' in select) q = q.where('id', 'in', select.ids);
  else q = (select.after === null ? q : q.where('id', '>', select.after)).orderBy('id').limit(pageSize);
  const rows = await q.execute();
  if (rows.length === 0) return [];
  const [domains, languages, skills] = await Promise.all([
    valuesOf(db, 'need_domains', 'need_id', 'domain', select, rows),
    valuesOf(db, 'need_languages', 'need_id', 'language', select, rows),
    valuesOf(db, 'need_skills', 'need_id', 'skill', select, rows),
  ]);
  const [d, l, s] = [groupValues(domains), groupValues(languages), groupValues(skills)];
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    status: r.status,
    endsAt: r.ends_at,
    hidden: r.hidden_at != null,
    organizationId: r.organization_id,
    ownerUserId: null,
    b2cType: null,
    newcomerFriendly: r.newcomer_friendly,
    openToAsylumSeekers: r.open_to_asylum_seekers,
    domains: d.get(r.id) ?? [],
    languages: l.get(r.id) ?? [],
    skills: s.get(r.id) ?? [],
    compensations: [r.compensation_type],
    lat: r.lat,
    lng: r.lng,
    remote: r.remote,
    createdAt: r.created_at,
    searchTitle: r.search_title,
    searchBody: r.search_body,
  }));
}

/** Offers by id (`ids`), or the next page after `after` in id order. */
export async function offersForIndex(
  db: Db,
  select: { ids: readonly string[] } | { after: string | null },
  pageSize = INDEX_PAGE,
): Promise<IndexedListing[]> {
  if ('ids' in select && select.ids.length === 0) return [];
  let q = db
    .selectFrom('offers')
    .select([
      'id',
      'kind',
      'status',
      'ends_at',
      'hidden_at',
      'organization_id',
      'owner_user_id',
      'b2c_type',
      'newcomer_friendly',
      'lat',
      'lng',
      'remote',
      'created_at',
      'search_title',
      'search_body',
    ]);
  if ('ids' in select) q = q.where('id', 'in', select.ids);
  else q = (select.after === null ? q : q.where('id', '>', select.after)).orderBy('id').limit(pageSize);
  const rows = await q.execute();
  if (rows.length === 0) return [];
  const [domains, languages, skills, compensations] = await Promise.all([
    valuesOf(db, 'offer_domains', 'offer_id', 'domain', select, rows),
    valuesOf(db, 'offer_languages', 'offer_id', 'language', select, rows),
    valuesOf(db, 'offer_skills', 'offer_id', 'skill', select, rows),
    valuesOf(db, 'offer_compensations', 'offer_id', 'compensation', select, rows),
  ]);
  const [d, l, s, c] = [groupValues(domains), groupValues(languages), groupValues(skills), groupValues(compensations)];
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    status: r.status,
    endsAt: r.ends_at,
    hidden: r.hidden_at != null,
    organizationId: r.organization_id,
    ownerUserId: r.owner_user_id,
    b2cType: r.b2c_type,
    newcomerFriendly: r.newcomer_friendly,
    openToAsylumSeekers: 0,
    domains: d.get(r.id) ?? [],
    languages: l.get(r.id) ?? [],
    skills: s.get(r.id) ?? [],
    compensations: c.get(r.id) ?? [],
    lat: r.lat,
    lng: r.lng,
    remote: r.remote,
    createdAt: r.created_at,
    searchTitle: r.search_title,
    searchBody: r.search_body,
  }));
}

/** The ids of these people's own offers (an erasure blanks them all). */
export async function offerIdsOwnedBy(db: Db, userIds: readonly string[]): Promise<string[]> {
  if (userIds.length === 0) return [];
  return (await db.selectFrom('offers').select('id').where('owner_user_id', 'in', userIds).execute()).map((r) => r.id);
}

/** Organisations a moderator hid (their listings leave search) among `ids`, or all of them. */
/** Organisations whose listings are out of search: hidden by a moderator, or orphaned (no owner left). */
export async function hiddenOrganizations(db: Db, ids?: readonly string[]): Promise<{ id: string; hidden: boolean }[]> {
  if (ids?.length === 0) return [];
  let q = db.selectFrom('organizations').select(['id', 'hidden_at', 'orphaned_at']);
  q = ids
    ? q.where('id', 'in', ids)
    : q.where((eb) => eb.or([eb('hidden_at', 'is not', null), eb('orphaned_at', 'is not', null)]));
  return (await q.execute()).map((r) => ({ id: r.id, hidden: r.hidden_at != null || r.orphaned_at != null }));
}
