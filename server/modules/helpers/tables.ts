import type { Selectable } from 'kysely';
import type { consentMethods, consentStatuses, OnBehalfAction } from '../../../shared/schemas/helpers.ts';

export interface HelperConsentsTable {
  id: string;
  /** The coordinator who acts. */
  helper_id: string;
  /** The person acted for. */
  person_id: string;
  method: (typeof consentMethods)[number];
  status: (typeof consentStatuses)[number];
  requested_at: string;
  given_at: string | null;
  withdrawn_at: string | null;
}

/** A code a person shows a coordinator in person; only its SHA-256 is kept. */
export interface HelperCodesTable {
  code_hash: string;
  person_id: string;
  expires_at: string;
  used_at: string | null;
}

export interface OnBehalfActsTable {
  id: string;
  consent_id: string;
  helper_id: string;
  person_id: string;
  action: OnBehalfAction;
  path: string;
  /** The answer's status, filled in when the act is done (null: still running, or the server stopped). */
  status_code: number | null;
  at: string;
}

export interface HelpersTables {
  helper_consents: HelperConsentsTable;
  helper_codes: HelperCodesTable;
  on_behalf_acts: OnBehalfActsTable;
}

export type HelperConsentRow = Selectable<HelperConsentsTable>;
