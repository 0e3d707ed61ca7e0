import type {
  CreateNeedBody,
  CreateOfferBody,
  UpdateNeedBody,
  UpdateOfferBody,
} from '../../../../shared/schemas/listings.ts';
import { request } from './client.ts';
import { checkedLater, parsedWith } from './lazy-schema.ts';

// Fetched with zod when first used (lazy-schema.ts): the search is the start page's first request.
const schemas = () => import('../../../../shared/schemas/listings.ts');
const needPage = checkedLater(() => schemas().then((m) => m.needPage));
const offerPage = checkedLater(() => schemas().then((m) => m.offerPage));
const needResponse = parsedWith(() => schemas().then((m) => m.needResponse));
const offerResponse = parsedWith(() => schemas().then((m) => m.offerResponse));
const myListingsResponse = parsedWith(() => schemas().then((m) => m.myListingsResponse));

const needPath = (id: string) => `/needs/${encodeURIComponent(id)}`;
const offerPath = (id: string) => `/offers/${encodeURIComponent(id)}`;

/** Typed calls for needs and offers (docs/API.md, Listings), parsed with the shared response schemas. */
export const listingsApi = {
  searchNeeds: (query: URLSearchParams) => request('GET', `/needs?${query}`, needPage),
  searchOffers: (query: URLSearchParams) => request('GET', `/offers?${query}`, offerPage),
  need: (id: string) => request('GET', needPath(id), needResponse).then((r) => r.need),
  createNeed: (body: CreateNeedBody) => request('POST', '/needs', needResponse, body).then((r) => r.need),
  updateNeed: (id: string, body: UpdateNeedBody) =>
    request('PATCH', needPath(id), needResponse, body).then((r) => r.need),
  closeNeed: (id: string) => request('POST', `${needPath(id)}/close`, needResponse).then((r) => r.need),
  offer: (id: string) => request('GET', offerPath(id), offerResponse).then((r) => r.offer),
  createOffer: (body: CreateOfferBody) => request('POST', '/offers', offerResponse, body).then((r) => r.offer),
  updateOffer: (id: string, body: UpdateOfferBody) =>
    request('PATCH', offerPath(id), offerResponse, body).then((r) => r.offer),
  closeOffer: (id: string) => request('POST', `${offerPath(id)}/close`, offerResponse).then((r) => r.offer),
  myListings: (query: { needsCursor?: string | undefined; offersCursor?: string | undefined } = {}) => {
    const search = new URLSearchParams({ limit: '20' });
    if (query.needsCursor) search.set('needsCursor', query.needsCursor);
    if (query.offersCursor) search.set('offersCursor', query.offersCursor);
    return request('GET', `/me/listings?${search}`, myListingsResponse);
  },
};
