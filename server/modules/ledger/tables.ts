import type { Selectable } from 'kysely';
import type { LedgerUnit, OwnerType } from '../../../shared/schemas/ledger.ts';
import type { Phase } from './rules.ts';

/** An account per (owner, unit) with TigerBeetle's four cached counters, kept in the same transaction as transfers. */
export interface LedgerAccountsTable {
  id: string;
  owner_type: OwnerType;
  owner_id: string;
  unit: LedgerUnit;
  /** Lowest balance allowed, pending debits counted; null = none (only TIME accounts carry one). */
  floor: number | null;
  debits_pending: number;
  debits_posted: number;
  credits_pending: number;
  credits_posted: number;
  created_at: string;
}

/** Append-only (triggers refuse UPDATE and DELETE): posting or voiding adds a row that references the pending one. */
export interface LedgerTransfersTable {
  id: string;
  seq: number;
  group_id: string;
  phase: Phase;
  debit_account_id: string;
  credit_account_id: string;
  amount: number;
  unit: LedgerUnit;
  kind: string;
  pending_id: string | null;
  expires_at: string | null;
  corrects_id: string | null;
  reference_type: string | null;
  reference_id: string | null;
  actor_id: string | null;
  created_at: string;
}

/** Append-only: `hash = SHA-256(prev_hash ‖ entry)`; entries hold opaque ids and amounts only. */
export interface LedgerJournalTable {
  seq: number;
  /** The entry's text; for a transfer only TRANSFER_TAG (rules.ts): its row is the entry the hash covers. */
  entry: string;
  prev_hash: string;
  hash: string;
}

export interface LedgerHeadTable {
  id: number;
  seq: number;
  hash: string;
}

/** Personal data outside the chain: erasable. */
export interface LedgerMemosTable {
  transfer_id: string;
  author_id: string | null;
  memo: string;
}

/** A request for time credits from one person to another (credit-requests.ts). */
export interface CreditRequestsTable {
  id: string;
  requester_user_id: string;
  payer_user_id: string;
  amount_minutes: number;
  memo: string | null;
  status: 'pending' | 'accepted' | 'declined';
  transfer_id: string | null;
  created_at: string;
  answered_at: string | null;
}

export interface LedgerTables {
  credit_requests: CreditRequestsTable;
  ledger_accounts: LedgerAccountsTable;
  ledger_transfers: LedgerTransfersTable;
  ledger_journal: LedgerJournalTable;
  ledger_head: LedgerHeadTable;
  ledger_memos: LedgerMemosTable;
}

export type LedgerAccountRow = Selectable<LedgerAccountsTable>;
export type LedgerTransferRow = Selectable<LedgerTransfersTable>;
