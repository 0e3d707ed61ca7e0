/**
 * Ranking and match rounds on top of scoring, hard rules and the assignment. Pure: the service
 * loads the listings, maps them onto MatchNeed/MatchCandidate, and calls these.
 */
import { assignOptimal, type Assignment } from './assignment.ts';
import { CandidateIndex } from './candidate-index.ts';
import { score, scoreValue } from './scoring.ts';
import { topK } from './top-k.ts';
import type { MatchCandidate, MatchNeed, ScoredMatch } from './types.ts';

/** The best candidates for a need, with reasons (only the winners are explained). */
export function matchesForNeed(
  need: MatchNeed,
  candidates: Iterable<MatchCandidate>,
  limit: number,
  nowMs: number,
): (ScoredMatch & { candidate: MatchCandidate })[] {
  return topK(candidates, limit, (c, floor) => scoreValue(need, c, nowMs, floor)).map(({ item }) => {
    const explained = score(need, item, nowMs);
    if (!explained) throw new Error('a ranked candidate cannot be excluded');
    return { candidate: item, ...explained };
  });
}

/** The best needs for a candidate (an offer, or a person's "suggestions for me"), with reasons. */
export function needsForCandidate(
  candidate: MatchCandidate,
  needs: Iterable<MatchNeed>,
  limit: number,
  nowMs: number,
): (ScoredMatch & { need: MatchNeed })[] {
  return topK(needs, limit, (n, floor) => scoreValue(n, candidate, nowMs, floor)).map(({ item }) => {
    const explained = score(item, candidate, nowMs);
    if (!explained) throw new Error('a ranked need cannot be excluded');
    return { need: item, ...explained };
  });
}

export interface RoundInput {
  needs: readonly { need: MatchNeed; /** places or quantity still open */ capacity: number }[];
  candidates: readonly {
    candidate: MatchCandidate;
    /** units this candidate can give in the round (needs a person can take on, items, seconded staff) */
    capacity: number;
    /** units one need may take from it: 1 for a person, more for a business's staff or materials */
    unitsPerNeed?: number;
  }[];
  /** Candidates kept per need before the assignment (the graph's sparsity); 20–50 is plenty. */
  candidatesPerNeed: number;
  nowMs: number;
  /** Pairs that may score but can never become an engagement (e.g. an organisation's own people). */
  excluded?: (needId: string, candidateId: string) => boolean;
  /** Pairs scoring below this are never proposed (quality.ts `MIN_MATCH_SCORE`). */
  minScore?: number;
}

/**
 * A match round: the top candidates per need from the in-memory index, then the assignment with
 * the highest total score under all capacities. Ids of needs and candidates must be unique.
 */
export function planMatchRound(input: RoundInput): Assignment {
  const index = new CandidateIndex(
    input.candidates.map((c) => c.candidate),
    input.nowMs,
  );
  const unitsPerNeed = new Map(input.candidates.map((c) => [c.candidate.id, c.unitsPerNeed ?? 1]));
  const excluded = input.excluded;
  const edges = input.needs.flatMap(({ need }) =>
    index
      .topFor(need, input.candidatesPerNeed, input.nowMs)
      .filter(({ item, score: s }) => s >= (input.minScore ?? -Infinity) && !excluded?.(need.id, item.id))
      .map(({ item, score: s }) => ({
        needId: need.id,
        offerId: item.id,
        score: s,
        capacity: unitsPerNeed.get(item.id) ?? 1,
      })),
  );
  return assignOptimal({
    needs: input.needs.map(({ need, capacity }) => ({ id: need.id, capacity })),
    offers: input.candidates.map(({ candidate, capacity }) => ({ id: candidate.id, capacity })),
    edges,
  });
}
