import type { Selectable } from 'kysely';

/** One fixed window of @fastify/rate-limit, shared by every app instance on the database. */
export interface RateLimitWindowsTable {
  /** `<namespace>|<SHA-256 of the client key>` (see service.opaqueKey). */
  key: string;
  hits: number;
  expires_at: string;
}

/** Failed password checks per account, per address and per re-authentication, in a sliding window. */
export interface AuthFailuresTable {
  /** `signin-account|…`, `signin-address|…` or `reauth|…`, each with a SHA-256 of the e-mail, address or user id. */
  key: string;
  failures: number;
  last_failure_at: string;
  expires_at: string;
}

export interface ThrottleTables {
  rate_limit_windows: RateLimitWindowsTable;
  auth_failures: AuthFailuresTable;
}

export type AuthFailureRow = Selectable<AuthFailuresTable>;
