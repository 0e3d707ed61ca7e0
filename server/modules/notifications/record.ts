/**
 * Writing notifications: inside the transaction of the change they report (so a change and its
 * notification commit or roll back together), then published after the commit.
 *
 *   const ids = await db.transaction().execute(async (trx) => { …change…; return recordNotifications(ctx, trx, …) });
 *   publishNotifications(ctx, ids);
 *
 * `publishNotifications` emits the EventBus `notify` event ({ notificationIds }) once, on the
 * instance that committed: the mail module subscribes to it. Live delivery does not depend on it on
 * PostgreSQL — the ids travel by NOTIFY, signalled inside the transaction (see realtime/feed.ts).
 */
import { defaultMode, type NotificationData, type NotificationKind } from '../../../shared/schemas/notifications.ts';
import type { AppContext } from '../../context.ts';
import type { Db } from '../../db/create-db.ts';
import { newId } from '../../ids.ts';
import * as repo from './repository.ts';
import type { NotificationsTable } from './tables.ts';

let counter = 0;
/** Ids sort by time, then by a per-process counter: rows written in one millisecond keep their order. */
export function notificationId(now: string): string {
  counter = (counter + 1) % 100_000_000;
  return `${now.replace(/[-:.]/g, '')}.${String(counter).padStart(8, '0')}.${newId().slice(0, 8)}`;
}

export interface NotificationInput {
  userIds: readonly string[];
  kind: NotificationKind;
  data: NotificationData;
}

/** Writes one row per person (each once; nobody is told of their own act), by their preferences; returns the ids. */
export async function recordNotifications(
  ctx: AppContext,
  trx: Db,
  input: NotificationInput & { actorId?: string },
): Promise<string[]> {
  const userIds = [...new Set(input.userIds)].filter((u) => u !== input.actorId);
  if (userIds.length === 0) return [];
  const chosen = new Map<string, { in_app?: string; email?: string }>();
  for (const p of await repo.preferencesOf(trx, userIds, input.kind)) {
    chosen.set(p.user_id, { ...chosen.get(p.user_id), [p.channel]: p.mode });
  }
  const now = ctx.clock.now().toISOString();
  const data = JSON.stringify(input.data);
  const rows: NotificationsTable[] = [];
  for (const userId of userIds) {
    const mine = chosen.get(userId);
    const inApp = (mine?.in_app ?? defaultMode(input.kind, 'in_app')) !== 'off';
    const email = (mine?.email ?? defaultMode(input.kind, 'email')) as NotificationsTable['email_mode'];
    if (!inApp && email === 'off') continue;
    rows.push({
      id: notificationId(now),
      user_id: userId,
      kind: input.kind,
      data,
      in_app: inApp ? 1 : 0,
      email_mode: email,
      created_at: now,
      read_at: null,
    });
  }
  await repo.insertNotifications(trx, rows);
  await repo.signalOnCommit(
    trx,
    ctx.dialect,
    rows.map((r) => r.id),
  );
  return rows.map((r) => r.id);
}

/** After the commit: tells this instance's subscribers (the mail module; the hub on SQLite). */
export function publishNotifications(ctx: AppContext, ids: readonly string[]): void {
  if (ids.length === 0) return;
  ctx.events.emit('notify', { notificationIds: [...ids] });
}
