/**
 * Optimal assignment for match rounds: choose how many units (people, items) of each need go to
 * each offer so that the total score is as high as possible, never exceeding a need's places, an
 * offer's capacity or an edge's capacity. Not greedy: a need may give up its first choice when that
 * lets two others be served better.
 *
 * Method: maximum-weight b-matching as a min-cost circulation (cost = −score, an edge t→s of cost 0
 * lets any flow value be chosen), solved by successive shortest paths in the style of the
 * Hungarian method, one need at a time. With needs 1..k−1 optimal, need k is added; while the
 * cheapest residual path from k back to the source has negative cost (positive gain), it is
 * augmented. Such a path ends either at an offer with spare capacity or by taking one unit away
 * from another need (which may then be unserved). Dijkstra runs on reduced costs with node
 * potentials (Johnson) and stops as soon as the exit is reached; only the nodes it finalised get
 * new potentials (π += d − D), which keeps every reduced cost non-negative. Adding a need and
 * augmenting along shortest paths until the gain is ≤ 0 keeps the residual graph free of negative
 * cycles, i.e. the solution optimal at every step (the classical SSP lemma); the property tests
 * compare it with brute force.
 *
 * Scores become integers (score × 10⁶) so sums and potentials are exact in float64 (< 2⁵³).
 * Cost: one early-stopped Dijkstra per augmentation over a sparse graph (top-K edges per need),
 * usually touching only a few nodes when offers are plentiful.
 */

export const SCORE_SCALE = 1_000_000;

export interface AssignmentNeed {
  id: string;
  /** People needed or quantity still open. */
  capacity: number;
}
export interface AssignmentOffer {
  id: string;
  /** How many units the offer can give in this round (people, items, places). */
  capacity: number;
}
export interface AssignmentEdge {
  needId: string;
  offerId: string;
  /** The pair's score in 0..1; edges that round to 0 are ignored (they cannot add anything). */
  score: number;
  /** Units this pair may exchange; default 1 (one person fills one place). */
  capacity?: number;
}
export interface AssignmentInput {
  needs: readonly AssignmentNeed[];
  offers: readonly AssignmentOffer[];
  edges: readonly AssignmentEdge[];
}
export interface Proposal {
  needId: string;
  offerId: string;
  units: number;
  score: number;
}
export interface Assignment {
  /** In need order, then offer order. */
  proposals: Proposal[];
  /** Σ units × score. */
  totalScore: number;
  /** Σ units × round(score × 10⁶): exact, for comparisons. */
  totalWeight: number;
}

/** Binary min-heap of (key, node) with lazy deletion: stale entries are skipped when popped. */
class MinHeap {
  private keys = new Float64Array(1024);
  private nodes = new Int32Array(1024);
  size = 0;

  clear(): void {
    this.size = 0;
  }

  push(key: number, node: number): void {
    if (this.size === this.keys.length) {
      const keys = new Float64Array(this.size * 2);
      keys.set(this.keys);
      this.keys = keys;
      const nodes = new Int32Array(this.size * 2);
      nodes.set(this.nodes);
      this.nodes = nodes;
    }
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pk = this.keys[parent] as number;
      if (pk <= key) break;
      this.keys[i] = pk;
      this.nodes[i] = this.nodes[parent] as number;
      i = parent;
    }
    this.keys[i] = key;
    this.nodes[i] = node;
  }

  /** Removes the minimum; returns its node. `lastKey` holds its key. */
  lastKey = 0;
  pop(): number {
    const top = this.nodes[0] as number;
    this.lastKey = this.keys[0] as number;
    const n = --this.size;
    if (n > 0) {
      const key = this.keys[n] as number;
      const node = this.nodes[n] as number;
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= n) break;
        const right = child + 1;
        if (right < n && (this.keys[right] as number) < (this.keys[child] as number)) child = right;
        const ck = this.keys[child] as number;
        if (ck >= key) break;
        this.keys[i] = ck;
        this.nodes[i] = this.nodes[child] as number;
        i = child;
      }
      this.keys[i] = key;
      this.nodes[i] = node;
    }
    return top;
  }
}

function checkCapacity(what: string, id: string, capacity: number): void {
  if (!Number.isSafeInteger(capacity) || capacity < 0)
    throw new RangeError(`${what} ${id}: capacity must be a whole number ≥ 0`);
}

/** The assignment with the highest total score; ties broken by the order of the input. */
export function assignOptimal(input: AssignmentInput): Assignment {
  const N = input.needs.length;
  const M = input.offers.length;
  const EXIT = N + M;
  const V = N + M + 1;

  const needIndex = new Map<string, number>();
  const needCap = new Int32Array(N);
  input.needs.forEach((need, i) => {
    checkCapacity('need', need.id, need.capacity);
    if (needIndex.has(need.id)) throw new RangeError(`need ${need.id} listed twice`);
    needIndex.set(need.id, i);
    needCap[i] = need.capacity;
  });
  const offerIndex = new Map<string, number>();
  const offerCap = new Int32Array(M);
  input.offers.forEach((offer, j) => {
    checkCapacity('offer', offer.id, offer.capacity);
    if (offerIndex.has(offer.id)) throw new RangeError(`offer ${offer.id} listed twice`);
    offerIndex.set(offer.id, j);
    offerCap[j] = offer.capacity;
  });

  // Useful edges only, grouped by need (CSR), then indexed by offer for the reverse direction.
  const kept: { need: number; offer: number; weight: number; cap: number; score: number }[] = [];
  const seen = new Set<string>();
  for (const edge of input.edges) {
    const i = needIndex.get(edge.needId);
    const j = offerIndex.get(edge.offerId);
    if (i === undefined || j === undefined)
      throw new RangeError(`edge ${edge.needId}→${edge.offerId} names an unknown need or offer`);
    const pair = `${i}:${j}`;
    if (seen.has(pair)) throw new RangeError(`edge ${edge.needId}→${edge.offerId} listed twice`);
    seen.add(pair);
    const edgeCap = edge.capacity ?? 1;
    checkCapacity('edge', pair, edgeCap);
    if (!(edge.score >= 0 && edge.score <= 1))
      throw new RangeError(`edge ${edge.needId}→${edge.offerId}: score must be in 0..1`);
    const weight = Math.round(edge.score * SCORE_SCALE);
    const cap = Math.min(edgeCap, needCap[i] as number, offerCap[j] as number);
    if (weight > 0 && cap > 0) kept.push({ need: i, offer: j, weight, cap, score: edge.score });
  }
  kept.sort((a, b) => a.need - b.need || a.offer - b.offer);
  const E = kept.length;
  const eNeed = new Int32Array(E);
  const eOffer = new Int32Array(E);
  const eWeight = new Float64Array(E);
  const eCap = new Int32Array(E);
  const eFlow = new Int32Array(E);
  const needStart = new Int32Array(N + 1);
  const offerStart = new Int32Array(M + 1);
  kept.forEach((e, k) => {
    eNeed[k] = e.need;
    eOffer[k] = e.offer;
    eWeight[k] = e.weight;
    eCap[k] = e.cap;
    needStart[e.need + 1] = (needStart[e.need + 1] as number) + 1;
    offerStart[e.offer + 1] = (offerStart[e.offer + 1] as number) + 1;
  });
  for (let i = 0; i < N; i++) needStart[i + 1] = (needStart[i + 1] as number) + (needStart[i] as number);
  for (let j = 0; j < M; j++) offerStart[j + 1] = (offerStart[j + 1] as number) + (offerStart[j] as number);
  const offerEdges = new Int32Array(E);
  const fill = offerStart.slice(0, M);
  for (let k = 0; k < E; k++) {
    const j = eOffer[k] as number;
    const at = fill[j] as number;
    offerEdges[at] = k;
    fill[j] = at + 1;
  }

  const needUsed = new Int32Array(N);
  const offerUsed = new Int32Array(M);
  // Potentials: offers and the exit start at 0 (all reduced costs offer→exit are 0); a need gets
  // its potential when it is added. Reduced cost of u→v: cost + π(u) − π(v) ≥ 0 on every edge
  // Dijkstra explores.
  const pot = new Float64Array(V);
  const dist = new Float64Array(V);
  const reached = new Int32Array(V); // search stamp when dist[v] is valid
  const done = new Int32Array(V); // search stamp when v is finalised
  const prevNode = new Int32Array(V);
  const prevEdge = new Int32Array(V);
  const finalised = new Int32Array(V);
  const heap = new MinHeap();
  let stamp = 0;
  let totalWeight = 0;

  // Needs with the strongest best edge first: fewer displacements later. Order does not change the optimum.
  const bestWeight = new Float64Array(N);
  for (let k = 0; k < E; k++)
    bestWeight[eNeed[k] as number] = Math.max(bestWeight[eNeed[k] as number] as number, eWeight[k] as number);
  const order = Array.from({ length: N }, (_, i) => i).sort(
    (a, b) => (bestWeight[b] as number) - (bestWeight[a] as number) || a - b,
  );

  for (const source of order) {
    const first = needStart[source] as number;
    const last = needStart[source + 1] as number;
    if (first === last || needCap[source] === 0) continue;
    // Adding the need: the smallest potential that makes all its outgoing reduced costs ≥ 0.
    let p = -Infinity;
    for (let e = first; e < last; e++)
      p = Math.max(p, (pot[N + (eOffer[e] as number)] as number) + (eWeight[e] as number));
    pot[source] = p;

    while ((needUsed[source] as number) < (needCap[source] as number)) {
      stamp++;
      heap.clear();
      let count = 0;
      dist[source] = 0;
      reached[source] = stamp;
      prevNode[source] = -1;
      heap.push(0, source);
      let exitReached = false;
      while (heap.size > 0) {
        const u = heap.pop();
        const du = heap.lastKey;
        if (done[u] === stamp || du > (dist[u] as number)) continue;
        if (u === EXIT) {
          exitReached = true;
          break;
        }
        done[u] = stamp;
        finalised[count++] = u;
        const pu = pot[u] as number;
        if (u < N) {
          if (u !== source && (needUsed[u] as number) > 0) {
            // Take one unit away from need u: path ends (reverse of its source edge, cost 0).
            const nd = du + pu - (pot[EXIT] as number);
            if (reached[EXIT] !== stamp || nd < (dist[EXIT] as number)) {
              reached[EXIT] = stamp;
              dist[EXIT] = nd;
              prevNode[EXIT] = u;
              heap.push(nd, EXIT);
            }
          }
          const end = needStart[u + 1] as number;
          for (let e = needStart[u] as number; e < end; e++) {
            if ((eFlow[e] as number) >= (eCap[e] as number)) continue;
            const v = N + (eOffer[e] as number);
            const nd = du - (eWeight[e] as number) + pu - (pot[v] as number);
            if (done[v] !== stamp && (reached[v] !== stamp || nd < (dist[v] as number))) {
              reached[v] = stamp;
              dist[v] = nd;
              prevNode[v] = u;
              prevEdge[v] = e;
              heap.push(nd, v);
            }
          }
        } else {
          const j = u - N;
          if ((offerUsed[j] as number) < (offerCap[j] as number)) {
            const nd = du + pu - (pot[EXIT] as number);
            if (reached[EXIT] !== stamp || nd < (dist[EXIT] as number)) {
              reached[EXIT] = stamp;
              dist[EXIT] = nd;
              prevNode[EXIT] = u;
              heap.push(nd, EXIT);
            }
          }
          const end = offerStart[j + 1] as number;
          for (let x = offerStart[j] as number; x < end; x++) {
            const e = offerEdges[x] as number;
            if ((eFlow[e] as number) <= 0) continue;
            const v = eNeed[e] as number;
            const nd = du + (eWeight[e] as number) + pu - (pot[v] as number);
            if (done[v] !== stamp && (reached[v] !== stamp || nd < (dist[v] as number))) {
              reached[v] = stamp;
              dist[v] = nd;
              prevNode[v] = u;
              prevEdge[v] = e;
              heap.push(nd, v);
            }
          }
        }
      }
      if (!exitReached) break;
      const D = dist[EXIT] as number;
      const cost = D - (pot[source] as number) + (pot[EXIT] as number);
      if (cost >= 0) break; // no gain left for this need: serving it more would lower the total

      // Bottleneck along the path, then augment.
      let units = (needCap[source] as number) - (needUsed[source] as number);
      const end = prevNode[EXIT] as number;
      units = Math.min(
        units,
        end < N ? (needUsed[end] as number) : (offerCap[end - N] as number) - (offerUsed[end - N] as number),
      );
      for (let v = end; v !== source; v = prevNode[v] as number) {
        const e = prevEdge[v] as number;
        units = Math.min(units, v >= N ? (eCap[e] as number) - (eFlow[e] as number) : (eFlow[e] as number));
      }
      needUsed[source] = (needUsed[source] as number) + units;
      if (end < N) needUsed[end] = (needUsed[end] as number) - units;
      else offerUsed[end - N] = (offerUsed[end - N] as number) + units;
      for (let v = end; v !== source; v = prevNode[v] as number) {
        const e = prevEdge[v] as number;
        eFlow[e] = (eFlow[e] as number) + (v >= N ? units : -units);
      }
      totalWeight -= cost * units;

      // π += d − D on finalised nodes (equivalent to π += min(d, D) up to a constant).
      for (let x = 0; x < count; x++) {
        const v = finalised[x] as number;
        pot[v] = (pot[v] as number) + (dist[v] as number) - D;
      }
    }
  }

  const proposals: Proposal[] = [];
  const needTotal = new Int32Array(N);
  const offerTotal = new Int32Array(M);
  let checkWeight = 0;
  for (let e = 0; e < E; e++) {
    const units = eFlow[e] as number;
    if (units === 0) continue;
    const i = eNeed[e] as number;
    const j = eOffer[e] as number;
    if (units < 0 || units > (eCap[e] as number)) throw new Error('assignment: edge capacity broken');
    needTotal[i] = (needTotal[i] as number) + units;
    offerTotal[j] = (offerTotal[j] as number) + units;
    checkWeight += units * (eWeight[e] as number);
    const edge = kept[e];
    if (!edge) throw new Error('assignment: edge lost');
    proposals.push({
      needId: (input.needs[i] as AssignmentNeed).id,
      offerId: (input.offers[j] as AssignmentOffer).id,
      units,
      score: edge.score,
    });
  }
  for (let i = 0; i < N; i++)
    if ((needTotal[i] as number) > (needCap[i] as number)) throw new Error('assignment: need capacity broken');
  for (let j = 0; j < M; j++)
    if ((offerTotal[j] as number) > (offerCap[j] as number)) throw new Error('assignment: offer capacity broken');
  if (checkWeight !== totalWeight) throw new Error('assignment: total weight does not add up');
  return { proposals, totalScore: totalWeight / SCORE_SCALE, totalWeight };
}
