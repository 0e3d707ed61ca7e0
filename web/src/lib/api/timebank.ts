import { peopleResponse } from '../../../../shared/schemas/accounts.ts';
import {
  creditRequestPage,
  creditRequestResponse,
  type CreateCreditRequestBody,
} from '../../../../shared/schemas/credit-requests.ts';
import { request } from './client.ts';

/** Typed calls for the timebank between people (docs/API.md: people and requests for time credits). */
export const timebankApi = {
  /** People who may be found, by part of their display name (at least 2 characters). */
  findPeople: (q: string) =>
    request('GET', `/people?q=${encodeURIComponent(q)}&limit=10`, peopleResponse).then((r) => r.items),
  ask: (body: CreateCreditRequestBody) =>
    request('POST', '/credit-requests', creditRequestResponse, body).then((r) => r.request),
  requests: () => request('GET', '/credit-requests?limit=50', creditRequestPage),
  answer: (id: string, action: 'accept' | 'decline') =>
    request('POST', `/credit-requests/${encodeURIComponent(id)}/${action}`, creditRequestResponse).then(
      (r) => r.request,
    ),
};
