/**
 * Candidate retrieval from the database, then exact top-K scoring (the design is in
 * candidate-index.ts; this is its SQL implementation).
 *
 * Need → offers:
 * 1. Light rows from covering indexes only: for each radius tier, open offers of a fitting kind in
 *    the box of the tier's largest radius (plus remote offers when the need is remote; with asked
 *    skills, only remote offers having one of them). The VOG rule is applied in SQL already.
 * 2. In memory: exact distance and radius (hard rule), and for each candidate in reach an upper
 *    bound of its score from what is known — distance, kind, and its exact skills factor (from
 *    its own offer_skills rows, canonicalised like the scorer does) — with every other factor
 *    taken as perfect. The exact skills factor keeps the bound tight: an offer holding one of
 *    three asked skills cannot compete with those holding all three, so its row is never read.
 * 3. Full rows are read in batches, best bound first, mapped and scored; as soon as the K-th best
 *    score beats the next bound, no remaining candidate can enter: the result is exactly the top
 *    K of scoring every candidate, having read only the rows that could compete.
 */
import { boundingBox, distanceKm, type LatLng } from '../../../shared/geo.ts';
import type { Db, Dialect } from '../../db/create-db.ts';
import type { CandidateIndex } from './core/candidate-index.ts';
import { kindFit } from './core/hard-rules.ts';
import type { IndexedNeed, NeedIndex } from './core/need-index.ts';
import { toOfferCandidate, toMatchNeed, toPersonCandidate, OFFER_RADIUS_KM, PERSON_RADIUS_KM } from './core/mapping.ts';
import { matchesForNeed } from './core/round.ts';
import { managersOf } from '../organizations/index.ts';
import * as repo from './repository.ts';
import {
  BOUND_SLACK,
  EDGE_DISTANCE_SCORE,
  REMOTE_DISTANCE_SCORE,
  score,
  scoreValue,
  skillsFactor,
  weights,
} from './core/scoring.ts';
import { storedSkillNames } from './core/skills-related.ts';
import { TopK } from './core/top-k.ts';
import type { ListingKind, MatchCandidate, MatchNeed, ScoredMatch } from './core/types.ts';

/** Radius tiers: (aboveKm, upToKm]; offers without a radius travel OFFER_RADIUS_KM (10 km tier). */
const TIERS: readonly repo.RadiusTier[] = [
  { aboveKm: 0, upToKm: 5, withDefault: false },
  { aboveKm: 5, upToKm: 10, withDefault: true },
  { aboveKm: 10, upToKm: 25, withDefault: false },
  { aboveKm: 25, upToKm: 50, withDefault: false },
  { aboveKm: 50, upToKm: 100, withDefault: false },
  { aboveKm: 100, upToKm: 300, withDefault: false },
];
/** Listings allow radii up to 300 km: the last tier must cover them all. */
const MAX_RADIUS_KM = 300;

export interface Source {
  db: Db;
  dialect: Dialect;
  /** The instance's offer index (matching-index.ts) when it is usable: need → offers then starts in memory. */
  offerIndex?: CandidateIndex | null;
  /** The instance's need index when it is usable: candidate → needs then reads no needs from the database. */
  needIndex?: NeedIndex | null;
}

export interface RankedOffer extends ScoredMatch {
  candidate: MatchCandidate;
  row: repo.OfferRowForMatching;
}

/** Kinds whose offers can fit a need of this kind (see kindFit). */
export function fittingKinds(kind: ListingKind): ListingKind[] {
  return kind === 'materials' ? ['materials'] : [kind, kind === 'hands' ? 'knowledge' : 'hands'];
}

/** The hard rules about the person behind an offer that the light scans apply (see OwnerRules). */
export function ownerRulesFor(need: MatchNeed): repo.OwnerRules {
  return { mayDoPaidWork: false, vog: need.requiresVog };
}

interface Bounded {
  id: string;
  bound: number;
}

/** The best an offer can score given its place, kind and skills factor, every other factor perfect. */
function upperBound(need: MatchNeed, light: repo.LightOffer, skills: number, location: LatLng | null): number | null {
  const radius = light.radius_km ?? OFFER_RADIUS_KM;
  const distance =
    location && light.lat !== null && light.lng !== null
      ? distanceKm(location, { lat: light.lat, lng: light.lng })
      : null;
  const within = distance !== null && distance <= radius;
  const bothRemote = need.remote && light.remote === 1;
  if (!within && !bothRemote) return null;
  const local = within ? 1 - (1 - EDGE_DISTANCE_SCORE) * (radius > 0 ? distance / radius : 0) : 0;
  const place = Math.max(local, bothRemote ? REMOTE_DISTANCE_SCORE : 0);
  const kind = kindFit(need.kind, [light.kind as ListingKind]);
  return 1 - weights.skills * (1 - skills) - weights.distance * (1 - place) - weights.kind * (1 - kind);
}

/** Light candidates of a need: in reach by radius tier, and remote ones when the need is remote. */
async function lightCandidates(src: Source, need: MatchNeed, now: string): Promise<repo.LightOffer[]> {
  const kinds = fittingKinds(need.kind);
  const rules = ownerRulesFor(need);
  const location = need.location;
  const batches: Promise<repo.LightOffer[]>[] = [];
  if (location) {
    for (const tier of TIERS) {
      const box = boundingBox(location, Math.min(tier.upToKm, MAX_RADIUS_KM));
      batches.push(repo.offersInTier(src.db, src.dialect, { kinds, now, box, tier, rules }));
    }
  }
  if (need.remote) {
    batches.push(
      repo.remoteOffers(src.db, src.dialect, {
        kinds,
        now,
        skillNames: need.skills.length > 0 ? storedSkillNames(need.skills) : null,
        rules,
      }),
    );
  }
  const seen = new Set<string>();
  const out: repo.LightOffer[] = [];
  for (const rows of await Promise.all(batches)) {
    for (const r of rows) {
      if (!seen.has(r.id)) {
        seen.add(r.id);
        out.push(r);
      }
    }
  }
  return out;
}

/** Maps full rows to candidates, with the fairness facts read for the whole batch at once. */
export async function offerCandidates(db: Db, rows: readonly repo.OfferRowForMatching[]): Promise<MatchCandidate[]> {
  const engaged = await repo.engagedBefore(db, {
    userIds: [...new Set(rows.flatMap((r) => (r.owner_user_id ? [r.owner_user_id] : [])))],
    organizationIds: [...new Set(rows.flatMap((r) => (r.organization_id ? [r.organization_id] : [])))],
  });
  return rows.map((r) => toOfferCandidate(r, engaged.has(r.organization_id ?? r.owner_user_id ?? '')));
}

const FIRST_BATCH = 64;
const MAX_BATCH = 1024;

/** Reads these offers' rows, maps them and scores them exactly into `top`; keeps the rows. */
async function scoreRows(
  src: Source,
  ids: readonly string[],
  need: MatchNeed,
  nowMs: number,
  top: TopK<MatchCandidate>,
  rows: Map<string, repo.OfferRowForMatching>,
  skip: (row: repo.OfferRowForMatching) => boolean,
): Promise<void> {
  const batchRows = (await repo.offerRows(src.db, ids)).filter((r) => !skip(r));
  const candidates = await offerCandidates(src.db, batchRows);
  batchRows.forEach((r) => rows.set(r.id, r));
  for (const c of candidates) {
    const s = scoreValue(need, c, nowMs, top.floor);
    if (s !== null) top.add(c, s);
  }
}

/** The winners with their reasons and rows. */
function explained(
  need: MatchNeed,
  top: TopK<MatchCandidate>,
  rows: ReadonlyMap<string, repo.OfferRowForMatching>,
  nowMs: number,
): RankedOffer[] {
  return top.result().map(({ item }) => {
    const scored = score(need, item, nowMs);
    const row = rows.get(item.id);
    if (!scored || !row) throw new Error('a ranked candidate cannot be excluded');
    return { candidate: item, row, ...scored };
  });
}

/**
 * Need → offers from the instance's offer index: the index walks its cells best bound first and
 * gives the candidates with the highest bounds — exact scores from its precomputed features,
 * except the rules about the owners' answers (its copy may be behind). Their rows are then read
 * best bound first and scored in full, as in step 3 above, until the K-th score beats the next
 * bound; when the index's list runs out first, it is asked for four times as many. Reads only the
 * rows that could compete, usually one batch.
 */
async function topOffersFromIndex(
  src: Source,
  index: CandidateIndex,
  need: MatchNeed,
  limit: number,
  nowMs: number,
  skip: (row: repo.OfferRowForMatching) => boolean,
): Promise<RankedOffer[]> {
  const top = new TopK<MatchCandidate>(limit);
  const rows = new Map<string, repo.OfferRowForMatching>();
  const read = new Set<string>();
  // A VOG need keeps only the few candidates with a recorded VOG, which the index cannot tell:
  // ask for more at once rather than walk the cells again.
  for (let want = Math.max((need.requiresVog ? 8 : 2) * limit, 32); ; want *= 4) {
    const bounded = index.boundsFor(need, want, nowMs);
    let next = 0;
    let size = limit + 8;
    while (next < bounded.length && (bounded[next] as Bounded).bound + BOUND_SLACK >= top.floor) {
      const batch = bounded.slice(next, next + size).map((b) => b.id);
      next += batch.length;
      size = Math.min(MAX_BATCH, size * 2);
      const unread = batch.filter((id) => !read.has(id));
      unread.forEach((id) => read.add(id));
      if (unread.length > 0) await scoreRows(src, unread, need, nowMs, top, rows, skip);
    }
    // Done when the walk stopped at a bound, or the index had nothing more, or nothing beyond its
    // list (each bound at most the last one's) can enter.
    const last = bounded.at(-1);
    if (next < bounded.length || bounded.length < want || !last || last.bound + BOUND_SLACK < top.floor) break;
  }
  return explained(need, top, rows, nowMs);
}

/** The `limit` best offers for a need, best first, with reasons; exact (see the header). */
export async function topOffersForNeed(
  src: Source,
  need: MatchNeed,
  limit: number,
  nowMs: number,
  skip: (row: repo.OfferRowForMatching) => boolean = () => false,
): Promise<RankedOffer[]> {
  if (src.offerIndex) return topOffersFromIndex(src, src.offerIndex, need, limit, nowMs, skip);
  const now = new Date(nowMs).toISOString();
  const inReach: { light: repo.LightOffer; bound: number }[] = [];
  for (const l of await lightCandidates(src, need, now)) {
    // First as if every asked skill were held: only candidates in reach need their skills read.
    const bound = upperBound(need, l, need.skills.length > 0 ? 1 : 0.5, need.location);
    if (bound !== null) inReach.push({ light: l, bound });
  }
  const held =
    need.skills.length > 0
      ? await repo.offerSkills(
          src.db,
          inReach.map((c) => c.light.id),
        )
      : null;
  // The tier boxes also bring remote offers lying near but beyond their own radius; reachable only
  // by remote work, they are left out unless they hold an asked skill, like those the remote scan
  // filters (see candidate-index.ts) — else whether one is retrieved would depend on box geometry.
  const asked = new Set(held ? storedSkillNames(need.skills) : []);
  const remoteOnlyWithoutSkill = (light: repo.LightOffer) =>
    held !== null &&
    need.remote &&
    light.remote === 1 &&
    !(held.get(light.id) ?? []).some((s) => asked.has(s)) &&
    upperBound(need, { ...light, remote: 0 }, 1, need.location) === null;
  const bounded: Bounded[] = inReach
    .filter(({ light }) => !remoteOnlyWithoutSkill(light))
    .map(({ light, bound }) => ({
      id: light.id,
      bound: held ? bound - weights.skills * (1 - skillsFactor(need, held.get(light.id) ?? [])) : bound,
    }));
  bounded.sort((a, b) => b.bound - a.bound || (a.id < b.id ? -1 : 1));

  const top = new TopK<MatchCandidate>(limit);
  const rows = new Map<string, repo.OfferRowForMatching>();
  let next = 0;
  let size = FIRST_BATCH;
  while (next < bounded.length && (bounded[next] as Bounded).bound + BOUND_SLACK >= top.floor) {
    const batch = bounded.slice(next, next + size).map((b) => b.id);
    next += batch.length;
    size = Math.min(MAX_BATCH, size * 2);
    await scoreRows(src, batch, need, nowMs, top, rows, skip);
  }
  return explained(need, top, rows, nowMs);
}

/**
 * The top offers of a stored need that could become an engagement with it: not the need's own
 * organisation's offers, nor those of the people who run it (they cannot take on its work).
 */
export async function offersForNeedRow(
  src: Source,
  row: repo.NeedRowForMatching,
  limit: number,
  nowMs: number,
): Promise<RankedOffer[]> {
  const managers = new Set((await managersOf(src.db, [row.organization_id])).get(row.organization_id) ?? []);
  const skip = (offer: repo.OfferRowForMatching) =>
    offer.organization_id === row.organization_id ||
    (offer.owner_user_id !== null && managers.has(offer.owner_user_id));
  return topOffersForNeed(src, toMatchNeed(row), limit, nowMs, skip);
}

/**
 * Needs worth scoring for a candidate (an offer, or a person's profile): open needs of a fitting
 * kind within its reach, and remote needs when it works remotely, minus those its answers rule
 * out. Needs are far fewer than offers, so these are read in full and scored. With the need index,
 * from memory: the needs in the box of its radius and the remote ones (need-index.ts), which the
 * scorer then narrows exactly as these SQL conditions do.
 */
export async function needsForCandidate(src: Source, candidate: MatchCandidate, nowMs: number): Promise<IndexedNeed[]> {
  if (src.needIndex) return src.needIndex.needsFor(candidate);
  const kinds = [...new Set(candidate.kinds.flatMap((k) => fittingKinds(k)))];
  const box = candidate.location ? boundingBox(candidate.location, candidate.radiusKm) : null;
  if (!box && !candidate.remote) return [];
  const rows = await repo.needsFor(src.db, {
    kinds,
    now: new Date(nowMs).toISOString(),
    box,
    remote: candidate.remote,
    rules: { mayDoPaidWork: candidate.mayDoPaidWork, noVog: !candidate.vogVerified },
  });
  return rows.map((row) => ({ need: toMatchNeed(row), organizationId: row.organization_id }));
}

export interface RankedPerson extends ScoredMatch {
  candidate: MatchCandidate;
  row: repo.FindablePersonRow;
}

/**
 * The `limit` best findable people for a need, with reasons: the people whose PC4 centroid lies in
 * the box of the profile radius around the need, and, for a remote need, people anywhere holding
 * one of its asked skills (the same narrowing as remote offers). They are mapped onto the core's
 * candidates (`toPersonCandidate`) and ranked by the core (`matchesForNeed`), so the same scoring,
 * hard rules and reasons apply as to offers; an in-memory index can later replace the read.
 */
export async function topPeopleForNeed(
  src: Source,
  need: MatchNeed,
  limit: number,
  nowMs: number,
  skip: (userId: string) => boolean,
): Promise<RankedPerson[]> {
  if (need.kind === 'materials') return [];
  const box = need.location ? boundingBox(need.location, PERSON_RADIUS_KM) : null;
  const skillNames = need.remote && need.skills.length > 0 ? storedSkillNames(need.skills) : null;
  const rows = (await repo.findablePeople(src.db, { box, skillNames })).filter((r) => !skip(r.id));
  const engaged = await repo.engagedBefore(src.db, { userIds: rows.map((r) => r.id), organizationIds: [] });
  const byCandidateId = new Map<string, repo.FindablePersonRow>();
  const candidates = rows.map((r) => {
    const candidate = toPersonCandidate(r, { lat: r.lat, lng: r.lng }, engaged.has(r.id));
    byCandidateId.set(candidate.id, r);
    return candidate;
  });
  return matchesForNeed(need, candidates, limit, nowMs).flatMap((m) => {
    const row = byCandidateId.get(m.candidate.id);
    return row ? [{ ...m, row }] : [];
  });
}
