/**
 * What reaches the mail module: the notification rows (`notify` after their commit carries their
 * ids) whose e-mail channel the person left on, and `account.mail` (verification and reset links).
 * Each row becomes a `MailNotification` for its person, sent now or in the digest by their mail
 * preference for that kind of mail.
 */
import type { MailKind } from '../../../shared/schemas/mail.ts';
import type { AppContext } from '../../context.ts';
import type { DomainEvents } from '../../events.ts';
import type { NotificationData } from '../../../shared/schemas/notifications.ts';
import { findNeedsByIds } from '../listings/index.ts';
import { emailNotifications, type NotificationRow } from '../notifications/index.ts';
import * as repo from './repository.ts';
import { deliverNotification, sendAccountMail, type MailNotification } from './service.ts';

/** Engagement steps that are mailed as an update (with the step named). */
const updateEvents = new Set(['declined', 'cancelled', 'confirmed', 'delivered', 'disputed', 'accepted']);

/**
 * The kind of mail an engagement step is for one recipient; null: not mailed. The same step reads
 * differently per side: a proposal is an invitation to the worker and an application to the managers.
 */
export function engagementMailKind(
  event: string,
  recipientIsWorker: boolean,
): { kind: MailKind; event?: string } | null {
  switch (event) {
    case 'proposed':
    case 'invited_by_round':
      return { kind: recipientIsWorker ? 'engagement_invited' : 'engagement_proposed' };
    case 'accepted':
      return recipientIsWorker ? { kind: 'engagement_accepted' } : { kind: 'engagement_update', event };
    case 'not_selected':
      return { kind: 'not_selected' };
    case 'hours_logged':
      return { kind: 'hours_to_confirm' };
    case 'message':
      return { kind: 'engagement_message' };
    default:
      return updateEvents.has(event) ? { kind: 'engagement_update', event } : null;
  }
}

async function deliverAll(ctx: AppContext, notifications: MailNotification[]): Promise<void> {
  const results = await Promise.allSettled(notifications.map((n) => deliverNotification(ctx, n)));
  for (const r of results) if (r.status === 'rejected') ctx.log.error({ err: r.reason }, 'mail notification failed');
}

/** The mail for one notification row, or null when that kind is not mailed. */
async function mailFor(ctx: AppContext, row: NotificationRow): Promise<MailNotification | null> {
  const data = JSON.parse(row.data) as NotificationData;
  if ((row.kind === 'need.matched' || row.kind === 'search.matched') && data.needId) {
    const [need] = await findNeedsByIds(ctx.db, [data.needId]);
    return need
      ? { userId: row.user_id, kind: 'new_match', params: { title: need.title, path: `/needs/${data.needId}` } }
      : null;
  }
  const event =
    row.kind === 'message.received'
      ? 'message'
      : row.kind.startsWith('engagement.')
        ? row.kind.slice('engagement.'.length)
        : null;
  if (!event || !data.engagementId) return null;
  const subject = await repo.engagementSubject(ctx.db, data.engagementId);
  if (!subject) return null;
  const mail = engagementMailKind(event, row.user_id === subject.worker_user_id);
  if (!mail) return null;
  // Not selected: the link leads to other tasks, the engagement itself has ended.
  const path = mail.kind === 'not_selected' ? '/' : `/engagements/${data.engagementId}`;
  return {
    userId: row.user_id,
    kind: mail.kind,
    params: { title: subject.title, path, ...(mail.event ? { event: mail.event } : {}) },
  };
}

/** Notification rows whose e-mail channel is on (the person's choice per kind), as mails. */
async function onNotifications(ctx: AppContext, { notificationIds }: DomainEvents['notify']): Promise<void> {
  const mails: MailNotification[] = [];
  for (const row of await emailNotifications(ctx, notificationIds)) {
    const mail = await mailFor(ctx, row);
    if (mail) mails.push(mail);
  }
  await deliverAll(ctx, mails);
}

/** Subscribes the mail module to the events it mails about; answers the unsubscribe. */
export function mailSubscriptions(ctx: AppContext): () => void {
  const stops = [
    ctx.events.on('notify', (event) => onNotifications(ctx, event)),
    ctx.events.on('account.mail', (mail) => sendAccountMail(ctx, mail)),
  ];
  return () => {
    for (const stop of stops) stop();
  };
}
