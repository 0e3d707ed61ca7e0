import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MIN_MATCH_SCORE } from '../../server/modules/matching/core/quality.ts';
import { scoreValue } from '../../server/modules/matching/core/scoring.ts';
import type { MatchCandidate, MatchNeed } from '../../server/modules/matching/core/types.ts';
import { DAY, NOW } from '../helpers/matching.ts';

/**
 * The scorer against tests/fixtures/match-gold.json: labelled need/candidate pairs. For each need its
 * labelled candidates are ranked by score (pairs a hard rule excludes are never suggested, so they
 * rank last), then
 * - precision@5: the share of the top 5 labelled good or acceptable;
 * - nDCG@10: gains good 2, acceptable 1, bad 0, discounted by log2(rank + 1), over the ideal order;
 * both averaged over the needs. The floors are the figures recorded in docs/ARCHITECTURE.md
 * (Matching quality) when the set was made: a change to weights, rules or skills that ranks the
 * set worse fails here.
 */
const PRECISION_AT_5_FLOOR = 1.0;
const NDCG_AT_10_FLOOR = 0.99;

type Label = 'good' | 'acceptable' | 'bad';
interface Gold {
  needs: (Partial<MatchNeed> & { id: string })[];
  candidates: (Partial<MatchCandidate> & { id: string })[];
  pairs: { need: string; candidate: string; label: Label; why: string }[];
}

const gold = JSON.parse(readFileSync(new URL('../fixtures/match-gold.json', import.meta.url), 'utf8')) as Gold;

const needDefaults: Omit<MatchNeed, 'id'> = {
  kind: 'hands',
  skills: [],
  languages: [],
  location: null,
  remote: false,
  weeklySlots: null,
  startsAtMs: null,
  endsAtMs: null,
  compensation: 'unpaid',
  requiresVog: false,
  openToAsylumSeekers: true,
  workPermitArranged: false,
  newcomerFriendly: false,
  listedAtMs: NOW - 3 * DAY,
  status: 'open',
};
const candidateDefaults: Omit<MatchCandidate, 'id'> = {
  type: 'offer',
  kinds: ['hands'],
  skills: [],
  languages: [],
  location: null,
  remote: false,
  radiusKm: 10,
  weeklySlots: null,
  availableFromMs: null,
  availableUntilMs: null,
  compensationAccepted: [],
  mayDoPaidWork: 'unknown',
  vogVerified: false,
  hasHadEngagement: false,
  listedAtMs: NOW - 3 * DAY,
  status: 'open',
};
const needs = new Map(gold.needs.map((n) => [n.id, { ...needDefaults, ...n } satisfies MatchNeed]));
const candidates = new Map(gold.candidates.map((c) => [c.id, { ...candidateDefaults, ...c } satisfies MatchCandidate]));
const gain: Record<Label, number> = { good: 2, acceptable: 1, bad: 0 };

interface Scored {
  candidate: string;
  label: Label;
  score: number | null;
}

function scoredPairs(): Map<string, Scored[]> {
  const byNeed = new Map<string, Scored[]>();
  for (const pair of gold.pairs) {
    const need = needs.get(pair.need);
    const candidate = candidates.get(pair.candidate);
    if (!need || !candidate)
      throw new Error(`gold pair ${pair.need} / ${pair.candidate} names an unknown need or candidate`);
    const list = byNeed.get(pair.need) ?? [];
    list.push({ candidate: pair.candidate, label: pair.label, score: scoreValue(need, candidate, NOW) });
    byNeed.set(pair.need, list);
  }
  return byNeed;
}

const dcg = (gains: readonly number[]) => gains.reduce((sum, g, i) => sum + g / Math.log2(i + 2), 0);

/** Precision@5 and nDCG@10 averaged over the needs; excluded pairs rank last (never suggested). */
export function evaluate(byNeed: Map<string, Scored[]>): { precisionAt5: number; ndcgAt10: number } {
  let precision = 0;
  let ndcg = 0;
  for (const list of byNeed.values()) {
    const ranked = [...list].sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || (a.candidate < b.candidate ? -1 : 1));
    precision += ranked.slice(0, 5).filter((s) => s.score !== null && s.label !== 'bad').length / 5;
    const ideal = dcg(
      list
        .map((s) => gain[s.label])
        .sort((a, b) => b - a)
        .slice(0, 10),
    );
    ndcg += ideal === 0 ? 1 : dcg(ranked.slice(0, 10).map((s) => (s.score === null ? 0 : gain[s.label]))) / ideal;
  }
  return { precisionAt5: precision / byNeed.size, ndcgAt10: ndcg / byNeed.size };
}

describe('the scorer on the gold set', () => {
  const byNeed = scoredPairs();

  it('holds at least 150 labelled pairs', () => {
    expect(gold.pairs.length).toBeGreaterThanOrEqual(150);
    expect(new Set(gold.pairs.map((p) => `${p.need}|${p.candidate}`)).size).toBe(gold.pairs.length);
  });

  it('ranks good and acceptable candidates first: precision@5 and nDCG@10 at or above the recorded figures', () => {
    const { precisionAt5, ndcgAt10 } = evaluate(byNeed);
    console.info(
      `match gold set: ${gold.pairs.length} pairs over ${byNeed.size} needs; precision@5 = ${precisionAt5.toFixed(3)}, nDCG@10 = ${ndcgAt10.toFixed(3)}`,
    );
    expect(precisionAt5).toBeGreaterThanOrEqual(PRECISION_AT_5_FLOOR);
    expect(ndcgAt10).toBeGreaterThanOrEqual(NDCG_AT_10_FLOOR);
  });

  it('the minimum score keeps out every pair labelled bad and lets every good pair through', () => {
    const all = [...byNeed.values()].flat();
    const suggested = (s: Scored) => s.score !== null && s.score >= MIN_MATCH_SCORE;
    const share = (label: Label) => {
      const labelled = all.filter((s) => s.label === label);
      return labelled.filter(suggested).length / labelled.length;
    };
    const pct = (x: number) => `${(x * 100).toFixed(0)} %`;
    console.info(
      `minimum score ${MIN_MATCH_SCORE}: suggested ${pct(share('good'))} of good pairs, ${pct(share('acceptable'))} of acceptable, ${pct(share('bad'))} of bad`,
    );
    expect(share('good')).toBe(1);
    expect(share('acceptable')).toBeGreaterThanOrEqual(0.9);
    expect(share('bad')).toBe(0);
  });

  it('the metrics notice a bad ranking (the test can fail)', () => {
    const reversed = new Map(
      [...byNeed].map(([id, list]) => [id, list.map((s) => ({ ...s, score: s.score === null ? null : 1 - s.score }))]),
    );
    const worse = evaluate(reversed);
    expect(worse.precisionAt5).toBeLessThan(PRECISION_AT_5_FLOOR);
    expect(worse.ndcgAt10).toBeLessThan(NDCG_AT_10_FLOOR);
  });
});
