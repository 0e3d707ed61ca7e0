export interface SavedSearchesTable {
  id: string;
  user_id: string;
  /** JSON arrays; empty: any. */
  kinds: string;
  domains: string;
  compensation: string;
  newcomer_friendly: number;
  postcode: string | null;
  lat: number | null;
  lng: number | null;
  radius_km: number | null;
  created_at: string;
}

/** The index: which searches a need in `cell` of `kind` may concern (`*`: anywhere / any kind). */
export interface SavedSearchCellsTable {
  cell: string;
  kind: string;
  search_id: string;
}

export interface AlertsTables {
  saved_searches: SavedSearchesTable;
  saved_search_cells: SavedSearchCellsTable;
}
