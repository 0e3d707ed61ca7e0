import { z } from 'zod';
import {
  notificationsPage,
  preferencesResponse,
  type NotificationPreference,
} from '../../../../shared/schemas/notifications.ts';
import { request } from './client.ts';

const query = (params: Record<string, string | number | undefined>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
};

export type NotificationsPage = z.infer<typeof notificationsPage>;

export const notificationsApi = {
  /** Newest first (`cursor` for older ones). */
  newest: (cursor?: string) => request('GET', `/notifications${query({ limit: 30, cursor })}`, notificationsPage),
  /** Everything since `after`, oldest first: what a reconnecting client missed. */
  since: (after: string, cursor?: string) =>
    request(
      'GET',
      `/notifications${query({ after: cursor ? undefined : after, cursor, limit: 100 })}`,
      notificationsPage,
    ),
  markRead: (upTo: string) => request('POST', '/notifications/read', null, { upTo }),
  preferences: () => request('GET', '/notifications/preferences', preferencesResponse).then((r) => r.items),
  setPreferences: (items: NotificationPreference[]) =>
    request('PUT', '/notifications/preferences', preferencesResponse, { items }).then((r) => r.items),
};
