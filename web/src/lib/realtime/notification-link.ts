import type { Notification } from '../../../../shared/schemas/notifications.ts';

/** Where a notification leads (its page), or null when there is nothing to open. Pure. */
export function notificationPath(n: Pick<Notification, 'kind' | 'data'>): string | null {
  const { engagementId, needId, targetType, targetId } = n.data;
  if (engagementId) return `/engagements/${encodeURIComponent(engagementId)}`;
  if (n.kind === 'engagement.proposed_by_round' && n.data.organizationId)
    return `/organizations/${encodeURIComponent(n.data.organizationId)}`;
  if (needId) return `/needs/${encodeURIComponent(needId)}`;
  if (n.kind === 'report.decided' || n.kind === 'moderation.decided') return '/me/reports';
  if (targetType === 'listing' && targetId) return `/needs/${encodeURIComponent(targetId)}`;
  if (n.kind === 'badge.earned') return '/me/recognition';
  if (n.kind === 'credits.received' || n.kind === 'credits.requested') return '/wallet';
  if (n.kind === 'question.received' && n.data.threadId) return `/questions/${encodeURIComponent(n.data.threadId)}`;
  if (n.kind === 'help.updated' && n.data.helpRequestId) return `/help/${encodeURIComponent(n.data.helpRequestId)}`;
  if (n.kind === 'sale.updated' && n.data.saleId) return `/sales/${encodeURIComponent(n.data.saleId)}`;
  if (n.kind === 'loan.overdue' && n.data.loanId) return `/loans/${encodeURIComponent(n.data.loanId)}`;
  return null;
}

/** Merges notifications by id, newest first (live frames and fetched pages overlap). */
export function mergeNewestFirst<T extends { id: string }>(current: readonly T[], incoming: readonly T[]): T[] {
  const byId = new Map(current.map((n) => [n.id, n]));
  for (const n of incoming) byId.set(n.id, n);
  return [...byId.values()].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}
