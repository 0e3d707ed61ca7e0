import type { Selectable } from 'kysely';

/** A match round: the optimal assignment of a region's open needs and offers at one moment. */
export interface MatchRoundsTable {
  id: string;
  created_by: string | null;
  /** The public organisation the creator ran it for; null when an admin ran it. */
  organization_id: string | null;
  /** The postcode the region is centred on, as given. */
  near: string;
  lat: number;
  lng: number;
  radius_km: number;
  kind: string | null;
  need_count: number;
  offer_count: number;
  total_score: number;
  created_at: string;
}

/** One pairing of a round; `engagement_id` is set once it became an invitation. */
export interface MatchProposalsTable {
  id: string;
  round_id: string;
  position: number;
  need_id: string;
  offer_id: string;
  units: number;
  score: number;
  /** JSON array of the core's reasons the pair was proposed for. */
  reasons: string;
  engagement_id: string | null;
  invited_at: string | null;
  /** Set while the pairing waits for the need's organisation to send it (it did not let the round invite for it). */
  proposed_to_organization_at?: string | null;
}

export interface MatchingTables {
  match_rounds: MatchRoundsTable;
  match_proposals: MatchProposalsTable;
}

export type MatchRoundRow = Selectable<MatchRoundsTable>;
export type MatchProposalRow = Selectable<MatchProposalsTable>;
