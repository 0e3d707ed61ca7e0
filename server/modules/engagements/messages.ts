/** The conversation of an engagement: the platform's steps as message keys, people's messages, and who hears about a step. */
import type { Actor, AppContext } from '../../context.ts';
import { decodeCursor, toPage } from '../../cursor.ts';
import type { Db } from '../../db/create-db.ts';
import { forbidden } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { publishNotifications, recordNotifications } from '../notifications/index.ts';
import * as repo from './repository.ts';
import { loadForActor, otherSideIds, rolesOf, standingOf } from './access.ts';
import { timeCursor } from './dtos.ts';

/** Message keys the web translates; the platform's own steps in the conversation use them too. */
export const endReasonKeys = {
  needFilled: 'engagement.ended.need_filled',
  declined: 'engagement.ended.declined',
  cancelledByWorker: 'engagement.ended.cancelled_by_worker',
  cancelledByOrganization: 'engagement.ended.cancelled_by_organization',
} as const;

type EngagementEvent =
  | 'proposed'
  | 'accepted'
  | 'declined'
  | 'not_selected'
  | 'hours_logged'
  | 'delivered'
  | 'disputed'
  | 'confirmed'
  | 'cancelled';

/** Inside the step's transaction: a notification row for each person told (published after the commit). */
export function notifyIn(
  ctx: AppContext,
  trx: Db,
  userIds: string[],
  payload: { event: EngagementEvent; engagementId: string; messageKey?: string },
): Promise<string[]> {
  const { event, ...data } = payload;
  return recordNotifications(ctx, trx, { userIds, kind: `engagement.${event}`, data });
}

let messageCounter = 0;
/**
 * Message ids sort in the order written: one step writes several messages in the same
 * millisecond (the step, then the person's note), and the conversation is read by (time, id).
 * Example: `20260110T100000000Z.00000042.4f1c…`.
 */
export function messageId(now: string): string {
  messageCounter = (messageCounter + 1) % 100_000_000;
  return `${now.replace(/[-:.]/g, '')}.${String(messageCounter).padStart(8, '0')}.${newId().slice(0, 8)}`;
}

export async function systemMessage(trx: Db, engagementId: string, key: string, now: string): Promise<void> {
  await repo.insertMessage(trx, {
    id: messageId(now),
    engagement_id: engagementId,
    author_id: null,
    type: 'system',
    text: key,
    created_at: now,
  });
}

export async function personMessage(
  trx: Db,
  engagementId: string,
  authorId: string,
  text: string | undefined,
  now: string,
): Promise<void> {
  if (text)
    await repo.insertMessage(trx, {
      id: messageId(now),
      engagement_id: engagementId,
      author_id: authorId,
      type: 'person',
      text,
      created_at: now,
    });
}

type MessageRow = {
  id: string;
  author_id: string | null;
  type: string;
  text: string;
  created_at: string;
  display_name: string | null;
};
const toMessageDto = (m: MessageRow) => ({
  id: m.id,
  author: m.author_id ? { userId: m.author_id, displayName: m.display_name ?? '' } : null,
  type: m.type as 'person' | 'system',
  text: m.text,
  createdAt: m.created_at,
});

/**
 * For the realtime hub, at each delivery: the message as `userId` may read it now, or null when
 * they may no longer see the engagement (left the organisation, erased) or the message was hidden.
 */
export async function messageForReader(ctx: AppContext, userId: string, engagementId: string, messageId: string) {
  if (!(await mayRead(ctx, userId, engagementId))) return null;
  const row = await repo.findMessage(ctx.db, engagementId, messageId);
  return row ? toMessageDto(row) : null;
}

/** Whether this person may see the engagement now (the hub re-checks before every delivery). */
export async function mayRead(ctx: AppContext, userId: string, engagementId: string): Promise<boolean> {
  const e = await repo.findEngagement(ctx.db, engagementId);
  return e !== undefined && standingOf(await rolesOf(ctx.db, userId), { userId, isAdmin: false }, e).canView;
}

export async function listMessages(
  ctx: AppContext,
  actor: Actor,
  id: string,
  query: { limit: number; cursor?: string | undefined },
) {
  await loadForActor(ctx.db, actor, id);
  const after = decodeCursor(query.cursor, timeCursor);
  const rows = await repo.listMessages(ctx.db, id, after, query.limit);
  return toPage(rows, query.limit, toMessageDto, (m) => ({ createdAt: m.created_at, id: m.id }));
}

/** Only the parties write (members who may only read stay readers). */
export async function postMessage(ctx: AppContext, actor: Actor, id: string, text: string) {
  const { e, standing } = await loadForActor(ctx.db, actor, id);
  if (standing.sides.length === 0) throw forbidden('Only the people involved in this engagement may write here');
  const now = ctx.clock.now().toISOString();
  const newMessageId = messageId(now);
  const side = standing.sides[0]!;
  // The message and the other side's notifications commit together: the hub delivers it live from that row.
  const notified = await ctx.db.transaction().execute(async (trx) => {
    await repo.insertMessage(trx, {
      id: newMessageId,
      engagement_id: e.id,
      author_id: actor.userId,
      type: 'person',
      text,
      created_at: now,
    });
    const userIds = await otherSideIds(trx, e, side);
    return recordNotifications(ctx, trx, {
      userIds,
      actorId: actor.userId,
      kind: 'message.received',
      data: { engagementId: e.id, messageId: newMessageId },
    });
  });
  publishNotifications(ctx, notified);
  const author = await repo.findWorker(ctx.db, actor.userId);
  return {
    id: newMessageId,
    author: { userId: actor.userId, displayName: author?.display_name ?? '' },
    type: 'person' as const,
    text,
    createdAt: now,
  };
}
