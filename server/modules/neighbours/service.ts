/**
 * Neighbours helping neighbours (issue 14, item 4). A person posts a personal request (no
 * organisation), paid only in time credits; a neighbour offers help and the request walks the
 * engagement flow of `engagements` (its pure state machine, through the face): the requester is the
 * organisation side, the helper the worker side. Acceptance reserves the estimate from the
 * requester's TIME account (within its floor: 422 `over_floor` otherwise), confirmation posts WORK
 * and TIME requester → helper, cancellation releases the reservation — all through the posting
 * engine, each step with its status change in one ledger transaction.
 *
 * Hard rules: never euros between private persons (422 `euros_between_persons`, also when the text
 * asks for money), no work that needs a VOG (422 `vog_work_not_allowed`), PC4 only.
 *
 * Organisations sponsor credits to people who cannot earn them: a verified organisation's
 * owners/coordinators give TIME from what it holds (never its floor: 422 `sponsor_balance_too_low`).
 */
import { z } from 'zod';
import type { EngagementAction, EngagementSide } from '../../../shared/engagement-vocabulary.ts';
import type { HelpEngagement, HelpRequest, Sponsorship } from '../../../shared/schemas/neighbours.ts';
import {
  createHelpRequestBody,
  createSponsorshipBody,
  helpConfirmBody,
  helpHoursBody,
  helpRequestQuery,
} from '../../../shared/schemas/neighbours.ts';
import type { Actor, AppContext } from '../../context.ts';
import { decodeCursor, toPage } from '../../cursor.ts';
import { AppError, conflict, forbidden, notFound, ruleRefused } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { allowedActions, decide } from '../engagements/index.ts';
import { amsterdamDay } from '../impact/index.ts';
import {
  createTransfers,
  organizationOwner,
  personOwner,
  publishLedger,
  withLedgerTransaction,
  type LedgerWriteResult,
} from '../ledger/index.ts';
import { publishNotifications, recordNotifications } from '../notifications/index.ts';
import { requireOrganizationRole, requireVerifiedOrganization } from '../organizations/index.ts';
import * as repo from './repository.ts';
import { asksForEuros, helpConfirmationLines, helpTransferIds, sponsorshipFits, spendable } from './rules.ts';
import type { HelpEngagementRow } from './tables.ts';
import { requirePlace } from '../postcodes/index.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

function toRequest(row: repo.HelpRequestView, viewer: Actor | null): HelpRequest {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    category: row.category,
    pc4: row.pc4,
    place: row.place,
    minutesEstimate: row.minutes_estimate,
    status: row.status,
    requester: { id: row.requester_id, displayName: row.requester_name },
    createdAt: row.created_at,
    mine: viewer?.userId === row.requester_id,
  };
}

const sideOf = (
  row: Pick<HelpEngagementRow, 'requester_id' | 'helper_id'>,
  userId: string,
): 'requester' | 'helper' | null =>
  row.helper_id === userId ? 'helper' : row.requester_id === userId ? 'requester' : null;
/** The engagement flow's sides: the requester answers like an organisation, the helper works. */
const flowSide = (side: 'requester' | 'helper'): EngagementSide => (side === 'requester' ? 'organization' : 'worker');
const flowState = (row: Pick<HelpEngagementRow, 'status'>) => ({
  status: row.status,
  kind: 'work' as const,
  proposedBy: 'worker' as const,
});
/** Actions neighbour help offers: the work flow without materials or the platform's own moves. */
const helpActions: readonly EngagementAction[] = ['accept', 'decline', 'cancel', 'log_hours', 'confirm', 'dispute'];

function toEngagement(row: repo.HelpEngagementView, side: 'requester' | 'helper'): HelpEngagement {
  return {
    id: row.id,
    requestId: row.request_id,
    request: {
      id: row.request_id,
      title: row.request_title,
      pc4: row.request_pc4,
      place: row.request_place,
      minutesEstimate: row.request_minutes_estimate,
    },
    requester: { id: row.requester_id, displayName: row.requester_name },
    helper: { id: row.helper_id, displayName: row.helper_name },
    status: row.status,
    message: row.message,
    reservedMinutes: row.reserved_minutes,
    loggedMinutes: row.logged_minutes,
    loggedDate: row.logged_date,
    confirmedMinutes: row.confirmed_minutes,
    side,
    actions: allowedActions(flowState(row), flowSide(side)).filter((a) => helpActions.includes(a)),
    createdAt: row.created_at,
  };
}

/** Posts a personal request after the hard rules; only the PC4 area of the postcode is kept. */
export async function createRequest(
  ctx: AppContext,
  actor: Actor,
  input: z.input<typeof createHelpRequestBody>,
): Promise<HelpRequest> {
  const body = createHelpRequestBody.parse(input);
  if (body.payment === 'euros' || (body.euroCents ?? 0) > 0) {
    throw ruleRefused(
      'euros_between_persons',
      'Neighbours help each other for time credits only, never for euros',
      undefined,
      { payment: 'Time credits only' },
    );
  }
  for (const field of ['title', 'description'] as const) {
    if (asksForEuros(body[field])) {
      throw ruleRefused(
        'euros_between_persons',
        'Neighbours help each other for time credits only: leave money out of the request',
        undefined,
        { [field]: 'Leave money out of it' },
      );
    }
  }
  if (body.needsVog) {
    throw ruleRefused(
      'vog_work_not_allowed',
      'Work that needs a VOG (certificate of conduct) goes through an organisation, not between neighbours',
      undefined,
      { needsVog: 'Not between neighbours' },
    );
  }
  const pc4 = body.postcode.slice(0, 4);
  const place = requirePlace(ctx.postcodes, pc4);
  const now = ctx.clock.now().toISOString();
  const id = newId();
  await repo.insertRequest(ctx.db, {
    id,
    requester_id: actor.userId,
    title: body.title,
    description: body.description,
    category: body.category,
    pc4,
    place: place.place,
    minutes_estimate: body.minutesEstimate,
    status: 'open',
    created_at: now,
    updated_at: now,
  });
  const row = await repo.findRequest(ctx.db, id);
  if (!row) throw notFound('Request');
  return toRequest(row, actor);
}

const cursorKey = z.tuple([z.string(), z.string()]);

/** Open requests, newest first (public: PC4 and place only). */
export async function searchRequests(ctx: AppContext, viewer: Actor | null, input: z.input<typeof helpRequestQuery>) {
  const query = helpRequestQuery.parse(input);
  const after = decodeCursor(query.cursor, cursorKey);
  const rows = await repo.openRequests(ctx.db, {
    ...(query.near ? { pc4: query.near.slice(0, 4) } : {}),
    ...(after ? { after } : {}),
    limit: query.limit,
  });
  return toPage(
    rows,
    query.limit,
    (r) => toRequest(r, viewer),
    (r) => [r.created_at, r.id],
  );
}

/** A request (public), with its offers of help for the requester, or the viewer's own offer for a helper. */
export async function readRequest(ctx: AppContext, viewer: Actor | null, id: string) {
  const row = await repo.findRequest(ctx.db, id);
  if (!row || (row.status === 'closed' && viewer?.userId !== row.requester_id)) throw notFound('Request');
  const all = viewer ? await repo.engagementsOfRequest(ctx.db, id) : [];
  const engagements = all.flatMap((e) => {
    const side = viewer ? sideOf(e, viewer.userId) : null;
    return side ? [toEngagement(e, side)] : [];
  });
  return { request: toRequest(row, viewer), engagements };
}

export async function closeRequest(ctx: AppContext, actor: Actor, id: string): Promise<HelpRequest> {
  const row = await repo.findRequest(ctx.db, id);
  if (!row) throw notFound('Request');
  if (row.requester_id !== actor.userId) throw forbidden('Only the person who asked may close this request');
  const open = (await repo.engagementsOfRequest(ctx.db, id)).filter((e) =>
    ['accepted', 'hours_logged', 'disputed'].includes(e.status),
  );
  if (open.length > 0)
    throw conflict('Someone is helping with this request now: finish or cancel that first', 'invalid_transition');
  await repo.setRequestStatus(ctx.db, id, 'closed', ctx.clock.now().toISOString());
  const after = await repo.findRequest(ctx.db, id);
  if (!after) throw notFound('Request');
  return toRequest(after, actor);
}

/** A neighbour offers help: a proposed engagement (once per request and helper). */
export async function offerHelp(
  ctx: AppContext,
  actor: Actor,
  requestId: string,
  body: { message?: string | undefined },
): Promise<HelpEngagement> {
  const request = await repo.findRequest(ctx.db, requestId);
  if (!request || request.status === 'closed') throw notFound('Request');
  if (request.requester_id === actor.userId) throw forbidden('You cannot offer help with your own request');
  if (request.status !== 'open') throw conflict('Someone already helps with this request', 'invalid_transition');
  if (await repo.findEngagementOf(ctx.db, requestId, actor.userId))
    throw conflict('You already offered to help with this request');
  const now = ctx.clock.now().toISOString();
  const id = newId();
  // The neighbour who asked hears of the offer with it.
  const notified = await ctx.db.transaction().execute(async (trx) => {
    await repo.insertEngagement(trx, {
      id,
      request_id: requestId,
      requester_id: request.requester_id,
      helper_id: actor.userId,
      status: 'proposed',
      message: body.message ?? '',
      reserved_minutes: 0,
      logged_minutes: 0,
      logged_date: null,
      confirmed_minutes: null,
      created_at: now,
      updated_at: now,
    });
    return recordNotifications(ctx, trx, {
      userIds: [request.requester_id],
      actorId: actor.userId,
      kind: 'help.updated',
      data: { helpRequestId: requestId, status: 'proposed' },
    });
  });
  publishNotifications(ctx, notified);
  return readEngagement(ctx, actor, id);
}

export async function readEngagement(ctx: AppContext, actor: Actor, id: string): Promise<HelpEngagement> {
  const row = await repo.findEngagement(ctx.db, id);
  const side = row ? sideOf(row, actor.userId) : null;
  if (!row || !side) throw notFound('Help');
  return toEngagement(row, side);
}

export async function myHelp(ctx: AppContext, actor: Actor) {
  const [requests, engagements] = await Promise.all([
    repo.requestsOf(ctx.db, actor.userId),
    repo.engagementsOf(ctx.db, actor.userId),
  ]);
  return {
    requests: requests.map((r) => toRequest(r, actor)),
    engagements: engagements.flatMap((e) => {
      const side = sideOf(e, actor.userId);
      return side ? [toEngagement(e, side)] : [];
    }),
  };
}

type StepInput =
  | { action: 'accept' | 'decline' | 'cancel' | 'dispute'; message?: string | undefined }
  | { action: 'log_hours'; body: z.input<typeof helpHoursBody> }
  | { action: 'confirm'; body: z.input<typeof helpConfirmBody> };

/**
 * One step of the flow: the state machine decides (403 wrong side, 409 wrong state), then the status
 * change and its ledger lines commit together. Strangers get 404: a help engagement is private to its two people.
 */
export async function step(ctx: AppContext, actor: Actor, id: string, input: StepInput): Promise<HelpEngagement> {
  let written: LedgerWriteResult | null = null;
  const notified = await withLedgerTransaction(ctx, async (trx) => {
    const row = await repo.lockEngagement(trx, ctx.dialect, id);
    const side = row ? sideOf(row, actor.userId) : null;
    if (!row || !side) throw notFound('Help');
    const decision = decide(flowState(row), input.action, flowSide(side));
    if (!decision.ok) {
      if (decision.reason === 'wrong_side')
        throw forbidden(decision.message.replace('organisation', 'person who asked').replace('worker', 'helper'));
      throw conflict(decision.message, 'invalid_transition');
    }
    const now = ctx.clock.now();
    const nowIso = now.toISOString();
    const ids = helpTransferIds(row.id);
    const patch: Partial<HelpEngagementRow> = { status: decision.next, updated_at: nowIso };
    const told: string[] = [];
    switch (input.action) {
      case 'accept': {
        const request = await repo.lockRequest(trx, ctx.dialect, row.request_id);
        if (!request || request.status !== 'open')
          throw conflict('This request is no longer open', 'invalid_transition');
        // The requester's credits are promised to this helper: reserved within the requester's floor.
        written = await createTransfers(
          ctx,
          trx,
          [
            {
              id: ids.reserve,
              type: 'pending',
              from: personOwner(row.requester_id),
              to: personOwner(row.helper_id),
              unit: 'TIME',
              amount: request.minutes_estimate,
              kind: 'neighbour_help',
              reference: { type: 'help_engagement', id: row.id },
            },
          ],
          actor,
        );
        patch.reserved_minutes = request.minutes_estimate;
        await repo.setRequestStatus(trx, request.id, 'filled', nowIso);
        for (const other of await repo.proposedOthers(trx, request.id, row.id)) {
          await repo.updateEngagement(trx, other.id, { status: 'not_selected', updated_at: nowIso });
          told.push(
            ...(await recordNotifications(ctx, trx, {
              userIds: [other.helper_id],
              kind: 'help.updated',
              data: { helpRequestId: row.request_id, status: 'not_selected' },
            })),
          );
        }
        break;
      }
      case 'log_hours': {
        const body = helpHoursBody.parse(input.body);
        // Plausible dates: not in the future, not more than a week before the help was offered (Amsterdam days).
        const today = amsterdamDay(nowIso);
        const earliest = amsterdamDay(new Date(new Date(row.created_at).getTime() - 7 * DAY_MS).toISOString());
        if (body.date > today || body.date < earliest) {
          throw ruleRefused(
            'hours_implausible_date',
            `Log help given between ${earliest} and ${today}`,
            { earliest, latest: today },
            { date: 'Not a plausible date' },
          );
        }
        patch.logged_minutes = body.minutes;
        patch.logged_date = body.date;
        break;
      }
      case 'confirm': {
        const body = helpConfirmBody.parse(input.body);
        const minutes = body.minutes ?? row.logged_minutes;
        const lines = helpConfirmationLines({
          engagementId: row.id,
          requesterId: row.requester_id,
          helperId: row.helper_id,
          reservedMinutes: row.reserved_minutes,
          minutes,
        });
        written = await createTransfers(ctx, trx, lines, actor);
        patch.confirmed_minutes = minutes;
        patch.reserved_minutes = 0;
        break;
      }
      case 'cancel': {
        if (row.reserved_minutes > 0) {
          written = await createTransfers(ctx, trx, [{ id: ids.void, type: 'void', pendingId: ids.reserve }], actor);
          patch.reserved_minutes = 0;
        }
        if (row.status !== 'proposed') await reopen(trx, row.request_id, nowIso);
        break;
      }
      case 'decline':
      case 'dispute':
        break;
    }
    await repo.updateEngagement(trx, row.id, patch);
    // The other neighbour hears of each step, with it.
    const other = row.requester_id === actor.userId ? row.helper_id : row.requester_id;
    told.push(
      ...(await recordNotifications(ctx, trx, {
        userIds: [other],
        actorId: actor.userId,
        kind: 'help.updated',
        data: { helpRequestId: row.request_id, status: decision.next },
      })),
    );
    return told;
  });
  if (written) publishLedger(ctx, written);
  publishNotifications(ctx, notified);
  return readEngagement(ctx, actor, id);
}

async function reopen(trx: Parameters<typeof repo.setRequestStatus>[0], requestId: string, now: string): Promise<void> {
  const request = await repo.findRequest(trx, requestId);
  if (request?.status === 'filled') await repo.setRequestStatus(trx, requestId, 'open', now);
}

// ——— sponsorship ———

function toSponsorship(row: Awaited<ReturnType<typeof repo.sponsorshipsOf>>[number]): Sponsorship {
  return {
    id: row.id,
    organizationId: row.organization_id,
    recipient: { id: row.recipient_id, displayName: row.recipient_name },
    minutes: row.minutes,
    reason: row.reason,
    transferId: row.transfer_id,
    createdAt: row.created_at,
  };
}

/**
 * An organisation gives time credits to a person who cannot earn them. Only owners/coordinators of a
 * verified organisation, and only from what it holds: checked on the locked account after the
 * transfer, so two sponsorships at once cannot both spend the same minutes.
 */
export async function sponsor(
  ctx: AppContext,
  actor: Actor,
  organizationId: string,
  input: z.input<typeof createSponsorshipBody>,
): Promise<Sponsorship> {
  const body = createSponsorshipBody.parse(input);
  // Administrators correct the ledger, they do not spend an organisation's credits (issue 9).
  if ((await requireOrganizationRole(ctx, actor, organizationId)) === 'admin')
    throw forbidden('Administrators do not give away an organisation’s credits');
  await requireVerifiedOrganization(ctx, ctx.db, organizationId, 'sponsor time credits');
  const recipient = await repo.userName(ctx.db, body.recipientUserId);
  if (!recipient) throw new AppError(404, 'not_found', 'Person not found', { recipientUserId: 'No such person' });
  const id = newId();
  const transferId = `sponsor.${id}`;
  const written = await withLedgerTransaction(ctx, async (trx) => {
    const result = await createTransfers(
      ctx,
      trx,
      [
        {
          id: transferId,
          type: 'posted',
          from: organizationOwner(organizationId),
          to: personOwner(body.recipientUserId),
          unit: 'TIME',
          amount: body.minutes,
          kind: 'sponsorship',
          reference: { type: 'sponsorship', id },
        },
      ],
      actor,
    );
    const account = result.accounts.find(
      (a) => a.owner_type === 'organization' && a.owner_id === organizationId && a.unit === 'TIME',
    );
    const after = account && {
      creditsPosted: account.credits_posted,
      debitsPosted: account.debits_posted,
      debitsPending: account.debits_pending,
    };
    // After the transfer nothing may be owed: the balance before must have held the minutes.
    const before = after && { ...after, debitsPosted: after.debitsPosted - body.minutes };
    if (!sponsorshipFits(before, body.minutes)) {
      throw ruleRefused(
        'sponsor_balance_too_low',
        'An organisation sponsors from the credits it holds, not from its credit line',
        { available: Math.max(0, spendable(before)), minutes: body.minutes },
        { minutes: 'More than the organisation holds' },
      );
    }
    await repo.insertSponsorship(trx, {
      id,
      organization_id: organizationId,
      recipient_id: body.recipientUserId,
      sponsored_by: actor.userId,
      minutes: body.minutes,
      reason: body.reason,
      transfer_id: transferId,
      created_at: ctx.clock.now().toISOString(),
    });
    return result;
  });
  publishLedger(ctx, written);
  const row = await repo.findSponsorship(ctx.db, id);
  if (!row) throw notFound('Sponsorship');
  return toSponsorship(row);
}

export async function sponsorships(
  ctx: AppContext,
  actor: Actor,
  organizationId: string,
  input: { limit?: number | undefined; cursor?: string | undefined },
) {
  await requireOrganizationRole(ctx, actor, organizationId);
  const limit = input.limit ?? 20;
  const after = decodeCursor(input.cursor, cursorKey);
  const rows = await repo.sponsorshipsOf(ctx.db, organizationId, { ...(after ? { after } : {}), limit });
  return toPage(rows, limit, toSponsorship, (r) => [r.created_at, r.id]);
}
