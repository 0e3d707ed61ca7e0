import type { Selectable } from 'kysely';
import type { EngagementStatus } from '../../../shared/engagement-vocabulary.ts';
import type { HelpCategory, helpRequestStatuses } from '../../../shared/schemas/neighbours.ts';

/** A personal request for help between neighbours; only the PC4 area is kept (migration 0750). */
export interface HelpRequestsTable {
  id: string;
  requester_id: string;
  title: string;
  description: string;
  category: HelpCategory;
  pc4: string;
  place: string;
  minutes_estimate: number;
  status: (typeof helpRequestStatuses)[number];
  created_at: string;
  updated_at: string;
}

/** A neighbour's offer to help with a request, through the engagement flow (requester = organisation side). */
export interface HelpEngagementsTable {
  id: string;
  request_id: string;
  requester_id: string;
  helper_id: string;
  status: EngagementStatus;
  message: string;
  /** TIME reserved from the requester at acceptance and still pending. */
  reserved_minutes: number;
  logged_minutes: number;
  logged_date: string | null;
  confirmed_minutes: number | null;
  created_at: string;
  updated_at: string;
}

/** Time credits an organisation gave a person who cannot earn them; the ledger transfer is `transfer_id`. */
export interface SponsorshipsTable {
  id: string;
  organization_id: string;
  recipient_id: string;
  sponsored_by: string;
  minutes: number;
  reason: string;
  transfer_id: string;
  created_at: string;
}

export interface NeighboursTables {
  help_requests: HelpRequestsTable;
  help_engagements: HelpEngagementsTable;
  sponsorships: SponsorshipsTable;
}

export type HelpRequestRow = Selectable<HelpRequestsTable>;
export type HelpEngagementRow = Selectable<HelpEngagementsTable>;
export type SponsorshipRow = Selectable<SponsorshipsTable>;
