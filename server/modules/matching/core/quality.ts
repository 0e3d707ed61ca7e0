/**
 * Match quality you can defend (issue 10, item 4). Pure.
 *
 * - `MIN_MATCH_SCORE`: below it nothing is suggested, listed as a match or proposed in a round. A
 *   pair that shares none of the asked skills but is close, free and of the same kind scores up to
 *   about 0.6 (skills weigh 0.3), which is what made "front gardens ↔ bookkeeping, 54 %" appear;
 *   the bar sits above such pairs and below every pair labelled good in the gold set
 *   (tests/fixtures/match-gold.json; figures in docs/ARCHITECTURE.md, Matching quality).
 * - `ROUND_PRESELECT_SCORE`: round proposals below it start unticked — the coordinator reads their
 *   reasons and ticks them on purpose.
 */
export const MIN_MATCH_SCORE = 0.6;
export const ROUND_PRESELECT_SCORE = 0.72;

export function worthSuggesting(score: number): boolean {
  return score >= MIN_MATCH_SCORE;
}

export function preselected(score: number): boolean {
  return score >= ROUND_PRESELECT_SCORE;
}
