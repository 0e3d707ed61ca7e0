import type { ColumnType, Insertable, Selectable } from 'kysely';

/** Booleans are integers 0/1 on both databases, so the same queries run everywhere. */
export interface UsersTable {
  id: string;
  email: string;
  password_hash: string;
  display_name: string;
  locale: string;
  postcode: string | null;
  /** JSON array of ISO 639-1 codes. */
  languages: string;
  /** JSON array of lowercase skill names. */
  skills: string;
  may_do_paid_work: string;
  vog_verified_at: string | null;
  vog_recorded_by: string | null;
  is_admin: number;
  /** 1: the person opted in to count as a newcomer in statistics (nothing else about status is stored). */
  count_as_newcomer: ColumnType<number, number | undefined, number>;
  /** 1: others may find the person by display name and place (to send or ask time credits). */
  findable: ColumnType<number, number | undefined, number>;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  /** Hex SHA-256 of the token's secret part; the secret itself is never stored. */
  secret_hash: string;
  created_at: string;
  last_verified_at: string;
}

export interface AccountsTables {
  users: UsersTable;
  sessions: SessionsTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
