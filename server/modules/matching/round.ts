/**
 * Ranking and match rounds on top of scoring, hard rules and the assignment. Pure: the service
 * loads the listings, maps them onto MatchNeed/MatchCandidate, and calls these.
 */
import { assignOptimal, type Assignment } from './assignment.ts';
import { CandidateIndex } from './candidate-index.ts';
import { score, scoreValue } from './scoring.ts';
import type { MatchCandidate, MatchNeed, ScoredMatch } from './types.ts';

export interface Ranked<T> {
  item: T;
  score: number;
}

/**
 * The `limit` best-scoring items, best first (ties by id, so pages are stable), skipping those a
 * hard rule excludes. A bounded min-heap keeps this O(n log limit) without sorting everything.
 */
export function topK<T extends { id: string }>(items: Iterable<T>, limit: number, scoreOf: (item: T) => number | null): Ranked<T>[] {
  const heap: Ranked<T>[] = [];
  // "a is worse than b": lower score, or equal score and later id.
  const worse = (a: Ranked<T>, b: Ranked<T>) => a.score < b.score || (a.score === b.score && a.item.id > b.item.id);
  const swap = (i: number, j: number) => {
    const t = heap[i] as Ranked<T>;
    heap[i] = heap[j] as Ranked<T>;
    heap[j] = t;
  };
  const siftDown = (start: number) => {
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && worse(heap[l] as Ranked<T>, heap[m] as Ranked<T>)) m = l;
      if (r < heap.length && worse(heap[r] as Ranked<T>, heap[m] as Ranked<T>)) m = r;
      if (m === i) return;
      swap(i, m);
      i = m;
    }
  };
  if (limit <= 0) return [];
  for (const item of items) {
    const s = scoreOf(item);
    if (s === null) continue;
    const entry = { item, score: s };
    if (heap.length < limit) {
      heap.push(entry);
      for (let i = heap.length - 1; i > 0; ) {
        const p = (i - 1) >> 1;
        if (!worse(heap[i] as Ranked<T>, heap[p] as Ranked<T>)) break;
        swap(i, p);
        i = p;
      }
    } else if (worse(heap[0] as Ranked<T>, entry)) {
      heap[0] = entry;
      siftDown(0);
    }
  }
  return heap.sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0));
}

/** The best candidates for a need, with reasons (only the winners are explained). */
export function matchesForNeed(need: MatchNeed, candidates: Iterable<MatchCandidate>, limit: number, nowMs: number): (ScoredMatch & { candidate: MatchCandidate })[] {
  return topK(candidates, limit, (c) => scoreValue(need, c, nowMs)).map(({ item }) => {
    const explained = score(need, item, nowMs);
    if (!explained) throw new Error('a ranked candidate cannot be excluded');
    return { candidate: item, ...explained };
  });
}

/** The best needs for a candidate (an offer, or a person's "suggestions for me"), with reasons. */
export function needsForCandidate(candidate: MatchCandidate, needs: Iterable<MatchNeed>, limit: number, nowMs: number): (ScoredMatch & { need: MatchNeed })[] {
  return topK(needs, limit, (n) => scoreValue(n, candidate, nowMs)).map(({ item }) => {
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
  const edges = input.needs.flatMap(({ need }) =>
    topK(index.candidatesFor(need), input.candidatesPerNeed, (c) => scoreValue(need, c, input.nowMs)).map(({ item, score: s }) => ({
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
