import type { ColumnType, Selectable } from 'kysely';
import type { MailKind, MailMode } from '../../../shared/schemas/mail.ts';

/** A person's choice for one kind; no row: the kind's default (`mailKindDefaults`). */
export interface MailPreferencesTable {
  user_id: string;
  kind: MailKind;
  mode: MailMode;
  updated_at: string;
}

/** Every notification mail, written before it is sent: immediate ones are retried, digest ones wait for the digest. */
export interface MailOutboxTable {
  id: string;
  user_id: string;
  kind: MailKind;
  /** JSON `OutboxParams`: what the line says and which page it links to. */
  params: string;
  mode: Exclude<MailMode, 'off'>;
  created_at: string;
  sent_at: string | null;
  attempts: ColumnType<number, number | undefined, number>;
}

export interface MailTables {
  mail_preferences: MailPreferencesTable;
  mail_outbox: MailOutboxTable;
}

export type MailOutboxRow = Selectable<MailOutboxTable>;
