import { sql } from 'kysely';
import type { EngagementStatus } from '../../../shared/engagement-vocabulary.ts';
import type { Db, Dialect } from '../../db/create-db.ts';
import type { EngagementLogsTable, EngagementMessagesTable, EngagementsTable } from './tables.ts';

/** Statuses that hold a place on a need (an accepted person or pledge). */
export const PLACE_HOLDING = ['accepted', 'hours_logged', 'delivered', 'disputed', 'completed'] as const;

const engagementColumns = [
  'e.id',
  'e.need_id',
  'e.offer_id',
  'e.organization_id',
  'e.kind',
  'e.status',
  'e.proposed_by',
  'e.worker_user_id',
  'e.worker_organization_id',
  'e.compensation_type',
  'e.hourly_rate_cents',
  'e.allowance_cents',
  'e.min_age',
  'e.estimate_minutes',
  'e.reserved_minutes',
  'e.logged_minutes',
  'e.confirmed_minutes',
  'e.unit',
  'e.pledged_quantity',
  'e.delivered_quantity',
  'e.confirmed_quantity',
  'e.inkind_value_cents',
  'e.eur_cents',
  'e.eur_kind',
  'e.allowance_month',
  'e.dispute_reason',
  'e.end_reason_key',
  'e.ended_by',
  'e.created_at',
  'e.updated_at',
  'e.accepted_at',
  'e.completed_at',
  'e.proposer_user_id',
  'e.proposed_via_organization_id',
] as const;

/** An engagement with the names it is shown with. */
const engagementView = (db: Db) =>
  db
    .selectFrom('engagements as e')
    .innerJoin('needs as n', 'n.id', 'e.need_id')
    .innerJoin('organizations as o', 'o.id', 'e.organization_id')
    .innerJoin('users as u', 'u.id', 'e.worker_user_id')
    .leftJoin('organizations as wo', 'wo.id', 'e.worker_organization_id')
    .leftJoin('users as pu', 'pu.id', 'e.proposer_user_id')
    .leftJoin('organizations as vo', 'vo.id', 'e.proposed_via_organization_id')
    .select(engagementColumns)
    .select([
      'n.title as need_title',
      'n.kind as need_kind',
      'o.name as organization_name',
      'o.verified_at as organization_verified_at',
      'u.display_name as worker_name',
      'wo.name as worker_organization_name',
    ])
    .select(['pu.display_name as proposer_name', 'vo.name as via_organization_name']);

export type EngagementView = Awaited<ReturnType<typeof findEngagement>> & {};

export const findEngagement = (db: Db, id: string) => engagementView(db).where('e.id', '=', id).executeTakeFirst();

export async function insertEngagement(db: Db, row: EngagementsTable): Promise<void> {
  await db.insertInto('engagements').values(row).execute();
}

/**
 * Changes an engagement only if it is still in `expectedStatus`: two people acting at once cannot
 * both move it (the second sees 0 rows and gets a conflict). Returns whether the row changed.
 */
export async function updateEngagementIf(
  db: Db,
  id: string,
  expectedStatus: EngagementStatus,
  changes: Partial<EngagementsTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('engagements')
    .set(changes)
    .where('id', '=', id)
    .where('status', '=', expectedStatus)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export const findLiveEngagement = (db: Db, needId: string, workerUserId: string) =>
  db
    .selectFrom('engagements')
    .select(['id', 'status'])
    .where('need_id', '=', needId)
    .where('worker_user_id', '=', workerUserId)
    .where('status', 'in', ['proposed', 'accepted', 'hours_logged', 'delivered', 'disputed'])
    .executeTakeFirst();

/** Places taken on a need: engagements that hold one, and the quantity they pledged. */
export async function placesTaken(db: Db, needId: string): Promise<{ people: number; quantity: number }> {
  const row = await db
    .selectFrom('engagements')
    .select((eb) => [
      eb.fn.countAll<number>().as('people'),
      eb.fn.sum<number | null>('pledged_quantity').as('quantity'),
    ])
    .where('need_id', '=', needId)
    .where('status', 'in', [...PLACE_HOLDING])
    .executeTakeFirstOrThrow();
  return { people: Number(row.people), quantity: Number(row.quantity ?? 0) };
}

/** Open proposals on a need other than `exceptId`: the ones to tell kindly when it is filled. */
export const openProposals = (db: Db, needId: string, exceptId: string) =>
  db
    .selectFrom('engagements')
    .select(['id', 'worker_user_id', 'proposed_by'])
    .where('need_id', '=', needId)
    .where('status', '=', 'proposed')
    .where('id', '<>', exceptId)
    .execute();

/** Tax-free allowances recorded to a person in a month (`YYYY-MM`) or a year (`YYYY`), across all organisations. */
export async function allowanceTotals(
  db: Db,
  workerUserId: string,
  month: string,
): Promise<{ monthCents: number; yearCents: number }> {
  const rows = await db
    .selectFrom('engagements')
    .select(['allowance_month', (eb) => eb.fn.sum<number | null>('eur_cents').as('cents')])
    .where('worker_user_id', '=', workerUserId)
    .where('eur_kind', '=', 'allowance')
    .where('status', '=', 'completed')
    .where('worker_organization_id', 'is', null)
    .where('allowance_month', '>=', `${month.slice(0, 4)}-01`)
    .where('allowance_month', '<=', `${month.slice(0, 4)}-12`)
    .groupBy('allowance_month')
    .execute();
  let monthCents = 0;
  let yearCents = 0;
  for (const r of rows) {
    const cents = Number(r.cents ?? 0);
    yearCents += cents;
    if (r.allowance_month === month) monthCents += cents;
  }
  return { monthCents, yearCents };
}

export interface EngagementFilter {
  workerUserId?: string;
  organizationIds?: string[];
  statuses?: EngagementStatus[];
  needId?: string;
  after?: { createdAt: string; id: string };
  limit: number;
}

/** Newest first, keyset on (created_at, id). */
export function listEngagements(db: Db, f: EngagementFilter) {
  let q = engagementView(db);
  if (f.workerUserId !== undefined) q = q.where('e.worker_user_id', '=', f.workerUserId);
  if (f.organizationIds !== undefined) {
    if (f.organizationIds.length === 0) return Promise.resolve([]);
    q = q.where('e.organization_id', 'in', f.organizationIds);
  }
  if (f.statuses && f.statuses.length > 0) q = q.where('e.status', 'in', f.statuses);
  if (f.needId) q = q.where('e.need_id', '=', f.needId);
  if (f.after) {
    const { createdAt, id } = f.after;
    q = q.where((eb) =>
      eb.or([eb('e.created_at', '<', createdAt), eb.and([eb('e.created_at', '=', createdAt), eb('e.id', '<', id)])]),
    );
  }
  return q
    .orderBy('e.created_at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

/** Hour logs and deliveries in the order the work was done. */
export const listLogs = (db: Db, engagementIds: string[]) =>
  engagementIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('engagement_logs')
        .selectAll()
        .where('engagement_id', 'in', engagementIds)
        .orderBy('date')
        .orderBy('created_at')
        .orderBy('id')
        .execute();

export async function insertLog(db: Db, row: EngagementLogsTable): Promise<void> {
  await db.insertInto('engagement_logs').values(row).execute();
}

export async function insertMessage(db: Db, row: EngagementMessagesTable): Promise<void> {
  await db.insertInto('engagement_messages').values(row).execute();
}

/** Oldest first (a conversation reads down), keyset on (created_at, id). */
export function listMessages(
  db: Db,
  engagementId: string,
  after: { createdAt: string; id: string } | undefined,
  limit: number,
) {
  let q = db
    .selectFrom('engagement_messages as m')
    .leftJoin('users as u', 'u.id', 'm.author_id')
    .select(['m.id', 'm.author_id', 'm.type', 'm.text', 'm.created_at', 'u.display_name'])
    .where('m.engagement_id', '=', engagementId)
    // Hidden by a moderator: left out of the conversation.
    .where('m.hidden_at', 'is', null);
  if (after) {
    q = q.where((eb) =>
      eb.or([
        eb('m.created_at', '>', after.createdAt),
        eb.and([eb('m.created_at', '=', after.createdAt), eb('m.id', '>', after.id)]),
      ]),
    );
  }
  return q
    .orderBy('m.created_at')
    .orderBy('m.id')
    .limit(limit + 1)
    .execute();
}

/** One visible message of a conversation (the realtime hub pushes it as written). */
export const findMessage = (db: Db, engagementId: string, messageId: string) =>
  db
    .selectFrom('engagement_messages as m')
    .leftJoin('users as u', 'u.id', 'm.author_id')
    .select(['m.id', 'm.author_id', 'm.type', 'm.text', 'm.created_at', 'u.display_name'])
    .where('m.engagement_id', '=', engagementId)
    .where('m.id', '=', messageId)
    .where('m.hidden_at', 'is', null)
    .executeTakeFirst();

export const findNeedRow = (db: Db, id: string) =>
  db.selectFrom('needs').selectAll().where('id', '=', id).executeTakeFirst();

export const findOfferRow = (db: Db, id: string) =>
  db.selectFrom('offers').selectAll().where('id', '=', id).executeTakeFirst();

/** A person an organisation may invite directly: findable (switched on, not erased) and not hidden by a moderator. */
export async function isFindablePerson(db: Db, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('id', '=', userId)
    .where('findable', '=', 1)
    .where(sql<boolean>`hidden_at IS NULL`)
    .executeTakeFirst();
  return row !== undefined;
}

export const findWorker = (db: Db, userId: string) =>
  db
    .selectFrom('users')
    .select(['id', 'display_name', 'may_do_paid_work', 'vog_verified_at'])
    .where('id', '=', userId)
    .executeTakeFirst();

/** Adds logged minutes in SQL (no lost update between two logs) if the status is still `expectedStatus`. */
export async function addLoggedMinutes(
  db: Db,
  id: string,
  expectedStatus: EngagementStatus,
  minutes: number,
  changes: Partial<EngagementsTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('engagements')
    .set((eb) => ({ ...changes, logged_minutes: eb('logged_minutes', '+', minutes) }))
    .where('id', '=', id)
    .where('status', '=', expectedStatus)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * The need's row, locked on PostgreSQL for the rest of the transaction, so two acceptances
 * cannot both take its last place (SQLite's BEGIN IMMEDIATE already serialises writers).
 */
export function lockNeed(db: Db, dialect: Dialect, id: string) {
  let q = db
    .selectFrom('needs')
    .select([
      'id',
      'organization_id',
      'kind',
      'status',
      'ends_at',
      'people_needed',
      'quantity',
      'requires_vog',
      'open_to_asylum_seekers',
    ])
    .where('id', '=', id);
  if (dialect === 'postgres') q = q.forUpdate();
  return q.executeTakeFirst();
}

/** Locks the worker's row on PostgreSQL: allowance checks for one person run one at a time. */
export async function lockWorker(db: Db, dialect: Dialect, userId: string): Promise<void> {
  // FOR NO KEY UPDATE: it serialises these checks, yet lets rows that point to the person (a notification
  // written beside, whose foreign key takes FOR KEY SHARE) go ahead — FOR UPDATE made them deadlock.
  if (dialect === 'postgres')
    await db.selectFrom('users').select('id').where('id', '=', userId).forNoKeyUpdate().execute();
}

/** Everything of a person kept by this module (GDPR art. 15/20): their engagements, notes and messages. */
export async function personalData(db: Db, userId: string) {
  const engagements = await db
    .selectFrom('engagements')
    .select([
      'id',
      'need_id',
      'organization_id',
      'status',
      'logged_minutes',
      'confirmed_minutes',
      'eur_cents',
      'eur_kind',
      'created_at',
      'completed_at',
    ])
    .where('worker_user_id', '=', userId)
    .orderBy('created_at')
    .execute();
  const logs = await db
    .selectFrom('engagement_logs')
    .select(['engagement_id', 'kind', 'minutes', 'quantity', 'date', 'note', 'created_at'])
    .where('created_by', '=', userId)
    .orderBy('created_at')
    .execute();
  const messages = await db
    .selectFrom('engagement_messages')
    .select(['engagement_id', 'text', 'created_at'])
    .where('author_id', '=', userId)
    .orderBy('created_at')
    .execute();
  return { engagements, logs, messages };
}

/**
 * Erasure (GDPR art. 17): the person's own words go — messages become an "erased" marker without
 * an author, notes on their hour logs are removed. Minutes, amounts and statuses stay, so the
 * engagement history and the ledger it posted remain consistent.
 */
export async function erasePersonalData(db: Db, userId: string): Promise<void> {
  await db
    .updateTable('engagement_messages')
    .set({ text: 'engagement.message.erased', author_id: null, type: 'system' })
    .where('author_id', '=', userId)
    .execute();
  await db
    .updateTable('engagement_logs')
    .set({ note: null })
    .where('created_by', '=', userId)
    .where('note', 'is not', null)
    .execute();
}

/** Minutes of hours the person logged on one day, across all their engagements. */
export async function hoursLoggedOn(db: Db, workerId: string, date: string): Promise<number> {
  const row = await db
    .selectFrom('engagement_logs')
    .innerJoin('engagements', 'engagements.id', 'engagement_logs.engagement_id')
    .select((eb) => eb.fn.sum<number | string | null>('engagement_logs.minutes').as('total'))
    .where('engagements.worker_user_id', '=', workerId)
    .where('engagement_logs.kind', '=', 'hours')
    .where('engagement_logs.date', '=', date)
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}

/** Engagements still running, counted by state: the worker's own, or those of the given organisations. */
export async function countByState(db: Db, whose: { workerUserId: string } | { organizationIds: string[] }) {
  if ('organizationIds' in whose && whose.organizationIds.length === 0) return [];
  let q = db
    .selectFrom('engagements')
    .select((eb) => ['status', 'kind', 'proposed_by', eb.fn.countAll<number>().as('n')])
    .where('status', 'in', ['proposed', 'accepted', 'hours_logged', 'delivered', 'disputed']);
  q =
    'workerUserId' in whose
      ? q.where('worker_user_id', '=', whose.workerUserId)
      : q.where('organization_id', 'in', whose.organizationIds);
  return q.groupBy(['status', 'kind', 'proposed_by']).execute();
}
