import type { Selectable } from 'kysely';
import type { LoanStatus } from '../../../shared/schemas/loans.ts';

/** Something a person or an organisation lends out (migration 0752); only the PC4 area is kept. */
export interface LendableItemsTable {
  id: string;
  owner_type: 'person' | 'organization';
  owner_id: string;
  title: string;
  description: string;
  value_per_day_cents: number;
  loan_days: number;
  pc4: string;
  place: string;
  status: 'available' | 'on_loan' | 'retired';
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** One loan of an item; ownership never moves, the use is recorded as in-kind value. */
export interface LoansTable {
  id: string;
  item_id: string;
  borrower_id: string;
  status: LoanStatus;
  message: string;
  handed_over_at: string | null;
  handover_condition: string | null;
  due_at: string | null;
  returned_at: string | null;
  return_condition: string | null;
  reminders: number;
  reminded_at: string | null;
  inkind_cents: number | null;
  settlement_outcome: 'time_credits' | 'write_off' | null;
  settlement_minutes: number | null;
  settlement_note: string | null;
  settlement_proposed_by: 'lender' | 'borrower' | null;
  created_at: string;
  updated_at: string;
}

export interface LoansTables {
  lendable_items: LendableItemsTable;
  loans: LoansTable;
}

export type LendableItemRow = Selectable<LendableItemsTable>;
export type LoanRow = Selectable<LoansTable>;
