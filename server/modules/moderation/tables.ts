import type { Selectable } from 'kysely';

/** A report of content by a signed-in person, and the moderator's outcome (status + decision_*). */
export interface ReportsTable {
  id: string;
  reporter_id: string;
  /** listing | message | profile | organization */
  target_type: string;
  target_id: string;
  author_id: string | null;
  reason: string;
  /** open | hidden | restored */
  status: string;
  decision_reason: string | null;
  decided_by: string | null;
  decided_at: string | null;
  created_at: string;
}

export interface ModerationTables {
  reports: ReportsTable;
}

export type ReportRow = Selectable<ReportsTable>;
