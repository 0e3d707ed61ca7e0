/** What the hub may push for a committed notification: authorisation is re-checked at each delivery. */
import type { ServerMessage } from '../../../shared/schemas/realtime.ts';
import type { AppContext } from '../../context.ts';
import { mayRead, messageForReader } from '../engagements/index.ts';
import { inAppNotifications, toNotificationDto, type NotificationRow } from '../notifications/index.ts';

export const loadNotifications = (ctx: AppContext, ids: string[]): Promise<NotificationRow[]> => inAppNotifications(ctx, ids);

/**
 * The frames for one row's person, or none when they may no longer see what it is about (they left
 * the organisation, the engagement is not theirs any more). A message notification also carries the
 * message itself, read as that person may read it now (a hidden message is not pushed).
 */
export async function framesFor(ctx: AppContext, row: NotificationRow): Promise<ServerMessage[]> {
  const notification = toNotificationDto(row);
  const { engagementId, messageId } = notification.data;
  if (engagementId !== undefined && !(await mayRead(ctx, row.user_id, engagementId))) return [];
  const frames: ServerMessage[] = [{ type: 'notification', notification }];
  if (row.kind === 'message.received' && engagementId !== undefined && messageId !== undefined) {
    const message = await messageForReader(ctx, row.user_id, engagementId, messageId);
    if (message) frames.push({ type: 'message', engagementId, message });
  }
  return frames;
}
