/**
 * What reaches the mail module today: the domain events emitted after a commit (`notify` for
 * engagement steps, `match` for a new need that fits, `account.mail`). Each becomes a
 * `MailNotification` for one person. When notifications are stored as rows, the same
 * `deliverNotification` takes them from there instead.
 */
import type { MailKind } from '../../../shared/schemas/mail.ts';
import type { AppContext } from '../../context.ts';
import type { DomainEvents } from '../../events.ts';
import { findNeedsByIds } from '../listings/index.ts';
import * as repo from './repository.ts';
import { deliverNotification, sendAccountMail, type MailNotification } from './service.ts';

/** Engagement steps that are mailed as an update (with the step named). */
const updateEvents = new Set(['declined', 'cancelled', 'confirmed', 'delivered', 'disputed', 'accepted']);

/**
 * The kind of mail an engagement step is for one recipient; null: not mailed. The same step reads
 * differently per side: a proposal is an invitation to the worker and an application to the managers.
 */
export function engagementMailKind(event: string, recipientIsWorker: boolean): { kind: MailKind; event?: string } | null {
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

async function onNotify(ctx: AppContext, { userIds, payload }: DomainEvents['notify']): Promise<void> {
  if (payload.type !== 'engagement' || typeof payload.engagementId !== 'string' || typeof payload.event !== 'string') return;
  const engagementId = payload.engagementId;
  const subject = await repo.engagementSubject(ctx.db, engagementId);
  if (!subject) return;
  const notifications: MailNotification[] = [];
  for (const userId of userIds) {
    const mail = engagementMailKind(payload.event, userId === subject.worker_user_id);
    if (!mail) continue;
    // Not selected: the link leads to other tasks, the engagement itself has ended.
    const path = mail.kind === 'not_selected' ? '/' : `/engagements/${engagementId}`;
    notifications.push({ userId, kind: mail.kind, params: { title: subject.title, path, ...(mail.event ? { event: mail.event } : {}) } });
  }
  await deliverAll(ctx, notifications);
}

async function onMatch(ctx: AppContext, { needId, recipients }: DomainEvents['match']): Promise<void> {
  const [need] = await findNeedsByIds(ctx.db, [needId]);
  if (!need) return;
  const people = [...new Set(recipients.map((r) => r.userId))];
  await deliverAll(ctx, people.map((userId) => ({ userId, kind: 'new_match' as const, params: { title: need.title, path: `/needs/${needId}` } })));
}

/** Subscribes the mail module to the events it mails about; answers the unsubscribe. */
export function mailSubscriptions(ctx: AppContext): () => void {
  const stops = [
    ctx.events.on('notify', (event) => onNotify(ctx, event)),
    ctx.events.on('match', (event) => onMatch(ctx, event)),
    ctx.events.on('account.mail', (mail) => sendAccountMail(ctx, mail)),
  ];
  return () => {
    for (const stop of stops) stop();
  };
}
