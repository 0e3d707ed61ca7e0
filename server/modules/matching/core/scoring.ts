/**
 * How well a candidate fits a need: a weighted sum of factor scores in 0..1, each explained by a
 * reason the web translates (namespace `matching`). Pure; `nowMs` is passed in.
 *
 * Weights, and why (they sum to 1):
 * - skills 0.30 — whether the work gets done well depends most on being able to do it.
 * - distance 0.20 — travel is the main practical barrier for volunteering; close is local impact.
 * - availability 0.15 — a perfect fit who is never free does not help.
 * - language 0.10 — shared language makes the work go smoothly; newcomer-friendly needs waive it.
 * - compensation 0.10 — mismatches are excluded by a gate; this ranks the near-fits.
 * - kind 0.05 — equal kinds are the norm (retrieval filters on kind); hands↔knowledge is a weak fit.
 * - freshness 0.05 — prefer listings that are still alive, without burying good old ones.
 * - fairness 0.05 — a gentle boost for people who never had an engagement, so the same few are
 *   not always first; small enough never to outweigh a real difference in fit.
 * Unknown data (no skills asked, no availability stated…) scores a neutral 0.5 or 1 as documented
 * per factor, so missing profile fields neither hide nor promote anyone much.
 */
import { compensationFit, exclusionBeforePlace, kindFit, outsideRadius, travelDistanceKm } from './hard-rules.ts';
import { askedSkills, canonicalSkillSet } from './skills-related.ts';
import { popcount, type Factor, type MatchCandidate, type MatchNeed, type Reason, type ScoredMatch } from './types.ts';

export const weights: Readonly<Record<Factor, number>> = {
  skills: 0.3,
  distance: 0.2,
  availability: 0.15,
  language: 0.1,
  compensation: 0.1,
  kind: 0.05,
  freshness: 0.05,
  fairness: 0.05,
};

/** Remote work needs no travel, but loses the local tie: like someone nearby at a quarter of the radius. */
export const REMOTE_DISTANCE_SCORE = 0.8;
/** At the edge of the radius the place still fits: being within it is itself a match. */
export const EDGE_DISTANCE_SCORE = 0.2;
const DAY_MS = 86_400_000;
/** A listing's freshness halves every 30 days, never below 0.1. */
const FRESHNESS_HALF_LIFE_MS = 30 * DAY_MS;
const FRESHNESS_FLOOR = 0.1;

type Reasons = Reason[] | null;

/** Adds the reason `<factor>.<outcome>` (a key of the web's `matching` catalogue) when explaining. */
function explain(
  reasons: Reasons,
  factor: Factor,
  score: number,
  outcome: string,
  params: Reason['params'] = {},
): void {
  reasons?.push({ factor, score: roundScore(score), textKey: `${factor}.${outcome}`, params });
}

export function roundScore(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Share of the asked skills the candidate has: 1 each for the same skill (synonyms count), ½ for a related one. */
function skillsScore(need: MatchNeed, skills: readonly string[], reasons: Reasons): number {
  if (need.skills.length === 0) {
    explain(reasons, 'skills', 0.5, 'not_required');
    return 0.5;
  }
  const has = canonicalSkillSet(skills);
  let total = 0;
  let matched = 0;
  const matchedNames: string[] = [];
  const relatedNames: string[] = [];
  for (const asked of askedSkills(need.skills)) {
    if (has.has(asked.canonical)) {
      total += 1;
      matched += 1;
      if (reasons) matchedNames.push(asked.name);
      continue;
    }
    for (const r of asked.related) {
      if (has.has(r)) {
        total += 0.5;
        if (reasons) relatedNames.push(asked.name);
        break;
      }
    }
  }
  const score = total / need.skills.length;
  if (reasons) {
    if (matched === need.skills.length) explain(reasons, 'skills', score, 'all', { skills: matchedNames.join(', ') });
    else if (matched > 0)
      explain(reasons, 'skills', score, 'some', {
        skills: matchedNames.join(', '),
        matched,
        total: need.skills.length,
      });
    else if (relatedNames.length > 0) explain(reasons, 'skills', score, 'related', { skills: relatedNames.join(', ') });
    else explain(reasons, 'skills', score, 'none');
  }
  return score;
}

/** Linear from 1 at the door to 0.2 at the edge of the radius; remote work has its own fixed score. */
function distanceScore(need: MatchNeed, candidate: MatchCandidate, distance: number | null, reasons: Reasons): number {
  const local =
    distance !== null && distance <= candidate.radiusKm
      ? 1 - (1 - EDGE_DISTANCE_SCORE) * (candidate.radiusKm > 0 ? distance / candidate.radiusKm : 0)
      : 0;
  const remote = need.remote && candidate.remote ? REMOTE_DISTANCE_SCORE : 0;
  if (local >= remote && distance !== null) {
    if (reasons) explain(reasons, 'distance', local, 'within', { km: Math.round(distance * 10) / 10 });
    return local;
  }
  explain(reasons, 'distance', remote, 'remote');
  return remote;
}

/** Share of the need's weekly day parts the candidate is free; 0 when their date ranges do not meet. */
function availabilityScore(need: MatchNeed, candidate: MatchCandidate, reasons: Reasons): number {
  const disjoint =
    (need.endsAtMs !== null && candidate.availableFromMs !== null && need.endsAtMs < candidate.availableFromMs) ||
    (need.startsAtMs !== null && candidate.availableUntilMs !== null && candidate.availableUntilMs < need.startsAtMs);
  if (disjoint) {
    explain(reasons, 'availability', 0, 'dates_disjoint');
    return 0;
  }
  if (need.weeklySlots === null || need.weeklySlots === 0) {
    explain(reasons, 'availability', 1, 'flexible');
    return 1;
  }
  if (candidate.weeklySlots === null) {
    explain(reasons, 'availability', 0.5, 'unknown');
    return 0.5;
  }
  const total = popcount(need.weeklySlots);
  const shared = popcount(need.weeklySlots & candidate.weeklySlots);
  const score = shared / total;
  if (shared === total) explain(reasons, 'availability', score, 'all');
  else if (shared > 0) {
    if (reasons) explain(reasons, 'availability', score, 'some', { shared, total });
  } else explain(reasons, 'availability', score, 'none');
  return score;
}

/** 1 with a language in common (or when the need is newcomer-friendly or asks none), else 0. */
function languageScore(need: MatchNeed, candidate: MatchCandidate, reasons: Reasons): number {
  if (need.newcomerFriendly) {
    explain(reasons, 'language', 1, 'newcomer_friendly');
    return 1;
  }
  if (need.languages.length === 0) {
    explain(reasons, 'language', 1, 'not_required');
    return 1;
  }
  if (candidate.languages.length === 0) {
    explain(reasons, 'language', 0.5, 'unknown');
    return 0.5;
  }
  if (need.languages.some((l) => candidate.languages.includes(l))) {
    if (reasons)
      explain(reasons, 'language', 1, 'shared', {
        languages: need.languages.filter((l) => candidate.languages.includes(l)).join(', '),
      });
    return 1;
  }
  if (reasons) explain(reasons, 'language', 0, 'none', { languages: need.languages.join(', ') });
  return 0;
}

function compensationScore(need: MatchNeed, candidate: MatchCandidate, reasons: Reasons): number {
  const fit = compensationFit(need.compensation, candidate.compensationAccepted);
  if (fit === null) {
    explain(reasons, 'compensation', 0.5, 'unknown');
    return 0.5;
  }
  if (fit === 1) {
    if (reasons) explain(reasons, 'compensation', 1, `fits_${need.compensation}`);
  } else explain(reasons, 'compensation', fit, fit >= 0.5 ? 'acceptable' : 'poor');
  return fit;
}

function kindScore(need: MatchNeed, candidate: MatchCandidate, reasons: Reasons): number {
  const fit = kindFit(need.kind, candidate.kinds);
  explain(reasons, 'kind', fit, fit === 1 ? 'same' : 'related');
  return fit;
}

export function freshness(listedAtMs: number, nowMs: number): number {
  const age = nowMs - listedAtMs;
  return age <= 0 ? 1 : Math.max(FRESHNESS_FLOOR, 0.5 ** (age / FRESHNESS_HALF_LIFE_MS));
}

/** Mean freshness of both sides: for need → offers the need's part is constant, and vice versa. */
function freshnessScore(need: MatchNeed, candidate: MatchCandidate, nowMs: number, reasons: Reasons): number {
  const score = (freshness(need.listedAtMs, nowMs) + freshness(candidate.listedAtMs, nowMs)) / 2;
  explain(reasons, 'freshness', score, score >= 0.7 ? 'recent' : 'older');
  return score;
}

function fairnessScore(candidate: MatchCandidate, reasons: Reasons): number {
  const score = candidate.hasHadEngagement ? 0 : 1;
  explain(reasons, 'fairness', score, candidate.hasHadEngagement ? 'experienced' : 'first_chance');
  return score;
}

/** The skills factor of a candidate holding these skills (retrieval bounds scores with it). */
export function skillsFactor(need: MatchNeed, skills: readonly string[]): number {
  return skillsScore(need, skills, null);
}

/** Rounding of the final score may lift it by < 5·10⁻⁷ above an unrounded bound. */
export const BOUND_SLACK = 1e-6;

/**
 * The highest score a candidate with none of the asked skills (nor related ones) can reach: every
 * other factor perfect. Lets retrieval score skilled candidates first and skip the rest once K
 * of them beat this. A need that asks no skills gives no such bound.
 */
export function maxScoreWithoutSkills(need: MatchNeed): number {
  // A need that asks no skills scores everyone 0.5 on skills.
  return 1 - weights.skills * (need.skills.length === 0 ? 0.5 : 1);
}

/**
 * The highest distance factor of any candidate at least `minKm` away whose radius is at most
 * `maxRadiusKm`: the distance decays with d / radius, so the largest radius gives the bound.
 */
export function maxDistanceScore(need: MatchNeed, minKm: number, maxRadiusKm: number): number {
  const local = minKm > maxRadiusKm ? 0 : 1 - (1 - EDGE_DISTANCE_SCORE) * (maxRadiusKm > 0 ? minKm / maxRadiusKm : 0);
  return Math.max(local, need.remote ? REMOTE_DISTANCE_SCORE : 0);
}

function evaluate(
  need: MatchNeed,
  candidate: MatchCandidate,
  nowMs: number,
  reasons: Reasons,
  floor: number,
): number | null {
  if (exclusionBeforePlace(need, candidate, nowMs) !== null) return null;
  // Skills first (cheap, cached): when even perfect remaining factors cannot reach `floor`, stop
  // before any trigonometry. Exact: each factor is at most 1.
  const skills = weights.skills * skillsScore(need, candidate.skills, reasons);
  if (skills + (1 - weights.skills) + BOUND_SLACK < floor) return null;
  const distance = travelDistanceKm(need, candidate);
  if (outsideRadius(need, candidate, distance)) return null;
  const place = weights.distance * distanceScore(need, candidate, distance, reasons);
  if (skills + place + (1 - weights.skills - weights.distance) + BOUND_SLACK < floor) return null;
  const total =
    skills +
    place +
    weights.availability * availabilityScore(need, candidate, reasons) +
    weights.language * languageScore(need, candidate, reasons) +
    weights.compensation * compensationScore(need, candidate, reasons) +
    weights.kind * kindScore(need, candidate, reasons) +
    weights.freshness * freshnessScore(need, candidate, nowMs, reasons) +
    weights.fairness * fairnessScore(candidate, reasons);
  return roundScore(Math.min(1, Math.max(0, total)));
}

/**
 * The score of a pair with its reasons, strongest contribution first; null when a hard rule
 * excludes the pair (see hard-rules.ts).
 */
export function score(need: MatchNeed, candidate: MatchCandidate, nowMs: number): ScoredMatch | null {
  const reasons: Reason[] = [];
  const value = evaluate(need, candidate, nowMs, reasons, -Infinity);
  if (value === null) return null;
  reasons.sort((a, b) => weights[b.factor] * b.score - weights[a.factor] * a.score);
  return { score: value, reasons };
}

/**
 * The same score without building reasons: for ranking many pairs, explaining only the winners.
 * With `floor` (the worst score still in a top-K), pairs that provably cannot reach it return null
 * early, which skips most of the work in a large ranking.
 */
export function scoreValue(
  need: MatchNeed,
  candidate: MatchCandidate,
  nowMs: number,
  floor = -Infinity,
): number | null {
  return evaluate(need, candidate, nowMs, null, floor);
}
