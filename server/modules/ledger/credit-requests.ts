/**
 * Asking for time credits, as in a timebank: a person asks a findable person (one who switched on
 * "others may find me") for an amount; that person accepts — the credits go in one ledger transfer,
 * in the same transaction that marks the request accepted — or declines. Only the two parties see a
 * request; anyone else gets 404. At most `OPEN_REQUESTS` unanswered requests per requester.
 */
import type { CreateCreditRequestBody, CreditRequest } from '../../../shared/schemas/credit-requests.ts';
import type { Actor, AppContext } from '../../context.ts';
import { decodeCursor, toPage } from '../../cursor.ts';
import { AppError, conflict, forbidden, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { findUserById } from '../accounts/index.ts';
import { publishNotifications, recordNotifications } from '../notifications/index.ts';
import { z } from 'zod';
import { createTransfers, personOwner, publishLedger, withLedgerTransaction } from './posting.ts';
import * as repo from './repository.ts';

/** Unanswered requests one person may have out at a time: asking stays a favour, never a flood. */
export const OPEN_REQUESTS = 10;

const cursorSchema = z.object({ createdAt: z.string(), id: z.string() });

function toDto(r: repo.CreditRequestView, readerId: string): CreditRequest {
  return {
    id: r.id,
    requester: { userId: r.requester_user_id, displayName: r.requester_name ?? '' },
    payer: { userId: r.payer_user_id, displayName: r.payer_name ?? '' },
    direction: r.payer_user_id === readerId ? 'incoming' : 'outgoing',
    amount: r.amount_minutes,
    memo: r.memo,
    status: r.status,
    transferId: r.transfer_id,
    createdAt: r.created_at,
    answeredAt: r.answered_at,
  };
}

/** One request, for its two parties only (404 for everyone else, so ids tell nothing). */
async function requireParty(ctx: AppContext, actor: Actor, id: string): Promise<repo.CreditRequestView> {
  const found = await repo.findCreditRequest(ctx.db, id);
  if (!found || (found.requester_user_id !== actor.userId && found.payer_user_id !== actor.userId))
    throw notFound('Request');
  return found;
}

/** Example: Amal asks her findable neighbour Bert for 60 minutes "for the ladder" → 201, pending. */
export async function createCreditRequest(
  ctx: AppContext,
  actor: Actor,
  body: CreateCreditRequestBody,
): Promise<CreditRequest> {
  if (body.toUserId === actor.userId)
    throw new AppError(400, 'invalid_input', 'You cannot ask yourself', { toUserId: 'Same as the one asking' });
  const payer = await findUserById(ctx.db, body.toUserId);
  // Only people who chose to be found can be asked; the rest are as unknown as a wrong id.
  if (!payer || Number(payer.findable) !== 1)
    throw new AppError(404, 'not_found', 'Nobody to ask with this id', { toUserId: 'No such person' });
  if ((await repo.countPendingCreditRequests(ctx.db, actor.userId)) >= OPEN_REQUESTS) {
    throw new AppError(
      429,
      'too_many_requests',
      `At most ${OPEN_REQUESTS} unanswered requests at a time`,
      {},
      { limit: OPEN_REQUESTS },
    );
  }
  const id = newId();
  // The one asked hears of it with the request itself (the bell, and e-mail by their choice).
  const notified = await ctx.db.transaction().execute(async (trx) => {
    await repo.insertCreditRequest(trx, {
      id,
      requester_user_id: actor.userId,
      payer_user_id: body.toUserId,
      amount_minutes: body.amount,
      memo: body.memo ?? null,
      status: 'pending',
      transfer_id: null,
      created_at: ctx.clock.now().toISOString(),
      answered_at: null,
    });
    return recordNotifications(ctx, trx, {
      userIds: [body.toUserId],
      actorId: actor.userId,
      kind: 'credits.requested',
      data: { creditRequestId: id },
    });
  });
  publishNotifications(ctx, notified);
  return toDto((await repo.findCreditRequest(ctx.db, id))!, actor.userId);
}

export async function listCreditRequests(
  ctx: AppContext,
  actor: Actor,
  query: { limit: number; cursor?: string | undefined },
) {
  const after = decodeCursor(query.cursor, cursorSchema);
  const rows = await repo.listCreditRequests(ctx.db, actor.userId, after, query.limit);
  return toPage(
    rows,
    query.limit,
    (r) => toDto(r, actor.userId),
    (r) => ({ createdAt: r.created_at, id: r.id }),
  );
}

export async function getCreditRequest(ctx: AppContext, actor: Actor, id: string): Promise<CreditRequest> {
  return toDto(await requireParty(ctx, actor, id), actor.userId);
}

/** The one asked says yes: the request is accepted and the credits go, together or not at all. */
export async function acceptCreditRequest(ctx: AppContext, actor: Actor, id: string): Promise<CreditRequest> {
  const request = await requireAnswerable(ctx, actor, id);
  const transferId = newId();
  const { result, notified } = await withLedgerTransaction(ctx, async (trx) => {
    const answered = await repo.answerCreditRequest(trx, id, {
      status: 'accepted',
      answered_at: ctx.clock.now().toISOString(),
      transfer_id: transferId,
    });
    if (!answered) throw conflict('This request was answered already', 'invalid_transition');
    const result = await createTransfers(
      ctx,
      trx,
      [
        {
          id: transferId,
          type: 'posted',
          from: personOwner(actor.userId),
          to: personOwner(request.requester_user_id),
          unit: 'TIME',
          amount: request.amount_minutes,
          kind: 'exchange',
          ...(request.memo ? { memo: request.memo } : {}),
        },
      ],
      actor,
    );
    return {
      result,
      notified: await recordNotifications(ctx, trx, {
        userIds: [request.requester_user_id],
        actorId: actor.userId,
        kind: 'credits.received',
        data: { creditRequestId: id },
      }),
    };
  });
  publishLedger(ctx, result);
  publishNotifications(ctx, notified);
  return getCreditRequest(ctx, actor, id);
}

export async function declineCreditRequest(ctx: AppContext, actor: Actor, id: string): Promise<CreditRequest> {
  await requireAnswerable(ctx, actor, id);
  if (
    !(await repo.answerCreditRequest(ctx.db, id, { status: 'declined', answered_at: ctx.clock.now().toISOString() }))
  ) {
    throw conflict('This request was answered already', 'invalid_transition');
  }
  return getCreditRequest(ctx, actor, id);
}

/** Only the one asked answers (the requester gets 403), and only while it waits (409). */
async function requireAnswerable(ctx: AppContext, actor: Actor, id: string): Promise<repo.CreditRequestView> {
  const request = await requireParty(ctx, actor, id);
  if (request.payer_user_id !== actor.userId) throw forbidden('Only the person asked may answer this request');
  if (request.status !== 'pending') throw conflict('This request was answered already', 'invalid_transition');
  return request;
}
