import type { Selectable } from 'kysely';

/** One admin or coordinator act; rows are never changed or deleted (triggers refuse it, migration 0540). */
export interface AuditLogTable {
  id: string;
  actor_id: string;
  action: string;
  object_type: string;
  object_id: string;
  organization_id: string | null;
  reason: string;
  /** JSON object of the act's facts. */
  details: string;
  created_at: string;
}

export interface AuditTables {
  audit_log: AuditLogTable;
}

export type AuditRow = Selectable<AuditLogTable>;
