import type { Selectable } from 'kysely';

/** A business's social-return obligation from a public contract (migration 0753). */
export interface SocialReturnObligationsTable {
  id: string;
  organization_id: string;
  buyer_name: string;
  /** Lower-cased buyer name: the rules are per buyer. */
  buyer_key: string;
  contract_reference: string;
  target_cents: number | null;
  /** A percentage in hundredths (5 % = 500), so it stays an integer. */
  target_pct_hundredths: number | null;
  /** BIGINT: contract values pass 2^31 cents; PostgreSQL answers it as text, read with Number(). */
  contract_value_cents: number | string | null;
  period_from: string;
  period_to: string;
  created_by: string;
  created_at: string;
}

/** Valuation rules a business set for one buyer. */
export interface SocialReturnRulesTable {
  organization_id: string;
  buyer_key: string;
  volunteer_hour_cents: number;
  pro_bono_hour_cents: number;
  purchase_pct: number;
  materials_pct: number;
  updated_by: string;
  updated_at: string;
}

/** An issued statement: the signed payload (canonical JSON) and its compact JWS. */
export interface SocialReturnStatementsTable {
  code: string;
  obligation_id: string;
  payload: string;
  signature: string;
  kid: string;
  issued_at: string;
}

export interface SocialReturnTables {
  social_return_obligations: SocialReturnObligationsTable;
  social_return_rules: SocialReturnRulesTable;
  social_return_statements: SocialReturnStatementsTable;
}

export type ObligationRow = Selectable<SocialReturnObligationsTable>;
export type RulesRow = Selectable<SocialReturnRulesTable>;
