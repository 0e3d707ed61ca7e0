import type { Selectable } from 'kysely';

export interface RestoresTable {
  id: string;
  backup_file: string;
  started_at: string;
  finished_at: string | null;
  status: 'restoring' | 'verified' | 'failed';
  report: string | null;
}

export type RestoreRow = Selectable<RestoresTable>;

export interface OperationsTables {
  restores: RestoresTable;
}
