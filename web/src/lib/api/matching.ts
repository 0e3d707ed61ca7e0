import type { CreateMatchRoundBody, MatchReason } from '../../../../shared/schemas/matching.ts';
import {
  inviteResponse,
  needMatchesResponse,
  offerMatchesResponse,
  roundPage,
  roundResponse,
} from '../../../../shared/schemas/matching.ts';
import type { ApiError } from './client.ts';
import { request } from './client.ts';

const needPath = (id: string) => `/needs/${encodeURIComponent(id)}`;
const roundPath = (id: string) => `/match-rounds/${encodeURIComponent(id)}`;

/** Typed calls for matching (docs/API.md, Matching), parsed with the shared response schemas. */
export const matchingApi = {
  forNeed: (needId: string, limit = 20) =>
    request('GET', `${needPath(needId)}/matches?limit=${limit}`, offerMatchesResponse).then((r) => r.items),
  forOffer: (offerId: string, limit = 20) =>
    request('GET', `/offers/${encodeURIComponent(offerId)}/matches?limit=${limit}`, needMatchesResponse).then(
      (r) => r.items,
    ),
  suggestions: (limit = 6) =>
    request('GET', `/me/suggestions?limit=${limit}`, needMatchesResponse).then((r) => r.items),
  rounds: (cursor?: string) =>
    request('GET', `/match-rounds?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, roundPage),
  round: (id: string) => request('GET', roundPath(id), roundResponse).then((r) => r.round),
  runRound: (body: CreateMatchRoundBody) => request('POST', '/match-rounds', roundResponse, body).then((r) => r.round),
  invite: (roundId: string, proposalIds: string[]) =>
    request('POST', `${roundPath(roundId)}/invite`, inviteResponse, { proposalIds }).then((r) => r.results),
};

/** On equal scores, the factors that say most about this pair come first ("same kind" says little). */
const telling: readonly MatchReason['factor'][] = [
  'skills',
  'distance',
  'availability',
  'language',
  'compensation',
  'fairness',
  'freshness',
  'kind',
];

/** The strongest reasons first: what a person reads on a small card is why it fits best. */
export function topReasons(reasons: readonly MatchReason[], count: number): MatchReason[] {
  return [...reasons]
    .sort((a, b) => b.score - a.score || telling.indexOf(a.factor) - telling.indexOf(b.factor))
    .slice(0, count);
}

/** How far apart the pair is, in km: the listing's own distance, else the one the distance reason names. */
export function distanceOf(
  listing: { distanceKm?: number | null | undefined },
  reasons: readonly MatchReason[],
): number | null {
  if (listing.distanceKm != null) return listing.distanceKm;
  const km = reasons.find((r) => r.factor === 'distance')?.params.km;
  return typeof km === 'number' ? km : null;
}

/** A score 0..1 as a whole percentage, never above 100 or below 0. */
export function percent(score: number): number {
  return Math.round(Math.min(1, Math.max(0, score)) * 100);
}

/** Why an invitation was refused, as a catalogue key: the common cases in words, the rest by error code. */
export function inviteRefusalKey(err: Pick<ApiError, 'code' | 'details' | 'fields'>): string {
  if (err.code === 'conflict') return 'matches.refused.already';
  if (err.code === 'rule_refused' && 'mayDoPaidWork' in err.details) return 'matches.refused.paidWork';
  if (err.code === 'rule_refused' && 'status' in err.details) return 'matches.refused.notOpen';
  if (err.code === 'not_found') return 'matches.refused.notOpen';
  return `errors.${err.code}`;
}
