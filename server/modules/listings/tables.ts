import type { Selectable } from 'kysely';
import type {
  B2cType,
  CompensationType,
  ListingKind,
  ListingStatus,
  materialsModes,
} from '../../../shared/schemas/listings.ts';

/** What a row stores: `expired` is computed from ends_at at read time. */
export type StoredListingStatus = Exclude<ListingStatus, 'expired'>;
type MaterialsMode = (typeof materialsModes)[number];

/** The columns needs and offers share. Lists inside a row are JSON text (for display); filters use the join tables. */
export interface ListingColumns {
  id: string;
  created_by: string | null;
  kind: ListingKind;
  title: string;
  description: string;
  domains: string;
  skills: string;
  languages: string;
  /** Full postcode as given; shown publicly only as PC4 and place. */
  postcode: string | null;
  /** The PC4 centroid, indexed for the distance prefilter. */
  lat: number | null;
  lng: number | null;
  /** floor(lat / 0.05): the location index's first column (location.ts). */
  lat_strip: number | null;
  remote: number;
  ends_at: string | null;
  quantity: number | null;
  unit: string | null;
  materials_mode: MaterialsMode | null;
  newcomer_friendly: number;
  status: StoredListingStatus;
  /** Normalised words for full-text search (see search-text.ts). */
  search_title: string;
  search_body: string;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  /** Set by a moderator (moderation module): out of search and matching at once. */
  hidden_at?: string | null;
}

/** A need posted by an organisation. */
export interface NeedsTable extends ListingColumns {
  organization_id: string;
  starts_at: string | null;
  hours_estimate: number | null;
  people_needed: number | null;
  compensation_type: CompensationType;
  hourly_rate_cents: number | null;
  allowance_cents: number | null;
  requires_vog: number;
  min_age: number | null;
  open_to_asylum_seekers: number;
  work_permit_arranged: number;
}

/** An offer by a person (owner_user_id) or a business organisation (organization_id). */
export interface OffersTable extends ListingColumns {
  owner_user_id: string | null;
  organization_id: string | null;
  b2c_type: B2cType | null;
  radius_km: number | null;
  /** JSON availability (weekly slots or dates) or null. */
  availability: string | null;
  available_until: string | null;
  /** When the offer reads as expired: available_until, else the day after the last available date. */
  ends_at: string | null;
  /** JSON array of compensation types. */
  compensation_accepted: string;
  capacity_hours_per_month: number | null;
}

export interface NeedValueTable {
  need_id: string;
}
export interface OfferValueTable {
  offer_id: string;
}

export interface ListingsTables {
  needs: NeedsTable;
  need_domains: NeedValueTable & { domain: string };
  need_languages: NeedValueTable & { language: string };
  need_skills: NeedValueTable & { skill: string };
  offers: OffersTable;
  offer_domains: OfferValueTable & { domain: string };
  offer_languages: OfferValueTable & { language: string };
  offer_skills: OfferValueTable & { skill: string };
  offer_compensations: OfferValueTable & { compensation: string };
}

export type NeedRow = Selectable<NeedsTable>;
export type OfferRow = Selectable<OffersTable>;
