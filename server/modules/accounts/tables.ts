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
  /** When the person proved the address (a verification or reset link); null: no mail but the verification one. */
  email_verified_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** 1: "organisations may find me" — matched for needs as a person (off by default). */
  findable: ColumnType<number, number | undefined, number>;
  /** Centroid of `postcode` (PC4), kept with it for matching's box reads; never shown. */
  lat: ColumnType<number | null, number | null | undefined, number | null>;
  lng: ColumnType<number | null, number | null | undefined, number | null>;
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

/** Single-use tokens of the password-reset and e-mail-verification links (Lucia's designs). */
export interface AccountTokensTable {
  /** Hex SHA-256 of the token; the token itself is only in the mail. */
  token_hash: string;
  purpose: AccountTokenPurpose;
  user_id: string;
  /** The address the link went to: the token is void once the account's address is another. */
  email: string;
  created_at: string;
  expires_at: string;
}
export type AccountTokenPurpose = 'verify_email' | 'password_reset';

export interface AccountsTables {
  users: UsersTable;
  sessions: SessionsTable;
  account_tokens: AccountTokensTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type AccountTokenRow = Selectable<AccountTokensTable>;
