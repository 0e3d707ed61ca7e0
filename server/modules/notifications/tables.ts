import type { Selectable } from 'kysely';
import type { NotificationChannel, NotificationKind, NotificationMode } from '../../../shared/schemas/notifications.ts';

export interface NotificationsTable {
  /** Sortable: `<compact ISO time>.<counter>.<random>`. */
  id: string;
  user_id: string;
  kind: NotificationKind;
  /** JSON of NotificationData. */
  data: string;
  /** 1: shown in the bell and pushed over the websocket. */
  in_app: number;
  /** What the mail module does with the row: off | immediate | daily. */
  email_mode: NotificationMode;
  created_at: string;
  read_at: string | null;
}

export interface NotificationPreferencesTable {
  user_id: string;
  kind: NotificationKind;
  channel: NotificationChannel;
  mode: NotificationMode;
  updated_at: string;
}

export interface NotificationsTables {
  notifications: NotificationsTable;
  notification_preferences: NotificationPreferencesTable;
}

export type NotificationRow = Selectable<NotificationsTable>;
