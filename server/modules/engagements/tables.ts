import type { Selectable } from 'kysely';
import type { EngagementKind, EngagementSide, EngagementStatus } from '../../../shared/engagement-vocabulary.ts';
import type { CompensationType } from '../../../shared/schemas/listings.ts';
import type { EurKind } from './ledger-plan.ts';

export interface EngagementsTable {
  id: string;
  need_id: string;
  offer_id: string | null;
  /** The need's organisation (denormalised for authorisation and lists). */
  organization_id: string;
  kind: EngagementKind;
  status: EngagementStatus;
  proposed_by: Exclude<EngagementSide, 'system'>;
  /** The person who applied or invited; null for engagements from before it was recorded. */
  proposer_user_id?: string | null;
  /** A verified public body whose match round invited on the need's organisation's behalf (with its consent). */
  proposed_via_organization_id?: string | null;
  worker_user_id: string;
  /** A business the worker acts for (B2C offer); the ledger credits it instead of the person. */
  worker_organization_id: string | null;
  compensation_type: CompensationType;
  hourly_rate_cents: number | null;
  allowance_cents: number | null;
  min_age: number | null;
  estimate_minutes: number | null;
  reserved_minutes: number;
  logged_minutes: number;
  confirmed_minutes: number | null;
  unit: string | null;
  pledged_quantity: number | null;
  delivered_quantity: number | null;
  confirmed_quantity: number | null;
  inkind_value_cents: number | null;
  eur_cents: number | null;
  eur_kind: EurKind | null;
  /** YYYY-MM (Europe/Amsterdam) of a recorded allowance. */
  allowance_month: string | null;
  dispute_reason: string | null;
  end_reason_key: string | null;
  ended_by: string | null;
  created_at: string;
  updated_at: string;
  accepted_at: string | null;
  completed_at: string | null;
}

/** Hours logged (kind `hours`) and deliveries (kind `delivery`), one row per report. */
export interface EngagementLogsTable {
  id: string;
  engagement_id: string;
  kind: 'hours' | 'delivery';
  minutes: number | null;
  quantity: number | null;
  date: string;
  note: string | null;
  created_by: string;
  created_at: string;
}

export interface EngagementMessagesTable {
  id: string;
  engagement_id: string;
  /** Null for a step the platform records; its text is then a message key. */
  author_id: string | null;
  type: 'person' | 'system';
  text: string;
  created_at: string;
  /** Hidden by a moderator: left out of the conversation. */
  hidden_at?: string | null;
}

export interface EngagementsTables {
  engagements: EngagementsTable;
  engagement_logs: EngagementLogsTable;
  engagement_messages: EngagementMessagesTable;
}

export type EngagementRow = Selectable<EngagementsTable>;
export type EngagementLogRow = Selectable<EngagementLogsTable>;
