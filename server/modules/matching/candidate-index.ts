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
import { boundingBox, type LatLng } from '../../../shared/geo.ts';
import { canonicalSkill, relatedSkills } from './skills-related.ts';
import type { ListingKind, MatchCandidate, MatchNeed } from './types.ts';

/** Grid cell size in degrees: ~11 km north–south, ~7 km east–west in the Netherlands. */
const CELL_DEG = 0.1;
const RADIUS_TIERS_KM = [5, 10, 25, 50, 100, Infinity] as const;

function cellKey(latCell: number, lngCell: number): number {
  // Cells of 0.1° over the globe fit easily in a safe integer.
  return (latCell + 1000) * 10_000 + (lngCell + 2000);
}

interface Tier {
  maxRadiusKm: number;
  cells: Map<number, MatchCandidate[]>;
  /** Extent of the occupied cells, so a huge radius never walks empty cells. */
  minLat: number;
  maxLat: number;
  minLng: number;
  maxLng: number;
}

/** Kinds whose candidates can fit a need of this kind (see `kindFit`). */
function fittingKinds(kind: ListingKind): readonly ListingKind[] {
  return kind === 'materials' ? ['materials'] : [kind, kind === 'hands' ? 'knowledge' : 'hands'];
}

export class CandidateIndex {
  private readonly tiers = new Map<ListingKind, Tier[]>();
  private readonly remoteBySkill = new Map<ListingKind, Map<string, MatchCandidate[]>>();
  private readonly remoteAll = new Map<ListingKind, MatchCandidate[]>();

  /** Indexes open candidates; others can never be suggested and are left out. */
  constructor(candidates: Iterable<MatchCandidate>, nowMs: number) {
    for (const c of candidates) {
      if (c.status !== 'open' || (c.availableUntilMs !== null && c.availableUntilMs <= nowMs)) continue;
      for (const kind of c.kinds) {
        if (c.location) this.addLocal(kind, c, c.location);
        if (c.remote) this.addRemote(kind, c);
      }
    }
  }

  private addLocal(kind: ListingKind, c: MatchCandidate, location: LatLng): void {
    let tiers = this.tiers.get(kind);
    if (!tiers) this.tiers.set(kind, (tiers = RADIUS_TIERS_KM.map(() => ({ maxRadiusKm: 0, cells: new Map(), minLat: Infinity, maxLat: -Infinity, minLng: Infinity, maxLng: -Infinity }))));
    const tier = tiers[RADIUS_TIERS_KM.findIndex((limit) => c.radiusKm <= limit)];
    if (!tier) return;
    tier.maxRadiusKm = Math.max(tier.maxRadiusKm, c.radiusKm);
    const lat = Math.floor(location.lat / CELL_DEG);
    const lng = Math.floor(location.lng / CELL_DEG);
    tier.minLat = Math.min(tier.minLat, lat);
    tier.maxLat = Math.max(tier.maxLat, lat);
    tier.minLng = Math.min(tier.minLng, lng);
    tier.maxLng = Math.max(tier.maxLng, lng);
    const key = cellKey(lat, lng);
    const list = tier.cells.get(key);
    if (list) list.push(c);
    else tier.cells.set(key, [c]);
  }

  private addRemote(kind: ListingKind, c: MatchCandidate): void {
    let all = this.remoteAll.get(kind);
    if (!all) this.remoteAll.set(kind, (all = []));
    all.push(c);
    let bySkill = this.remoteBySkill.get(kind);
    if (!bySkill) this.remoteBySkill.set(kind, (bySkill = new Map()));
    for (const skill of new Set(c.skills.map(canonicalSkill))) {
      const list = bySkill.get(skill);
      if (list) list.push(c);
      else bySkill.set(skill, [c]);
    }
  }

  /** Each candidate worth scoring for `need`, once. */
  candidatesFor(need: MatchNeed): MatchCandidate[] {
    const seen = new Set<MatchCandidate>();
    const out: MatchCandidate[] = [];
    const take = (c: MatchCandidate) => {
      if (!seen.has(c)) {
        seen.add(c);
        out.push(c);
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
            for (let ln = lng0; ln <= lng1; ln++) for (const c of tier.cells.get(cellKey(la, ln)) ?? []) take(c);
          }
        }
      }
      if (need.remote) {
        if (need.skills.length === 0) {
          for (const c of this.remoteAll.get(kind) ?? []) take(c);
          continue;
        }
        const bySkill = this.remoteBySkill.get(kind);
        if (!bySkill) continue;
        for (const asked of need.skills) {
          const canonical = canonicalSkill(asked);
          for (const c of bySkill.get(canonical) ?? []) take(c);
          for (const related of relatedSkills(canonical) ?? []) for (const c of bySkill.get(related) ?? []) take(c);
        }
      }
    }
    return out;
  }
}
