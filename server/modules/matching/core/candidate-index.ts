/**
 * Candidate generation: which candidates are worth scoring for a need. Never a full scan.
 *
 * Retrieval design
 * ----------------
 * The hard rules already say most pairs are impossible: wrong kind, closed, or out of reach. So
 * candidates are narrowed by what the rules and the strongest factors make certain, then scored
 * by the precomputed scorer (features.ts: arithmetic on typed arrays), then the top K kept:
 *
 * 1. Kind: a need only meets candidates whose kind can fit (same kind; hands and knowledge meet).
 * 2. Status: only open listings that have not ended.
 * 3. Place: an on-site need only meets candidates whose own radius reaches it. Candidates are
 *    grouped per kind into radius tiers (≤ 5, 10, 25, 50, 100 km, beyond) and 0.05° grid cells.
 *    For each tier the cells in the need's bounding box for the tier's largest radius are taken,
 *    each with the best score any candidate in it could reach (its nearest point at the tier's
 *    largest radius, every other factor perfect). Cells are visited best bound first — the
 *    nearest first — and the walk stops as soon as a cell's bound cannot beat the current K-th
 *    score: exact, and a dense city never scores its far side.
 * 4. Remote: a remote need also meets remote candidates anywhere. There can be many, so when the
 *    need asks skills only remote candidates with one of those skills are taken; a remote need
 *    that asks none takes all of them. This is the one place retrieval is narrower than the
 *    scorer: a remote candidate with none of the skills asked scores at most 0.7 and is never a
 *    top match while skilled ones exist.
 *
 * Two retrievals share this structure:
 * - `round` (a match round's index, built from the candidates it loaded): every candidate in a
 *   visited cell is scored; remote candidates anywhere are found by an asked or related canonical
 *   skill. Scores are exact, the owners' answers included.
 * - `database` (the instance's offer index, matching-index.ts): the same candidates as the SQL path
 *   of retrieval.ts — in a cell only those within their own radius; remote ones anywhere by an
 *   asked spelling as stored in `offer_skills` (`storedSkillNames`). The index's copy of the
 *   owners' answers may be behind the database, so it gives upper bounds (`boundsFor`) and the
 *   caller checks the best against the database rows.
 *
 * Memory: the candidates' features in typed arrays (features.ts); cells and lists hold slot
 * numbers in Int32Arrays. A changed candidate gets a new slot; the old one stays in its lists,
 * dead, until the owner rebuilds (`deadSlots`).
 */
import { boundingBox, type LatLng } from '../../../../shared/geo.ts';
import { CandidateFeatures, kindBits, NeedQuery } from './features.ts';
import { BOUND_SLACK, maxDistanceScore, maxScoreWithoutSkills, weights } from './scoring.ts';
import { askedSkills, storedSkillNames } from './skills-related.ts';
import type { Ranked } from './top-k.ts';
import type { ListingKind, MatchCandidate, MatchNeed } from './types.ts';

/** Grid cell size in degrees: ~5.5 km north–south, ~3.5 km east–west in the Netherlands, near the common radii (3–10 km) so cells beyond reach are skipped whole. */
export const CELL_DEG = 0.05;
const RADIUS_TIERS_KM = [5, 10, 25, 50, 100, Infinity] as const;
const KINDS = ['hands', 'materials', 'knowledge'] as const satisfies readonly ListingKind[];

export function cellKey(latCell: number, lngCell: number): number {
  // Cells of 0.05° over the globe: latitude cells within ±1800, longitude cells within ±3600, so
  // the offsets keep both parts non-negative and the longitude part below 10,000 (no collisions).
  return (latCell + 2000) * 10_000 + (lngCell + 4000);
}

/** A growable list of slot numbers. */
export class SlotList {
  data = new Int32Array(4);
  length = 0;
  push(slot: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = slot;
  }
}

interface Tier {
  maxRadiusKm: number;
  cells: Map<number, SlotList>;
  /** Extent of the occupied cells, so a huge radius never walks empty cells. */
  minLat: number;
  maxLat: number;
  minLng: number;
  maxLng: number;
}

interface KindLists {
  tiers: Tier[];
  remoteAll: SlotList;
  /** Remote candidates by skill id: canonical skills (round) or stored spellings (database). */
  remoteBySkill: Map<number, SlotList>;
}

const EARTH_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;

/**
 * A lower bound of the great-circle distance from `p` to any point of grid cell (latCell, lngCell),
 * from the haversine formula with the smallest latitude and longitude gaps and the smallest cosine.
 */
function cellMinDistanceKm(p: LatLng, latCell: number, lngCell: number): number {
  const south = latCell * CELL_DEG;
  const north = south + CELL_DEG;
  const west = lngCell * CELL_DEG;
  const east = west + CELL_DEG;
  const dLat = p.lat < south ? south - p.lat : p.lat > north ? p.lat - north : 0;
  const dLng = p.lng < west ? west - p.lng : p.lng > east ? p.lng - east : 0;
  const cosCell = Math.min(Math.cos(south * RAD), Math.cos(north * RAD));
  const h = Math.sin((dLat * RAD) / 2) ** 2 + Math.cos(p.lat * RAD) * cosCell * Math.sin((dLng * RAD) / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Kinds whose candidates can fit a need of this kind (see `kindFit`). */
export function fittingKinds(kind: ListingKind): readonly ListingKind[] {
  return kind === 'materials' ? ['materials'] : [kind, kind === 'hands' ? 'knowledge' : 'hands'];
}

/**
 * The K best slots of a stream: a bounded min-heap on two typed arrays, ties broken by id like
 * `TopK` (top-k.ts), so both give the same order.
 */
class SlotTopK {
  readonly #slots: Int32Array;
  readonly #scores: Float64Array;
  #n = 0;

  constructor(
    private readonly limit: number,
    private readonly ids: readonly string[],
  ) {
    this.#slots = new Int32Array(Math.max(0, limit));
    this.#scores = new Float64Array(Math.max(0, limit));
  }

  get size(): number {
    return this.#n;
  }

  get floor(): number {
    return this.limit <= 0 ? Infinity : this.#n < this.limit ? -Infinity : (this.#scores[0] as number);
  }

  /** "(sa, a) ranks below (sb, b)": a lower score, or the same score and a later id. */
  #below(sa: number, a: number, sb: number, b: number): boolean {
    return sa < sb || (sa === sb && (this.ids[a] as string) > (this.ids[b] as string));
  }

  add(slot: number, score: number): void {
    if (this.limit <= 0) return;
    const slots = this.#slots;
    const scores = this.#scores;
    let i: number;
    if (this.#n < this.limit) {
      i = this.#n++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!this.#below(score, slot, scores[p] as number, slots[p] as number)) break;
        slots[i] = slots[p] as number;
        scores[i] = scores[p] as number;
        i = p;
      }
    } else {
      if (!this.#below(scores[0] as number, slots[0] as number, score, slot)) return;
      i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= this.#n) break;
        const r = l + 1;
        const c =
          r < this.#n && this.#below(scores[r] as number, slots[r] as number, scores[l] as number, slots[l] as number)
            ? r
            : l;
        if (!this.#below(scores[c] as number, slots[c] as number, score, slot)) break;
        slots[i] = slots[c] as number;
        scores[i] = scores[c] as number;
        i = c;
      }
    }
    slots[i] = slot;
    scores[i] = score;
  }

  /** The kept slots, best first. */
  result(): { slot: number; score: number }[] {
    const out = Array.from({ length: this.#n }, (_, i) => ({
      slot: this.#slots[i] as number,
      score: this.#scores[i] as number,
    }));
    return out.sort((a, b) =>
      this.#below(a.score, a.slot, b.score, b.slot) ? 1 : this.#below(b.score, b.slot, a.score, a.slot) ? -1 : 0,
    );
  }
}

export type Retrieval = 'round' | 'database';

interface CellVisit {
  cell: SlotList;
  /** What distance and kind take off the best score in this cell. */
  penalty: number;
}

export class CandidateIndex {
  readonly features = new CandidateFeatures();
  readonly #retrieval: Retrieval;
  /** Round retrieval returns the candidates themselves; the database retrieval only ids. */
  readonly #candidates: MatchCandidate[] = [];
  readonly #slotById = new Map<string, number>();
  readonly #kinds: KindLists[] = KINDS.map(() => ({
    tiers: RADIUS_TIERS_KM.map(() => ({
      maxRadiusKm: 0,
      cells: new Map(),
      minLat: Infinity,
      maxLat: -Infinity,
      minLng: Infinity,
      maxLng: -Infinity,
    })),
    remoteAll: new SlotList(),
    remoteBySkill: new Map(),
  }));
  /** Stored spellings of skills (database retrieval), as small integers. */
  readonly #storedNames = new Map<string, number>();
  /** Per slot, the number of the last query that met it: de-duplicates without a Set per query. */
  #seen = new Int32Array(0);
  #query = 0;
  #dead = 0;

  /** Indexes the open candidates that have not ended; others can never be suggested and are left out. */
  constructor(candidates: Iterable<MatchCandidate> = [], nowMs = 0, options: { retrieval?: Retrieval } = {}) {
    this.#retrieval = options.retrieval ?? 'round';
    for (const candidate of candidates) {
      if (candidate.status !== 'open' || (candidate.availableUntilMs !== null && candidate.availableUntilMs <= nowMs))
        continue;
      this.put(candidate, []);
    }
  }

  /** Candidates held (not counting replaced ones). */
  get size(): number {
    return this.#slotById.size;
  }

  /** Slots left behind by changed or removed candidates: memory a rebuild would give back. */
  get deadSlots(): number {
    return this.#dead;
  }

  /**
   * Adds or replaces a candidate. `storedSkills`: its skills as stored in the database (lower
   * case as typed), for the database retrieval's remote look-up.
   */
  put(candidate: MatchCandidate, storedSkills: readonly string[]): void {
    this.remove(candidate.id);
    const f = this.features;
    const slot = f.add(candidate);
    this.#slotById.set(candidate.id, slot);
    if (this.#retrieval === 'round') this.#candidates[slot] = candidate;
    const remoteSkills =
      this.#retrieval === 'round'
        ? Array.from(
            { length: f.skillCount[slot] as number },
            (_, i) => f.skillPool.data[(f.skillsAt[slot] as number) + i] as number,
          )
        : [...new Set(storedSkills)].map((name) => {
            let id = this.#storedNames.get(name);
            if (id === undefined) this.#storedNames.set(name, (id = this.#storedNames.size));
            return id;
          });
    for (const kind of candidate.kinds) {
      const lists = this.#kinds[KINDS.indexOf(kind)] as KindLists;
      if (candidate.location) this.#addLocal(lists, slot, candidate.location, candidate.radiusKm);
      if (candidate.remote) {
        lists.remoteAll.push(slot);
        for (const skill of remoteSkills) {
          let list = lists.remoteBySkill.get(skill);
          if (!list) lists.remoteBySkill.set(skill, (list = new SlotList()));
          list.push(slot);
        }
      }
    }
  }

  /** Takes a candidate out (its slot stays behind, dead). */
  remove(id: string): void {
    const slot = this.#slotById.get(id);
    if (slot === undefined) return;
    this.features.kill(slot);
    this.#slotById.delete(id);
    this.#dead++;
  }

  #addLocal(lists: KindLists, slot: number, location: LatLng, radiusKm: number): void {
    const tier = lists.tiers[RADIUS_TIERS_KM.findIndex((limit) => radiusKm <= limit)];
    if (!tier) return;
    tier.maxRadiusKm = Math.max(tier.maxRadiusKm, radiusKm);
    const lat = Math.floor(location.lat / CELL_DEG);
    const lng = Math.floor(location.lng / CELL_DEG);
    tier.minLat = Math.min(tier.minLat, lat);
    tier.maxLat = Math.max(tier.maxLat, lat);
    tier.minLng = Math.min(tier.minLng, lng);
    tier.maxLng = Math.max(tier.maxLng, lng);
    const key = cellKey(lat, lng);
    let cell = tier.cells.get(key);
    if (!cell) tier.cells.set(key, (cell = new SlotList()));
    cell.push(slot);
  }

  /** Each candidate worth scoring for `need` (round retrieval), once. */
  candidatesFor(need: MatchNeed): MatchCandidate[] {
    const out: MatchCandidate[] = [];
    const visit = (list: SlotList) => this.#each(list, (slot) => out.push(this.#candidates[slot] as MatchCandidate));
    this.#startQuery();
    for (const list of this.#remoteLists(need)) visit(list);
    for (const { cell } of this.#cells(need, null)) visit(cell);
    return out;
  }

  /**
   * The `limit` best candidates for `need`, best first: exactly the top of scoring every
   * candidate of `candidatesFor(need)` (round retrieval).
   */
  topFor(need: MatchNeed, limit: number, nowMs: number): Ranked<MatchCandidate>[] {
    return this.#rank(need, limit, nowMs, true).map(({ slot, score }) => ({
      item: this.#candidates[slot] as MatchCandidate,
      score,
    }));
  }

  /**
   * Database retrieval: the `limit` candidates with the highest bounds, best first (ties by id).
   * A bound is the exact score except for the rules about the owner's answers, which are not
   * applied; every candidate left out has a bound at most the last one's.
   */
  boundsFor(need: MatchNeed, limit: number, nowMs: number): { id: string; bound: number }[] {
    return this.#rank(need, limit, nowMs, false).map(({ slot, score }) => ({
      id: this.features.ids[slot] as string,
      bound: score,
    }));
  }

  #startQuery(): void {
    if (this.#seen.length < this.features.size) {
      const grown = new Int32Array(this.features.capacity);
      grown.set(this.#seen);
      this.#seen = grown;
    }
    this.#query++;
  }

  #each(list: SlotList, fn: (slot: number) => void): void {
    const seen = this.#seen;
    const query = this.#query;
    const f = this.features;
    const data = list.data;
    for (let i = 0; i < list.length; i++) {
      const slot = data[i] as number;
      if (seen[slot] === query || !f.alive(slot)) continue;
      seen[slot] = query;
      fn(slot);
    }
  }

  #rank(need: MatchNeed, limit: number, nowMs: number, ownerRules: boolean): { slot: number; score: number }[] {
    const f = this.features;
    const top = new SlotTopK(limit, f.ids);
    const q = new NeedQuery(need, nowMs, f);
    if (!q.needOpen || limit <= 0) return [];
    this.#startQuery();
    // Remote candidates first: in the database retrieval they are the only ones scored with
    // remote reach, so they must be met before the cells (which then skip them as seen).
    for (const list of this.#remoteLists(need)) this.#score(list, q, top, ownerRules, true);
    const remoteReach = this.#retrieval === 'round';
    // A cell's best: every factor perfect but its distance and kind (skills too when none are asked).
    const best = need.skills.length > 0 ? 1 : maxScoreWithoutSkills(need);
    for (const { cell, penalty } of this.#cells(need, q)) {
      if (best - penalty + BOUND_SLACK < top.floor) break;
      this.#score(cell, q, top, ownerRules, remoteReach);
    }
    return top.result();
  }

  /** Scores the slots of a list not met yet in this query into `top` (the hot loop: no callbacks). */
  #score(list: SlotList, q: NeedQuery, top: SlotTopK, ownerRules: boolean, outsideRadius: boolean): void {
    const seen = this.#seen;
    const query = this.#query;
    const f = this.features;
    const data = list.data;
    for (let i = 0; i < list.length; i++) {
      const slot = data[i] as number;
      if (seen[slot] === query || !f.alive(slot)) continue;
      seen[slot] = query;
      const s = q.score(f, slot, top.floor, ownerRules, outsideRadius);
      if (s !== null) top.add(slot, s);
    }
  }

  /** The remote lists a need takes from, per fitting kind. */
  #remoteLists(need: MatchNeed): SlotList[] {
    if (!need.remote) return [];
    const out: SlotList[] = [];
    let skillIds: number[] | null = null;
    if (need.skills.length > 0) {
      skillIds =
        this.#retrieval === 'round'
          ? askedSkills(need.skills).flatMap((a) =>
              [a.canonical, ...a.related].map((k) => this.features.skills.find(k)),
            )
          : storedSkillNames(need.skills).map((name) => this.#storedNames.get(name) ?? -1);
    }
    for (const kind of fittingKinds(need.kind)) {
      const lists = this.#kinds[KINDS.indexOf(kind)] as KindLists;
      if (skillIds === null) out.push(lists.remoteAll);
      else
        for (const id of skillIds) {
          const list = lists.remoteBySkill.get(id);
          if (list) out.push(list);
        }
    }
    return out;
  }

  /**
   * The occupied cells in reach of the need, smallest penalty (best bound) first: a cell's bound
   * is the best score of its candidates' skills factor less its penalty. Without a query
   * (`candidatesFor`) every cell in the boxes, unordered. A cell no candidate could reach from
   * (beyond every radius of its tier, and no remote work) is left out.
   */
  #cells(need: MatchNeed, q: NeedQuery | null): CellVisit[] {
    const location = need.location;
    if (!location) return [];
    const out: CellVisit[] = [];
    for (const kind of fittingKinds(need.kind)) {
      const lists = this.#kinds[KINDS.indexOf(kind)] as KindLists;
      const kindPenalty = q ? weights.kind * (1 - (q.kindFitByMask[kindBits[kind]] as number)) : 0;
      for (const tier of lists.tiers) {
        if (tier.cells.size === 0) continue;
        const box = boundingBox(location, tier.maxRadiusKm);
        const lat0 = Math.max(tier.minLat, Math.floor(box.minLat / CELL_DEG));
        const lat1 = Math.min(tier.maxLat, Math.floor(box.maxLat / CELL_DEG));
        const lng0 = Math.max(tier.minLng, Math.floor(box.minLng / CELL_DEG));
        const lng1 = Math.min(tier.maxLng, Math.floor(box.maxLng / CELL_DEG));
        for (let la = lat0; la <= lat1; la++) {
          for (let ln = lng0; ln <= lng1; ln++) {
            const cell = tier.cells.get(cellKey(la, ln));
            if (!cell) continue;
            if (!q) {
              out.push({ cell, penalty: 0 });
              continue;
            }
            const minKm = cellMinDistanceKm(location, la, ln);
            if (minKm > tier.maxRadiusKm && !need.remote) continue;
            out.push({
              cell,
              penalty: weights.distance * (1 - maxDistanceScore(need, minKm, tier.maxRadiusKm)) + kindPenalty,
            });
          }
        }
      }
    }
    return q ? out.sort((a, b) => a.penalty - b.penalty) : out;
  }
}
