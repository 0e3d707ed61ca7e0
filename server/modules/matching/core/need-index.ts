/**
 * The reverse direction, candidate → needs (an offer's matches, "suggestions for me"), in memory:
 * the open, visible needs of the instance in 0.05° grid cells (slot numbers in Int32Arrays) and a
 * list of remote needs. For a candidate it returns the needs in the box of its radius, and every
 * remote need when it works remotely: the very set the SQL path (`repository.needsFor`) reads,
 * less nothing the scorer would keep — the box holds the whole radius, and beyond it only
 * remote work can bridge (hard-rules.ts `outsideRadius`); kinds, ends and the person's answers
 * are left to the scorer, which applies them to every pair anyway. Pure, no I/O.
 *
 * Needs are far fewer than offers (20,000 at national scale): each is kept as its mapped
 * `MatchNeed`, parsed once (weekly slots from its dates need time-zone arithmetic) instead of on
 * every request.
 */
import { boundingBox } from '../../../../shared/geo.ts';
import { cellKey, CELL_DEG, SlotList } from './candidate-index.ts';
import type { MatchCandidate, MatchNeed } from './types.ts';

export interface IndexedNeed {
  need: MatchNeed;
  organizationId: string;
}

export class NeedIndex {
  readonly #needs: (IndexedNeed | null)[] = [];
  readonly #slotById = new Map<string, number>();
  readonly #cells = new Map<number, SlotList>();
  readonly #remote = new SlotList();
  /** Extent of the occupied cells, so a large radius never walks empty cells. */
  #extent = { minLat: Infinity, maxLat: -Infinity, minLng: Infinity, maxLng: -Infinity };
  #seen = new Int32Array(0);
  #query = 0;
  #dead = 0;

  get size(): number {
    return this.#slotById.size;
  }

  /** Slots left behind by changed or removed needs. */
  get deadSlots(): number {
    return this.#dead;
  }

  /** Adds or replaces a need (the caller passes only open, visible ones). */
  put(entry: IndexedNeed): void {
    this.remove(entry.need.id);
    const slot = this.#needs.length;
    this.#needs.push(entry);
    this.#slotById.set(entry.need.id, slot);
    const location = entry.need.location;
    if (location) {
      const lat = Math.floor(location.lat / CELL_DEG);
      const lng = Math.floor(location.lng / CELL_DEG);
      const e = this.#extent;
      e.minLat = Math.min(e.minLat, lat);
      e.maxLat = Math.max(e.maxLat, lat);
      e.minLng = Math.min(e.minLng, lng);
      e.maxLng = Math.max(e.maxLng, lng);
      const key = cellKey(lat, lng);
      let cell = this.#cells.get(key);
      if (!cell) this.#cells.set(key, (cell = new SlotList()));
      cell.push(slot);
    }
    if (entry.need.remote) this.#remote.push(slot);
  }

  remove(id: string): void {
    const slot = this.#slotById.get(id);
    if (slot === undefined) return;
    this.#needs[slot] = null;
    this.#slotById.delete(id);
    this.#dead++;
  }

  /** The needs worth scoring for a candidate (see the header), each once. */
  needsFor(candidate: MatchCandidate): IndexedNeed[] {
    if (this.#seen.length < this.#needs.length) this.#seen = new Int32Array(Math.max(1024, this.#needs.length * 2));
    const query = ++this.#query;
    const out: IndexedNeed[] = [];
    const take = (list: SlotList) => {
      for (let i = 0; i < list.length; i++) {
        const slot = list.data[i] as number;
        const entry = this.#needs[slot];
        if (!entry || this.#seen[slot] === query) continue;
        this.#seen[slot] = query;
        out.push(entry);
      }
    };
    if (candidate.location) {
      const box = boundingBox(candidate.location, candidate.radiusKm);
      const e = this.#extent;
      const lat1 = Math.min(e.maxLat, Math.floor(box.maxLat / CELL_DEG));
      const lng1 = Math.min(e.maxLng, Math.floor(box.maxLng / CELL_DEG));
      for (let la = Math.max(e.minLat, Math.floor(box.minLat / CELL_DEG)); la <= lat1; la++) {
        for (let ln = Math.max(e.minLng, Math.floor(box.minLng / CELL_DEG)); ln <= lng1; ln++) {
          const cell = this.#cells.get(cellKey(la, ln));
          if (!cell) continue;
          for (let i = 0; i < cell.length; i++) {
            const slot = cell.data[i] as number;
            const entry = this.#needs[slot];
            const at = entry?.need.location;
            // The cell may reach beyond the box: keep exactly the box, as the SQL path does.
            if (
              !entry ||
              !at ||
              this.#seen[slot] === query ||
              at.lat < box.minLat ||
              at.lat > box.maxLat ||
              at.lng < box.minLng ||
              at.lng > box.maxLng
            )
              continue;
            this.#seen[slot] = query;
            out.push(entry);
          }
        }
      }
    }
    if (candidate.remote) take(this.#remote);
    return out;
  }
}
