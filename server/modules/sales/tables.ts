import type { Selectable } from 'kysely';
import type { PriceUnit, SaleStatus } from '../../../shared/schemas/sales.ts';
import type { DomainCode } from '../../../shared/vocabulary.ts';

/** An initiative's product or service for a price (migration 0751). */
export interface ServiceOffersTable {
  id: string;
  organization_id: string;
  title: string;
  description: string;
  domain: DomainCode;
  price_unit: PriceUnit;
  price_cents: number;
  /** Full postcode: shown only to the initiative's managers; everyone else sees `pc4` and `place`. */
  postcode: string;
  pc4: string;
  place: string;
  radius_km: number;
  availability: string;
  capacity_per_month: number | null;
  status: 'open' | 'closed';
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** One order or quote request through an offer; its ledger lines are written at confirmation. */
export interface SalesTable {
  id: string;
  service_offer_id: string;
  seller_id: string;
  buyer_type: 'person' | 'organization';
  buyer_id: string;
  ordered_by: string;
  mode: 'order' | 'quote';
  quantity: number;
  message: string;
  price_cents: number | null;
  work_minutes: number | null;
  status: SaleStatus;
  created_at: string;
  updated_at: string;
  confirmed_at: string | null;
}

/** An initiative's self-reported other income (subsidies, donations) for a year. */
export interface OrganizationIncomeYearsTable {
  organization_id: string;
  year: number;
  subsidies_cents: number;
  donations_cents: number;
  declared_by: string;
  declared_at: string;
}

export interface SalesTables {
  service_offers: ServiceOffersTable;
  sales: SalesTable;
  organization_income_years: OrganizationIncomeYearsTable;
}

export type ServiceOfferRow = Selectable<ServiceOffersTable>;
export type SaleRow = Selectable<SalesTable>;
