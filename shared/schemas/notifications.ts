import { z } from 'zod';
import { id, isoDateTime } from './common.ts';

/**
 * What a notification is about. Other flows add their kinds here (issue 10's questions are already
 * named); the web translates `notifications.kind.<kind>` and links by the data it carries.
 */
export const notificationKinds = [
  'engagement.proposed',
  'engagement.accepted',
  'engagement.declined',
  'engagement.not_selected',
  'engagement.hours_logged',
  'engagement.delivered',
  'engagement.disputed',
  'engagement.confirmed',
  'engagement.cancelled',
  'engagement.invited_by_round',
  'engagement.proposed_by_round',
  'engagement.reference',
  'message.received',
  'question.received',
  'credits.received',
  'credits.requested',
  'badge.earned',
  'need.matched',
  'search.matched',
  'membership.invited',
  'report.decided',
  'moderation.decided',
  'loan.overdue',
  'help.updated',
  'sale.updated',
] as const;
export const notificationKind = z.enum(notificationKinds);
export type NotificationKind = z.infer<typeof notificationKind>;

/**
 * Where a notification goes. `in_app` is the bell and the websocket; `email` is read by the mail
 * module from the same rows. A new channel (push) is one more name here and one more column.
 */
export const notificationChannels = ['in_app', 'email'] as const;
export const notificationChannel = z.enum(notificationChannels);
export type NotificationChannel = z.infer<typeof notificationChannel>;

/** `daily` is a digest, e-mail only; `immediate` is "as it happens" (for in_app: on). */
export const notificationModes = ['off', 'immediate', 'daily'] as const;
export const notificationMode = z.enum(notificationModes);
export type NotificationMode = z.infer<typeof notificationMode>;

/** Kinds that need an answer go by e-mail at once; the rest in the daily digest unless the person chose otherwise. */
const needsAnswer: ReadonlySet<NotificationKind> = new Set([
  'engagement.proposed',
  'engagement.accepted',
  'engagement.not_selected',
  'engagement.hours_logged',
  'engagement.delivered',
  'engagement.invited_by_round',
  'membership.invited',
]);

/** The mode a person has until they choose one. Pure: the server and the preferences page agree. */
export function defaultMode(kind: NotificationKind, channel: NotificationChannel): NotificationMode {
  if (channel === 'in_app') return 'immediate';
  return needsAnswer.has(kind) ? 'immediate' : 'daily';
}

/** Facts that let the web say what happened and link to it; never free text from other people. */
export const notificationData = z.object({
  engagementId: id.optional(),
  needId: id.optional(),
  offerId: id.optional(),
  messageId: z.string().max(80).optional(),
  messageKey: z.string().max(80).optional(),
  roundId: id.optional(),
  proposalId: id.optional(),
  organizationId: id.optional(),
  targetType: z.string().max(40).optional(),
  targetId: id.optional(),
  status: z.string().max(40).optional(),
  searchId: id.optional(),
  loanId: id.optional(),
  threadId: id.optional(),
  creditRequestId: id.optional(),
  helpRequestId: id.optional(),
  saleId: id.optional(),
  score: z.number().optional(),
});
export type NotificationData = z.infer<typeof notificationData>;

export const notification = z.object({
  id: z.string(),
  kind: notificationKind,
  data: notificationData,
  createdAt: isoDateTime,
  readAt: isoDateTime.nullable(),
});
export type Notification = z.infer<typeof notification>;

/** Notification ids sort in the order they were written, so `after` is "everything since". */
export const notificationsQuery = z.object({
  after: z.string().max(80).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
});
export type NotificationsQuery = z.infer<typeof notificationsQuery>;

export const notificationsPage = z.object({
  items: z.array(notification),
  nextCursor: z.string().nullable(),
  unread: z.number().int().min(0),
});

export const markReadBody = z.object({ upTo: z.string().min(1).max(80) });

export const notificationPreference = z.object({
  kind: notificationKind,
  channel: notificationChannel,
  mode: notificationMode,
});
export type NotificationPreference = z.infer<typeof notificationPreference>;
export const preferencesResponse = z.object({ items: z.array(notificationPreference) });
export const preferencesBody = z.object({
  items: z
    .array(notificationPreference)
    .min(1)
    .max(notificationKinds.length * notificationChannels.length),
});
