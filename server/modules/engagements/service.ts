import { z } from 'zod';
import { isManagingRole } from '../../../shared/roles.ts';
import type { EngagementAction, EngagementKind, EngagementStatus } from '../../../shared/engagement-vocabulary.ts';
import { figuresAt } from '../../../shared/figures.ts';
import type {
  AllowanceCheck,
  AnswerBody,
  ConfirmBody,
  CreateEngagementBody,
  DeliverBody,
  DisputeBody,
  Engagement,
  EngagementListQuery,
  LedgerLine,
  LogHoursBody,
  PreviewQuery,
} from '../../../shared/schemas/engagements.ts';
import type { CompensationType } from '../../../shared/schemas/listings.ts';
import type { Actor, AppContext } from '../../context.ts';
import { decodeCursor, toPage } from '../../cursor.ts';
import type { Db } from '../../db/create-db.ts';
import { AppError, conflict, forbidden, invalid, notFound, ruleRefused } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { createTransfers, organizationOwner, personOwner, publishLedger, withLedgerTransaction, type LedgerWriteResult, type TransferInput } from '../ledger/index.ts';
import { markNeedFilled, reopenNeed } from '../listings/index.ts';
import { managersOf, rolesOf as organizationRolesOf } from '../organizations/index.ts';
import { allowancePeriod, checkAllowance } from './allowance-guard.ts';
import { cancellationLines, confirmationLines, eurFor, reservationLines, type EurKind, type Party } from './ledger-plan.ts';
import * as repo from './repository.ts';
import { allowedActions, decide, type EngagementState } from './state-machine.ts';
import type { EngagementsTable } from './tables.ts';

/** Statuses in which an engagement still holds what acceptance reserved. */
const RESERVING: readonly EngagementStatus[] = ['accepted', 'hours_logged', 'delivered', 'disputed'];

/** Message keys the web translates; the platform's own steps in the conversation use them too. */
export const endReasonKeys = {
  needFilled: 'engagement.ended.need_filled',
  declined: 'engagement.ended.declined',
  cancelledByWorker: 'engagement.ended.cancelled_by_worker',
  cancelledByOrganization: 'engagement.ended.cancelled_by_organization',
} as const;

type Side = 'worker' | 'organization';

interface Standing {
  /** Sides the actor may act for on this engagement (usually one). */
  sides: Side[];
  /** May read it: a party, any member of either organisation, or an admin. */
  canView: boolean;
  viewerSide: Engagement['viewerSide'];
}

/** The actor's roles by organisation id: read once per request, then every standing is computed without queries. */
type Roles = ReadonlyMap<string, string>;
const rolesOf = (db: Db, userId: string): Promise<Roles> => organizationRolesOf(db, userId);

const manages = (roles: Roles, organizationId: string | null): boolean =>
  organizationId !== null && isManagingRole(roles.get(organizationId));

/**
 * How the actor stands to an engagement. Worker side: the worker, or a manager of the business
 * they work for. Organisation side: an owner or coordinator of the need's organisation. Plain
 * members of either organisation (and admins) may read along but not act.
 */
function standingOf(roles: Roles, actor: Actor, e: Pick<repo.EngagementView, 'organization_id' | 'worker_user_id' | 'worker_organization_id'>): Standing {
  const sides: Side[] = [];
  if (actor.userId === e.worker_user_id || manages(roles, e.worker_organization_id)) sides.push('worker');
  if (manages(roles, e.organization_id)) sides.push('organization');
  const needOrgMember = roles.has(e.organization_id);
  const workerOrgMember = e.worker_organization_id !== null && roles.has(e.worker_organization_id);
  const viewerSide: Engagement['viewerSide'] = sides[0] ?? (needOrgMember ? 'organization' : workerOrgMember ? 'worker' : 'admin');
  return { sides, canView: sides.length > 0 || needOrgMember || workerOrgMember || actor.isAdmin, viewerSide };
}

const stateOf = (e: Pick<repo.EngagementView, 'status' | 'kind' | 'proposed_by'>): EngagementState => ({
  status: e.status as EngagementStatus,
  kind: e.kind as EngagementKind,
  proposedBy: e.proposed_by as EngagementState['proposedBy'],
});

/**
 * Which side the actor acts for, if the machine allows the action at all: 403 when they are not a
 * party or it is the other side's turn, 409 invalid_transition when the state does not allow it.
 */
function actingSide(e: repo.EngagementView, standing: Standing, action: EngagementAction): Side {
  if (standing.sides.length === 0) throw forbidden('Only the people involved in this engagement may do this');
  let refusal: { reason: string; message: string } | undefined;
  for (const side of standing.sides) {
    const d = decide(stateOf(e), action, side);
    if (d.ok) return side;
    refusal ??= d;
  }
  if (!refusal) throw forbidden();
  if (refusal.reason === 'wrong_side') throw forbidden(refusal.message);
  throw new AppError(409, 'invalid_transition', refusal.message, undefined, { status: e.status, action });
}

async function loadForActor(db: Db, actor: Actor, id: string) {
  const e = await repo.findEngagement(db, id);
  if (!e) throw notFound('Engagement');
  const standing = standingOf(await rolesOf(db, actor.userId), actor, e);
  if (!standing.canView) throw forbidden('Only the people involved in this engagement may see it');
  return { e, standing };
}

const organizationParty = (e: repo.EngagementView): Party => ({ type: 'organization', id: e.organization_id, name: e.organization_name });
const providerParty = (e: repo.EngagementView): Party =>
  e.worker_organization_id
    ? { type: 'organization', id: e.worker_organization_id, name: e.worker_organization_name ?? '' }
    : { type: 'person', id: e.worker_user_id, name: e.worker_name };
const ownerOf = (p: Party) => (p.type === 'person' ? personOwner(p.id) : organizationOwner(p.id));

/** Our ledger lines as the ledger service's linked group, referenced to the engagement. */
function toTransferInputs(engagementId: string, lines: LedgerLine[]): TransferInput[] {
  return lines.map((l): TransferInput => {
    if (l.type === 'post') return { id: l.transferId, type: 'post', pendingId: l.pendingId ?? '', amount: l.amount };
    if (l.type === 'void') return { id: l.transferId, type: 'void', pendingId: l.pendingId ?? '' };
    return { id: l.transferId, type: l.type, from: ownerOf(l.from), to: ownerOf(l.to), unit: l.unit, amount: l.amount, kind: l.kind, reference: { type: 'engagement', id: engagementId } };
  });
}

async function postLines(ctx: AppContext, trx: Db, engagementId: string, lines: LedgerLine[], actor: Actor): Promise<LedgerWriteResult | null> {
  if (lines.length === 0) return null;
  return createTransfers(ctx, trx, toTransferInputs(engagementId, lines), { userId: actor.userId });
}

async function toDtos(db: Db, rows: repo.EngagementView[], standings: Standing[]): Promise<Engagement[]> {
  const logs = await repo.listLogs(db, rows.map((r) => r.id));
  return rows.map((e, i) => {
    const standing = standings[i]!;
    const state = stateOf(e);
    const actions = [...new Set(standing.sides.flatMap((s) => allowedActions(state, s)))];
    return {
      id: e.id,
      kind: state.kind,
      status: state.status,
      proposedBy: state.proposedBy,
      need: { id: e.need_id, title: e.need_title, kind: e.need_kind as Engagement['need']['kind'], organizationId: e.organization_id, organizationName: e.organization_name },
      offerId: e.offer_id,
      worker: { userId: e.worker_user_id, displayName: e.worker_name },
      workerOrganization: e.worker_organization_id ? { id: e.worker_organization_id, name: e.worker_organization_name ?? '' } : null,
      compensation: { type: e.compensation_type as CompensationType, hourlyRateCents: e.hourly_rate_cents, allowanceCents: e.allowance_cents },
      estimateMinutes: e.estimate_minutes,
      reservedMinutes: RESERVING.includes(state.status) ? e.reserved_minutes : 0,
      loggedMinutes: e.logged_minutes,
      confirmedMinutes: e.confirmed_minutes,
      hours: logs
        .filter((l) => l.engagement_id === e.id && l.kind === 'hours')
        .map((l) => ({ id: l.id, minutes: l.minutes ?? 0, date: l.date, note: l.note, createdAt: l.created_at })),
      unit: e.unit,
      pledgedQuantity: e.pledged_quantity,
      deliveredQuantity: e.delivered_quantity,
      confirmedQuantity: e.confirmed_quantity,
      inkindValueCents: e.inkind_value_cents,
      eurCents: e.eur_cents,
      eurKind: e.eur_kind as Engagement['eurKind'],
      disputeReason: e.dispute_reason,
      endReasonKey: e.end_reason_key,
      viewerSide: standing.viewerSide,
      // `not_select` is the platform's own step, never a button.
      allowedActions: actions.filter((a) => a !== 'not_select'),
      createdAt: e.created_at,
      updatedAt: e.updated_at,
      acceptedAt: e.accepted_at,
      completedAt: e.completed_at,
    };
  });
}

async function dto(ctx: AppContext, actor: Actor, id: string): Promise<Engagement> {
  const { e, standing } = await loadForActor(ctx.db, actor, id);
  return (await toDtos(ctx.db, [e], [standing]))[0]!;
}

const managerIds = async (db: Db, organizationId: string): Promise<string[]> => (await managersOf(db, [organizationId])).get(organizationId) ?? [];

/** The people on the other side of `side`, to notify after a step. */
async function otherSideIds(db: Db, e: Pick<repo.EngagementView, 'organization_id' | 'worker_user_id'>, side: Side | 'system'): Promise<string[]> {
  if (side === 'worker') return managerIds(db, e.organization_id);
  if (side === 'organization') return [e.worker_user_id];
  return [e.worker_user_id, ...(await managerIds(db, e.organization_id))];
}

function notify(ctx: AppContext, userIds: string[], payload: { event: string; engagementId: string; messageKey?: string }): void {
  if (userIds.length === 0) return;
  ctx.events.emit('notify', { userIds: [...new Set(userIds)], payload: { type: 'engagement', ...payload } });
}

let messageCounter = 0;
/**
 * Message ids sort in the order written: one step writes several messages in the same
 * millisecond (the step, then the person's note), and the conversation is read by (time, id).
 * Example: `20260110T100000000Z.00000042.4f1c…`.
 */
function messageId(now: string): string {
  messageCounter = (messageCounter + 1) % 100_000_000;
  return `${now.replace(/[-:.]/g, '')}.${String(messageCounter).padStart(8, '0')}.${newId().slice(0, 8)}`;
}

async function systemMessage(trx: Db, engagementId: string, key: string, now: string): Promise<void> {
  await repo.insertMessage(trx, { id: messageId(now), engagement_id: engagementId, author_id: null, type: 'system', text: key, created_at: now });
}

async function personMessage(trx: Db, engagementId: string, authorId: string, text: string | undefined, now: string): Promise<void> {
  if (text) await repo.insertMessage(trx, { id: messageId(now), engagement_id: engagementId, author_id: authorId, type: 'person', text, created_at: now });
}

const stale = () => conflict('Someone changed this engagement at the same moment; reload it and try again', 'invalid_transition');

const needIsOpen = (need: { status: string; ends_at: string | null }, now: string) => need.status === 'open' && (need.ends_at === null || need.ends_at > now);

// ---------- create ----------

/**
 * A person applies to a need (alone, or with their offer), or an organisation's owner or
 * coordinator invites an offer. Either way the engagement starts `proposed` and the other side answers.
 */
/**
 * `onBehalfOfOrganization`: a match round's creator invites for the need's organisation; the
 * matching service has checked that they may (server/modules/matching/service.ts). The invitation
 * is then the organisation's, exactly as if one of its coordinators had sent it.
 */
export async function createEngagement(ctx: AppContext, actor: Actor, body: CreateEngagementBody, options: { onBehalfOfOrganization?: boolean } = {}): Promise<Engagement> {
  const now = ctx.clock.now().toISOString();
  const need = await repo.findNeedRow(ctx.db, body.needId);
  if (!need) throw new AppError(404, 'not_found', 'Need not found', { needId: 'No such need' });
  if (!needIsOpen(need, now)) throw ruleRefused('rule_refused', 'This need is no longer open for applications', { status: need.status }, { needId: 'Not open' });
  const kind: EngagementKind = need.kind === 'materials' ? 'materials' : 'work';
  if (kind === 'work' && body.quantity !== undefined) throw invalid('quantity', 'A quantity is only for materials');

  let proposedBy: EngagementState['proposedBy'] = 'worker';
  let workerUserId = actor.userId;
  let workerOrganizationId: string | null = null;
  let offerQuantity: number | null = null;
  let offerUnit: string | null = null;
  if (body.offerId !== undefined) {
    const offer = await repo.findOfferRow(ctx.db, body.offerId);
    if (!offer) throw new AppError(404, 'not_found', 'Offer not found', { offerId: 'No such offer' });
    if (offer.status !== 'open' || (offer.ends_at !== null && offer.ends_at <= now)) {
      throw ruleRefused('rule_refused', 'This offer is no longer open', { status: offer.status }, { offerId: 'Not open' });
    }
    if ((offer.kind === 'materials') !== (kind === 'materials')) throw invalid('offerId', 'Materials offers go with materials needs, work offers with work needs');
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
    if (!offerPerson) throw ruleRefused('rule_refused', 'This business offer has nobody to carry it out', undefined, { offerId: 'No contact person' });
    workerUserId = offerPerson;
    offerQuantity = offer.quantity;
    offerUnit = offer.unit;
  }
  if (workerOrganizationId === need.organization_id) throw ruleRefused('rule_refused', 'An organisation cannot take on its own need', undefined, { offerId: 'Same organisation' });
  // Nobody confirms their own hours: the people who manage the need cannot be its worker.
  if (manages(await rolesOf(ctx.db, workerUserId), need.organization_id)) {
    throw ruleRefused('rule_refused', 'Owners and coordinators of this organisation cannot take on its needs themselves; ask a member to do it', undefined, { needId: 'Your own organisation' });
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
  if (await repo.findLiveEngagement(ctx.db, need.id, workerUserId)) throw conflict('There is already an open engagement for this person on this need');

  const id = newId();
  const row: EngagementsTable = {
    id,
    need_id: need.id,
    offer_id: body.offerId ?? null,
    organization_id: need.organization_id,
    kind,
    status: 'proposed',
    proposed_by: proposedBy,
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
  await ctx.db.transaction().execute(async (trx) => {
    await repo.insertEngagement(trx, row);
    await systemMessage(trx, id, proposedBy === 'worker' ? 'engagement.event.applied' : 'engagement.event.invited', now);
    await personMessage(trx, id, actor.userId, body.message, now);
  });
  ctx.log.info({ engagementId: id, needId: need.id, proposedBy, by: actor.userId }, 'engagement proposed');
  notify(ctx, proposedBy === 'worker' ? await managerIds(ctx.db, need.organization_id) : [workerUserId], { event: 'proposed', engagementId: id });
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
export async function acceptEngagement(ctx: AppContext, actor: Actor, id: string, body: AnswerBody): Promise<Engagement> {
  const now = ctx.clock.now().toISOString();
  const { e, standing } = await loadForActor(ctx.db, actor, id);
  const side = actingSide(e, standing, 'accept');
  const outcome = await withLedgerTransaction(ctx, async (trx) => {
    const need = await repo.lockNeed(trx, ctx.dialect, e.need_id);
    if (!need || !needIsOpen(need, now)) throw ruleRefused('rule_refused', 'This need is no longer open', { status: need?.status ?? null });
    if (need.requires_vog) {
      const worker = await repo.findWorker(trx, e.worker_user_id);
      if (!worker?.vog_verified_at) {
        throw ruleRefused('rule_refused', 'This need requires a VOG: a coordinator records that the volunteer showed a valid one before accepting', { requirement: 'vog' });
      }
    }
    const lines = reservationLines({
      engagementId: e.id,
      organization: organizationParty(e),
      provider: providerParty(e),
      compensationType: e.compensation_type as CompensationType,
      estimateMinutes: e.estimate_minutes,
      kind: e.kind as EngagementKind,
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
    return { ledger, notSelected };
  });
  if (outcome.ledger) publishLedger(ctx, outcome.ledger);
  notify(ctx, await otherSideIds(ctx.db, e, side), { event: 'accepted', engagementId: e.id });
  for (const other of outcome.notSelected) {
    notify(ctx, [other.worker_user_id], { event: 'not_selected', engagementId: other.id, messageKey: endReasonKeys.needFilled });
  }
  ctx.log.info({ engagementId: e.id, by: actor.userId, notSelected: outcome.notSelected.length }, 'engagement accepted');
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
  const full = need.kind === 'materials' ? need.quantity !== null && taken.quantity >= need.quantity : need.people_needed !== null && taken.people >= need.people_needed;
  if (!full) return [];
  await markNeedFilled(trx, need.id, now);
  const ended: { id: string; worker_user_id: string }[] = [];
  for (const p of await repo.openProposals(trx, need.id, acceptedId)) {
    const changed = await repo.updateEngagementIf(trx, p.id, 'proposed', { status: 'not_selected', end_reason_key: endReasonKeys.needFilled, updated_at: now });
    if (changed) {
      await systemMessage(trx, p.id, endReasonKeys.needFilled, now);
      ended.push(p);
    }
  }
  return ended;
}

export async function declineEngagement(ctx: AppContext, actor: Actor, id: string, body: AnswerBody): Promise<Engagement> {
  const now = ctx.clock.now().toISOString();
  const { e, standing } = await loadForActor(ctx.db, actor, id);
  const side = actingSide(e, standing, 'decline');
  await ctx.db.transaction().execute(async (trx) => {
    const changed = await repo.updateEngagementIf(trx, e.id, 'proposed', { status: 'declined', end_reason_key: endReasonKeys.declined, ended_by: actor.userId, updated_at: now });
    if (!changed) throw stale();
    await systemMessage(trx, e.id, endReasonKeys.declined, now);
    await personMessage(trx, e.id, actor.userId, body.message, now);
  });
  notify(ctx, await otherSideIds(ctx.db, e, side), { event: 'declined', engagementId: e.id, messageKey: endReasonKeys.declined });
  return dto(ctx, actor, id);
}

/**
 * Either side cancels before completion. What acceptance reserved is voided in the same
 * transaction, and a need this engagement had filled opens again for others.
 */
export async function cancelEngagement(ctx: AppContext, actor: Actor, id: string, body: AnswerBody): Promise<Engagement> {
  const now = ctx.clock.now().toISOString();
  const { e, standing } = await loadForActor(ctx.db, actor, id);
  const side = actingSide(e, standing, 'cancel');
  const key = side === 'worker' ? endReasonKeys.cancelledByWorker : endReasonKeys.cancelledByOrganization;
  const ledger = await withLedgerTransaction(ctx, async (trx) => {
    const need = e.status === 'proposed' ? undefined : await repo.lockNeed(trx, ctx.dialect, e.need_id);
    const changed = await repo.updateEngagementIf(trx, e.id, e.status, { status: 'cancelled', end_reason_key: key, ended_by: actor.userId, updated_at: now });
    if (!changed) throw stale();
    const result = await postLines(
      ctx,
      trx,
      e.id,
      cancellationLines({ engagementId: e.id, organization: organizationParty(e), provider: providerParty(e), reservedMinutes: RESERVING.includes(e.status as EngagementStatus) ? e.reserved_minutes : 0 }),
      actor,
    );
    // The place this engagement held is free again.
    if (need && need.status === 'filled' && (need.ends_at === null || need.ends_at > now)) {
      await reopenNeed(trx, need.id, now);
    }
    await systemMessage(trx, e.id, key, now);
    await personMessage(trx, e.id, actor.userId, body.message, now);
    return result;
  });
  if (ledger) publishLedger(ctx, ledger);
  notify(ctx, await otherSideIds(ctx.db, e, side), { event: 'cancelled', engagementId: e.id, messageKey: key });
  ctx.log.info({ engagementId: e.id, by: actor.userId, side }, 'engagement cancelled');
  return dto(ctx, actor, id);
}

// ---------- the work: hours, deliveries, disputes ----------

const amsterdamToday = (ctx: AppContext) => allowancePeriod(ctx.clock.now()).day;

export async function logHours(ctx: AppContext, actor: Actor, id: string, body: LogHoursBody): Promise<Engagement> {
  const now = ctx.clock.now().toISOString();
  const { e, standing } = await loadForActor(ctx.db, actor, id);
  const side = actingSide(e, standing, 'log_hours');
  if (body.date > amsterdamToday(ctx)) throw invalid('date', 'Hours can be logged for today or earlier');
  if (e.logged_minutes + body.minutes > 1_000_000) throw invalid('minutes', 'That is more than an engagement can hold');
  await ctx.db.transaction().execute(async (trx) => {
    const changed = await repo.addLoggedMinutes(trx, e.id, e.status, body.minutes, { status: 'hours_logged', dispute_reason: null, updated_at: now });
    if (!changed) throw stale();
    await repo.insertLog(trx, { id: newId(), engagement_id: e.id, kind: 'hours', minutes: body.minutes, quantity: null, date: body.date, note: body.note ?? null, created_by: actor.userId, created_at: now });
    await systemMessage(trx, e.id, 'engagement.event.hours_logged', now);
  });
  notify(ctx, await otherSideIds(ctx.db, e, side), { event: 'hours_logged', engagementId: e.id });
  return dto(ctx, actor, id);
}

export async function deliver(ctx: AppContext, actor: Actor, id: string, body: DeliverBody): Promise<Engagement> {
  const now = ctx.clock.now().toISOString();
  const { e, standing } = await loadForActor(ctx.db, actor, id);
  const side = actingSide(e, standing, 'deliver');
  await ctx.db.transaction().execute(async (trx) => {
    const changed = await repo.updateEngagementIf(trx, e.id, e.status, { status: 'delivered', delivered_quantity: body.quantity, dispute_reason: null, updated_at: now });
    if (!changed) throw stale();
    await repo.insertLog(trx, { id: newId(), engagement_id: e.id, kind: 'delivery', minutes: null, quantity: body.quantity, date: amsterdamToday(ctx), note: body.note ?? null, created_by: actor.userId, created_at: now });
    await systemMessage(trx, e.id, 'engagement.event.delivered', now);
  });
  notify(ctx, await otherSideIds(ctx.db, e, side), { event: 'delivered', engagementId: e.id });
  return dto(ctx, actor, id);
}

export async function disputeEngagement(ctx: AppContext, actor: Actor, id: string, body: DisputeBody): Promise<Engagement> {
  const now = ctx.clock.now().toISOString();
  const { e, standing } = await loadForActor(ctx.db, actor, id);
  const side = actingSide(e, standing, 'dispute');
  await ctx.db.transaction().execute(async (trx) => {
    const changed = await repo.updateEngagementIf(trx, e.id, e.status, { status: 'disputed', dispute_reason: body.reason, updated_at: now });
    if (!changed) throw stale();
    await systemMessage(trx, e.id, 'engagement.event.disputed', now);
    await personMessage(trx, e.id, actor.userId, body.reason, now);
  });
  notify(ctx, await otherSideIds(ctx.db, e, side), { event: 'disputed', engagementId: e.id });
  return dto(ctx, actor, id);
}

// ---------- confirmation ----------

interface ConfirmationPlan {
  lines: LedgerLine[];
  minutes: number | null;
  quantity: number | null;
  inkindValueCents: number | null;
  eur: { cents: number; kind: EurKind } | null;
  allowanceMonth: string | null;
  allowanceCheck: AllowanceCheck | null;
  /** Set when confirming like this must be refused; the facts are in allowanceCheck. */
  refusal: AppError | null;
}

/**
 * What confirming would post, from the engagement's agreed terms, the organisation's choices and
 * — for an allowance — the person's allowances from all organisations this month and year.
 */
async function planConfirmation(ctx: AppContext, db: Db, e: repo.EngagementView, choice: { minutes?: number | undefined; quantity?: number | undefined; inkindValueCents?: number | undefined; recordAsTaxable?: boolean | undefined }): Promise<ConfirmationPlan> {
  const kind = e.kind as EngagementKind;
  let minutes: number | null = null;
  let quantity: number | null = null;
  let inkindValueCents: number | null = null;
  if (kind === 'work') {
    if (choice.quantity !== undefined) throw invalid('quantity', 'A quantity is only for materials');
    if (choice.inkindValueCents !== undefined) throw invalid('inkindValueCents', 'A value in kind is only for materials');
    minutes = choice.minutes ?? e.logged_minutes;
    if (minutes > e.logged_minutes) throw invalid('minutes', `At most the ${e.logged_minutes} minutes logged can be confirmed`);
    if (minutes <= 0) throw invalid('minutes', 'No hours were logged yet');
  } else {
    if (choice.minutes !== undefined) throw invalid('minutes', 'Materials are confirmed by quantity, not minutes');
    const delivered = e.delivered_quantity ?? 0;
    quantity = choice.quantity ?? delivered;
    if (quantity > delivered) throw invalid('quantity', `At most the ${delivered} delivered can be confirmed`);
    inkindValueCents = choice.inkindValueCents ?? 0;
  }

  const compensation = { type: e.compensation_type as CompensationType, hourlyRateCents: e.hourly_rate_cents, allowanceCents: e.allowance_cents };
  const base = minutes !== null ? eurFor(compensation, minutes) : null;
  let eur: ConfirmationPlan['eur'] = base;
  let allowanceCheck: AllowanceCheck | null = null;
  let allowanceMonth: string | null = null;
  let refusal: AppError | null = null;
  // The tax-free allowance is a person's: a business carrying out the work gets no allowance check.
  if (base?.kind === 'allowance' && !e.worker_organization_id && minutes !== null) {
    const period = allowancePeriod(ctx.clock.now());
    const totals = await repo.allowanceTotals(db, e.worker_user_id, period.month);
    const verdict = checkAllowance({
      amountCents: base.cents,
      minutes,
      monthToDateCents: totals.monthCents,
      yearToDateCents: totals.yearCents,
      ageBand: e.min_age !== null && e.min_age >= 21 ? '21_plus' : 'unknown',
      figures: figuresAt(period.day).volunteerAllowance,
    });
    allowanceCheck = {
      verdict: verdict.verdict,
      exceeded: verdict.verdict === 'refuse' ? verdict.exceeded : [],
      warnings: verdict.verdict === 'warn' ? verdict.warnings : [],
      facts: verdict.facts,
      month: period.month,
    };
    if (choice.recordAsTaxable) {
      eur = { cents: base.cents, kind: 'taxable_allowance' };
    } else {
      allowanceMonth = period.month;
      if (verdict.verdict === 'refuse') {
        refusal = ruleRefused(
          'allowance_limit',
          'This allowance would cross the tax-free volunteer allowance limits, which makes the whole year’s allowance taxable. Confirm fewer minutes, or record it as taxable pay.',
          { ...allowanceCheck },
          { minutes: 'Over the allowance limit' },
        );
      }
    }
  }
  const lines = confirmationLines({
    engagementId: e.id,
    kind,
    compensationType: compensation.type,
    organization: organizationParty(e),
    provider: providerParty(e),
    reservedMinutes: e.reserved_minutes,
    minutes,
    inkindValueCents,
    eur,
  });
  return { lines, minutes, quantity, inkindValueCents, eur, allowanceMonth, allowanceCheck, refusal };
}

/** The ledger lines confirmation would post, shown to both parties before the organisation confirms. */
export async function confirmationPreview(ctx: AppContext, actor: Actor, id: string, query: PreviewQuery) {
  const { e, standing } = await loadForActor(ctx.db, actor, id);
  if (standing.sides.length === 0) throw forbidden('Only the people involved in this engagement may see what it will post');
  const state = stateOf(e);
  if (!decide(state, 'confirm', 'organization').ok) {
    throw new AppError(409, 'invalid_transition', `An engagement that is ${e.status.replace('_', ' ')} cannot be confirmed now`);
  }
  const plan = await planConfirmation(ctx, ctx.db, e, query);
  return {
    lines: plan.lines,
    allowanceCheck: plan.allowanceCheck,
    refusal: plan.refusal ? { code: plan.refusal.code, message: plan.refusal.message } : null,
  };
}

/**
 * The organisation confirms: the status change and ONE linked group of ledger transfers commit
 * together (WORK always; TIME from the reservation, partly if fewer minutes; EUR after the
 * allowance guard; INKIND for materials). Transfer ids are fixed per engagement, so a retried
 * confirmation returns the same result instead of posting twice.
 */
export async function confirmEngagement(ctx: AppContext, actor: Actor, id: string, body: ConfirmBody) {
  const now = ctx.clock.now().toISOString();
  const { e, standing } = await loadForActor(ctx.db, actor, id);
  if (e.status === 'completed' && standing.sides.includes('organization')) return replayConfirmation(ctx, actor, e, body);
  const side = actingSide(e, standing, 'confirm');
  const outcome = await withLedgerTransaction(ctx, async (trx) => {
    // Serialise allowance checks per person: two organisations confirming at once must see each other.
    await repo.lockWorker(trx, ctx.dialect, e.worker_user_id);
    const fresh = await repo.findEngagement(trx, e.id);
    if (!fresh || fresh.status !== e.status) throw stale();
    const plan = await planConfirmation(ctx, trx, fresh, body);
    if (plan.refusal) throw plan.refusal;
    const changed = await repo.updateEngagementIf(trx, e.id, e.status, {
      status: 'completed',
      confirmed_minutes: plan.minutes,
      confirmed_quantity: plan.quantity,
      inkind_value_cents: plan.inkindValueCents,
      eur_cents: plan.eur?.cents ?? null,
      eur_kind: plan.eur?.kind ?? null,
      allowance_month: plan.eur?.kind === 'allowance' ? plan.allowanceMonth : null,
      completed_at: now,
      updated_at: now,
    });
    if (!changed) throw stale();
    const ledger = await postLines(ctx, trx, e.id, plan.lines, actor);
    await systemMessage(trx, e.id, 'engagement.event.confirmed', now);
    return { plan, ledger };
  });
  if (outcome.ledger) publishLedger(ctx, outcome.ledger);
  notify(ctx, await otherSideIds(ctx.db, e, side), { event: 'confirmed', engagementId: e.id });
  ctx.log.info({ engagementId: e.id, by: actor.userId, minutes: outcome.plan.minutes, eurCents: outcome.plan.eur?.cents ?? 0 }, 'engagement confirmed');
  return { engagement: await dto(ctx, actor, id), transfers: outcome.plan.lines, allowanceCheck: outcome.plan.allowanceCheck };
}

/** A confirmation retried after it succeeded: the same answer if it asks the same, 409 if it asks otherwise. */
async function replayConfirmation(ctx: AppContext, actor: Actor, e: repo.EngagementView, body: ConfirmBody) {
  const asked = { minutes: body.minutes, quantity: body.quantity, inkindValueCents: body.inkindValueCents };
  if (
    (asked.minutes !== undefined && asked.minutes !== e.confirmed_minutes) ||
    (asked.quantity !== undefined && asked.quantity !== e.confirmed_quantity) ||
    (asked.inkindValueCents !== undefined && asked.inkindValueCents !== e.inkind_value_cents) ||
    (body.recordAsTaxable !== undefined && body.recordAsTaxable !== (e.eur_kind === 'taxable_allowance'))
  ) {
    throw new AppError(409, 'idempotency_conflict', 'This engagement was already confirmed with other figures', undefined, {
      confirmedMinutes: e.confirmed_minutes,
      confirmedQuantity: e.confirmed_quantity,
    });
  }
  const lines = confirmationLines({
    engagementId: e.id,
    kind: e.kind as EngagementKind,
    compensationType: e.compensation_type as CompensationType,
    organization: organizationParty(e),
    provider: providerParty(e),
    reservedMinutes: e.reserved_minutes,
    minutes: e.confirmed_minutes,
    inkindValueCents: e.inkind_value_cents,
    eur: e.eur_cents !== null && e.eur_kind !== null ? { cents: e.eur_cents, kind: e.eur_kind as EurKind } : null,
  });
  return { engagement: await dto(ctx, actor, e.id), transfers: lines, allowanceCheck: null };
}

// ---------- reading ----------

export async function getEngagement(ctx: AppContext, actor: Actor, id: string): Promise<Engagement> {
  return dto(ctx, actor, id);
}

const cursorSchema = z.object({ createdAt: z.string(), id: z.string() });

export async function listEngagements(ctx: AppContext, actor: Actor, query: EngagementListQuery) {
  const after = decodeCursor(query.cursor, cursorSchema);
  const filter: repo.EngagementFilter = { limit: query.limit, ...(after ? { after } : {}), ...(query.status ? { statuses: query.status } : {}), ...(query.needId ? { needId: query.needId } : {}) };
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
  return toPage(rows, query.limit, (r) => byId.get(r.id)!, (r) => ({ createdAt: r.created_at, id: r.id }));
}

// ---------- messages ----------

export async function listMessages(ctx: AppContext, actor: Actor, id: string, query: { limit: number; cursor?: string | undefined }) {
  await loadForActor(ctx.db, actor, id);
  const after = decodeCursor(query.cursor, cursorSchema);
  const rows = await repo.listMessages(ctx.db, id, after, query.limit);
  return toPage(
    rows,
    query.limit,
    (m) => ({
      id: m.id,
      author: m.author_id ? { userId: m.author_id, displayName: m.display_name ?? '' } : null,
      type: m.type as 'person' | 'system',
      text: m.text,
      createdAt: m.created_at,
    }),
    (m) => ({ createdAt: m.created_at, id: m.id }),
  );
}

/** Only the parties write (members who may only read stay readers). */
export async function postMessage(ctx: AppContext, actor: Actor, id: string, text: string) {
  const { e, standing } = await loadForActor(ctx.db, actor, id);
  if (standing.sides.length === 0) throw forbidden('Only the people involved in this engagement may write here');
  const now = ctx.clock.now().toISOString();
  const newMessageId = messageId(now);
  await repo.insertMessage(ctx.db, { id: newMessageId, engagement_id: e.id, author_id: actor.userId, type: 'person', text, created_at: now });
  const side = standing.sides[0]!;
  notify(ctx, (await otherSideIds(ctx.db, e, side)).filter((u) => u !== actor.userId), { event: 'message', engagementId: e.id });
  const author = await repo.findWorker(ctx.db, actor.userId);
  return { id: newMessageId, author: { userId: actor.userId, displayName: author?.display_name ?? '' }, type: 'person' as const, text, createdAt: now };
}

