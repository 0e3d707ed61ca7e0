/**
 * Candidate generation: which candidates are worth scoring for a need. Never a full scan.
 *
 * Retrieval design
 * ----------------
 * Scoring is cheap (~1 µs) but not free, and the hard rules already say most pairs are impossible:
 * wrong kind, closed, or out of reach. So candidates are narrowed by what the rules and the
 * strongest factors make certain, then scored, then the top K kept:
 *
 * 1. Kind: a need only meets candidates whose kind can fit (same kind; hands and knowledge meet).
 * 2. Status: only open listings that have not ended (`status = 'open'` and end date in the future).
 * 3. Place: an on-site need only meets candidates whose own radius reaches it. Candidates are
 *    grouped into radius tiers (≤ 5, 10, 25, 50, 100 km, beyond); for each tier the need's
 *    bounding box for the tier's largest radius (`boundingBox` in shared/geo.ts) is looked up, and
 *    the exact distance is checked by the hard rules. A need far from everyone touches few rows.
 * 4. Remote: a remote need also meets remote candidates anywhere. There can be many, so when the
 *    need asks skills only remote candidates with one of those skills (synonyms and related skills
 *    included, via the skills table) are taken; a remote need that asks none takes all of them.
 *    This is the one place retrieval is narrower than the scorer: a remote candidate with none of
 *    the skills asked scores at most 0.7 and is never a top match while skilled ones exist.
 *
 * Two implementations follow this design:
 * - In memory (this file), for match rounds: a round loads the open offers of one region once
 *   (one indexed query on status and coordinates), indexes them here, and generates the top K per
 *   need for the assignment. 10,000 offers index in a few milliseconds.
 * - In the database, for `GET /api/needs/:id/matches` and `/api/me/suggestions` (phase 2): the
 *   same steps as SQL over indexes — `(kind, status, lat, lng)` for the bounding boxes per radius
 *   tier, `(kind, status, remote)` plus a listing_skills(skill, listing_id) table holding canonical
 *   skill names for remote candidates — with a row limit per step, then scoring in memory. For
 *   the reverse direction (person → needs) the same holds with the person's radius: needs within
 *   the person's bounding box, plus remote needs with a shared skill.
 */
import { boundingBox, type LatLng } from '../../../../shared/geo.ts';
import { BOUND_SLACK, maxDistanceScore, maxScoreWithoutSkills, scoreValue, weights } from './scoring.ts';
import { askedSkills, canonicalSkillSet } from './skills-related.ts';
import { TopK, type Ranked } from './top-k.ts';
import type { ListingKind, MatchCandidate, MatchNeed } from './types.ts';

/** Grid cell size in degrees: ~5.5 km north–south, ~3.5 km east–west in the Netherlands, near the common radii (3–10 km) so cells beyond reach are skipped whole. */
const CELL_DEG = 0.05;
const RADIUS_TIERS_KM = [5, 10, 25, 50, 100, Infinity] as const;

function cellKey(latCell: number, lngCell: number): number {
  // Cells of 0.05° over the globe: latitude cells within ±1800, longitude cells within ±3600, so
  // the offsets keep both parts non-negative and the longitude part below 10,000 (no collisions).
  return (latCell + 2000) * 10_000 + (lngCell + 4000);
}

/** An indexed candidate with its slot in the de-duplication stamps. */
interface Entry {
  candidate: MatchCandidate;
  slot: number;
}

/** The candidates of one grid cell, all of them and by canonical skill. */
interface Cell {
  all: Entry[];
  bySkill: Map<string, Entry[]>;
}

interface Tier {
  maxRadiusKm: number;
  cells: Map<number, Cell>;
  /** Extent of the occupied cells, so a huge radius never walks empty cells. */
  minLat: number;
  maxLat: number;
  minLng: number;
  maxLng: number;
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
function fittingKinds(kind: ListingKind): readonly ListingKind[] {
  return kind === 'materials' ? ['materials'] : [kind, kind === 'hands' ? 'knowledge' : 'hands'];
}

function addBySkill(bySkill: Map<string, Entry[]>, entry: Entry): void {
  for (const skill of canonicalSkillSet(entry.candidate.skills)) {
    const list = bySkill.get(skill);
    if (list) list.push(entry);
    else bySkill.set(skill, [entry]);
  }
}

export class CandidateIndex {
  private readonly tiers = new Map<ListingKind, Tier[]>();
  private readonly remoteBySkill = new Map<ListingKind, Map<string, Entry[]>>();
  private readonly remoteAll = new Map<ListingKind, Entry[]>();
  /** Per slot, the number of the last query that returned it: de-duplicates without a Set per query. */
  private seen: Int32Array;
  private query = 0;

  /** Indexes open candidates; others can never be suggested and are left out. */
  constructor(candidates: Iterable<MatchCandidate>, nowMs: number) {
    let slots = 0;
    for (const candidate of candidates) {
      if (candidate.status !== 'open' || (candidate.availableUntilMs !== null && candidate.availableUntilMs <= nowMs)) continue;
      const entry = { candidate, slot: slots++ };
      for (const kind of candidate.kinds) {
        if (candidate.location) this.addLocal(kind, entry, candidate.location);
        if (candidate.remote) this.addRemote(kind, entry);
      }
    }
    this.seen = new Int32Array(slots);
  }

  private addLocal(kind: ListingKind, c: Entry, location: LatLng): void {
    let tiers = this.tiers.get(kind);
    if (!tiers) this.tiers.set(kind, (tiers = RADIUS_TIERS_KM.map(() => ({ maxRadiusKm: 0, cells: new Map(), minLat: Infinity, maxLat: -Infinity, minLng: Infinity, maxLng: -Infinity }))));
    const radiusKm = c.candidate.radiusKm;
    const tier = tiers[RADIUS_TIERS_KM.findIndex((limit) => radiusKm <= limit)];
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
    if (!cell) tier.cells.set(key, (cell = { all: [], bySkill: new Map() }));
    cell.all.push(c);
    addBySkill(cell.bySkill, c);
  }

  private addRemote(kind: ListingKind, c: Entry): void {
    let all = this.remoteAll.get(kind);
    if (!all) this.remoteAll.set(kind, (all = []));
    all.push(c);
    let bySkill = this.remoteBySkill.get(kind);
    if (!bySkill) this.remoteBySkill.set(kind, (bySkill = new Map()));
    addBySkill(bySkill, c);
  }

  /** Each candidate worth scoring for `need`, once. */
  candidatesFor(need: MatchNeed): MatchCandidate[] {
    const out: MatchCandidate[] = [];
    this.visit(need, ++this.query, (c) => out.push(c), false, null);
    return out;
  }

  /**
   * The `limit` best candidates for `need`, best first: exactly the top of scoring every
   * candidate of `candidatesFor(need)`, but cheaper. Candidates with an asked or related skill are
   * scored first (from the skill lists); when K of them already beat the best score any candidate
   * without such a skill could reach, the rest is never looked at.
   */
  topFor(need: MatchNeed, limit: number, nowMs: number): Ranked<MatchCandidate>[] {
    const top = new TopK<MatchCandidate>(limit);
    const consider = (c: MatchCandidate) => {
      const s = scoreValue(need, c, nowMs, top.floor);
      if (s !== null) top.add(c, s);
    };
    const query = ++this.query;
    const unskilledMax = maxScoreWithoutSkills(need);
    // A cell is skipped when no candidate in it can reach the floor: its nearest point lies beyond
    // every radius of the tier (unless remote work may bridge it), or the best distance factor
    // there, every other factor perfect, stays below the floor.
    const cellSkipper = (best: number) => (minKm: number, maxRadiusKm: number) =>
      (minKm > maxRadiusKm && !need.remote) || best - weights.distance * (1 - maxDistanceScore(need, minKm, maxRadiusKm)) + BOUND_SLACK < top.floor;
    if (need.skills.length > 0) {
      this.visit(need, query, consider, true, cellSkipper(1));
      if (top.floor > unskilledMax + BOUND_SLACK) return top.result();
    }
    // What is left has no asked skill: skip whole cells too far away to reach the floor.
    this.visit(need, query, consider, false, cellSkipper(unskilledMax));
    return top.result();
  }

  private each(list: readonly Entry[] | undefined, query: number, fn: (c: MatchCandidate) => void): void {
    if (!list) return;
    const seen = this.seen;
    for (const e of list) {
      if (seen[e.slot] !== query) {
        seen[e.slot] = query;
        fn(e.candidate);
      }
    }
  }

  /**
   * Calls `fn` once per candidate worth scoring for `need` not yet seen in this query; with
   * `skilledOnly`, only those with one of the asked skills or a related one.
   */
  private visit(
    need: MatchNeed,
    query: number,
    fn: (c: MatchCandidate) => void,
    skilledOnly: boolean,
    skipCell: ((minKm: number, maxRadiusKm: number) => boolean) | null,
  ): void {
    const asked = askedSkills(need.skills);
    const fromSkills = (bySkill: Map<string, Entry[]> | undefined) => {
      if (!bySkill) return;
      for (const a of asked) {
        this.each(bySkill.get(a.canonical), query, fn);
        for (const related of a.related) this.each(bySkill.get(related), query, fn);
      }
    };
    for (const kind of fittingKinds(need.kind)) {
      if (need.location) {
        for (const tier of this.tiers.get(kind) ?? []) {
          if (tier.cells.size === 0) continue;
          const box = boundingBox(need.location, tier.maxRadiusKm);
          const lat0 = Math.max(tier.minLat, Math.floor(box.minLat / CELL_DEG));
          const lat1 = Math.min(tier.maxLat, Math.floor(box.maxLat / CELL_DEG));
          const lng0 = Math.max(tier.minLng, Math.floor(box.minLng / CELL_DEG));
          const lng1 = Math.min(tier.maxLng, Math.floor(box.maxLng / CELL_DEG));
          for (let la = lat0; la <= lat1; la++) {
            for (let ln = lng0; ln <= lng1; ln++) {
              const cell = tier.cells.get(cellKey(la, ln));
              if (!cell || (skipCell && skipCell(cellMinDistanceKm(need.location, la, ln), tier.maxRadiusKm))) continue;
              if (skilledOnly) fromSkills(cell.bySkill);
              else this.each(cell.all, query, fn);
            }
          }
        }
      }
      if (need.remote) {
        // Remote candidates without any asked skill are never retrieved (see the design above).
        if (need.skills.length === 0) this.each(this.remoteAll.get(kind), query, fn);
        else fromSkills(this.remoteBySkill.get(kind));
      }
    }
  }
}
