/**
 * Questions before an engagement (issue 10, item 3). A thread is between two parties:
 * - the asker: the person who asked (anyone signed in, about a listing they can see, not their own);
 * - the answering side: for a need, the owners and coordinators of its organisation; for a person's
 *   offer, that person; for a business's offer, the business's owners and coordinators.
 * Nobody else reads it — not plain members, not admins (it is a private conversation; reports go
 * through moderation). Anyone else asking for a thread gets 404, so its existence is not revealed.
 *
 * Limits: 2000 characters a message, `QUESTION_MESSAGES_PER_HOUR` messages an hour per person (a
 * count over the table, so several instances agree) → 429 `too_many_requests`.
 *
 * When an engagement between the two parties follows (the `engagement.proposed` event), the
 * thread's messages are copied into the engagement's conversation (`importConversation` of the
 * engagements face) and the thread points to it. `askQuestion` and `replyToQuestion` write a
 * `question.received` notification for the other party in the same transaction as the message.
 */
import type {
  AskQuestionBody,
  QuestionMessage,
  QuestionThread,
  QuestionThreadResponse,
} from '../../../shared/schemas/questions.ts';
import { z } from 'zod';
import type { Actor, AppContext } from '../../context.ts';
import { decodeCursor, encodeCursor } from '../../cursor.ts';
import { AppError, notFound, ruleRefused } from '../../errors.ts';
import { newId } from '../../ids.ts';
import type { Db } from '../../db/create-db.ts';
import { importConversation } from '../engagements/index.ts';
import { findNeedsByIds, findOffersByIds } from '../listings/index.ts';
import { publishNotifications, recordNotifications } from '../notifications/index.ts';
import { managedOrganizationIds, managersOf } from '../organizations/index.ts';
import * as repo from './repository.ts';

export const QUESTION_MESSAGES_PER_HOUR = 30;

let messageCounter = 0;
/** Message ids sort in the order written, also within one millisecond (a thread is read by time, then id). */
function messageId(now: string): string {
  messageCounter = (messageCounter + 1) % 100_000_000;
  return `${now.replace(/[-:.]/g, '')}.${String(messageCounter).padStart(8, '0')}.${newId().slice(0, 8)}`;
}
const HOUR_MS = 3_600_000;

/** What a thread is about and who answers it; undefined when the listing is gone or hidden. */
interface Subject {
  type: 'need' | 'offer';
  id: string;
  title: string;
  answeredBy: string;
  /** The people of the answering side. */
  answerers: string[];
  /** The listing is open for new questions (not closed, filled or hidden). */
  open: boolean;
}

async function subjectOf(ctx: AppContext, type: 'need' | 'offer', id: string): Promise<Subject | undefined> {
  if (type === 'need') {
    const [need] = await findNeedsByIds(ctx.db, [id]);
    if (!need || need.hidden_at !== null) return undefined;
    const answerers = (await managersOf(ctx.db, [need.organization_id])).get(need.organization_id) ?? [];
    return { type, id, title: need.title, answeredBy: need.organization_name, answerers, open: need.status === 'open' };
  }
  const [offer] = await findOffersByIds(ctx.db, [id]);
  if (!offer || offer.hidden_at !== null) return undefined;
  const answerers = offer.organization_id
    ? ((await managersOf(ctx.db, [offer.organization_id])).get(offer.organization_id) ?? [])
    : offer.owner_user_id
      ? [offer.owner_user_id]
      : [];
  return {
    type,
    id,
    title: offer.title,
    answeredBy: offer.organization_name ?? offer.owner_display_name ?? '',
    answerers,
    open: offer.status === 'open',
  };
}

async function requireWithinLimit(ctx: AppContext, userId: string): Promise<void> {
  const since = new Date(ctx.clock.now().getTime() - HOUR_MS).toISOString();
  if ((await repo.messagesWrittenSince(ctx.db, userId, since)) >= QUESTION_MESSAGES_PER_HOUR) {
    throw new AppError(
      429,
      'too_many_requests',
      `At most ${QUESTION_MESSAGES_PER_HOUR} questions and answers an hour`,
      undefined,
      { limit: QUESTION_MESSAGES_PER_HOUR },
    );
  }
}

/** The thread with its subject and the reader's side, or 404 for anyone who is not a party. */
async function loadForParty(
  ctx: AppContext,
  actor: Actor,
  threadId: string,
): Promise<{ row: repo.ThreadWithAsker; subject: Subject; side: 'asker' | 'answerer' }> {
  const row = await repo.findThread(ctx.db, threadId);
  if (!row) throw notFound('Question');
  const subject = await subjectOf(ctx, row.subject_type, row.subject_id);
  if (!subject) throw notFound('Question');
  if (row.asker_user_id === actor.userId) return { row, subject, side: 'asker' };
  if (subject.answerers.includes(actor.userId)) return { row, subject, side: 'answerer' };
  throw notFound('Question');
}

function threadDto(row: repo.ThreadWithAsker, subject: Subject, side: 'asker' | 'answerer'): QuestionThread {
  return {
    id: row.id,
    subject: { type: subject.type, id: subject.id, title: subject.title },
    asker: { userId: row.asker_user_id, displayName: row.asker_name },
    answeredBy: { name: subject.answeredBy },
    viewerSide: side,
    engagementId: row.engagement_id,
    createdAt: row.created_at,
    lastMessageAt: row.last_message_at,
  };
}

async function full(
  ctx: AppContext,
  actor: Actor,
  row: repo.ThreadWithAsker,
  subject: Subject,
  side: 'asker' | 'answerer',
): Promise<QuestionThreadResponse> {
  const messages = await repo.messagesOf(ctx.db, row.id);
  return {
    thread: threadDto(row, subject, side),
    messages: messages.map((m): QuestionMessage => ({
      id: m.id,
      author: { userId: m.author_user_id, displayName: m.display_name },
      text: m.text,
      createdAt: m.created_at,
      mine: m.author_user_id === actor.userId,
    })),
  };
}

/** The other party hears of a new message: a notification written with it. */
const notifyParty = (ctx: AppContext, trx: Db, actor: Actor, threadId: string, userIds: readonly string[]) =>
  recordNotifications(ctx, trx, { userIds, actorId: actor.userId, kind: 'question.received', data: { threadId } });

/** Asks about a need or an offer; a second question about the same listing joins the asker's thread. */
export async function askQuestion(
  ctx: AppContext,
  actor: Actor,
  body: AskQuestionBody,
): Promise<{ status: 200 | 201; response: QuestionThreadResponse }> {
  const type = body.needId !== undefined ? 'need' : 'offer';
  const subjectId = body.needId ?? body.offerId ?? '';
  const field = type === 'need' ? 'needId' : 'offerId';
  const subject = await subjectOf(ctx, type, subjectId);
  if (!subject) throw new AppError(404, 'not_found', 'Listing not found', { [field]: 'No such listing' });
  if (subject.answerers.includes(actor.userId))
    throw ruleRefused('rule_refused', 'You answer questions about this listing yourself', undefined, {
      [field]: 'Your own listing',
    });
  const existing = await repo.findThreadOf(ctx.db, { subjectType: type, subjectId, askerUserId: actor.userId });
  if (!existing && !subject.open)
    throw ruleRefused('rule_refused', 'This listing is no longer open for questions', undefined, {
      [field]: 'Not open',
    });
  await requireWithinLimit(ctx, actor.userId);
  const now = ctx.clock.now().toISOString();
  const threadId = existing?.id ?? newId();
  const notified = await ctx.db.transaction().execute(async (trx) => {
    if (!existing)
      await repo.insertThread(trx, {
        id: threadId,
        subject_type: type,
        subject_id: subjectId,
        asker_user_id: actor.userId,
        engagement_id: null,
        created_at: now,
        last_message_at: now,
      });
    await repo.insertMessage(trx, {
      id: messageId(now),
      thread_id: threadId,
      author_user_id: actor.userId,
      text: body.text,
      created_at: now,
    });
    return notifyParty(ctx, trx, actor, threadId, subject.answerers);
  });
  publishNotifications(ctx, notified);
  const row = await repo.findThread(ctx.db, threadId);
  if (!row) throw notFound('Question');
  return { status: existing ? 200 : 201, response: await full(ctx, actor, row, subject, 'asker') };
}

export async function getThread(ctx: AppContext, actor: Actor, threadId: string): Promise<QuestionThreadResponse> {
  const { row, subject, side } = await loadForParty(ctx, actor, threadId);
  return full(ctx, actor, row, subject, side);
}

export async function replyToQuestion(
  ctx: AppContext,
  actor: Actor,
  threadId: string,
  text: string,
): Promise<QuestionMessage> {
  const { row, subject, side } = await loadForParty(ctx, actor, threadId);
  await requireWithinLimit(ctx, actor.userId);
  const now = ctx.clock.now().toISOString();
  const id = messageId(now);
  const notified = await ctx.db.transaction().execute(async (trx) => {
    await repo.insertMessage(trx, { id, thread_id: row.id, author_user_id: actor.userId, text, created_at: now });
    return notifyParty(ctx, trx, actor, row.id, side === 'asker' ? subject.answerers : [row.asker_user_id]);
  });
  publishNotifications(ctx, notified);
  const written = (await repo.messagesOf(ctx.db, row.id)).find((m) => m.id === id);
  return {
    id,
    author: { userId: actor.userId, displayName: written?.display_name ?? '' },
    text,
    createdAt: now,
    mine: true,
  };
}

const threadCursor = z.object({ at: z.string(), id: z.string() });

/** The person's threads on both sides, newest message first. */
export async function listThreads(
  ctx: AppContext,
  actor: Actor,
  query: { limit: number; cursor?: string | undefined },
) {
  const after = decodeCursor(query.cursor, threadCursor);
  const organizationIds = await managedOrganizationIds(ctx.db, actor.userId);
  const rows = await repo.threadsFor(ctx.db, { userId: actor.userId, organizationIds, limit: query.limit, after });
  const page = rows.slice(0, query.limit);
  const items: QuestionThread[] = [];
  for (const row of page) {
    const subject = await subjectOf(ctx, row.subject_type, row.subject_id);
    if (!subject) continue;
    items.push(threadDto(row, subject, row.asker_user_id === actor.userId ? 'asker' : 'answerer'));
  }
  const last = page.at(-1);
  return {
    items,
    nextCursor: rows.length > query.limit && last ? encodeCursor({ at: last.last_message_at, id: last.id }) : null,
  };
}

/**
 * An engagement was proposed: the threads between its two parties — the worker's questions about
 * the need, and the need's managers' questions about the offer — become its conversation.
 */
export async function linkToEngagement(
  ctx: AppContext,
  e: { engagementId: string; needId: string; organizationId: string; workerUserId: string; offerId: string | null },
): Promise<void> {
  const managers = new Set((await managersOf(ctx.db, [e.organizationId])).get(e.organizationId) ?? []);
  const threads = (await repo.threadsForEngagement(ctx.db, e)).filter(
    (t) => t.subject_type === 'need' || managers.has(t.asker_user_id),
  );
  for (const thread of threads) {
    await ctx.db.transaction().execute(async (trx) => {
      // Claimed once: a thread becomes the conversation of the first engagement between the two.
      if (!(await repo.setEngagement(trx, thread.id, e.engagementId))) return;
      const messages = await repo.messagesOf(trx, thread.id);
      await importConversation(
        trx,
        e.engagementId,
        messages.map((m) => ({ authorUserId: m.author_user_id, text: m.text, at: m.created_at })),
      );
    });
  }
}
