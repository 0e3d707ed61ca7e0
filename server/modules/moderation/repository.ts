/**
 * The reports table, and the few facts about reported content moderation needs from other modules'
 * tables: who wrote it, and its `hidden_at` (set here, read by search and matching in their own
 * repositories). Memberships are asked of the organizations module, not read here.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/create-db.ts';
import type { ReportStatus, ReportTargetType } from '../../../shared/schemas/trust.ts';
import type { ReportRow } from './tables.ts';

export type HideableTable = 'needs' | 'offers' | 'engagement_messages' | 'users' | 'organizations';

export const findNeedAuthor = (db: Db, id: string) =>
  db.selectFrom('needs').select(['created_by', 'organization_id']).where('id', '=', id).executeTakeFirst();

export const findOfferAuthor = (db: Db, id: string) =>
  db
    .selectFrom('offers')
    .select(['owner_user_id', 'created_by', 'organization_id'])
    .where('id', '=', id)
    .executeTakeFirst();

/** A message with its engagement's parties: only they may report it. */
export const findMessageParties = (db: Db, id: string) =>
  db
    .selectFrom('engagement_messages as m')
    .innerJoin('engagements as e', 'e.id', 'm.engagement_id')
    .select(['m.author_id', 'e.worker_user_id', 'e.organization_id', 'e.worker_organization_id'])
    .where('m.id', '=', id)
    .executeTakeFirst();

export const userExists = async (db: Db, id: string): Promise<boolean> =>
  (await db.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;

export const organizationExists = async (db: Db, id: string): Promise<boolean> =>
  (await db.selectFrom('organizations').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;

export async function countReportsSince(db: Db, reporterId: string, since: string): Promise<number> {
  const row = await db
    .selectFrom('reports')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('reporter_id', '=', reporterId)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export const findOpenReport = (db: Db, reporterId: string, targetType: ReportTargetType, targetId: string) =>
  db
    .selectFrom('reports')
    .select('id')
    .where('reporter_id', '=', reporterId)
    .where('target_type', '=', targetType)
    .where('target_id', '=', targetId)
    .where('status', '=', 'open')
    .executeTakeFirst();

export async function insertReport(db: Db, row: ReportRow): Promise<void> {
  await db.insertInto('reports').values(row).execute();
}

export const findReport = (db: Db, id: string): Promise<ReportRow | undefined> =>
  db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();

type After = { c: string; id: string } | null | undefined;

/** The reporter's own reports, or (`author`) the decided reports about the person's content; newest first. */
export function listMine(
  db: Db,
  userId: string,
  as: 'reporter' | 'author',
  after: After,
  limit: number,
): Promise<ReportRow[]> {
  let q = db.selectFrom('reports').selectAll();
  q =
    as === 'reporter'
      ? q.where('reporter_id', '=', userId)
      : q.where('author_id', '=', userId).where('status', '<>', 'open');
  if (after)
    q = q.where((eb) =>
      eb.or([eb('created_at', '<', after.c), eb.and([eb('created_at', '=', after.c), eb('id', '<', after.id)])]),
    );
  return q
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
}

/** The admins' queue in one status, oldest first. */
export function listQueue(db: Db, status: ReportStatus, after: After, limit: number): Promise<ReportRow[]> {
  let q = db.selectFrom('reports').selectAll().where('status', '=', status);
  if (after)
    q = q.where((eb) =>
      eb.or([eb('created_at', '>', after.c), eb.and([eb('created_at', '=', after.c), eb('id', '>', after.id)])]),
    );
  return q
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit + 1)
    .execute();
}

export async function setHidden(trx: Db, table: HideableTable, id: string, hiddenAt: string | null): Promise<void> {
  if (table === 'users') {
    // A profile's hidden_at is the moderation module's alone; the accounts module's types do not carry it.
    await sql`update users set hidden_at = ${hiddenAt} where id = ${id}`.execute(trx);
    return;
  }
  await trx.updateTable(table).set({ hidden_at: hiddenAt }).where('id', '=', id).execute();
}

/** The report and every other open report of the same content: decided together. */
export const reportsDecidedWith = (trx: Db, report: Pick<ReportRow, 'id' | 'target_type' | 'target_id'>) =>
  trx
    .selectFrom('reports')
    .select(['id', 'reporter_id'])
    .where((eb) =>
      eb.or([
        eb('id', '=', report.id),
        eb.and([
          eb('target_type', '=', report.target_type),
          eb('target_id', '=', report.target_id),
          eb('status', '=', 'open'),
        ]),
      ]),
    )
    .execute();

export async function decideReports(
  trx: Db,
  ids: readonly string[],
  decision: Pick<ReportRow, 'status' | 'decision_reason' | 'decided_by' | 'decided_at'>,
): Promise<void> {
  if (ids.length > 0)
    await trx
      .updateTable('reports')
      .set(decision)
      .where('id', 'in', [...ids])
      .execute();
}

/** The person's own reports (GDPR art. 15/20). */
export const reportsBy = (db: Db, userId: string) =>
  db
    .selectFrom('reports')
    .select(['id', 'target_type', 'target_id', 'reason', 'status', 'decision_reason', 'decided_at', 'created_at'])
    .where('reporter_id', '=', userId)
    .orderBy('created_at')
    .execute();

/** Erasure: the reporter's words go; the report and its outcome stay for the moderation record. */
export async function eraseReportReasons(trx: Db, userId: string): Promise<void> {
  await trx.updateTable('reports').set({ reason: 'report.erased' }).where('reporter_id', '=', userId).execute();
}
