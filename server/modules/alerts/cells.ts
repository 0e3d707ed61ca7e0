/**
 * The area cells of the alert index (pure). The Netherlands is cut into cells of 0.2° latitude ×
 * 0.3° longitude (about 22 × 20 km); a saved search with a postcode and a radius is filed under
 * every cell its circle's bounding box touches, a search without one under `*`. A new need is then
 * looked up under its own cell and `*` only, and the few candidates are checked exactly.
 */
import { boundingBox, distanceKm, type LatLng } from '../../../shared/geo.ts';

export const CELL_LAT = 0.2;
export const CELL_LNG = 0.3;
export const ANYWHERE = '*';
export const ANY_KIND = '*';

export function cellOf(p: LatLng): string {
  return `${Math.floor(p.lat / CELL_LAT)}:${Math.floor(p.lng / CELL_LNG)}`;
}

/** Every cell a circle can reach (its bounding box's cells). */
export function cellsCovering(center: LatLng, radiusKm: number): string[] {
  const box = boundingBox(center, radiusKm);
  const cells: string[] = [];
  for (let i = Math.floor(box.minLat / CELL_LAT); i <= Math.floor(box.maxLat / CELL_LAT); i++) {
    for (let j = Math.floor(box.minLng / CELL_LNG); j <= Math.floor(box.maxLng / CELL_LNG); j++)
      cells.push(`${i}:${j}`);
  }
  return cells;
}

export interface AlertSearch {
  kinds: readonly string[];
  domains: readonly string[];
  compensation: readonly string[];
  newcomerFriendly: boolean;
  center: LatLng | null;
  radiusKm: number | null;
}

export interface AlertNeed {
  kind: string;
  domains: readonly string[];
  compensation: string;
  newcomerFriendly: boolean;
  location: LatLng | null;
}

/** The exact check after the index lookup: the search page's filters, applied to one new need. */
export function searchMatches(search: AlertSearch, need: AlertNeed): boolean {
  if (search.kinds.length > 0 && !search.kinds.includes(need.kind)) return false;
  if (search.domains.length > 0 && !search.domains.some((d) => need.domains.includes(d))) return false;
  if (search.compensation.length > 0 && !search.compensation.includes(need.compensation)) return false;
  if (search.newcomerFriendly && !need.newcomerFriendly) return false;
  if (search.center && search.radiusKm !== null) {
    if (!need.location) return false;
    if (distanceKm(search.center, need.location) > search.radiusKm) return false;
  }
  return true;
}

/** The index rows of a search: its cells × its kinds. */
export function indexEntries(
  search: Pick<AlertSearch, 'kinds' | 'center' | 'radiusKm'>,
): { cell: string; kind: string }[] {
  const cells = search.center && search.radiusKm !== null ? cellsCovering(search.center, search.radiusKm) : [ANYWHERE];
  const kinds = search.kinds.length > 0 ? search.kinds : [ANY_KIND];
  return cells.flatMap((cell) => kinds.map((kind) => ({ cell, kind })));
}
