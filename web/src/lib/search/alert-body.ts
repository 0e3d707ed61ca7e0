import { MAX_ALERT_RADIUS_KM, type SavedSearchBody } from '../../../../shared/schemas/alerts.ts';
import { nearPostcode, type SearchState } from './search-query.ts';

/**
 * "Tell me when…": the filters of the search on screen that an alert keeps (kind, domain, distance
 * from a postcode, newcomer-friendly, compensation). Words and languages are not kept. Pure.
 */
export function alertBodyFrom(search: SearchState): SavedSearchBody {
  const near = nearPostcode(search);
  return {
    kinds: [...search.kind],
    domains: [...search.domain],
    compensation: [...search.compensation],
    newcomerFriendly: search.newcomerFriendly,
    ...(near ? { near, radiusKm: Math.min(search.radiusKm, MAX_ALERT_RADIUS_KM) } : {}),
  };
}
