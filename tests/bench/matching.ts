/**
 * `npm run bench:matching`: matching through the real retrieval and scoring path, on SQLite.
 *
 * 1. Top-20 offers for a need among 100,000 offers across the Netherlands: offers on real PC4
 *    postcodes (so density follows where people live), owners with every answer to the paid-work
 *    question, some VOGs and past engagements. Each sample runs `offersForNeedRow` — the function
 *    behind `GET /api/needs/:id/matches` — for a stored need, first through the SQL path (light
 *    index scans, bounds, batched full rows), then through the instance's offer index (built as
 *    at start; its bounds, the best rows checked, scoring with reasons); both answers must be
 *    identical for every need. Target p95 ≤ 15 ms for the index path.
 * 2. A match round of 2,000 needs × 10,000 offers in one region (within 15 km of Utrecht), through
 *    `createRound` (loading, mapping, candidate index, optimal assignment, storing). Target ≤ 2 s.
 * Writes bench-results/matching.json.
 *
 * The machine may be shared: a calibration loop prints how fast it is right now; run twice and
 * compare. Options: OFFERS, SAMPLES, ROUND_NEEDS, ROUND_OFFERS, KEEP_DB. Exits non-zero when a target is missed.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { ManualClock } from '../../server/clock.ts';
import { testConfig } from '../../server/config.ts';
import type { AppContext } from '../../server/context.ts';
import { createDb, type DbHandle } from '../../server/db/create-db.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { EventBus } from '../../server/events.ts';
import { latStrip } from '../../server/modules/listings/location.ts';
import { MatchingIndex } from '../../server/modules/matching/matching-index.ts';
import { needRow } from '../../server/modules/matching/repository.ts';
import { offersForNeedRow } from '../../server/modules/matching/retrieval.ts';
import { createRound } from '../../server/modules/matching/service.ts';
import { synonymGroups } from '../../server/modules/matching/core/skills-related.ts';
import { loadPostcodeDirectory, type PostcodeDirectory } from '../../server/modules/postcodes/directory.ts';
import { distanceKm } from '../../shared/geo.ts';
import { numbersFromEnv } from './env.ts';
import { BenchResult, loadNow } from './results.ts';
import { picker, rng, sampler } from './seeded-random.ts';

const { OFFERS, SAMPLES, ROUND_NEEDS, ROUND_OFFERS } = numbersFromEnv({
  OFFERS: 100_000,
  SAMPLES: 300,
  ROUND_NEEDS: 2000,
  ROUND_OFFERS: 10_000,
});
const TARGET_TOP_P95_MS = 15;
const TARGET_ROUND_MS = 2000;
const result = new BenchResult('matching');
const NOW = '2026-03-02T09:00:00.000Z';

const random = rng(20261126);
const pick = picker(random);
const some = sampler(random);

// Skills as people type them: names of the synonym groups (lower case), plus some free text.
const skillNames = [
  ...synonymGroups.flat().map((s) => s.toLowerCase()),
  'breien',
  'schaken',
  'muziek maken',
  'fotobewerking',
];
const languages = ['nl', 'nl', 'nl', 'en', 'en', 'ar', 'ti', 'tr', 'uk', 'fa'];
const kinds = ['hands', 'hands', 'hands', 'knowledge', 'materials'] as const;
const compensations = ['unpaid', 'unpaid', 'time_credits', 'allowance', 'paid'] as const;
const answers = ['yes', 'yes', 'yes', 'no', 'unknown'];
const iso = (offsetDays: number) => new Date(Date.parse(NOW) + offsetDays * 86_400_000).toISOString();

interface Place {
  postcode: string;
  lat: number;
  lng: number;
}

class Generator {
  private readonly insertUser;
  private readonly insertOrg;
  private readonly insertMember;
  private readonly insertNeed;
  private readonly insertOffer;
  private readonly offerSkill;
  private readonly offerLanguage;
  private readonly offerCompensation;
  private readonly needSkill;
  private readonly insertEngaged;
  private users = 0;

  constructor(private readonly sqlite: NonNullable<DbHandle['sqlite']>) {
    this.insertUser = sqlite.prepare(
      `INSERT INTO users (id, email, password_hash, display_name, locale, may_do_paid_work, vog_verified_at, created_at, updated_at) VALUES (?, ?, 'x', ?, 'nl', ?, ?, ?, ?)`,
    );
    this.insertOrg = sqlite.prepare(
      `INSERT INTO organizations (id, name, type, description, postcode, domains, created_at, updated_at) VALUES (?, ?, ?, '', ?, '[]', ?, ?)`,
    );
    this.insertMember = sqlite.prepare(
      `INSERT INTO memberships (organization_id, user_id, role, created_at) VALUES (?, ?, 'coordinator', ?)`,
    );
    const needCols = [
      'id',
      'organization_id',
      'created_by',
      'kind',
      'title',
      'description',
      'domains',
      'skills',
      'languages',
      'postcode',
      'lat',
      'lng',
      'lat_strip',
      'remote',
      'starts_at',
      'ends_at',
      'hours_estimate',
      'people_needed',
      'quantity',
      'unit',
      'materials_mode',
      'compensation_type',
      'hourly_rate_cents',
      'allowance_cents',
      'requires_vog',
      'min_age',
      'newcomer_friendly',
      'open_to_asylum_seekers',
      'work_permit_arranged',
      'status',
      'search_title',
      'search_body',
      'created_at',
      'updated_at',
      'closed_at',
    ];
    this.insertNeed = sqlite.prepare(
      `INSERT INTO needs (${needCols.join(', ')}) VALUES (${needCols.map((c) => `@${c}`).join(', ')})`,
    );
    const offerCols = [
      'id',
      'owner_user_id',
      'organization_id',
      'created_by',
      'b2c_type',
      'kind',
      'title',
      'description',
      'domains',
      'skills',
      'languages',
      'postcode',
      'lat',
      'lng',
      'lat_strip',
      'radius_km',
      'remote',
      'availability',
      'available_until',
      'ends_at',
      'compensation_accepted',
      'capacity_hours_per_month',
      'quantity',
      'unit',
      'materials_mode',
      'newcomer_friendly',
      'status',
      'search_title',
      'search_body',
      'created_at',
      'updated_at',
      'closed_at',
    ];
    this.insertOffer = sqlite.prepare(
      `INSERT INTO offers (${offerCols.join(', ')}) VALUES (${offerCols.map((c) => `@${c}`).join(', ')})`,
    );
    this.offerSkill = sqlite.prepare(`INSERT OR IGNORE INTO offer_skills (offer_id, skill) VALUES (?, ?)`);
    this.offerLanguage = sqlite.prepare(`INSERT OR IGNORE INTO offer_languages (offer_id, language) VALUES (?, ?)`);
    this.offerCompensation = sqlite.prepare(
      `INSERT OR IGNORE INTO offer_compensations (offer_id, compensation) VALUES (?, ?)`,
    );
    this.needSkill = sqlite.prepare(`INSERT OR IGNORE INTO need_skills (need_id, skill) VALUES (?, ?)`);
    // A past accepted engagement for some people (fairness): a minimal row on a placeholder need.
    this.insertEngaged = sqlite.prepare(
      `INSERT INTO engagements (id, need_id, offer_id, organization_id, kind, status, proposed_by, worker_user_id, worker_organization_id, compensation_type, reserved_minutes, logged_minutes, created_at, updated_at, accepted_at)
       VALUES (?, ?, NULL, ?, 'work', 'completed', 'worker', ?, NULL, 'unpaid', 0, 0, ?, ?, ?)`,
    );
  }

  person(): string {
    const id = `u${this.users++}`;
    this.insertUser.run(
      id,
      `${id}@bench.example`,
      `Persoon ${id}`,
      pick(answers),
      random() < 0.2 ? iso(-100) : null,
      iso(-400),
      iso(-400),
    );
    return id;
  }

  organization(id: string, type: string, place: Place): string {
    this.insertOrg.run(id, `Organisatie ${id}`, type, place.postcode, iso(-400), iso(-400));
    this.insertMember.run(id, this.person(), iso(-400));
    return id;
  }

  need(id: string, organizationId: string, place: Place | null): void {
    const kind = pick(kinds);
    const comp = kind === 'materials' ? pick(['unpaid', 'time_credits'] as const) : pick(compensations);
    const skills = random() < 0.15 ? [] : some(skillNames, 1, 3);
    const remote = place === null || random() < 0.1;
    this.insertNeed.run({
      id,
      organization_id: organizationId,
      created_by: null,
      kind,
      title: 'Hulp gezocht',
      description: '',
      domains: '["greening"]',
      skills: JSON.stringify(skills),
      languages: JSON.stringify(some(languages, 1, 2)),
      postcode: place?.postcode ?? null,
      lat: place?.lat ?? null,
      lng: place?.lng ?? null,
      lat_strip: place ? latStrip(place.lat) : null,
      remote: remote ? 1 : 0,
      starts_at: null,
      ends_at: random() < 0.3 ? iso(1 + Math.floor(random() * 90)) : null,
      hours_estimate: 4,
      people_needed: pick([1, 1, 1, 2, 2, 3, 5]),
      quantity: kind === 'materials' ? 3 : null,
      unit: kind === 'materials' ? 'stuks' : null,
      materials_mode: kind === 'materials' ? 'give' : null,
      compensation_type: comp,
      hourly_rate_cents: comp === 'paid' ? 1600 : null,
      allowance_cents: comp === 'allowance' ? 400 : null,
      requires_vog: random() < 0.15 ? 1 : 0,
      min_age: null,
      newcomer_friendly: random() < 0.3 ? 1 : 0,
      open_to_asylum_seekers: random() < 0.6 ? 1 : 0,
      work_permit_arranged: 0,
      status: 'open',
      search_title: 'hulp gezocht',
      search_body: '',
      created_at: iso(-Math.floor(random() * 120)),
      updated_at: iso(-1),
      closed_at: null,
    });
    for (const s of skills) this.needSkill.run(id, s);
  }

  offer(id: string, place: Place, businessId: string | null): void {
    const owner = businessId ? null : this.person();
    if (owner && random() < 0.5)
      this.insertEngaged.run(`e-${id}`, 'n-history', 'o-history', owner, iso(-200), iso(-200), iso(-200));
    const kind = pick(kinds);
    const skills = some(skillNames, 1, 5);
    const langs = some(languages, 1, 3);
    const comps = some(compensations, 1, 2);
    const r = random();
    this.insertOffer.run({
      id,
      owner_user_id: owner,
      organization_id: businessId,
      created_by: null,
      b2c_type: businessId ? 'pro_bono' : null,
      kind,
      title: 'Ik help',
      description: '',
      domains: '[]',
      skills: JSON.stringify(skills),
      languages: JSON.stringify(langs),
      postcode: place.postcode,
      lat: place.lat,
      lng: place.lng,
      lat_strip: latStrip(place.lat),
      radius_km: r < 0.1 ? null : pick([3, 5, 5, 10, 10, 15, 25, 50]),
      remote: random() < 0.15 ? 1 : 0,
      availability:
        random() < 0.7
          ? JSON.stringify({
              type: 'weekly',
              slots: [{ day: pick(['mon', 'tue', 'wed', 'sat']), from: '09:00', to: '13:00' }],
            })
          : null,
      available_until: null,
      ends_at: random() < 0.2 ? iso(1 + Math.floor(random() * 120)) : null,
      compensation_accepted: JSON.stringify(comps),
      capacity_hours_per_month: businessId ? 24 : null,
      quantity: null,
      unit: null,
      materials_mode: null,
      newcomer_friendly: 0,
      // A few closed offers: retrieval must skip them.
      status: random() < 0.05 ? 'closed' : 'open',
      search_title: 'ik help',
      search_body: '',
      created_at: iso(-Math.floor(random() * 180)),
      updated_at: iso(-1),
      closed_at: null,
    });
    for (const s of skills) this.offerSkill.run(id, s);
    for (const l of langs) this.offerLanguage.run(id, l);
    for (const c of comps) this.offerCompensation.run(id, c);
  }

  /** The placeholder need the fairness history hangs on. */
  history(place: Place): void {
    this.organization('o-history', 'initiative', place);
    this.need('n-history', 'o-history', place);
  }

  run(fn: () => void): void {
    this.sqlite.transaction(fn)();
  }
}

async function database(): Promise<{ handle: DbHandle; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-matching-'));
  const handle = await createDb(`sqlite:${join(dir, 'bench.db')}`);
  await migrateToLatest(handle.db);
  return { handle, dir };
}

/**
 * KEEP_DB=path keeps the 100,000-offer database there (to inspect plans); an existing one is reused
 * as it is — not migrated, not analysed, only read (the run fails if it wrote anything).
 */
const KEEP_DB = process.env.KEEP_DB;

function context(handle: DbHandle, postcodes: PostcodeDirectory): AppContext {
  return {
    db: handle.db,
    dialect: handle.dialect,
    clock: new ManualClock(NOW),
    config: testConfig(),
    postcodes,
    events: new EventBus(),
    log: pino({ level: 'silent' }),
  };
}

const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });
const quantile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;

{
  let sum = 0;
  const start = performance.now();
  for (let i = 0; i < 1e8; i++) sum += i * 0.5;
  console.log(
    `calibration: 10⁸-step loop ${fmt(performance.now() - start)} ms (≈100 ms on an idle core); load average ${loadavg()[0]?.toFixed(1)}${sum < 0 ? '' : ''}`,
  );
}

const postcodes = loadPostcodeDirectory();
const codes = postcodes.addressCodes();
const placeOf = (postcode: string): Place => {
  const at = postcodes.lookup(postcode);
  if (!at) throw new Error(`unknown postcode ${postcode}`);
  return { postcode, lat: at.lat, lng: at.lng };
};
let failed = false;

// 1. Top-20 among 100,000 offers across the country.
{
  const reuse = KEEP_DB !== undefined && existsSync(KEEP_DB);
  const { handle, dir } = KEEP_DB ? { handle: await createDb(`sqlite:${KEEP_DB}`), dir: null } : await database();
  if (KEEP_DB && !reuse) await migrateToLatest(handle.db);
  try {
    const sqlite = handle.sqlite;
    if (!sqlite) throw new Error('the benchmark runs on SQLite');
    const changes = () => (sqlite.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
    const changesBefore = changes();
    const gen = new Generator(sqlite);
    const t0 = performance.now();
    const needs: string[] = Array.from({ length: SAMPLES }, (_, i) => `n${i}`);
    if (!reuse)
      gen.run(() => {
        gen.history(placeOf(pick(codes)));
        for (let b = 0; b < 200; b++) gen.organization(`b${b}`, 'business', placeOf(pick(codes)));
        for (let o = 0; o < 100; o++) gen.organization(`org${o}`, 'initiative', placeOf(pick(codes)));
        for (let i = 0; i < OFFERS; i++)
          gen.offer(`of${i}`, placeOf(pick(codes)), random() < 0.05 ? `b${Math.floor(random() * 200)}` : null);
        for (const id of needs)
          gen.need(id, `org${Number(id.slice(1)) % 100}`, random() < 0.05 ? null : placeOf(pick(codes)));
      });
    if (!reuse) sqlite.exec('ANALYZE');
    if (!reuse)
      console.log(
        `generated ${fmt(OFFERS)} offers and ${SAMPLES} needs on real PC4 postcodes in ${fmt(performance.now() - t0)} ms`,
      );
    const ctx = context(handle, postcodes);
    const nowMs = Date.parse(NOW);
    // The instance's offer index, built as at start (SEARCH_INDEX=memory, the default).
    // What the index holds: heap and array buffers after a collection (run with NODE_OPTIONS=--expose-gc); RSS keeps what the build's garbage once took.
    const memory = () => {
      global.gc?.();
      const m = process.memoryUsage();
      return { rss: m.rss, held: m.heapUsed + m.arrayBuffers };
    };
    const before = memory();
    const offerIndex = new MatchingIndex(ctx);
    await offerIndex.rebuild();
    if (!offerIndex.usable) throw new Error('the offer index could not be built');
    const after = memory();
    const heldIndex = after.held - before.held;
    const rssIndex = after.rss - before.rss;
    console.log(
      `offer index: ${fmt(offerIndex.offers.size)} open offers (and ${fmt(offerIndex.needs.size)} needs) built in ${fmt(offerIndex.lastBuildMs ?? 0)} ms; typed arrays ${fmt(offerIndex.offers.features.bytes() / 1e6)} MB, heap + buffers +${fmt(heldIndex / 1e6)} MB, RSS +${fmt(rssIndex / 1e6)} MB${global.gc ? '' : ' (without --expose-gc: garbage included)'}`,
    );
    const run = async (id: string, index: boolean) => {
      const row = await needRow(ctx.db, id);
      if (!row) throw new Error(`no need ${id}`);
      return offersForNeedRow(
        { db: ctx.db, dialect: ctx.dialect, offerIndex: index ? offerIndex.offers : null },
        row,
        20,
        nowMs,
      );
    };
    const measure = async (index: boolean) => {
      for (const id of needs.slice(0, 30)) await run(id, index); // warm-up: JIT and page cache
      const samples: number[] = [];
      const answers: string[] = [];
      let found = 0;
      for (const id of needs) {
        const start = performance.now();
        const ranked = await run(id, index);
        samples.push(performance.now() - start);
        found += ranked.length;
        answers.push(JSON.stringify(ranked.map((m) => [m.candidate.id, m.score])));
      }
      samples.sort((a, b) => a - b);
      return {
        p50: quantile(samples, 0.5),
        p95: quantile(samples, 0.95),
        max: quantile(samples, 1),
        matchesPerNeed: found / SAMPLES,
        answers,
      };
    };
    const sql = await measure(false);
    console.log(
      `top-20 among ${fmt(OFFERS)} offers, SQL path (SEARCH_INDEX=off): p50 ${sql.p50.toFixed(2)} ms, p95 ${sql.p95.toFixed(2)} ms, max ${sql.max.toFixed(2)} ms over ${SAMPLES} needs`,
    );
    const fromIndex = await measure(true);
    const p95 = fromIndex.p95;
    const identical = fromIndex.answers.filter((a, i) => a === sql.answers[i]).length;
    console.log(
      `top-20 among ${fmt(OFFERS)} offers (SQLite, offer index + rows checked + reasons): p50 ${fromIndex.p50.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms, max ${fromIndex.max.toFixed(2)} ms over ${SAMPLES} needs; ${fmt(fromIndex.matchesPerNeed)} matches per need on average; identical to the SQL path for ${identical} of ${SAMPLES} needs — target p95 ≤ ${TARGET_TOP_P95_MS} ms ${p95 <= TARGET_TOP_P95_MS ? 'met' : 'MISSED'}`,
    );
    if (identical !== SAMPLES) failed = true;
    result.figure('top20', {
      offers: OFFERS,
      needs: SAMPLES,
      p50: fromIndex.p50,
      p95,
      max: fromIndex.max,
      matchesPerNeed: fromIndex.matchesPerNeed,
      identicalToSql: identical,
      sqlP50: sql.p50,
      sqlP95: sql.p95,
      load: loadNow(),
    });
    result.figure('offerIndex', {
      offers: offerIndex.offers.size,
      buildMs: offerIndex.lastBuildMs,
      typedArrayBytes: offerIndex.offers.features.bytes(),
      heldBytes: heldIndex,
      rssBytes: rssIndex,
      gc: global.gc !== undefined,
    });
    result.target({
      figure: `top-20 matches p95 among ${fmt(OFFERS)} offers`,
      value: p95,
      unit: 'ms',
      kind: 'max',
      limit: TARGET_TOP_P95_MS,
    });
    await offerIndex.stop();
    if (reuse && changes() !== changesBefore) {
      console.log(`KEEP_DB: the run wrote ${changes() - changesBefore} rows into the kept database`);
      failed = true;
    }
  } finally {
    await handle.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

// 2. A match round: 2,000 needs × 10,000 offers within 15 km of Utrecht.
{
  const { handle, dir } = await database();
  try {
    const sqlite = handle.sqlite;
    if (!sqlite) throw new Error('the benchmark runs on SQLite');
    const center = placeOf('3511');
    const regionCodes = codes.filter((c) => distanceKm(center, placeOf(c)) <= 15);
    const gen = new Generator(sqlite);
    gen.run(() => {
      gen.history(center);
      gen.organization('gemeente', 'public', center);
      for (let b = 0; b < 50; b++) gen.organization(`b${b}`, 'business', placeOf(pick(regionCodes)));
      for (let o = 0; o < 200; o++) gen.organization(`org${o}`, 'initiative', placeOf(pick(regionCodes)));
      for (let i = 0; i < ROUND_OFFERS; i++)
        gen.offer(`of${i}`, placeOf(pick(regionCodes)), random() < 0.05 ? `b${Math.floor(random() * 50)}` : null);
      for (let i = 0; i < ROUND_NEEDS; i++) gen.need(`n${i}`, `org${i % 200}`, placeOf(pick(regionCodes)));
    });
    // Only a verified public body runs rounds (issue 9); the province, so the 15 km circle is all inside.
    sqlite
      .prepare(
        `UPDATE organizations SET verified_at = ?, verified_by = 'bench', verification_method = 'note', verification_note = 'Benchmark municipality', verification_area = 'province' WHERE id = 'gemeente'`,
      )
      .run(new Date().toISOString());
    sqlite.exec('ANALYZE');
    const ctx = context(handle, postcodes);
    const coordinator = sqlite.prepare(`SELECT user_id FROM memberships WHERE organization_id = 'gemeente'`).get() as {
      user_id: string;
    };
    const start = performance.now();
    const cpu = process.cpuUsage();
    const round = await createRound(
      ctx,
      { userId: coordinator.user_id, isAdmin: false },
      { near: '3511', radiusKm: 15 },
    );
    const ms = performance.now() - start;
    const used = process.cpuUsage(cpu);
    const units = round.proposals.reduce((s, p) => s + p.units, 0);
    console.log(
      `match round ${fmt(round.needCount)} needs × ${fmt(round.offerCount)} offers (within 15 km of Utrecht, via createRound: load, map, index, assign, store): ${fmt(ms)} ms (CPU ${fmt((used.user + used.system) / 1000)} ms); ${fmt(round.proposals.length)} proposals, ${fmt(units)} places, total score ${round.totalScore.toFixed(2)} — target ≤ ${TARGET_ROUND_MS} ms ${ms <= TARGET_ROUND_MS ? 'met' : 'MISSED'}`,
    );
    result.figure('round', {
      needs: round.needCount,
      offers: round.offerCount,
      ms,
      cpuMs: (used.user + used.system) / 1000,
      proposals: round.proposals.length,
      places: units,
      totalScore: round.totalScore,
      load: loadNow(),
    });
    result.target({
      figure: `match round ${fmt(round.needCount)} needs × ${fmt(round.offerCount)} offers, optimal`,
      value: ms,
      unit: 'ms',
      kind: 'max',
      limit: TARGET_ROUND_MS,
    });
  } finally {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

result.write(failed);
