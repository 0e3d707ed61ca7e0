/**
 * Match quality you can defend (issue 10, item 4). Pure.
 *
 * - `MIN_MATCH_SCORE`: below it nothing is suggested, listed as a match or proposed in a round. A
 *   pair that shares none of the asked skills (nor a related one) scores at most 0.7 however close,
 *   free and willing the candidate is (skills weigh 0.3; `maxScoreWithoutSkills`) — that is what
 *   made "front gardens ↔ bookkeeping, 54 %" appear. The bar sits just above: when a need asks
 *   skills, only someone holding one of them, or a related one, is suggested. On the gold set
 *   (tests/fixtures/match-gold.json; figures in docs/ARCHITECTURE.md, Matching quality) it lets
 *   every pair labelled good through and none labelled bad.
 * - `ROUND_PRESELECT_SCORE`: round proposals below it start unticked — pairs with only some of the
 *   skills, a weak language or compensation fit, or far within the radius. The coordinator reads
 *   their reasons and ticks them on purpose.
 */
export const MIN_MATCH_SCORE = 0.71;
export const ROUND_PRESELECT_SCORE = 0.8;

export function worthSuggesting(score: number): boolean {
  return score >= MIN_MATCH_SCORE;
}

export function preselected(score: number): boolean {
  return score >= ROUND_PRESELECT_SCORE;
}
