/**
 * Engagements: proposing (apply or invite), the answers (accept, decline, cancel), the work (hours,
 * deliveries, disputes) and reading. Who may act is in access.ts, the conversation in messages.ts,
 * confirming with its ledger group in confirmation.ts; routes call this file for all of them.
 */
import type { EngagementKind } from '../../../shared/engagement-vocabulary.ts';
import type {
  AnswerBody,
  CreateEngagementBody,
  DeliverBody,
  DisputeBody,
  Engagement,
  EngagementListQuery,
  LogHoursBody,
} from '../../../shared/schemas/engagements.ts';
import type { ToDo } from '../../../shared/schemas/to-do.ts';
import type { Actor, AppContext } from '../../context.ts';
import { decodeCursor, toPage } from '../../cursor.ts';
import type { Db } from '../../db/create-db.ts';
import { AppError, conflict, forbidden, invalid, notFound, ruleRefused } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { publishLedger, withLedgerTransaction } from '../ledger/index.ts';
import { managedOrganizationIds } from '../organizations/index.ts';
import { markNeedFilled, reopenNeed } from '../listings/index.ts';
import { publishNotifications } from '../notifications/index.ts';
import { allowancePeriod } from './allowance-guard.ts';
import { requirePlausibleHoursDate, requireWithinDayLimit } from './hours-guard.ts';
import { requireScreening } from './screening-guard.ts';
import { cancellationLines, reservationLines } from './ledger-plan.ts';
import * as repo from './repository.ts';
import type { EngagementState } from './state-machine.ts';
import type { EngagementsTable } from './tables.ts';
import { toDoFrom, type StateCount } from './to-do.ts';
import {
  actingSide,
  loadForActor,
  managerIds,
  manages,
  otherSideIds,
  RESERVING,
  rolesOf,
  stale,
  standingOf,
} from './access.ts';
import { organizationParty, postLines, providerParty } from './confirmation.ts';
import { dto, timeCursor, toDtos } from './dtos.ts';
import { notifyIn, personMessage, systemMessage, endReasonKeys } from './messages.ts';

export { confirmationPreview, confirmEngagement } from './confirmation.ts';
export { endReasonKeys, listMessages, postMessage } from './messages.ts';

const needIsOpen = (need: { status: string; ends_at: string | null }, now: string) =>
  need.status === 'open' && (need.ends_at === null || need.ends_at > now);

// ---------- create ----------

/**
 * A person applies to a need (alone, or with their offer), or an organisation's owner or
 * coordinator invites an offer. Either way the engagement starts `proposed` and the other side answers.
 */
/**
 * `onBehalfOfOrganization`: a match round's creator invites for the need's organisation; the
 * matching service has checked that they may (server/modules/matching/service.ts). The invitation
 * is then the organisation's, exactly as if one of its coordinators had sent it, and says that the
 * round's public body (`viaOrganizationId`) proposed it.
 */
export async function createEngagement(
  ctx: AppContext,
  actor: Actor,
  body: CreateEngagementBody,
  options: { onBehalfOfOrganization?: boolean; viaOrganizationId?: string | null } = {},
): Promise<Engagement> {
  const now = ctx.clock.now().toISOString();
  const need = await repo.findNeedRow(ctx.db, body.needId);
  if (!need) throw new AppError(404, 'not_found', 'Need not found', { needId: 'No such need' });
  if (!needIsOpen(need, now))
    throw ruleRefused(
      'rule_refused',
      'This need is no longer open for applications',
      { status: need.status },
      { needId: 'Not open' },
    );
  const kind: EngagementKind = need.kind === 'materials' ? 'materials' : 'work';
  if (kind === 'work' && body.quantity !== undefined) throw invalid('quantity', 'A quantity is only for materials');

  let proposedBy: EngagementState['proposedBy'] = 'worker';
  let workerUserId = actor.userId;
  let workerOrganizationId: string | null = null;
  let offerQuantity: number | null = null;
  let offerUnit: string | null = null;
  if (body.personId !== undefined) {
    // Inviting a findable person directly (issue 10): only the need's managers, only people who
    // still let organisations find them; anyone else is "not found", so nothing is revealed.
    if (body.offerId !== undefined) throw invalid('personId', 'Invite either an offer or a person, not both');
    if (!options.onBehalfOfOrganization && !manages(await rolesOf(ctx.db, actor.userId), need.organization_id)) {
      throw forbidden("Only owners and coordinators of the need's organisation may invite people for it");
    }
    if (!(await repo.isFindablePerson(ctx.db, body.personId)))
      throw new AppError(404, 'not_found', 'Person not found', { personId: 'No such person' });
    proposedBy = 'organization';
    workerUserId = body.personId;
  } else if (body.offerId !== undefined) {
    const offer = await repo.findOfferRow(ctx.db, body.offerId);
    if (!offer) throw new AppError(404, 'not_found', 'Offer not found', { offerId: 'No such offer' });
    if (offer.status !== 'open' || (offer.ends_at !== null && offer.ends_at <= now)) {
      throw ruleRefused(
        'rule_refused',
        'This offer is no longer open',
        { status: offer.status },
        { offerId: 'Not open' },
      );
    }
    if ((offer.kind === 'materials') !== (kind === 'materials'))
      throw invalid('offerId', 'Materials offers go with materials needs, work offers with work needs');
    const actorRoles = await rolesOf(ctx.db, actor.userId);
    if (options.onBehalfOfOrganization || manages(actorRoles, need.organization_id)) {
      proposedBy = 'organization';
    } else if (offer.owner_user_id === actor.userId || manages(actorRoles, offer.organization_id)) {
      proposedBy = 'worker';
    } else {
      throw forbidden('Only the organisation of the need may invite an offer, and only its owner may apply with it');
    }
    workerOrganizationId = offer.organization_id;
    // A business offer is carried out by the colleague who posted it; a person's offer by that person.
    const offerPerson = offer.owner_user_id ?? (proposedBy === 'worker' ? actor.userId : offer.created_by);
    if (!offerPerson)
      throw ruleRefused('rule_refused', 'This business offer has nobody to carry it out', undefined, {
        offerId: 'No contact person',
      });
    workerUserId = offerPerson;
    offerQuantity = offer.quantity;
    offerUnit = offer.unit;
  }
  if (workerOrganizationId === need.organization_id)
    throw ruleRefused('rule_refused', 'An organisation cannot take on its own need', undefined, {
      offerId: 'Same organisation',
    });
  // Nobody confirms their own hours: the people who manage the need cannot be its worker.
  if (manages(await rolesOf(ctx.db, workerUserId), need.organization_id)) {
    throw ruleRefused(
      'rule_refused',
      'Owners and coordinators of this organisation cannot take on its needs themselves; ask a member to do it',
      undefined,
      { needId: 'Your own organisation' },
    );
  }
  const worker = await repo.findWorker(ctx.db, workerUserId);
  if (!worker) throw notFound('Person');
  if (need.compensation_type === 'paid' && worker.may_do_paid_work !== 'yes' && !need.work_permit_arranged) {
    throw ruleRefused(
      'rule_refused',
      'This is paid work, and the employer has not confirmed that a work permit or UWV notification is arranged for people who need one',
      { mayDoPaidWork: worker.may_do_paid_work },
      { needId: 'Paid work' },
    );
  }
  if (await repo.findLiveEngagement(ctx.db, need.id, workerUserId))
    throw conflict('There is already an open engagement for this person on this need');

  const id = newId();
  const row: EngagementsTable = {
    id,
    need_id: need.id,
    offer_id: body.offerId ?? null,
    organization_id: need.organization_id,
    kind,
    status: 'proposed',
    proposed_by: proposedBy,
    proposer_user_id: actor.userId,
    proposed_via_organization_id: options.viaOrganizationId ?? null,
    worker_user_id: workerUserId,
    worker_organization_id: workerOrganizationId,
    compensation_type: need.compensation_type,
    hourly_rate_cents: need.hourly_rate_cents,
    allowance_cents: need.allowance_cents,
    min_age: need.min_age,
    estimate_minutes: kind === 'work' && need.hours_estimate ? need.hours_estimate * 60 : null,
    reserved_minutes: 0,
    logged_minutes: 0,
    confirmed_minutes: null,
    unit: kind === 'materials' ? (need.unit ?? offerUnit) : null,
    pledged_quantity: kind === 'materials' ? (body.quantity ?? offerQuantity ?? need.quantity) : null,
    delivered_quantity: null,
    confirmed_quantity: null,
    inkind_value_cents: null,
    eur_cents: null,
    eur_kind: null,
    allowance_month: null,
    dispute_reason: null,
    end_reason_key: null,
    ended_by: null,
    created_at: now,
    updated_at: now,
    accepted_at: null,
    completed_at: null,
  };
  const notified = await ctx.db.transaction().execute(async (trx) => {
    await repo.insertEngagement(trx, row);
    await systemMessage(
      trx,
      id,
      proposedBy === 'worker' ? 'engagement.event.applied' : 'engagement.event.invited',
      now,
    );
    await personMessage(trx, id, actor.userId, body.message, now);
    return notifyIn(ctx, trx, proposedBy === 'worker' ? await managerIds(trx, need.organization_id) : [workerUserId], {
      event: 'proposed',
      engagementId: id,
    });
  });
  publishNotifications(ctx, notified);
  ctx.log.info({ engagementId: id, needId: need.id, proposedBy, by: actor.userId }, 'engagement proposed');
  ctx.events.emit('engagement.proposed', {
    engagementId: id,
    needId: need.id,
    organizationId: need.organization_id,
    workerUserId,
    offerId: body.offerId ?? null,
  });
  if (options.onBehalfOfOrganization) {
    // The broker is no party: they read it as the organisation side reads it.
    const e = await repo.findEngagement(ctx.db, id);
    if (!e) throw notFound('Engagement');
    return (await toDtos(ctx.db, [e], [{ sides: [], canView: true, viewerSide: 'organization' }]))[0]!;
  }
  return dto(ctx, actor, id);
}

// ---------- answers: accept, decline, cancel ----------

/**
 * The other side accepts. Time credits are reserved (pending) from the estimate in the same
 * transaction; if this fills the need's last place, the need becomes `filled` and every other
 * open proposal is ended as `not_selected` with a kind message and a notification.
 */
export async function acceptEngagement(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: AnswerBody,
): Promise<Engagement> {
  const now = ctx.clock.now().toISOString();
  const { e, standing } = await loadForActor(ctx.db, actor, id);
  const side = actingSide(e, standing, 'accept');
  const outcome = await withLedgerTransaction(ctx, async (trx) => {
    const need = await repo.lockNeed(trx, ctx.dialect, e.need_id);
    if (!need || !needIsOpen(need, now))
      throw ruleRefused('rule_refused', 'This need is no longer open', { status: need?.status ?? null });
    await requireScreening(ctx, trx, need, e);
    const lines = reservationLines({
      engagementId: e.id,
      organization: organizationParty(e),
      provider: providerParty(e),
      compensationType: e.compensation_type,
      estimateMinutes: e.estimate_minutes,
      kind: e.kind,
    });
    const changed = await repo.updateEngagementIf(trx, e.id, 'proposed', {
      status: 'accepted',
      accepted_at: now,
      updated_at: now,
      reserved_minutes: lines.reduce((sum, l) => sum + l.amount, 0),
    });
    if (!changed) throw stale();
    const ledger = await postLines(ctx, trx, e.id, lines, actor);
    await systemMessage(trx, e.id, 'engagement.event.accepted', now);
    await personMessage(trx, e.id, actor.userId, body.message, now);
    const notSelected = await fillIfLastPlace(trx, need, e.id, now);
    const notified = await notifyIn(ctx, trx, await otherSideIds(trx, e, side), {
      event: 'accepted',
      engagementId: e.id,
    });
    for (const other of notSelected) {
      notified.push(
        ...(await notifyIn(ctx, trx, [other.worker_user_id], {
          event: 'not_selected',
          engagementId: other.id,
          messageKey: endReasonKeys.needFilled,
        })),
      );
    }
    return { ledger, notSelected, notified };
  });
  if (outcome.ledger) publishLedger(ctx, outcome.ledger);
  ctx.events.emit('listings.changed', { needIds: [e.need_id] });
  publishNotifications(ctx, outcome.notified);
  ctx.log.info(
    { engagementId: e.id, by: actor.userId, notSelected: outcome.notSelected.length },
    'engagement accepted',
  );
  return dto(ctx, actor, id);
}

/** When the places (people, or the quantity of materials) are all taken: fill the need, end the other proposals kindly. */
async function fillIfLastPlace(
  trx: Db,
  need: { id: string; kind: string; people_needed: number | null; quantity: number | null },
  acceptedId: string,
  now: string,
): Promise<{ id: string; worker_user_id: string }[]> {
  const taken = await repo.placesTaken(trx, need.id);
  const full =
    need.kind === 'materials'
      ? need.quantity !== null && taken.quantity >= need.quantity
      : need.people_needed !== null && taken.people >= need.people_needed;
  if (!full) return [];
  await markNeedFilled(trx, need.id, now);
  const ended: { id: string; worker_user_id: string }[] = [];
  for (const p of await repo.openProposals(trx, need.id, acceptedId)) {
    const changed = await repo.updateEngagementIf(trx, p.id, 'proposed', {
      status: 'not_selected',
      end_reason_key: endReasonKeys.needFilled,
      updated_at: now,
    });
    if (changed) {
      await systemMessage(trx, p.id, endReasonKeys.needFilled, now);
      ended.push(p);
    }
  }
  return ended;
}

export async function declineEngagement(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: AnswerBody,
): Promise<Engagement> {
  const now = ctx.clock.now().toISOString();
  const { e, standing } = await loadForActor(ctx.db, actor, id);
  const side = actingSide(e, standing, 'decline');
  const notified = await ctx.db.transaction().execute(async (trx) => {
    const changed = await repo.updateEngagementIf(trx, e.id, 'proposed', {
      status: 'declined',
      end_reason_key: endReasonKeys.declined,
      ended_by: actor.userId,
      updated_at: now,
    });
    if (!changed) throw stale();
    await systemMessage(trx, e.id, endReasonKeys.declined, now);
    await personMessage(trx, e.id, actor.userId, body.message, now);
    return notifyIn(ctx, trx, await otherSideIds(trx, e, side), {
      event: 'declined',
      engagementId: e.id,
      messageKey: endReasonKeys.declined,
    });
  });
  publishNotifications(ctx, notified);
  return dto(ctx, actor, id);
}

/**
 * Either side cancels before completion. What acceptance reserved is voided in the same
 * transaction, and a need this engagement had filled opens again for others.
 */
export async function cancelEngagement(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: AnswerBody,
): Promise<Engagement> {
  const now = ctx.clock.now().toISOString();
  const { e, standing } = await loadForActor(ctx.db, actor, id);
  const side = actingSide(e, standing, 'cancel');
  const key = side === 'worker' ? endReasonKeys.cancelledByWorker : endReasonKeys.cancelledByOrganization;
  const ledger = await withLedgerTransaction(ctx, async (trx) => {
    const need = e.status === 'proposed' ? undefined : await repo.lockNeed(trx, ctx.dialect, e.need_id);
    const changed = await repo.updateEngagementIf(trx, e.id, e.status, {
      status: 'cancelled',
      end_reason_key: key,
      ended_by: actor.userId,
      updated_at: now,
    });
    if (!changed) throw stale();
    const result = await postLines(
      ctx,
      trx,
      e.id,
      cancellationLines({
        engagementId: e.id,
        organization: organizationParty(e),
        provider: providerParty(e),
        reservedMinutes: RESERVING.includes(e.status) ? e.reserved_minutes : 0,
      }),
      actor,
    );
    // The place this engagement held is free again.
    if (need && need.status === 'filled' && (need.ends_at === null || need.ends_at > now)) {
      await reopenNeed(trx, need.id, now);
    }
    await systemMessage(trx, e.id, key, now);
    await personMessage(trx, e.id, actor.userId, body.message, now);
    return {
      result,
      notified: await notifyIn(ctx, trx, await otherSideIds(trx, e, side), {
        event: 'cancelled',
        engagementId: e.id,
        messageKey: key,
      }),
    };
  });
  if (ledger.result) publishLedger(ctx, ledger.result);
  ctx.events.emit('listings.changed', { needIds: [e.need_id] });
  publishNotifications(ctx, ledger.notified);
  ctx.log.info({ engagementId: e.id, by: actor.userId, side }, 'engagement cancelled');
  return dto(ctx, actor, id);
}

// ---------- the work: hours, deliveries, disputes ----------

const amsterdamToday = (ctx: AppContext) => allowancePeriod(ctx.clock.now()).day;

export async function logHours(ctx: AppContext, actor: Actor, id: string, body: LogHoursBody): Promise<Engagement> {
  const now = ctx.clock.now().toISOString();
  const { e, standing } = await loadForActor(ctx.db, actor, id);
  const side = actingSide(e, standing, 'log_hours');
  requirePlausibleHoursDate(ctx, body.date, e);
  if (e.logged_minutes + body.minutes > 1_000_000) throw invalid('minutes', 'That is more than an engagement can hold');
  const notified = await ctx.db.transaction().execute(async (trx) => {
    await requireWithinDayLimit(ctx, trx, e.worker_user_id, body.date, body.minutes);
    const changed = await repo.addLoggedMinutes(trx, e.id, e.status, body.minutes, {
      status: 'hours_logged',
      dispute_reason: null,
      updated_at: now,
    });
    if (!changed) throw stale();
    await repo.insertLog(trx, {
      id: newId(),
      engagement_id: e.id,
      kind: 'hours',
      minutes: body.minutes,
      quantity: null,
      date: body.date,
      note: body.note ?? null,
      created_by: actor.userId,
      created_at: now,
    });
    await systemMessage(trx, e.id, 'engagement.event.hours_logged', now);
    return notifyIn(ctx, trx, await otherSideIds(trx, e, side), { event: 'hours_logged', engagementId: e.id });
  });
  publishNotifications(ctx, notified);
  return dto(ctx, actor, id);
}

export async function deliver(ctx: AppContext, actor: Actor, id: string, body: DeliverBody): Promise<Engagement> {
  const now = ctx.clock.now().toISOString();
  const { e, standing } = await loadForActor(ctx.db, actor, id);
  const side = actingSide(e, standing, 'deliver');
  const notified = await ctx.db.transaction().execute(async (trx) => {
    const changed = await repo.updateEngagementIf(trx, e.id, e.status, {
      status: 'delivered',
      delivered_quantity: body.quantity,
      dispute_reason: null,
      updated_at: now,
    });
    if (!changed) throw stale();
    await repo.insertLog(trx, {
      id: newId(),
      engagement_id: e.id,
      kind: 'delivery',
      minutes: null,
      quantity: body.quantity,
      date: amsterdamToday(ctx),
      note: body.note ?? null,
      created_by: actor.userId,
      created_at: now,
    });
    await systemMessage(trx, e.id, 'engagement.event.delivered', now);
    return notifyIn(ctx, trx, await otherSideIds(trx, e, side), { event: 'delivered', engagementId: e.id });
  });
  publishNotifications(ctx, notified);
  return dto(ctx, actor, id);
}

export async function disputeEngagement(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: DisputeBody,
): Promise<Engagement> {
  const now = ctx.clock.now().toISOString();
  const { e, standing } = await loadForActor(ctx.db, actor, id);
  const side = actingSide(e, standing, 'dispute');
  const notified = await ctx.db.transaction().execute(async (trx) => {
    const changed = await repo.updateEngagementIf(trx, e.id, e.status, {
      status: 'disputed',
      dispute_reason: body.reason,
      updated_at: now,
    });
    if (!changed) throw stale();
    await systemMessage(trx, e.id, 'engagement.event.disputed', now);
    await personMessage(trx, e.id, actor.userId, body.reason, now);
    return notifyIn(ctx, trx, await otherSideIds(trx, e, side), { event: 'disputed', engagementId: e.id });
  });
  publishNotifications(ctx, notified);
  return dto(ctx, actor, id);
}

// ---------- reading ----------

export async function getEngagement(ctx: AppContext, actor: Actor, id: string): Promise<Engagement> {
  return dto(ctx, actor, id);
}

export async function listEngagements(ctx: AppContext, actor: Actor, query: EngagementListQuery) {
  const after = decodeCursor(query.cursor, timeCursor);
  const filter: repo.EngagementFilter = {
    limit: query.limit,
    ...(after ? { after } : {}),
    ...(query.status ? { statuses: query.status } : {}),
    ...(query.needId ? { needId: query.needId } : {}),
  };
  if (query.role === 'worker') {
    if (query.organizationId) throw invalid('organizationId', 'Only with role=organization');
    filter.workerUserId = actor.userId;
  } else {
    const mine = [...(await rolesOf(ctx.db, actor.userId)).keys()];
    if (query.organizationId) {
      if (!mine.includes(query.organizationId)) throw forbidden('You are not a member of this organisation');
      filter.organizationIds = [query.organizationId];
    } else {
      filter.organizationIds = mine;
    }
  }
  const rows = await repo.listEngagements(ctx.db, filter);
  const roles = await rolesOf(ctx.db, actor.userId);
  const standings = rows.map((r) => standingOf(roles, actor, r));
  const dtos = await toDtos(ctx.db, rows, standings);
  const byId = new Map(dtos.map((d) => [d.id, d]));
  return toPage(
    rows,
    query.limit,
    (r) => byId.get(r.id)!,
    (r) => ({ createdAt: r.created_at, id: r.id }),
  );
}

/** What waits for the person: their own engagements, and those of the organisations they manage. */
export async function toDo(ctx: AppContext, actor: Actor): Promise<ToDo> {
  const counts = (rows: Awaited<ReturnType<typeof repo.countByState>>): StateCount[] =>
    rows.map((r) => ({
      status: r.status,
      kind: r.kind,
      proposedBy: r.proposed_by as StateCount['proposedBy'],
      count: Number(r.n),
    }));
  const [worker, organization] = await Promise.all([
    repo.countByState(ctx.db, { workerUserId: actor.userId }),
    managedOrganizationIds(ctx.db, actor.userId).then((organizationIds) =>
      repo.countByState(ctx.db, { organizationIds }),
    ),
  ]);
  return toDoFrom(counts(worker), counts(organization));
}
