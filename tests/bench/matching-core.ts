/**
 * Micro-benchmark of the pure matching core (no database): scoring throughput, an in-memory top-20
 * among 100,000 offers, and a match round of 2,000 needs × 10,000 offers in one region.
 * Run: npx tsx tests/bench/matching-core.ts  (deterministic data: a seeded generator)
 */
import { performance } from 'node:perf_hooks';
import { assignOptimal, type AssignmentEdge } from '../../server/modules/matching/core/assignment.ts';
import { CandidateIndex } from '../../server/modules/matching/core/candidate-index.ts';
import { score, scoreValue } from '../../server/modules/matching/core/scoring.ts';
import { synonymGroups } from '../../server/modules/matching/core/skills-related.ts';
import type {
  CompensationType,
  ListingKind,
  MatchCandidate,
  MatchNeed,
  PaidWorkAnswer,
} from '../../server/modules/matching/core/types.ts';
import { picker, rng } from './seeded-random.ts';

const NOW = Date.parse('2026-11-26T12:00:00.000Z');
const DAY = 86_400_000;
const K = 30;

const random = rng(20261126);
const pick = picker(random);
const some = <T>(list: readonly T[], max: number): T[] => {
  const n = 1 + Math.floor(random() * max);
  return [...new Set(Array.from({ length: n }, () => pick(list)))];
};

// Skill names as people type them: any name of any group, plus some free text.
const skillNames = [...synonymGroups.flat(), 'breien', 'schaken', 'muziek maken', 'fotobewerking'];
const languages = ['nl', 'nl', 'nl', 'en', 'en', 'ar', 'ti', 'tr', 'uk', 'fa'];
const kinds: ListingKind[] = ['hands', 'hands', 'hands', 'knowledge', 'materials'];
const compensations: CompensationType[] = ['unpaid', 'unpaid', 'time_credits', 'allowance', 'paid'];
const answers: PaidWorkAnswer[] = ['yes', 'yes', 'yes', 'no', 'unknown'];

/** A region the size of a large municipality with its surroundings (~40 × 35 km around Utrecht). */
const region = { lat: 52.09, lng: 5.12, dLat: 0.18, dLng: 0.26 };
const place = (r = region) => ({ lat: r.lat + (random() * 2 - 1) * r.dLat, lng: r.lng + (random() * 2 - 1) * r.dLng });
const slots = () => (random() < 0.3 ? null : Math.floor(random() * (1 << 21)) & Math.floor(random() * (1 << 21)));

function makeNeed(i: number, r = region): MatchNeed {
  const remote = random() < 0.1;
  return {
    id: `n${i}`,
    kind: pick(kinds),
    skills: random() < 0.15 ? [] : some(skillNames, 3),
    languages: some(languages, 2),
    location: remote && random() < 0.5 ? null : place(r),
    remote,
    weeklySlots: random() < 0.4 ? null : slots(),
    startsAtMs: null,
    endsAtMs: random() < 0.3 ? NOW + Math.floor(random() * 90) * DAY : null,
    compensation: pick(compensations),
    requiresVog: random() < 0.15,
    openToAsylumSeekers: random() < 0.6,
    workPermitArranged: false,
    newcomerFriendly: random() < 0.3,
    listedAtMs: NOW - Math.floor(random() * 120) * DAY,
    status: 'open',
  };
}

function makeOffer(j: number, r = region): MatchCandidate {
  return {
    id: `o${j}`,
    type: 'offer',
    kinds: [pick(kinds)],
    skills: some(skillNames, 5),
    languages: some(languages, 3),
    location: place(r),
    remote: random() < 0.15,
    radiusKm: pick([3, 5, 5, 10, 10, 15, 25]),
    weeklySlots: slots(),
    availableFromMs: null,
    availableUntilMs: random() < 0.2 ? NOW + Math.floor(random() * 120) * DAY : null,
    compensationAccepted: some(compensations, 2),
    mayDoPaidWork: pick(answers),
    vogVerified: random() < 0.3,
    hasHadEngagement: random() < 0.5,
    listedAtMs: NOW - Math.floor(random() * 180) * DAY,
    status: 'open',
  };
}

/** Wall-clock milliseconds; CPU milliseconds of this process are collected in `cpuMs` too (the machine is shared). */
let cpuMs = 0;
function time<T>(fn: () => T): [T, number] {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = fn();
  const used = process.cpuUsage(cpu);
  cpuMs = (used.user + used.system) / 1000;
  return [result, performance.now() - start];
}

const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });

// Calibration: the machine is shared, so print how fast it is right now.
{
  let sum = 0;
  const [, ms] = time(() => {
    for (let i = 0; i < 1e8; i++) sum += i * 0.5;
    return sum;
  });
  console.log(
    `calibration: 10⁸-step loop ${fmt(ms)} ms wall, ${fmt(cpuMs)} ms CPU (≈100 ms on an idle core); load average ${(await import('node:os')).loadavg()[0]?.toFixed(1)}`,
  );
}

// 1. Scoring throughput on random pairs from one region.
{
  const needs = Array.from({ length: 1000 }, (_, i) => makeNeed(i));
  const offers = Array.from({ length: 1000 }, (_, j) => makeOffer(j));
  let allowed = 0;
  for (const n of needs) for (const o of offers) if (scoreValue(n, o, NOW) !== null) allowed++; // warm-up
  const [, ms] = time(() => {
    for (const n of needs) for (const o of offers) scoreValue(n, o, NOW);
  });
  const [, msExplain] = time(() => {
    for (let i = 0; i < 200; i++) for (const o of offers) score(needs[i] as MatchNeed, o, NOW);
  });
  console.log(
    `scoring: ${fmt(1e6 / (ms / 1000))} pairs/s without reasons (1,000,000 pairs, ${fmt((allowed / 1e6) * 100)}% pass the hard rules); ${fmt(200_000 / (msExplain / 1000))} pairs/s with reasons`,
  );
}

// 2. Top-20 for a need among 100,000 offers across the country (in memory, index + scoring).
{
  const country = { lat: 52.15, lng: 5.3, dLat: 1.3, dLng: 1.6 };
  const offers = Array.from({ length: 100_000 }, (_, j) => makeOffer(j, country));
  const [index, msIndex] = time(() => new CandidateIndex(offers, NOW));
  const samples: number[] = [];
  for (let i = 0; i < 500; i++) {
    const need = makeNeed(i, country);
    const [, ms] = time(() => index.topFor(need, 20, NOW).map(({ item }) => score(need, item, NOW)));
    samples.push(ms);
  }
  samples.sort((a, b) => a - b);
  const q = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))] as number;
  console.log(
    `top-20 among 100,000 offers (in memory): index ${fmt(msIndex)} ms; per need p50 ${q(0.5).toFixed(2)} ms, p95 ${q(0.95).toFixed(2)} ms, max ${q(1).toFixed(2)} ms (500 needs)`,
  );
}

// 3. Match round: 2,000 needs × 10,000 offers in one region.
{
  const needs = Array.from({ length: 2000 }, (_, i) => ({ need: makeNeed(i), capacity: pick([1, 1, 1, 2, 2, 3, 5]) }));
  const offers = Array.from({ length: 10_000 }, (_, j) => ({ candidate: makeOffer(j), capacity: pick([1, 1, 1, 2]) }));
  const start = performance.now();
  const [index, msIndex] = time(
    () =>
      new CandidateIndex(
        offers.map((o) => o.candidate),
        NOW,
      ),
  );
  let cpuTotal = 0;
  const [edges, msEdges] = time(() =>
    needs.flatMap(({ need }) =>
      index
        .topFor(need, K, NOW)
        .map(({ item, score: s }): AssignmentEdge => ({ needId: need.id, offerId: item.id, score: s })),
    ),
  );
  const cpuEdges = cpuMs;
  const [result, msAssign] = time(() =>
    assignOptimal({
      needs: needs.map((n) => ({ id: n.need.id, capacity: n.capacity })),
      offers: offers.map((o) => ({ id: o.candidate.id, capacity: o.capacity })),
      edges,
    }),
  );
  const cpuAssign = cpuMs;
  const total = performance.now() - start;
  cpuTotal = cpuEdges + cpuAssign;

  // Greedy (best edge first) on the same edges, to show what optimality buys.
  const needLeft = new Map(needs.map((n) => [n.need.id, n.capacity]));
  const offerLeft = new Map(offers.map((o) => [o.candidate.id, o.capacity]));
  let greedy = 0;
  for (const e of [...edges].sort((a, b) => b.score - a.score)) {
    if ((needLeft.get(e.needId) ?? 0) > 0 && (offerLeft.get(e.offerId) ?? 0) > 0) {
      needLeft.set(e.needId, (needLeft.get(e.needId) ?? 0) - 1);
      offerLeft.set(e.offerId, (offerLeft.get(e.offerId) ?? 0) - 1);
      greedy += Math.round(e.score * 1e6);
    }
  }
  const units = result.proposals.reduce((s, p) => s + p.units, 0);
  const places = needs.reduce((s, n) => s + n.capacity, 0);
  console.log(
    `match round 2,000 needs × 10,000 offers (K=${K}): total ${fmt(total)} ms wall = index ${fmt(msIndex)} + top-${K} candidates per need ${fmt(msEdges)} (${fmt(edges.length)} edges) + assignment ${fmt(msAssign)} ms; CPU time of scoring + assignment ${fmt(cpuTotal)} ms`,
  );
  console.log(
    `  ${fmt(units)} of ${fmt(places)} places filled, ${result.proposals.length} proposals, total score ${result.totalScore.toFixed(3)} (greedy: ${(greedy / 1e6).toFixed(3)}, +${(((result.totalWeight - greedy) / greedy) * 100).toFixed(2)}%)`,
  );
}
