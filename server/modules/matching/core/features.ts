/**
 * The precomputed scorer: every candidate's scoring inputs parsed once into flat typed arrays (one
 * slot per candidate, ids interned to slot numbers, skills and languages interned to small
 * integers), and a need prepared once per query (`NeedQuery`), so that scoring a candidate is
 * arithmetic on arrays: no objects, no strings, no sets per pair.
 *
 * It computes exactly `scoreValue` of scoring.ts — the same factors, the same floating-point
 * operations in the same order — so a top K from here is the top K of full scoring, to the last
 * bit (tests/unit/matching-features.test.ts holds that on random pairs). Given a floor (the K-th
 * score so far) it may stop early, like scoreValue, but with a tighter bound: null then means
 * "excluded, or provably below the floor". Pure, no I/O.
 *
 * Memory: about 90 bytes per candidate plus its skills and languages (4 bytes each) and its id
 * string; 100,000 offers take about 15 MB.
 */
import { compensationFit, kindFit } from './hard-rules.ts';
import { BOUND_SLACK, EDGE_DISTANCE_SCORE, freshness, REMOTE_DISTANCE_SCORE, roundScore, weights } from './scoring.ts';
import { askedSkills, canonicalSkillSet } from './skills-related.ts';
import {
  popcount,
  type CompensationType,
  type ListingKind,
  type MatchCandidate,
  type MatchNeed,
  type PaidWorkAnswer,
} from './types.ts';

const EARTH_RADIUS_KM = 6371.0088;
/** The very expression of shared/geo.ts, so distances agree to the last bit. */
const toRad = (deg: number) => (deg * Math.PI) / 180;

export const kindBits: Readonly<Record<ListingKind, number>> = { hands: 1, materials: 2, knowledge: 4 };
const kindsOfMask = (mask: number): ListingKind[] =>
  (['hands', 'materials', 'knowledge'] as const).filter((k) => (mask & kindBits[k]) !== 0);
const compensationTypes = [
  'unpaid',
  'time_credits',
  'allowance',
  'paid',
] as const satisfies readonly CompensationType[];
const compensationsOfMask = (mask: number): CompensationType[] =>
  compensationTypes.filter((_, i) => (mask & (1 << i)) !== 0);
const paidWorkCodes: readonly PaidWorkAnswer[] = ['yes', 'no', 'unknown'];

/** Strings to small integers, so lists of them become integer arrays. */
class Interner {
  readonly #ids = new Map<string, number>();
  id(value: string): number {
    let id = this.#ids.get(value);
    if (id === undefined) this.#ids.set(value, (id = this.#ids.size));
    return id;
  }
  /** The id of a value already seen, or -1 (no candidate holds it). */
  find(value: string): number {
    return this.#ids.get(value) ?? -1;
  }
}

/** A growable integer pool holding every slot's list back to back. */
class Pool {
  data = new Int32Array(1024);
  length = 0;
  push(values: readonly number[]): number {
    const at = this.length;
    if (at + values.length > this.data.length) {
      const grown = new Int32Array(Math.max(this.data.length * 2, at + values.length));
      grown.set(this.data);
      this.data = grown;
    }
    for (let i = 0; i < values.length; i++) this.data[at + i] = values[i] as number;
    this.length += values.length;
    return at;
  }
}

function grow<T extends Float64Array | Int32Array | Uint8Array>(a: T, size: number, make: (n: number) => T): T {
  const b = make(size);
  b.set(a);
  return b;
}

/**
 * The scoring inputs of many candidates, one slot each. Slots are only appended: a candidate that
 * changes gets a new slot and its old one is marked dead (the owner of the store compacts).
 */
export class CandidateFeatures {
  capacity = 0;
  size = 0;
  ids: string[] = [];
  lat = new Float64Array(0);
  lng = new Float64Array(0);
  /** cos(latitude), as distanceKm computes it for the second point. */
  cosLat = new Float64Array(0);
  radiusKm = new Float64Array(0);
  /** NaN for "not stated". */
  availableFrom = new Float64Array(0);
  availableUntil = new Float64Array(0);
  listedAt = new Float64Array(0);
  /** The last freshness computed per slot and the moment it was computed for: a round scores every candidate at one moment, many times. */
  freshness = new Float64Array(0);
  freshnessAt = new Float64Array(0);
  /** −1 for "not stated". */
  weeklySlots = new Int32Array(0);
  skillsAt = new Int32Array(0);
  languagesAt = new Int32Array(0);
  /** Bit 0 has a place, 1 remote, 2 open, 3 VOG, 4 had an engagement, 5 alive. */
  flags = new Uint8Array(0);
  kinds = new Uint8Array(0);
  /** Bit i: accepts compensationTypes[i]. */
  compensations = new Uint8Array(0);
  /** Index into paidWorkCodes. */
  paidWork = new Uint8Array(0);
  skillCount = new Uint8Array(0);
  languageCount = new Uint8Array(0);
  readonly skills = new Interner();
  readonly languages = new Interner();
  readonly skillPool = new Pool();
  readonly languagePool = new Pool();

  static readonly PLACE = 1;
  static readonly REMOTE = 2;
  static readonly OPEN = 4;
  static readonly VOG = 8;
  static readonly ENGAGED = 16;
  static readonly ALIVE = 32;

  #ensure(): void {
    if (this.size < this.capacity) return;
    const n = Math.max(1024, this.capacity * 2);
    const f64 = (k: number) => new Float64Array(k);
    const i32 = (k: number) => new Int32Array(k);
    const u8 = (k: number) => new Uint8Array(k);
    this.lat = grow(this.lat, n, f64);
    this.lng = grow(this.lng, n, f64);
    this.cosLat = grow(this.cosLat, n, f64);
    this.radiusKm = grow(this.radiusKm, n, f64);
    this.availableFrom = grow(this.availableFrom, n, f64);
    this.availableUntil = grow(this.availableUntil, n, f64);
    this.listedAt = grow(this.listedAt, n, f64);
    this.freshness = grow(this.freshness, n, f64);
    this.freshnessAt = grow(this.freshnessAt, n, f64);
    this.weeklySlots = grow(this.weeklySlots, n, i32);
    this.skillsAt = grow(this.skillsAt, n, i32);
    this.languagesAt = grow(this.languagesAt, n, i32);
    this.flags = grow(this.flags, n, u8);
    this.kinds = grow(this.kinds, n, u8);
    this.compensations = grow(this.compensations, n, u8);
    this.paidWork = grow(this.paidWork, n, u8);
    this.skillCount = grow(this.skillCount, n, u8);
    this.languageCount = grow(this.languageCount, n, u8);
    this.capacity = n;
  }

  /** Stores a candidate's inputs in a new slot and returns it. */
  add(c: MatchCandidate): number {
    this.#ensure();
    const s = this.size++;
    this.ids[s] = c.id;
    const F = CandidateFeatures;
    this.lat[s] = c.location?.lat ?? 0;
    this.lng[s] = c.location?.lng ?? 0;
    this.cosLat[s] = c.location ? Math.cos(toRad(c.location.lat)) : 0;
    this.radiusKm[s] = c.radiusKm;
    this.availableFrom[s] = c.availableFromMs ?? NaN;
    this.availableUntil[s] = c.availableUntilMs ?? NaN;
    this.listedAt[s] = c.listedAtMs;
    this.freshnessAt[s] = NaN;
    this.weeklySlots[s] = c.weeklySlots ?? -1;
    this.flags[s] =
      (c.location ? F.PLACE : 0) |
      (c.remote ? F.REMOTE : 0) |
      (c.status === 'open' ? F.OPEN : 0) |
      (c.vogVerified ? F.VOG : 0) |
      (c.hasHadEngagement ? F.ENGAGED : 0) |
      F.ALIVE;
    let kinds = 0;
    for (const k of c.kinds) kinds |= kindBits[k];
    this.kinds[s] = kinds;
    let compensations = 0;
    for (const t of c.compensationAccepted) {
      const bit = compensationTypes.indexOf(t);
      if (bit >= 0) compensations |= 1 << bit;
    }
    this.compensations[s] = compensations;
    this.paidWork[s] = paidWorkCodes.indexOf(c.mayDoPaidWork);
    // The scorer compares canonical skills as a set: each once, capped at what a byte counts.
    const skills = [...canonicalSkillSet(c.skills)].slice(0, 255).map((k) => this.skills.id(k));
    this.skillsAt[s] = this.skillPool.push(skills);
    this.skillCount[s] = skills.length;
    const languages = [...new Set(c.languages)].slice(0, 255).map((l) => this.languages.id(l));
    this.languagesAt[s] = this.languagePool.push(languages);
    this.languageCount[s] = languages.length;
    return s;
  }

  /** freshness(listedAt, nowMs) of a slot, remembered for the last moment asked. */
  freshnessOf(slot: number, nowMs: number): number {
    if (this.freshnessAt[slot] !== nowMs) {
      this.freshness[slot] = freshness(this.listedAt[slot] as number, nowMs);
      this.freshnessAt[slot] = nowMs;
    }
    return this.freshness[slot] as number;
  }

  alive(slot: number): boolean {
    return ((this.flags[slot] as number) & CandidateFeatures.ALIVE) !== 0;
  }

  kill(slot: number): void {
    this.flags[slot] = (this.flags[slot] as number) & ~CandidateFeatures.ALIVE;
  }

  /** Bytes held by the arrays and pools (for the log and the benchmark). */
  bytes(): number {
    return this.capacity * (8 * 9 + 4 * 3 + 6) + this.skillPool.data.byteLength + this.languagePool.data.byteLength;
  }
}

/** Whether pool[at..end) holds `id` (−1, a skill no candidate holds, never). A plain function: a closure per call costs more than the loop. */
function holds(pool: Int32Array, at: number, end: number, id: number): boolean {
  if (id < 0) return false;
  for (let i = at; i < end; i++) if (pool[i] === id) return true;
  return false;
}

interface AskedIds {
  canonical: number;
  related: number[];
}

/** A need prepared once for scoring many candidates. */
export class NeedQuery {
  readonly need: MatchNeed;
  readonly nowMs: number;
  readonly needOpen: boolean;
  readonly hasPlace: boolean;
  readonly lat: number;
  readonly lng: number;
  readonly cosLat: number;
  readonly asked: AskedIds[];
  readonly languageIds: number[];
  /** kindFit per candidate kinds mask. */
  readonly kindFitByMask: Float64Array;
  /** compensationFit per accepted-types mask; NaN for "none stated" (null). */
  readonly compensationFitByMask: Float64Array;
  readonly needFreshness: number;
  readonly weeklyTotal: number;
  readonly paidNeedsYes: boolean;
  readonly asylumRule: boolean;

  constructor(need: MatchNeed, nowMs: number, features: CandidateFeatures) {
    this.need = need;
    this.nowMs = nowMs;
    this.needOpen = need.status === 'open' && (need.endsAtMs === null || need.endsAtMs > nowMs);
    this.hasPlace = need.location !== null;
    this.lat = need.location?.lat ?? 0;
    this.lng = need.location?.lng ?? 0;
    this.cosLat = need.location ? Math.cos(toRad(need.location.lat)) : 0;
    this.asked = askedSkills(need.skills).map((a) => ({
      canonical: features.skills.find(a.canonical),
      related: a.related.map((r) => features.skills.find(r)),
    }));
    this.languageIds = need.languages.map((l) => features.languages.find(l));
    this.kindFitByMask = new Float64Array(8).map((_, mask) => kindFit(need.kind, kindsOfMask(mask)));
    this.compensationFitByMask = new Float64Array(16).map(
      (_, mask) => compensationFit(need.compensation, compensationsOfMask(mask)) ?? NaN,
    );
    this.needFreshness = freshness(need.listedAtMs, nowMs);
    this.weeklyTotal = need.weeklySlots === null ? 0 : popcount(need.weeklySlots);
    this.paidNeedsYes = need.compensation === 'paid' && !need.workPermitArranged;
    this.asylumRule = !need.openToAsylumSeekers && need.kind !== 'materials' && need.compensation !== 'paid';
  }

  /** Great-circle distance to a slot with a place, exactly as distanceKm(need, candidate). */
  distanceTo(f: CandidateFeatures, s: number): number {
    const dLat = toRad((f.lat[s] as number) - this.lat);
    const dLng = toRad((f.lng[s] as number) - this.lng);
    const h = Math.sin(dLat / 2) ** 2 + this.cosLat * (f.cosLat[s] as number) * Math.sin(dLng / 2) ** 2;
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  /** The skills factor of a slot (skillsScore of scoring.ts). */
  skillsFactor(f: CandidateFeatures, s: number): number {
    const asked = this.asked;
    if (asked.length === 0) return 0.5;
    const at = f.skillsAt[s] as number;
    const end = at + (f.skillCount[s] as number);
    const pool = f.skillPool.data;
    let total = 0;
    for (const a of asked) {
      if (holds(pool, at, end, a.canonical)) {
        total += 1;
        continue;
      }
      for (const r of a.related) {
        if (holds(pool, at, end, r)) {
          total += 0.5;
          break;
        }
      }
    }
    return total / this.need.skills.length;
  }

  /**
   * `scoreValue(need, candidate, nowMs, floor)` for a slot. With `ownerRules` false, the rules
   * about the person behind the candidate (paid work, VOG, the asylum-seeker rule) are not
   * applied: for an index whose copy of those answers may be behind the database, the result is
   * then an upper bound of the true score (those rules only exclude; they never change a score).
   * With `outsideRadius` false, a candidate beyond its own radius is not taken even when both
   * sides work remotely (the database retrieval meets those through its remote look-up only).
   */
  score(f: CandidateFeatures, s: number, floor: number, ownerRules: boolean, outsideRadius = true): number | null {
    const need = this.need;
    const F = CandidateFeatures;
    const flags = f.flags[s] as number;
    if (!this.needOpen || (flags & F.OPEN) === 0) return null;
    const until = f.availableUntil[s] as number;
    if (until === until && until <= this.nowMs) return null;
    // Out of reach first: the cheapest test that excludes the most candidates of a visited cell.
    // The latitude gap alone is a lower bound of the distance (a millimetre of slack for rounding),
    // so this spares the rest, trigonometry included, of those beyond their own radius.
    const hasDistance = this.hasPlace && (flags & F.PLACE) !== 0;
    const radius = f.radiusKm[s] as number;
    const bridged = need.remote && (flags & F.REMOTE) !== 0 && outsideRadius;
    if (
      !bridged &&
      (!hasDistance || EARTH_RADIUS_KM * Math.abs(toRad((f.lat[s] as number) - this.lat)) > radius + 1e-6)
    )
      return null;
    const kind = this.kindFitByMask[f.kinds[s] as number] as number;
    if (kind === 0) return null;
    if (ownerRules) {
      const paidWork = f.paidWork[s] as number;
      if (this.paidNeedsYes && paidWork !== 0) return null;
      if (need.requiresVog && (flags & F.VOG) === 0) return null;
      if (this.asylumRule && paidWork === 1) return null;
    }
    const compensationFit = this.compensationFitByMask[f.compensations[s] as number] as number;
    if (compensationFit === 0) return null;

    const skills = weights.skills * this.skillsFactor(f, s);
    if (skills + (1 - weights.skills) + BOUND_SLACK < floor) return null;
    const distance = hasDistance ? this.distanceTo(f, s) : 0;
    const within = hasDistance && distance <= radius;
    const bothRemote = need.remote && (flags & F.REMOTE) !== 0;
    if (!within && (!bothRemote || !outsideRadius)) return null;
    const local = within ? 1 - (1 - EDGE_DISTANCE_SCORE) * (radius > 0 ? distance / radius : 0) : 0;
    const remote = bothRemote ? REMOTE_DISTANCE_SCORE : 0;
    const place = weights.distance * (local >= remote && hasDistance ? local : remote);
    if (skills + place + (1 - weights.skills - weights.distance) + BOUND_SLACK < floor) return null;
    // The other factors, then a bound with them known before the last few (freshness needs a power).
    const availability = weights.availability * this.availability(f, s);
    const language = weights.language * this.language(f, s);
    const compensation = weights.compensation * (compensationFit === compensationFit ? compensationFit : 0.5);
    const kindPart = weights.kind * kind;
    if (
      skills +
        place +
        availability +
        language +
        compensation +
        kindPart +
        weights.freshness +
        weights.fairness +
        BOUND_SLACK <
      floor
    )
      return null;
    const freshnessPart = weights.freshness * ((this.needFreshness + f.freshnessOf(s, this.nowMs)) / 2);
    const fairness = weights.fairness * ((flags & F.ENGAGED) !== 0 ? 0 : 1);
    // Summed in the order scoreValue sums them, so the value is the same to the last bit.
    const total = skills + place + availability + language + compensation + kindPart + freshnessPart + fairness;
    return roundScore(Math.min(1, Math.max(0, total)));
  }

  private availability(f: CandidateFeatures, s: number): number {
    const need = this.need;
    const from = f.availableFrom[s] as number;
    const until = f.availableUntil[s] as number;
    if (
      (need.endsAtMs !== null && from === from && need.endsAtMs < from) ||
      (need.startsAtMs !== null && until === until && until < need.startsAtMs)
    )
      return 0;
    if (need.weeklySlots === null || need.weeklySlots === 0) return 1;
    const slots = f.weeklySlots[s] as number;
    if (slots < 0) return 0.5;
    return popcount(need.weeklySlots & slots) / this.weeklyTotal;
  }

  private language(f: CandidateFeatures, s: number): number {
    const need = this.need;
    if (need.newcomerFriendly || need.languages.length === 0) return 1;
    const count = f.languageCount[s] as number;
    if (count === 0) return 0.5;
    const at = f.languagesAt[s] as number;
    const pool = f.languagePool.data;
    for (const id of this.languageIds) {
      if (id < 0) continue;
      for (let i = at; i < at + count; i++) if (pool[i] === id) return 1;
    }
    return 0;
  }
}
