/**
 * The face of `notifications`: writing them inside a change's transaction and publishing them after
 * the commit (record.ts), the rows the realtime hub and the mail module load by id, and the person's own data.
 */
import type { AppContext } from '../../context.ts';
import type { Db } from '../../db/create-db.ts';
import * as repo from './repository.ts';
import { toNotificationDto } from './service.ts';
import type { NotificationRow } from './tables.ts';

export { notificationId, publishNotifications, recordNotifications, type NotificationInput } from './record.ts';
export { NOTIFICATION_CHANNEL } from './repository.ts';
export { toNotificationDto } from './service.ts';
export type { NotificationRow } from './tables.ts';

/** The committed rows behind these ids that go to the bell and the websocket; unknown ids are skipped. */
export async function inAppNotifications(ctx: AppContext, ids: string[]): Promise<NotificationRow[]> {
  return repo.findInApp(ctx.db, ids);
}

/** The rows of these ids whose e-mail channel is on: the mail module's one source. */
export async function emailNotifications(ctx: AppContext, ids: string[]): Promise<NotificationRow[]> {
  return repo.findForEmail(ctx.db, ids);
}

/** Notifications and preferences (GDPR art. 15/20). */
export async function personalData(ctx: AppContext, userId: string) {
  const { notifications, preferences } = await repo.personalData(ctx.db, userId);
  return {
    notifications: notifications.map((n) => ({
      ...toNotificationDto({ ...n, user_id: userId }),
      inApp: n.in_app === 1,
      emailMode: n.email_mode,
    })),
    preferences,
  };
}

/** Erasure: the person's notifications and preferences go. */
export async function erasePersonalData(_ctx: AppContext, trx: Db, userId: string): Promise<void> {
  await repo.erasePersonalData(trx, userId);
}
