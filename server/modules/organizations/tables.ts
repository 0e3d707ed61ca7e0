import type { ColumnType, Selectable } from 'kysely';
import type { MemberRole } from '../../../shared/roles.ts';
import type { VerificationArea, VerificationMethod } from '../../../shared/schemas/trust.ts';
import type { organizationTypes } from '../../../shared/vocabulary.ts';

/** A column added later: optional when inserting, so older insert code keeps compiling. */
type Optional<T> = ColumnType<T | null, T | null | undefined, T | null>;

export interface OrganizationsTable {
  id: string;
  name: string;
  type: (typeof organizationTypes)[number];
  description: string;
  postcode: string;
  /** JSON array of domain codes. */
  domains: string;
  kvk_number: string | null;
  volunteer_declaration_date: string | null;
  verified_at: string | null;
  /** The platform admin who verified it, and how: kvk | oin | note, with the number and why (verification.ts). */
  verified_by?: string | null;
  verification_method?: VerificationMethod | null;
  verification_reference?: string | null;
  verification_note?: string | null;
  /** Public bodies: where their match rounds may reach, municipality | province. */
  verification_area?: VerificationArea | null;
  /** Who created it: the per-person creation limit counts these. */
  created_by?: string | null;
  /** 1: verified public bodies' match rounds may invite on this organisation's behalf (its own choice). */
  round_invites_allowed?: number;
  /** Set by a moderator: out of lists, and its needs out of search and matching. */
  hidden_at?: string | null;
  /** Its only owner erased their account: in the admins' queue, its needs out of search and matching. */
  orphaned_at?: string | null;
  volunteers: number | null;
  paid_staff: number | null;
  people_reached_per_year: number | null;
  /** JSON `{ subsidiesPct, donationsPct, ownIncomePct }` or null. */
  income_mix: string | null;
  /** JSON array of funder kinds (funds, municipality, …), self-reported. */
  main_funders: Optional<string>;
  /** starting | growing | established | renewing, self-reported. */
  life_phase: Optional<string>;
  /** JSON array of what it needs now: money, hands, materials, knowledge. */
  current_needs: Optional<string>;
  created_at: string;
  updated_at: string;
}

export interface MembershipsTable {
  organization_id: string;
  user_id: string;
  role: MemberRole;
  created_at: string;
}

/** An invitation to join (invitations.ts): the address only as SHA-256 of its lower-cased form. */
export interface OrganizationInvitationsTable {
  id: string;
  organization_id: string;
  email_hash: string;
  role: MemberRole;
  invited_by: string;
  reason: string;
  status: 'pending' | 'accepted' | 'declined';
  created_at: string;
  expires_at: string;
  answered_at: string | null;
}

/** A VOG or UWV certificate a coordinator saw, for one person at one organisation (screening.ts). */
export interface ScreeningRecordsTable {
  id: string;
  organization_id: string;
  user_id: string;
  kind: 'vog' | 'uwv';
  /** YYYY-MM-DD, the date on the certificate: it counts for a configured number of years from then. */
  certificate_date: string;
  /** VOG only: the screening profile on the certificate (e.g. "45 Onderwijs"), when given. */
  screening_profile: string | null;
  recorded_by: string;
  recorded_at: string;
}

export interface OrganizationsTables {
  organizations: OrganizationsTable;
  memberships: MembershipsTable;
  organization_invitations: OrganizationInvitationsTable;
  screening_records: ScreeningRecordsTable;
}

export type OrganizationRow = Selectable<OrganizationsTable>;
