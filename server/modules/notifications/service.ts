/** The bell: a person's notifications, what is unread, marking read, and their preferences per kind and channel. */
import { z } from 'zod';
import {
  defaultMode,
  notificationChannels,
  notificationData,
  notificationKinds,
  type Notification,
  type NotificationPreference,
  type NotificationsQuery,
} from '../../../shared/schemas/notifications.ts';
import type { Actor, AppContext } from '../../context.ts';
import { decodeCursor, encodeCursor } from '../../cursor.ts';
import { invalid } from '../../errors.ts';
import * as repo from './repository.ts';
import type { NotificationRow } from './tables.ts';

export function toNotificationDto(row: NotificationRow): Notification {
  const parsed = notificationData.safeParse(JSON.parse(row.data));
  return {
    id: row.id,
    kind: row.kind,
    data: parsed.success ? parsed.data : {},
    createdAt: row.created_at,
    readAt: row.read_at,
  };
}

const idCursor = z.object({ id: z.string().max(80), dir: z.enum(['older', 'newer']) });

/**
 * Without `after`: newest first, `nextCursor` for older ones. With `after` (the last id the client
 * saw): everything since, oldest first, `nextCursor` for the rest.
 */
export async function listNotifications(ctx: AppContext, actor: Actor, query: NotificationsQuery) {
  const cursor = decodeCursor(query.cursor, idCursor);
  if (cursor && query.after !== undefined) throw invalid('cursor', 'Use either after or cursor');
  const newer = query.after !== undefined || cursor?.dir === 'newer';
  const from = cursor?.id ?? query.after;
  const rows = newer
    ? await repo.listAfter(ctx.db, actor.userId, from ?? '', query.limit)
    : await repo.listNewest(ctx.db, actor.userId, from, query.limit);
  const more = rows.length > query.limit;
  const items = rows.slice(0, query.limit);
  const last = items[items.length - 1];
  return {
    items: items.map(toNotificationDto),
    nextCursor: more && last ? encodeCursor({ id: last.id, dir: newer ? 'newer' : 'older' }) : null,
    unread: await repo.unreadCount(ctx.db, actor.userId),
  };
}

export async function markRead(ctx: AppContext, actor: Actor, upTo: string): Promise<void> {
  await repo.markRead(ctx.db, actor.userId, upTo, ctx.clock.now().toISOString());
}

/** Every kind × channel, the person's choice or the default. */
export async function preferences(ctx: AppContext, actor: Actor): Promise<{ items: NotificationPreference[] }> {
  const chosen = new Map(
    (await repo.allPreferencesOf(ctx.db, actor.userId)).map((p) => [`${p.kind}/${p.channel}`, p.mode]),
  );
  const items = notificationKinds.flatMap((kind) =>
    notificationChannels.map((channel) => ({
      kind,
      channel,
      mode: chosen.get(`${kind}/${channel}`) ?? defaultMode(kind, channel),
    })),
  );
  return { items };
}

export async function setPreferences(ctx: AppContext, actor: Actor, items: NotificationPreference[]) {
  items.forEach((p, i) => {
    if (p.channel !== 'email' && p.mode === 'daily')
      throw invalid(`items.${i}.mode`, 'Only e-mail comes as a daily digest');
  });
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    for (const p of items)
      await repo.upsertPreference(trx, {
        user_id: actor.userId,
        kind: p.kind,
        channel: p.channel,
        mode: p.mode,
        updated_at: now,
      });
  });
  return preferences(ctx, actor);
}
