import { sql, type RawBuilder } from 'kysely';
import type { Db, Dialect } from '../../db/create-db.ts';
import { stripsCovering } from '../listings/index.ts';
import type { EngagementStatus } from '../../../shared/engagement-vocabulary.ts';
import type { NeedMatchRow, OfferMatchRow, PersonMatchRow } from './core/mapping.ts';
import type { ListingKind, PaidWorkAnswer } from './core/types.ts';
import type { MatchProposalsTable, MatchRoundsTable } from './tables.ts';

/**
 * Matching's reads and writes. Candidate retrieval reads "light" rows first — id, place, radius,
 * kind, age — from covering indexes (migration 0400), so a need far from most offers touches few
 * index entries and no table rows; full rows are read only for the candidates worth scoring.
 */

export interface Box {
  minLat: number;
  maxLat: number;
  minLng: number;
  maxLng: number;
}

/** What a light offer row carries: enough for distance and an upper bound of the score. */
export interface LightOffer {
  id: string;
  kind: string;
  lat: number | null;
  lng: number | null;
  radius_km: number | null;
  remote: number;
}

/**
 * Hard rules about the person behind an offer, as SQL: a paid need without an arranged work permit
 * only meets businesses and people who answered "yes"; a VOG need only people
 * whose VOG was recorded. The scorer checks the same rules on every candidate (hard-rules.ts), so
 * retrieval applies in SQL only what narrows a lot for its cost: the VOG rule (few people have
 * one); the paid-work answer costs a look-up per row and excludes a minority, so it is left to the
 * scorer in the light scans.
 */
export interface OwnerRules {
  mayDoPaidWork: boolean;
  vog: boolean;
}

const inList = (values: readonly string[]) => sql.join(values.map((v) => sql`${v}`));

function ownerConditions(rules: OwnerRules): RawBuilder<unknown>[] {
  const c: RawBuilder<unknown>[] = [];
  if (rules.mayDoPaidWork) {
    c.push(
      sql`(o.organization_id IS NOT NULL OR EXISTS (SELECT 1 FROM users u WHERE u.id = o.owner_user_id AND u.may_do_paid_work = 'yes'))`,
    );
  }
  if (rules.vog)
    c.push(sql`EXISTS (SELECT 1 FROM users u WHERE u.id = o.owner_user_id AND u.vog_verified_at IS NOT NULL)`);
  return c;
}

/** SQLite plans without statistics: name the index so each query reads the range it was built for. */
const indexed = (dialect: Dialect, name: string) => (dialect === 'sqlite' ? sql.raw(` INDEXED BY ${name}`) : sql``);

const lightColumns = sql`o.id AS id, o.kind AS kind, o.lat AS lat, o.lng AS lng, o.radius_km AS radius_km, o.remote AS remote`;

export interface RadiusTier {
  /** Offers whose radius is in (aboveKm, upToKm]. */
  aboveKm: number;
  upToKm: number;
  /** Offers without a radius (they travel the default) belong to this tier. */
  withDefault: boolean;
}

/**
 * Open offers of these kinds within a radius tier whose own radius may reach the centre: their
 * place lies in the box of the tier's largest radius. Small radii read the box's latitude strips
 * and longitude range (`offers_match_near`), large ones range over the radius (`offers_match_far`):
 * few offers travel far, and their box would span the country.
 */
export async function offersInTier(
  db: Db,
  dialect: Dialect,
  q: { kinds: readonly ListingKind[]; now: string; box: Box; tier: RadiusTier; rules: OwnerRules },
): Promise<LightOffer[]> {
  const { box, tier } = q;
  const far = tier.aboveKm >= 25;
  const radius = sql`(o.radius_km > ${tier.aboveKm} AND o.radius_km <= ${tier.upToKm}${tier.withDefault ? sql` OR o.radius_km IS NULL` : sql``})`;
  const where = [
    sql`o.kind IN (${inList(q.kinds)})`,
    sql`o.status = 'open'`,
    sql`o.hidden_at IS NULL AND NOT EXISTS (SELECT 1 FROM organizations ho WHERE ho.id = o.organization_id AND (ho.hidden_at IS NOT NULL OR ho.orphaned_at IS NOT NULL))`,
    far ? radius : sql`o.lat_strip IN (${sql.join(stripsCovering(box).map((s) => sql`${s}`))})`,
    sql`o.lng BETWEEN ${box.minLng} AND ${box.maxLng}`,
    sql`o.lat BETWEEN ${box.minLat} AND ${box.maxLat}`,
    ...(far ? [] : [radius]),
    sql`(o.ends_at IS NULL OR o.ends_at > ${q.now})`,
    ...ownerConditions(q.rules),
  ];
  const index = indexed(dialect, far ? 'offers_match_far' : 'offers_match_near');
  return (
    await sql<LightOffer>`SELECT ${lightColumns} FROM offers o${index} WHERE ${sql.join(where, sql` AND `)}`.execute(db)
  ).rows;
}

/** Open remote offers of these kinds anywhere; with `skillNames`, only those having one of them. */
export async function remoteOffers(
  db: Db,
  dialect: Dialect,
  q: { kinds: readonly ListingKind[]; now: string; skillNames: readonly string[] | null; rules: OwnerRules },
): Promise<LightOffer[]> {
  const where = [
    sql`o.kind IN (${inList(q.kinds)})`,
    sql`o.status = 'open'`,
    sql`o.hidden_at IS NULL AND NOT EXISTS (SELECT 1 FROM organizations ho WHERE ho.id = o.organization_id AND (ho.hidden_at IS NOT NULL OR ho.orphaned_at IS NOT NULL))`,
    sql`o.remote = 1`,
    sql`(o.ends_at IS NULL OR o.ends_at > ${q.now})`,
    ...ownerConditions(q.rules),
  ];
  if (q.skillNames) {
    if (q.skillNames.length === 0) return [];
    where.push(sql`o.id IN (SELECT s.offer_id FROM offer_skills s WHERE s.skill IN (${inList(q.skillNames)}))`);
  }
  return (
    await sql<LightOffer>`SELECT ${lightColumns} FROM offers o${indexed(dialect, 'offers_match_remote')} WHERE ${sql.join(where, sql` AND `)}`.execute(
      db,
    )
  ).rows;
}

/**
 * The stored skills of these offers (their offer_skills rows, the same list as the row's JSON).
 * One primary-key range per offer: far cheaper than probing every (offer, asked name) pair, and
 * the whole list lets retrieval bound the skills factor exactly.
 */
export async function offerSkills(db: Db, ids: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    if (chunk.length === 0) continue;
    const rows = await db
      .selectFrom('offer_skills')
      .select(['offer_id', 'skill'])
      .where('offer_id', 'in', chunk)
      .execute();
    for (const r of rows) {
      const list = out.get(r.offer_id);
      if (list) list.push(r.skill);
      else out.set(r.offer_id, [r.skill]);
    }
  }
  return out;
}

const offerMatchColumns = [
  'offers.id',
  'offers.owner_user_id',
  'offers.organization_id',
  'offers.kind',
  'offers.skills',
  'offers.languages',
  'offers.lat',
  'offers.lng',
  'offers.radius_km',
  'offers.remote',
  'offers.availability',
  'offers.ends_at',
  'offers.compensation_accepted',
  'offers.status',
  'offers.created_at',
] as const;

const selectOfferMatch = (db: Db) =>
  db
    .selectFrom('offers')
    .leftJoin('users', 'users.id', 'offers.owner_user_id')
    .select(offerMatchColumns)
    .select([
      'users.may_do_paid_work as owner_may_do_paid_work',
      'users.vog_verified_at as owner_vog_verified_at',
      'offers.created_by',
      'offers.capacity_hours_per_month',
    ]);

export type OfferRowForMatching = OfferMatchRow & {
  created_by: string | null;
  capacity_hours_per_month: number | null;
};

/** Full rows (with the owner's answers) of these offers, in chunks the databases accept. */
export async function offerRows(db: Db, ids: readonly string[]): Promise<OfferRowForMatching[]> {
  const out: OfferRowForMatching[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    if (chunk.length > 0) out.push(...(await selectOfferMatch(db).where('offers.id', 'in', chunk).execute()));
  }
  return out;
}

export const offerRow = (db: Db, id: string) => selectOfferMatch(db).where('offers.id', '=', id).executeTakeFirst();

// ---------- the instance's offer index (matching-index.ts) ----------

/** Offers that matching may suggest at all: open, not hidden, of an organisation that is neither hidden nor orphaned. */
const selectVisibleOpenOffers = (db: Db) =>
  selectOfferMatch(db)
    .where('offers.status', '=', 'open')
    .where('offers.hidden_at', 'is', null)
    .where(notHiddenOrganization('offers'));

/** A page of visible open offers after an id (the index's build), or these offers if still visible (a change). */
export function indexOffers(
  db: Db,
  q: { after: string | null; limit: number } | { ids: readonly string[] },
): Promise<OfferRowForMatching[]> {
  if ('ids' in q)
    return q.ids.length === 0
      ? Promise.resolve([])
      : selectVisibleOpenOffers(db)
          .where('offers.id', 'in', [...q.ids])
          .execute();
  let query = selectVisibleOpenOffers(db);
  if (q.after !== null) query = query.where('offers.id', '>', q.after);
  return query.orderBy('offers.id').limit(q.limit).execute();
}

/** The stored skills of the offers with ids in (after, upTo]: one primary-key range for a page of the build. */
export async function offerSkillsInRange(db: Db, after: string | null, upTo: string): Promise<Map<string, string[]>> {
  let query = db.selectFrom('offer_skills').select(['offer_id', 'skill']).where('offer_id', '<=', upTo);
  if (after !== null) query = query.where('offer_id', '>', after);
  const out = new Map<string, string[]>();
  for (const r of await query.execute()) {
    const list = out.get(r.offer_id);
    if (list) list.push(r.skill);
    else out.set(r.offer_id, [r.skill]);
  }
  return out;
}

/** Every person and business that has had an accepted engagement (the fairness factor), read once per build. */
export async function everEngagedWorkers(db: Db): Promise<Set<string>> {
  const [people, businesses] = await Promise.all([
    db
      .selectFrom('engagements')
      .select('worker_user_id as id')
      .distinct()
      .where('accepted_at', 'is not', null)
      .execute(),
    db
      .selectFrom('engagements')
      .select('worker_organization_id as id')
      .distinct()
      .where('worker_organization_id', 'is not', null)
      .where('accepted_at', 'is not', null)
      .execute(),
  ]);
  return new Set([...people, ...businesses].flatMap((r) => (r.id ? [r.id] : [])));
}

/** Ids of every offer (any status) of these people or organisations. */
export async function offerIdsOf(
  db: Db,
  q: { ownerUserIds: readonly string[]; organizationIds: readonly string[] },
): Promise<string[]> {
  const out: string[] = [];
  for (const [column, ids] of [
    ['owner_user_id', q.ownerUserIds],
    ['organization_id', q.organizationIds],
  ] as const) {
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      out.push(...(await db.selectFrom('offers').select('id').where(column, 'in', chunk).execute()).map((r) => r.id));
    }
  }
  return out;
}

/** The workers (people and businesses) with an accepted engagement on these needs: their fairness may have changed. */
export async function acceptedWorkersOn(
  db: Db,
  needIds: readonly string[],
): Promise<{ userIds: string[]; organizationIds: string[] }> {
  const userIds = new Set<string>();
  const organizationIds = new Set<string>();
  for (let i = 0; i < needIds.length; i += 500) {
    const chunk = needIds.slice(i, i + 500);
    const rows = await db
      .selectFrom('engagements')
      .select(['worker_user_id', 'worker_organization_id'])
      .where('need_id', 'in', chunk)
      .where('accepted_at', 'is not', null)
      .execute();
    for (const r of rows) {
      userIds.add(r.worker_user_id);
      if (r.worker_organization_id) organizationIds.add(r.worker_organization_id);
    }
  }
  return { userIds: [...userIds], organizationIds: [...organizationIds] };
}

/** A match round's listings of one table: open, visible, not ended, placed in the box, of the kind if one is given. */
function openInBox(table: 'needs' | 'offers', q: { box: Box; kind: ListingKind | null; now: string }) {
  const column = (name: string) => sql.ref(`${table}.${name}`);
  return sql<boolean>`${column('status')} = 'open' AND ${column('hidden_at')} IS NULL AND ${notHiddenOrganization(table)}
    AND ${column('lat')} >= ${q.box.minLat} AND ${column('lat')} <= ${q.box.maxLat} AND ${column('lng')} >= ${q.box.minLng} AND ${column('lng')} <= ${q.box.maxLng}
    AND (${column('ends_at')} IS NULL OR ${column('ends_at')} > ${q.now})${q.kind ? sql` AND ${column('kind')} = ${q.kind}` : sql``}`;
}

/** Open offers placed in a box (a match round's region), every kind or one. */
export const offersInBox = (db: Db, q: { box: Box; kind: ListingKind | null; now: string }) =>
  selectOfferMatch(db).where(openInBox('offers', q)).execute();

const needMatchColumns = [
  'needs.id',
  'needs.organization_id',
  'needs.kind',
  'needs.skills',
  'needs.languages',
  'needs.lat',
  'needs.lng',
  'needs.remote',
  'needs.starts_at',
  'needs.ends_at',
  'needs.compensation_type',
  'needs.requires_vog',
  'needs.newcomer_friendly',
  'needs.open_to_asylum_seekers',
  'needs.work_permit_arranged',
  'needs.status',
  'needs.created_at',
  'needs.people_needed',
  'needs.postcode',
] as const;

/** `postcode`: for a match round's area (round-area.ts). */
export type NeedRowForMatching = NeedMatchRow & {
  organization_id: string;
  people_needed: number | null;
  postcode: string | null;
};

export const needRow = (db: Db, id: string): Promise<NeedRowForMatching | undefined> =>
  db.selectFrom('needs').select(needMatchColumns).where('id', '=', id).executeTakeFirst();

/** A page of open, visible needs after an id (the need index's build), or these needs if still open and visible (a change). */
export function indexNeeds(
  db: Db,
  q: { after: string | null; limit: number } | { ids: readonly string[] },
): Promise<NeedRowForMatching[]> {
  const visible = db
    .selectFrom('needs')
    .select(needMatchColumns)
    .where('needs.status', '=', 'open')
    .where('needs.hidden_at', 'is', null)
    .where(notHiddenOrganization('needs'));
  if ('ids' in q)
    return q.ids.length === 0 ? Promise.resolve([]) : visible.where('needs.id', 'in', [...q.ids]).execute();
  return (q.after === null ? visible : visible.where('needs.id', '>', q.after))
    .orderBy('needs.id')
    .limit(q.limit)
    .execute();
}

/** Ids of every need (any status) of these organisations. */
export async function needIdsOf(db: Db, organizationIds: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < organizationIds.length; i += 500) {
    out.push(
      ...(
        await db
          .selectFrom('needs')
          .select('id')
          .where('organization_id', 'in', organizationIds.slice(i, i + 500))
          .execute()
      ).map((r) => r.id),
    );
  }
  return out;
}

/** Hard rules about the person, as SQL on needs (the mirror of hard-rules.ts). */
export interface PersonRules {
  /** Not "yes": no paid needs without an arranged work permit. "No": no unpaid work needs that are not open to asylum seekers either. */
  mayDoPaidWork: PaidWorkAnswer;
  /** No VOG recorded: no needs that require one. */
  noVog: boolean;
}

/**
 * Open needs of these kinds placed in a box (the candidate's reach) or, with `remote`, remote
 * needs anywhere, minus those the person's answers rule out.
 */
export function needsFor(
  db: Db,
  q: { kinds: readonly ListingKind[]; now: string; box: Box | null; remote: boolean; rules: PersonRules },
): Promise<NeedRowForMatching[]> {
  let query = db
    .selectFrom('needs')
    .select(needMatchColumns)
    .where('needs.status', '=', 'open')
    .where('needs.hidden_at', 'is', null)
    .where(notHiddenOrganization('needs'))
    .where('needs.kind', 'in', [...q.kinds])
    .where((eb) => eb.or([eb('needs.ends_at', 'is', null), eb('needs.ends_at', '>', q.now)]));
  const box = q.box;
  query = query.where((eb) => {
    const places = [];
    if (box) {
      places.push(
        eb.and([
          eb('needs.lat', '>=', box.minLat),
          eb('needs.lat', '<=', box.maxLat),
          eb('needs.lng', '>=', box.minLng),
          eb('needs.lng', '<=', box.maxLng),
        ]),
      );
    }
    if (q.remote) places.push(eb('needs.remote', '=', 1));
    return places.length > 0 ? eb.or(places) : eb.val(false);
  });
  if (q.rules.mayDoPaidWork !== 'yes') {
    query = query.where((eb) =>
      eb.or([eb('needs.compensation_type', '<>', 'paid'), eb('needs.work_permit_arranged', '=', 1)]),
    );
  }
  if (q.rules.mayDoPaidWork === 'no') {
    query = query.where((eb) =>
      eb.or([
        eb('needs.open_to_asylum_seekers', '=', 1),
        eb('needs.kind', '=', 'materials'),
        eb('needs.compensation_type', '=', 'paid'),
      ]),
    );
  }
  if (q.rules.noVog) query = query.where('needs.requires_vog', '=', 0);
  return query.execute();
}

/** Open needs placed in a box (a match round's region), every kind or one. */
export const needsInBox = (
  db: Db,
  q: { box: Box; kind: ListingKind | null; now: string },
): Promise<NeedRowForMatching[]> =>
  db.selectFrom('needs').select(needMatchColumns).where(openInBox('needs', q)).execute();

const PLACE_HOLDING: EngagementStatus[] = ['accepted', 'hours_logged', 'delivered', 'disputed', 'completed'];

/** Places already taken per need (engagements that hold one). */
export async function placesTakenByNeed(db: Db, needIds: readonly string[]): Promise<Map<string, number>> {
  const taken = new Map<string, number>();
  for (let i = 0; i < needIds.length; i += 500) {
    const chunk = needIds.slice(i, i + 500);
    if (chunk.length === 0) continue;
    const rows = await db
      .selectFrom('engagements')
      .select(['need_id', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('need_id', 'in', chunk)
      .where('status', 'in', PLACE_HOLDING)
      .groupBy('need_id')
      .execute();
    for (const r of rows) taken.set(r.need_id, Number(r.n));
  }
  return taken;
}

/** Of these people and businesses, who has had an accepted engagement before (fairness). */
export async function engagedBefore(
  db: Db,
  q: { userIds: readonly string[]; organizationIds: readonly string[] },
): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < q.userIds.length; i += 500) {
    const chunk = q.userIds.slice(i, i + 500);
    const rows = await db
      .selectFrom('engagements')
      .select('worker_user_id')
      .distinct()
      .where('worker_user_id', 'in', chunk)
      .where('accepted_at', 'is not', null)
      .execute();
    for (const r of rows) out.add(r.worker_user_id);
  }
  for (let i = 0; i < q.organizationIds.length; i += 500) {
    const chunk = q.organizationIds.slice(i, i + 500);
    const rows = await db
      .selectFrom('engagements')
      .select('worker_organization_id')
      .distinct()
      .where('worker_organization_id', 'in', chunk)
      .where('accepted_at', 'is not', null)
      .execute();
    for (const r of rows) if (r.worker_organization_id) out.add(r.worker_organization_id);
  }
  return out;
}

export const personRow = (
  db: Db,
  userId: string,
): Promise<(PersonMatchRow & { postcode: string | null }) | undefined> =>
  db
    .selectFrom('users')
    .select(['id', 'skills', 'languages', 'may_do_paid_work', 'vog_verified_at', 'updated_at', 'postcode'])
    .where('id', '=', userId)
    .executeTakeFirst();

/** The person's own open offers (not their businesses'): they are matched for "suggestions for me". */
export const ownOpenOfferIds = async (db: Db, userId: string, now: string): Promise<string[]> =>
  (
    await db
      .selectFrom('offers')
      .select('id')
      .where('owner_user_id', '=', userId)
      .where('status', '=', 'open')
      .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', now)]))
      .execute()
  ).map((r) => r.id);

// ---------- findable people (issue 10: people as candidates) ----------

/** What a findable person shows and is matched by: never e-mail, never the full postcode (only its place). */
export type FindablePersonRow = PersonMatchRow & { display_name: string; postcode: string; lat: number; lng: number };

/**
 * People who switched on "organisations may find me" and filled in skills, postcode and languages;
 * not hidden by a moderator. In a box (their PC4 centroid), or, with `skillNames`, anywhere when
 * their skills JSON names one of them (remote work: the same narrowing as remote offers).
 */
export async function findablePeople(
  db: Db,
  q: { box: Box | null; skillNames: readonly string[] | null },
): Promise<FindablePersonRow[]> {
  if (!q.box && (!q.skillNames || q.skillNames.length === 0)) return [];
  const rows = await db
    .selectFrom('users')
    .select([
      'id',
      'display_name',
      'postcode',
      'lat',
      'lng',
      'skills',
      'languages',
      'may_do_paid_work',
      'vog_verified_at',
      'updated_at',
    ])
    .where('findable', '=', 1)
    .where(sql<boolean>`hidden_at IS NULL`)
    .where('postcode', 'is not', null)
    .where('lat', 'is not', null)
    .where('lng', 'is not', null)
    .where('skills', '<>', '[]')
    .where('languages', '<>', '[]')
    .where((eb) => {
      const box = q.box;
      const where = [];
      if (box)
        where.push(
          eb.and([
            eb('lat', '>=', box.minLat),
            eb('lat', '<=', box.maxLat),
            eb('lng', '>=', box.minLng),
            eb('lng', '<=', box.maxLng),
          ]),
        );
      // Skills are stored as a JSON array of lower-case names: a quoted name is an exact element.
      for (const name of q.skillNames ?? [])
        where.push(sql<boolean>`skills LIKE ${`%${JSON.stringify(name).replace(/[%_\\]/g, '\\$&')}%`} ESCAPE '\\'`);
      return eb.or(where);
    })
    .execute();
  return rows.flatMap((r) =>
    r.postcode !== null && r.lat !== null && r.lng !== null
      ? [{ ...r, postcode: r.postcode, lat: r.lat, lng: r.lng }]
      : [],
  );
}

// ---------- rounds ----------

export async function insertRound(trx: Db, round: MatchRoundsTable, proposals: MatchProposalsTable[]): Promise<void> {
  await trx.insertInto('match_rounds').values(round).execute();
  for (let i = 0; i < proposals.length; i += 500) {
    const chunk = proposals.slice(i, i + 500);
    if (chunk.length > 0) await trx.insertInto('match_proposals').values(chunk).execute();
  }
}

export const findRound = (db: Db, id: string) =>
  db.selectFrom('match_rounds').selectAll().where('id', '=', id).executeTakeFirst();

/** Rounds newest first, after a keyset; all of them, or one creator's. */
export function listRounds(
  db: Db,
  q: { createdBy: string | null; limit: number; after?: { createdAt: string; id: string } | undefined },
) {
  let query = db.selectFrom('match_rounds').selectAll();
  if (q.createdBy !== null) query = query.where('created_by', '=', q.createdBy);
  const after = q.after;
  if (after)
    query = query.where((eb) =>
      eb.or([
        eb('created_at', '<', after.createdAt),
        eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)]),
      ]),
    );
  return query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit + 1)
    .execute();
}

/** A round's proposals in order, with the titles and names a reviewer needs. */
export const roundProposals = (db: Db, roundId: string) =>
  db
    .selectFrom('match_proposals as p')
    .innerJoin('needs', 'needs.id', 'p.need_id')
    .innerJoin('organizations as need_org', 'need_org.id', 'needs.organization_id')
    .innerJoin('offers', 'offers.id', 'p.offer_id')
    .leftJoin('users as owner', 'owner.id', 'offers.owner_user_id')
    .leftJoin('organizations as offer_org', 'offer_org.id', 'offers.organization_id')
    .select([
      'p.id',
      'p.need_id',
      'p.offer_id',
      'p.units',
      'p.score',
      'p.reasons',
      'p.engagement_id',
      'p.invited_at',
      'p.position',
      'needs.title as need_title',
      'needs.organization_id as need_organization_id',
      'need_org.name as need_organization_name',
      'offers.title as offer_title',
      'owner.display_name as owner_name',
      'offer_org.name as offer_organization_name',
    ])
    .where('p.round_id', '=', roundId)
    .orderBy('p.position')
    .execute();

export const proposalsOfRound = (db: Db, roundId: string) =>
  db.selectFrom('match_proposals').selectAll().where('round_id', '=', roundId).orderBy('position').execute();

/** Claims a proposal for inviting: true when this call set `invited_at` (nobody else had). */
export async function claimProposal(db: Db, proposalId: string, at: string): Promise<boolean> {
  const claim = await db
    .updateTable('match_proposals')
    .set({ invited_at: at })
    .where('id', '=', proposalId)
    .where('invited_at', 'is', null)
    .executeTakeFirst();
  return Number(claim.numUpdatedRows) > 0;
}

export const proposalEngagementId = async (db: Db, proposalId: string): Promise<string | null> =>
  (await db.selectFrom('match_proposals').select('engagement_id').where('id', '=', proposalId).executeTakeFirst())
    ?.engagement_id ?? null;

export async function setProposalEngagement(db: Db, proposalId: string, engagementId: string): Promise<void> {
  await db.updateTable('match_proposals').set({ engagement_id: engagementId }).where('id', '=', proposalId).execute();
}

/** Gives a refused proposal's claim back, so it can be tried again later. */
export async function releaseProposal(db: Db, proposalId: string): Promise<void> {
  await db
    .updateTable('match_proposals')
    .set({ invited_at: null })
    .where('id', '=', proposalId)
    .where('engagement_id', 'is', null)
    .execute();
}

/** Engagements that still stand (proposed or taken, or done): a pair with one is never proposed again. */
const STANDING: EngagementStatus[] = ['proposed', 'accepted', 'hours_logged', 'delivered', 'disputed', 'completed'];

/** For the needs: the workers and offers already engaged on each, as `needId|user:<id>` and `needId|offer:<id>`. */
export async function standingPairs(db: Db, needIds: readonly string[]): Promise<Set<string>> {
  const pairs = new Set<string>();
  for (let i = 0; i < needIds.length; i += 500) {
    const chunk = needIds.slice(i, i + 500);
    if (chunk.length === 0) continue;
    const rows = await db
      .selectFrom('engagements')
      .select(['need_id', 'worker_user_id', 'offer_id'])
      .where('need_id', 'in', chunk)
      .where('status', 'in', STANDING)
      .execute();
    for (const r of rows) {
      pairs.add(`${r.need_id}|user:${r.worker_user_id}`);
      if (r.offer_id) pairs.add(`${r.need_id}|offer:${r.offer_id}`);
    }
  }
  return pairs;
}

/** The needs a person already has a standing engagement on. */
export async function needsEngagedBy(db: Db, userId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('engagements')
    .select('need_id')
    .where('worker_user_id', '=', userId)
    .where('status', 'in', STANDING)
    .execute();
  return new Set(rows.map((r) => r.need_id));
}

/** Listings of an organisation a moderator hid, or one left without an owner, leave matching with it. */
function notHiddenOrganization(table: 'needs' | 'offers') {
  return sql<boolean>`NOT EXISTS (SELECT 1 FROM organizations ho WHERE ho.id = ${sql.ref(`${table}.organization_id`)} AND (ho.hidden_at IS NOT NULL OR ho.orphaned_at IS NOT NULL))`;
}

// ---------- round pairings waiting for the need's organisation (round-proposals.ts) ----------

export async function roundInvitesAllowed(db: Db, organizationId: string): Promise<boolean> {
  const row = await db
    .selectFrom('organizations')
    .select('round_invites_allowed')
    .where('id', '=', organizationId)
    .executeTakeFirst();
  return row?.round_invites_allowed === 1;
}

export async function organizationOfNeed(db: Db, needId: string): Promise<string | undefined> {
  return (await db.selectFrom('needs').select('organization_id').where('id', '=', needId).executeTakeFirst())
    ?.organization_id;
}

export async function setProposedToOrganizationAt(
  db: Db,
  proposalId: string,
  at: string | null | undefined,
): Promise<void> {
  await db
    .updateTable('match_proposals')
    .set({ proposed_to_organization_at: at ?? null })
    .where('id', '=', proposalId)
    .execute();
}

/** Takes the pairing off the waiting list if it is still waiting as read; false when someone sent it first. */
export async function claimRoundProposal(
  db: Db,
  proposalId: string,
  proposedAt: string | null | undefined,
): Promise<boolean> {
  const claim = await db
    .updateTable('match_proposals')
    .set({ proposed_to_organization_at: null })
    .where('id', '=', proposalId)
    .where('proposed_to_organization_at', '=', proposedAt ?? '')
    .executeTakeFirst();
  return Number(claim.numUpdatedRows) > 0;
}

const waitingRoundProposalsQuery = (db: Db) =>
  db
    .selectFrom('match_proposals as p')
    .innerJoin('needs as n', 'n.id', 'p.need_id')
    .innerJoin('offers as o', 'o.id', 'p.offer_id')
    .innerJoin('match_rounds as r', 'r.id', 'p.round_id')
    .leftJoin('organizations as by', 'by.id', 'r.organization_id')
    .select([
      'p.id',
      'p.round_id',
      'p.need_id',
      'p.offer_id',
      'p.score',
      'p.proposed_to_organization_at',
      'n.title as need_title',
      'n.organization_id',
      'o.title as offer_title',
      'by.name as proposed_by_name',
      'r.organization_id as proposed_by_id',
    ])
    .where('p.proposed_to_organization_at', 'is not', null)
    .where('p.engagement_id', 'is', null);

/** Pairings waiting for an organisation's managers, oldest first. */
export const waitingRoundProposals = (db: Db, organizationId: string) =>
  waitingRoundProposalsQuery(db)
    .where('n.organization_id', '=', organizationId)
    .orderBy('p.proposed_to_organization_at')
    .orderBy('p.id')
    .limit(100)
    .execute();

export const waitingRoundProposal = (db: Db, proposalId: string) =>
  waitingRoundProposalsQuery(db).where('p.id', '=', proposalId).executeTakeFirst();
