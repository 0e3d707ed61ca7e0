import { savedSearchesResponse, savedSearchResponse, type SavedSearchBody } from '../../../../shared/schemas/alerts.ts';
import { request } from './client.ts';

export const alertsApi = {
  save: (body: SavedSearchBody) =>
    request('POST', '/me/saved-searches', savedSearchResponse, body).then((r) => r.savedSearch),
  list: () => request('GET', '/me/saved-searches', savedSearchesResponse).then((r) => r.items),
  remove: (id: string) => request('DELETE', `/me/saved-searches/${encodeURIComponent(id)}`, null),
};
