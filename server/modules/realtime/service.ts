/** What the hub may push for committed notifications: authorisation is re-checked at each delivery. */
import { notificationData, type Notification, type NotificationData } from '../../../shared/schemas/notifications.ts';
import type { ServerMessage } from '../../../shared/schemas/realtime.ts';
import type { AppContext } from '../../context.ts';
import { mayRead, messageForReader } from '../engagements/index.ts';
import { inAppNotifications, type NotificationRow } from '../notifications/index.ts';

export const loadNotifications = (ctx: AppContext, ids: string[]): Promise<NotificationRow[]> =>
  inAppNotifications(ctx, ids);

/** One delivery: the person and the frames (as JSON text) for their sockets. */
export interface Delivery {
  userId: string;
  texts: string[];
}

/**
 * The frames for each row's person, leaving out rows they may no longer see (they left the
 * organisation, the engagement is not theirs any more). A message notification also carries the
 * message itself, read as that person may read it now (a hidden message is not pushed). One event
 * fanned out to thousands shares its data: it is parsed once per batch.
 */
export async function deliveriesFor(ctx: AppContext, rows: NotificationRow[]): Promise<Delivery[]> {
  const parsed = new Map<string, NotificationData>();
  const dataOf = (text: string) => {
    let data = parsed.get(text);
    if (!data) {
      const result = notificationData.safeParse(JSON.parse(text));
      data = result.success ? result.data : {};
      parsed.set(text, data);
    }
    return data;
  };
  const out: Delivery[] = [];
  for (const row of rows) {
    const data = dataOf(row.data);
    const notification: Notification = {
      id: row.id,
      kind: row.kind,
      data,
      createdAt: row.created_at,
      readAt: row.read_at,
    };
    const { engagementId, messageId } = data;
    if (engagementId !== undefined && !(await mayRead(ctx, row.user_id, engagementId))) continue;
    const frames: ServerMessage[] = [{ type: 'notification', notification }];
    if (row.kind === 'message.received' && engagementId !== undefined && messageId !== undefined) {
      const message = await messageForReader(ctx, row.user_id, engagementId, messageId);
      if (message) frames.push({ type: 'message', engagementId, message });
    }
    out.push({ userId: row.user_id, texts: frames.map((f) => JSON.stringify(f)) });
  }
  return out;
}
