/**
 * Reports and moderation (issue 9 item 11). Anyone signed in reports a listing, message, profile or
 * organisation they can see, with a reason (a few an hour: config `REPORTS_PER_PERSON_PER_HOUR`).
 * Admins work the queue: hide or restore, always with a reason. Hiding sets `hidden_at` on the
 * content; search and matching filter on it, so it leaves them at once. The outcome is kept on the
 * report rows (every open report of the same content is decided together): the reporter reads it
 * under `GET /api/reports/mine`, the author under `?as=author` — both also get a `notify` event.
 * Every decision is in the audit log.
 */
import { z } from 'zod';
import type { CreateReportBody, Report, ReportTargetType } from '../../../shared/schemas/trust.ts';
import type { Actor, AppContext } from '../../context.ts';
import { decodeCursor, toPage } from '../../cursor.ts';
import type { Db } from '../../db/create-db.ts';
import { AppError, conflict, forbidden, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { recordAudit } from '../audit/index.ts';
import { publishNotifications, recordNotifications } from '../notifications/index.ts';
import { founderOf, memberOrganizationIds } from '../organizations/index.ts';
import * as repo from './repository.ts';
import type { ReportRow } from './tables.ts';

interface Target {
  authorId: string | null;
  organizationId: string | null;
  /** For listings: which table the id lives in. */
  table: repo.HideableTable;
}

/** The content a report is about, if the reporter can see it; undefined otherwise (→ 404, nothing told about its existence). */
async function findTarget(db: Db, actor: Actor, type: ReportTargetType, id: string): Promise<Target | undefined> {
  switch (type) {
    case 'listing': {
      const need = await repo.findNeedAuthor(db, id);
      if (need) return { authorId: need.created_by, organizationId: need.organization_id, table: 'needs' };
      const offer = await repo.findOfferAuthor(db, id);
      return offer
        ? { authorId: offer.owner_user_id ?? offer.created_by, organizationId: offer.organization_id, table: 'offers' }
        : undefined;
    }
    case 'message': {
      // Messages are private to an engagement's parties: only they can report one.
      const message = await repo.findMessageParties(db, id);
      if (!message) return undefined;
      const orgs = [message.organization_id, message.worker_organization_id].filter((o): o is string => o !== null);
      const mine = new Set(await memberOrganizationIds(db, actor.userId));
      const member = orgs.some((o) => mine.has(o));
      if (message.worker_user_id !== actor.userId && !member && !actor.isAdmin) return undefined;
      return { authorId: message.author_id, organizationId: message.organization_id, table: 'engagement_messages' };
    }
    case 'profile':
      return (await repo.userExists(db, id)) ? { authorId: id, organizationId: null, table: 'users' } : undefined;
    case 'organization': {
      if (!(await repo.organizationExists(db, id))) return undefined;
      return { authorId: (await founderOf(db, id)) ?? null, organizationId: id, table: 'organizations' };
    }
  }
}

const toReport = (r: ReportRow): Report => ({
  id: r.id,
  targetType: r.target_type,
  targetId: r.target_id,
  reason: r.reason,
  status: r.status,
  decisionReason: r.decision_reason,
  decidedAt: r.decided_at,
  createdAt: r.created_at,
});

const toQueued = (r: ReportRow) => ({
  ...toReport(r),
  reporterId: r.reporter_id,
  authorId: r.author_id,
  decidedBy: r.decided_by,
});

export async function createReport(ctx: AppContext, actor: Actor, body: CreateReportBody): Promise<Report> {
  const now = ctx.clock.now();
  const hourAgo = new Date(now.getTime() - 60 * 60 * 1000).toISOString();
  if ((await repo.countReportsSince(ctx.db, actor.userId, hourAgo)) >= ctx.config.trust.reportsPerPersonPerHour)
    throw new AppError(429, 'too_many_requests', 'You have sent many reports this hour; try again later');
  const target = await findTarget(ctx.db, actor, body.targetType, body.targetId);
  if (!target) throw new AppError(404, 'not_found', 'Nothing to report with this id', { targetId: 'Not found' });
  if (target.authorId === actor.userId)
    throw new AppError(400, 'invalid_input', 'You cannot report your own content', { targetId: 'Your own' });
  if (await repo.findOpenReport(ctx.db, actor.userId, body.targetType, body.targetId))
    throw conflict('You reported this already; a moderator will look at it');
  const row: ReportRow = {
    id: newId(),
    reporter_id: actor.userId,
    target_type: body.targetType,
    target_id: body.targetId,
    author_id: target.authorId,
    reason: body.reason,
    status: 'open',
    decision_reason: null,
    decided_by: null,
    decided_at: null,
    created_at: now.toISOString(),
  };
  await repo.insertReport(ctx.db, row);
  ctx.log.info({ reportId: row.id, targetType: row.target_type }, 'report received');
  return toReport(row);
}

const cursorSchema = z.object({ c: z.string(), id: z.string() });

/** The reporter's own reports, or (`as: author`) the decisions about the person's content — without who reported or why. */
export async function myReports(
  ctx: AppContext,
  actor: Actor,
  query: { as: 'reporter' | 'author'; limit: number; cursor?: string | undefined },
) {
  const rows = await repo.listMine(
    ctx.db,
    actor.userId,
    query.as,
    decodeCursor(query.cursor, cursorSchema),
    query.limit,
  );
  if (query.as === 'reporter') return toPage(rows, query.limit, toReport, (r) => ({ c: r.created_at, id: r.id }));
  return toPage(
    rows,
    query.limit,
    (r) => ({
      id: r.id,
      targetType: r.target_type,
      targetId: r.target_id,
      status: r.status as 'hidden' | 'restored',
      decisionReason: r.decision_reason ?? '',
      decidedAt: r.decided_at ?? r.created_at,
    }),
    (r) => ({ c: r.created_at, id: r.id }),
  );
}

function requireAdmin(actor: Actor): void {
  if (!actor.isAdmin) throw forbidden('Only a platform administrator moderates');
}

/** The admins' queue, oldest first. */
export async function reportQueue(
  ctx: AppContext,
  actor: Actor,
  query: { status: Report['status']; limit: number; cursor?: string | undefined },
) {
  requireAdmin(actor);
  const rows = await repo.listQueue(ctx.db, query.status, decodeCursor(query.cursor, cursorSchema), query.limit);
  return toPage(rows, query.limit, toQueued, (r) => ({ c: r.created_at, id: r.id }));
}

/**
 * Hide or restore the reported content, with a reason. Every open report of the same content gets
 * the same outcome (the queue empties); restoring an open report keeps the content visible.
 */
export async function decide(
  ctx: AppContext,
  actor: Actor,
  reportId: string,
  decision: 'hide' | 'restore',
  reason: string,
) {
  requireAdmin(actor);
  const report = await repo.findReport(ctx.db, reportId);
  if (!report) throw notFound('Report');
  const target = await findTarget(ctx.db, actor, report.target_type, report.target_id);
  if (!target) throw new AppError(409, 'conflict', 'The reported content no longer exists');
  const now = ctx.clock.now().toISOString();
  const status = decision === 'hide' ? 'hidden' : 'restored';
  const decided = await ctx.db.transaction().execute(async (trx) => {
    await repo.setHidden(trx, target.table, report.target_id, decision === 'hide' ? now : null);
    const affected = await repo.reportsDecidedWith(trx, report);
    await repo.decideReports(
      trx,
      affected.map((r) => r.id),
      { status, decision_reason: reason, decided_by: actor.userId, decided_at: now },
    );
    await recordAudit(ctx, trx, {
      actorId: actor.userId,
      action: decision === 'hide' ? 'moderation.hide' : 'moderation.restore',
      objectType: report.target_type,
      objectId: report.target_id,
      organizationId: target.organizationId,
      reason,
      details: { reportIds: affected.map((r) => r.id) },
    });
    const about = { status, targetType: report.target_type, targetId: report.target_id };
    const notified = await recordNotifications(ctx, trx, {
      userIds: affected.map((r) => r.reporter_id),
      kind: 'report.decided',
      data: about,
    });
    if (target.authorId)
      notified.push(
        ...(await recordNotifications(ctx, trx, {
          userIds: [target.authorId],
          kind: 'moderation.decided',
          data: about,
        })),
      );
    return notified;
  });
  if (target.table === 'needs') ctx.events.emit('listings.changed', { needIds: [report.target_id] });
  if (target.table === 'offers') ctx.events.emit('listings.changed', { offerIds: [report.target_id] });
  if (target.table === 'organizations') ctx.events.emit('listings.changed', { organizationIds: [report.target_id] });
  publishNotifications(ctx, decided);
  ctx.log.info({ reportId, decision, by: actor.userId }, 'report decided');
  const row = await repo.findReport(ctx.db, reportId);
  if (!row) throw notFound('Report');
  return toQueued(row);
}
