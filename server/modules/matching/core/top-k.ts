/** Keeping the K best of a stream: a bounded min-heap, O(n log K), with stable ties by id. */

export interface Ranked<T> {
  item: T;
  score: number;
}

/** "a ranks below b": lower score, or the same score and a later id (so pages are stable). */
function below<T extends { id: string }>(a: Ranked<T>, b: Ranked<T>): boolean {
  return a.score < b.score || (a.score === b.score && a.item.id > b.item.id);
}

export class TopK<T extends { id: string }> {
  private readonly heap: Ranked<T>[] = [];

  constructor(private readonly limit: number) {}

  /** The score an item must reach to enter (−∞ until K items are kept): a floor for early cut-offs. */
  get floor(): number {
    return this.limit <= 0 ? Infinity : this.heap.length < this.limit ? -Infinity : (this.heap[0] as Ranked<T>).score;
  }

  add(item: T, score: number): void {
    if (this.limit <= 0) return;
    const heap = this.heap;
    const entry = { item, score };
    if (heap.length < this.limit) {
      heap.push(entry);
      let i = heap.length - 1;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!below(entry, heap[p] as Ranked<T>)) break;
        heap[i] = heap[p] as Ranked<T>;
        i = p;
      }
      heap[i] = entry;
      return;
    }
    if (!below(heap[0] as Ranked<T>, entry)) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= heap.length) break;
      const r = l + 1;
      const c = r < heap.length && below(heap[r] as Ranked<T>, heap[l] as Ranked<T>) ? r : l;
      if (!below(heap[c] as Ranked<T>, entry)) break;
      heap[i] = heap[c] as Ranked<T>;
      i = c;
    }
    heap[i] = entry;
  }

  /** The kept items, best first. */
  result(): Ranked<T>[] {
    return [...this.heap].sort((a, b) => (below(a, b) ? 1 : below(b, a) ? -1 : 0));
  }
}

/**
 * The `limit` best-scoring items, best first, skipping those `scoreOf` returns null for. `scoreOf`
 * receives the current floor and may return null for an item that cannot reach it.
 */
export function topK<T extends { id: string }>(
  items: Iterable<T>,
  limit: number,
  scoreOf: (item: T, floor: number) => number | null,
): Ranked<T>[] {
  const top = new TopK<T>(limit);
  for (const item of items) {
    const s = scoreOf(item, top.floor);
    if (s !== null) top.add(item, s);
  }
  return top.result();
}
