import type { Selectable } from 'kysely';
import type { ReportStatus, ReportTargetType } from '../../../shared/schemas/trust.ts';

/** A report of content by a signed-in person, and the moderator's outcome (status + decision_*). */
export interface ReportsTable {
  id: string;
  reporter_id: string;
  target_type: ReportTargetType;
  target_id: string;
  author_id: string | null;
  reason: string;
  status: ReportStatus;
  decision_reason: string | null;
  decided_by: string | null;
  decided_at: string | null;
  created_at: string;
}

export interface ModerationTables {
  reports: ReportsTable;
}

export type ReportRow = Selectable<ReportsTable>;
