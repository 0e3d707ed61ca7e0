/**
 * `npm run bench:search`: NL-scale search benchmark.
 *
 * 1. Generates 20,000 needs and 100,000 offers over real PC4 postcodes into a fresh SQLite file
 *    (bulk insert through the raw better-sqlite3 handle in one transaction; the FTS triggers run).
 * 2. Measures server-side latency (process.hrtime around app.inject, so routing, validation,
 *    serialisation and the plugins count) for text, distance and combined queries: p50/p95/p99.
 * 3. Measures HTTP throughput with autocannon in a separate process against the search route and
 *    against /api/health of the same app, in the same run.
 *
 * Targets (issue 3): combined p95 ≤ 20 ms; search throughput ≥ 15% of the health route's.
 * Options: NEEDS, OFFERS, SAMPLES (per query type), DURATION (autocannon seconds), CONNECTIONS,
 * KEEP_DB (a path: keep the generated database there, e.g. to inspect query plans), REUSE_DB=1 (with
 * KEEP_DB: measure the database already there instead of generating it again, to iterate faster).
 * Exits non-zero when a target is missed.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createDb } from '../../server/db/create-db.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { loadPostcodeDirectory } from '../../server/modules/postcodes/directory.ts';
import { latStrip } from '../../server/modules/listings/location.ts';
import { searchText } from '../../server/modules/listings/search-text.ts';
import { compensationTypes, listingKinds } from '../../shared/schemas/listings.ts';
import { domainCodes } from '../../shared/vocabulary.ts';
import { numbersFromEnv } from './env.ts';
import { picker, rng, sampler } from './seeded-random.ts';

const { NEEDS, OFFERS, SAMPLES, DURATION, CONNECTIONS } = numbersFromEnv({ NEEDS: 20_000, OFFERS: 100_000, SAMPLES: 300, DURATION: 10, CONNECTIONS: 32 });
const TARGET_P95_MS = 20;
const TARGET_THROUGHPUT_RATIO = 0.15;

const random = rng(20261126);
const pick = picker(random);
const some = sampler(random);

const activities = [
  'buurtmaaltijd koken', 'moestuin aanleggen', 'fietsen repareren', 'taalcafé begeleiden', 'huiswerkbegeleiding geven', 'voedselpakketten inpakken',
  'geveltuinen planten', 'energiecoach aan huis', 'zonnepanelen plaatsen', 'verhuizing helpen', 'computerles geven', 'boodschappen doen voor ouderen',
  'mantelzorger ontlasten', 'wandelvoetbal begeleiden', 'buurthuis schilderen', 'naaiatelier begeleiden', 'speeltuin opknappen', 'kledingbank sorteren',
  'repair café draaien', 'boekhouding van de vereniging', 'website bouwen', 'subsidieaanvraag schrijven', 'tolken bij gesprekken', 'busje rijden',
  'klussen in huis', 'bomen planten', 'zwerfafval opruimen', 'festival opbouwen', 'koffie schenken', 'sollicitatietraining geven', 'fietsles voor nieuwkomers',
  'dakdekken bij de stadsboerderij', 'elektra aanleggen', 'kinderopvang tijdens activiteiten', 'schuldhulp maatje', 'juridisch advies', 'fotografie voor de nieuwsbrief',
  'social media beheren', 'koor begeleiden', 'theaterdecor bouwen', 'rolstoelwandeling', 'voorlezen op school', 'isolatie van buurthuis', 'tuinonderhoud',
];
const places = ['in de wijk', 'bij het buurthuis', 'in het park', 'op de stadsboerderij', 'bij de voedselbank', 'op school', 'in de bibliotheek', 'aan huis', 'in het wijkcentrum'];
const sentences = [
  'Geen ervaring nodig, we leren je alles.', 'Je werkt samen met buren uit de hele wijk.', 'Koffie en thee staan altijd klaar.', 'Ook geschikt als je nog weinig Nederlands spreekt.',
  'Je krijgt begeleiding van een vaste coördinator.', 'We zoeken iemand die handig is met gereedschap.', 'Ervaring met kinderen is een pre.', 'Flexibele tijden, overleg is mogelijk.',
  'Het gaat om een paar uur per week.', 'Samen maken we de buurt groener en gezelliger.', 'Ideaal voor studenten en gepensioneerden.', 'Een VOG is nodig omdat je met kwetsbare mensen werkt.',
  'We werken met tijdtegoed: elk uur telt.', 'Reiskosten worden vergoed.', 'Marktconform uurloon voor vakmensen.', 'Materialen worden geleend en daarna teruggebracht.',
  'Help mee met de energietransitie in je eigen straat.', 'Ook in het Engels, Arabisch of Oekraïens.', 'Je bent welkom, waar je ook vandaan komt.', 'Startdatum in overleg.',
];
const skills = ['koken', 'tuinieren', 'klussen', 'elektra', 'timmeren', 'lesgeven', 'taalcoach', 'tolken', 'boekhouding', 'excel', 'website', 'sjouwen', 'rijbewijs b', 'fietsen repareren', 'naaien', 'kinderopvang', 'energieadvies', 'zonnepanelen', 'logistiek', 'fondsenwerving'];
const languages = ['nl', 'en', 'ar', 'ti', 'tr', 'uk', 'fa', 'de', 'fr', 'pl'];

function makeText() {
  const activity = pick(activities);
  const title = `${activity.charAt(0).toUpperCase()}${activity.slice(1)} ${pick(places)}`;
  const description = some(sentences, 2, 4).join(' ');
  return { title, description };
}

async function generate(sqlite: import('better-sqlite3').Database, codes: string[], lookup: (pc: string) => { lat: number; lng: number } | undefined) {
  const now = new Date('2026-03-02T09:00:00.000Z');
  const iso = (offsetDays: number) => new Date(now.getTime() + offsetDays * 86_400_000).toISOString();
  const persons = Math.ceil(OFFERS / 4);
  const orgs = Math.ceil(NEEDS / 10);
  const insertUser = sqlite.prepare(`INSERT INTO users (id, email, password_hash, display_name, locale, created_at, updated_at) VALUES (?, ?, 'x', ?, 'nl', ?, ?)`);
  const insertOrg = sqlite.prepare(`INSERT INTO organizations (id, name, type, description, postcode, domains, created_at, updated_at) VALUES (?, ?, ?, '', ?, '[]', ?, ?)`);
  const needCols = ['id', 'organization_id', 'created_by', 'kind', 'title', 'description', 'domains', 'skills', 'languages', 'postcode', 'lat', 'lng', 'lat_strip', 'remote', 'starts_at', 'ends_at', 'hours_estimate', 'people_needed', 'quantity', 'unit', 'materials_mode', 'compensation_type', 'hourly_rate_cents', 'allowance_cents', 'requires_vog', 'min_age', 'newcomer_friendly', 'open_to_asylum_seekers', 'work_permit_arranged', 'status', 'search_title', 'search_body', 'created_at', 'updated_at', 'closed_at'];
  const insertNeed = sqlite.prepare(`INSERT INTO needs (${needCols.join(', ')}) VALUES (${needCols.map((c) => `@${c}`).join(', ')})`);
  const offerCols = ['id', 'owner_user_id', 'organization_id', 'created_by', 'b2c_type', 'kind', 'title', 'description', 'domains', 'skills', 'languages', 'postcode', 'lat', 'lng', 'lat_strip', 'radius_km', 'remote', 'availability', 'available_until', 'ends_at', 'compensation_accepted', 'capacity_hours_per_month', 'quantity', 'unit', 'materials_mode', 'newcomer_friendly', 'status', 'search_title', 'search_body', 'created_at', 'updated_at', 'closed_at'];
  const insertOffer = sqlite.prepare(`INSERT INTO offers (${offerCols.join(', ')}) VALUES (${offerCols.map((c) => `@${c}`).join(', ')})`);
  const value = (table: string, owner: string, column: string) => sqlite.prepare(`INSERT INTO ${table} (${owner}, ${column}) VALUES (?, ?)`);
  const needValues = { domain: value('need_domains', 'need_id', 'domain'), language: value('need_languages', 'need_id', 'language'), skill: value('need_skills', 'need_id', 'skill') };
  const offerValues = { domain: value('offer_domains', 'offer_id', 'domain'), language: value('offer_languages', 'offer_id', 'language'), skill: value('offer_skills', 'offer_id', 'skill'), compensation: value('offer_compensations', 'offer_id', 'compensation') };

  const place = () => {
    const postcode = pick(codes);
    const at = lookup(postcode);
    if (!at) throw new Error(`unknown postcode ${postcode}`);
    return { postcode, lat: at.lat, lng: at.lng, lat_strip: latStrip(at.lat) };
  };

  /** What needs and offers draw alike, in one fixed order (so the data set stays the same run after run). */
  const listing = <C>(compensation: (kind: (typeof listingKinds)[number]) => C, sizes: { domains: [number, number]; skills: [number, number]; remote: number }) => {
    const { title, description } = makeText();
    const kind = pick(listingKinds);
    const comp = compensation(kind);
    const ds = some(domainCodes, ...sizes.domains);
    const ls = some(languages, 1, 3);
    const ss = some(skills, ...sizes.skills);
    const remote = random() < sizes.remote;
    const where = remote && random() < 0.5 ? { postcode: null, lat: null, lng: null, lat_strip: null } : place();
    const created = iso(-Math.floor(random() * 365));
    return { title, description, kind, comp, ds, ls, ss, remote, where, created };
  };

  sqlite.transaction(() => {
    for (let i = 0; i < persons; i++) insertUser.run(`u${i}`, `u${i}@bench.example`, `Persoon ${i}`, iso(-400), iso(-400));
    for (let i = 0; i < orgs; i++) insertOrg.run(`o${i}`, `Initiatief ${i}`, i % 10 === 0 ? 'business' : 'initiative', pick(codes), iso(-400), iso(-400));
    for (let i = 0; i < NEEDS; i++) {
      const needCompensation = (kind: string) => (kind === 'materials' ? pick(['unpaid', 'time_credits'] as const) : pick(compensationTypes));
      const { title, description, kind, comp, ds, ls, ss, remote, where, created } = listing(needCompensation, { domains: [1, 3], skills: [0, 3], remote: 0.05 });
      // About 15% of needs have ended (expired), 5% are closed, 5% filled: searches must skip them.
      const r = random();
      const ends = r < 0.15 ? iso(-Math.floor(random() * 100) - 1) : r < 0.5 ? iso(Math.floor(random() * 200) + 1) : null;
      const status = r > 0.95 ? 'closed' : r > 0.9 ? 'filled' : 'open';
      const id = `n${i}`;
      insertNeed.run({
        id, organization_id: `o${i % orgs}`, created_by: null, kind, title, description, domains: JSON.stringify(ds), skills: JSON.stringify(ss), languages: JSON.stringify(ls),
        ...where, remote: remote ? 1 : 0, starts_at: null, ends_at: ends, hours_estimate: 4, people_needed: 2,
        quantity: kind === 'materials' ? 3 : null, unit: kind === 'materials' ? 'stuks' : null, materials_mode: kind === 'materials' ? 'give' : null,
        compensation_type: comp, hourly_rate_cents: comp === 'paid' ? 1600 : null, allowance_cents: comp === 'allowance' ? 400 : null,
        requires_vog: random() < 0.2 ? 1 : 0, min_age: null, newcomer_friendly: random() < 0.3 ? 1 : 0, open_to_asylum_seekers: random() < 0.2 ? 1 : 0, work_permit_arranged: 0,
        status, search_title: searchText(title), search_body: searchText(description), created_at: created, updated_at: created, closed_at: status === 'closed' ? created : null,
      });
      for (const d of ds) needValues.domain.run(id, d);
      for (const l of ls) needValues.language.run(id, l);
      for (const s of ss) needValues.skill.run(id, s);
    }
    for (let i = 0; i < OFFERS; i++) {
      const business = i % 20 === 0;
      const offerCompensations = () => some(compensationTypes, 1, 3);
      const { title, description, kind, comp: comps, ds, ls, ss, remote, where, created } = listing(offerCompensations, { domains: [0, 2], skills: [1, 4], remote: 0.1 });
      const r = random();
      const status = r > 0.95 ? 'closed' : 'open';
      const ends = r < 0.1 ? iso(-Math.floor(random() * 100) - 1) : null;
      const id = `f${i}`;
      insertOffer.run({
        id, owner_user_id: business ? null : `u${i % persons}`, organization_id: business ? `o${(Math.floor(i / 20) * 10) % orgs}` : null, created_by: null,
        b2c_type: business ? 'pro_bono' : null, kind, title, description, domains: JSON.stringify(ds), skills: JSON.stringify(ss), languages: JSON.stringify(ls),
        ...where, radius_km: where.postcode ? 10 + Math.floor(random() * 30) : null, remote: remote ? 1 : 0, availability: null, available_until: ends, ends_at: ends,
        compensation_accepted: JSON.stringify(comps), capacity_hours_per_month: kind === 'materials' ? null : 16,
        quantity: kind === 'materials' ? 5 : null, unit: kind === 'materials' ? 'stuks' : null, materials_mode: kind === 'materials' ? 'lend' : null,
        newcomer_friendly: random() < 0.3 ? 1 : 0, status, search_title: searchText(title), search_body: searchText(description),
        created_at: created, updated_at: created, closed_at: status === 'closed' ? created : null,
      });
      for (const d of ds) offerValues.domain.run(id, d);
      for (const l of ls) offerValues.language.run(id, l);
      for (const s of ss) offerValues.skill.run(id, s);
      for (const c of comps) offerValues.compensation.run(id, c);
    }
  })();
  // After a bulk load: merge the FTS segments and give the planner statistics, as operations would.
  sqlite.exec(`INSERT INTO needs_fts(needs_fts) VALUES ('optimize'); INSERT INTO offers_fts(offers_fts) VALUES ('optimize'); ANALYZE;`);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

/** Words people type: whole words and prefixes from the generated texts. */
const queryTerms = ['koken', 'moestuin', 'fiets', 'taal', 'huiswerk', 'voedsel', 'tuin', 'energie', 'zonne', 'verhuiz', 'computer', 'ouderen', 'mantelzorg', 'buurthuis', 'speeltuin', 'klussen', 'bomen', 'website', 'tolken', 'boekhouding', 'schilderen', 'naai', 'kinderopvang', 'park'];
const queryPairs = ['tuin park', 'koken buurthuis', 'fietsen repareren', 'taalcafé begeleiden', 'klussen huis', 'energiecoach huis', 'bomen planten', 'computerles geven'];

function queries(codes: string[]) {
  // Their own generator, so a reused database is measured with the same queries as a fresh one.
  const random = rng(3);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const near = () => `near=${pick(codes)}&radiusKm=${pick([5, 10, 25])}`;
  const text = () => `q=${encodeURIComponent(random() < 0.6 ? pick(queryTerms) : pick(queryPairs))}`;
  const filter = () => pick([`domain=${pick(domainCodes)}`, `compensation=${pick(compensationTypes)}`, `language=${pick(languages)}`, `kind=${pick(listingKinds)}`, 'newcomerFriendly=true']);
  return {
    text: () => `/api/${pick(['needs', 'offers'])}?${text()}`,
    distance: () => `/api/${pick(['needs', 'offers'])}?${near()}&sort=distance`,
    combined: () => `/api/${pick(['needs', 'offers'])}?${text()}&${near()}&${filter()}`,
  };
}

interface LoadResult {
  rps: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** The server's own CPU (this process, user + system) per completed request: unlike req/s, barely moved by other load on the machine. */
  cpuMs: number;
}

async function runAutocannon(url: string, paths: string[]): Promise<LoadResult> {
  // A separate process, so the load generator does not share the server's event loop.
  const script = `
    import autocannon from 'autocannon';
    const [url, duration, connections, paths] = [process.argv[1], Number(process.argv[2]), Number(process.argv[3]), JSON.parse(process.argv[4])];
    const result = await autocannon({ url, duration, connections, requests: paths.map((path) => ({ method: 'GET', path })) });
    process.stdout.write(JSON.stringify({ rps: result.requests.average, total: result.requests.total, p99: result.latency.p99, errors: result.errors, non2xx: result.non2xx }));
  `;
  const cpuBefore = process.cpuUsage();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, url, String(DURATION), String(CONNECTIONS), JSON.stringify(paths)], { stdio: ['ignore', 'pipe', 'inherit'], cwd: process.cwd() });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}`));
      const cpu = process.cpuUsage(cpuBefore);
      const { total, ...result } = JSON.parse(out) as Omit<LoadResult, 'cpuMs'> & { total: number };
      resolve({ ...result, cpuMs: (cpu.user + cpu.system) / 1000 / Math.max(1, total) });
    });
  });
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'waardewerk-bench-'));
  const file = process.env.KEEP_DB ?? join(dir, 'search.db');
  const reuse = process.env.REUSE_DB === '1' && process.env.KEEP_DB !== undefined && existsSync(file);
  if (!reuse) rmSync(file, { force: true });
  const database = await createDb(`sqlite:${file}`);
  const sqlite = database.sqlite;
  if (!sqlite) throw new Error('expected SQLite');
  try {
    await migrateToLatest(database.db);
    const postcodes = loadPostcodeDirectory();
    const codes = postcodes.addressCodes();
    if (reuse) {
      console.log(`Reusing ${file}`);
    } else {
      const t0 = process.hrtime.bigint();
      await generate(sqlite, codes, (pc) => postcodes.lookup(pc));
      const loadMs = Number(process.hrtime.bigint() - t0) / 1e6;
      console.log(`Generated ${NEEDS.toLocaleString('en')} needs and ${OFFERS.toLocaleString('en')} offers over ${codes.length} postcodes in ${(loadMs / 1000).toFixed(1)} s (${file})`);
    }

    const config = loadConfig({ DATABASE_URL: `sqlite:${file}`, NODE_ENV: 'production', LOG_LEVEL: 'warn', PUBLIC_URL: 'http://127.0.0.1:3000', DEMO_DATA: 'false' });
    const clock = { now: () => new Date('2026-03-02T09:00:00.000Z') };
    const app = await buildApp({ config, database, clock, postcodes });
    await app.ready();

    const q = queries(codes);
    const rows: { name: string; p50: number; p95: number; p99: number; mean: number; items: number }[] = [];
    for (const [name, make] of Object.entries(q)) {
      for (let i = 0; i < 30; i++) await app.inject({ method: 'GET', url: make() });
      const times: number[] = [];
      let items = 0;
      for (let i = 0; i < SAMPLES; i++) {
        const url = make();
        const start = process.hrtime.bigint();
        const res = await app.inject({ method: 'GET', url });
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
        if (res.statusCode !== 200) throw new Error(`${url} → ${res.statusCode} ${res.body}`);
        items += (res.json() as { items: unknown[] }).items.length;
      }
      times.sort((a, b) => a - b);
      rows.push({ name, p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), mean: times.reduce((a, b) => a + b, 0) / times.length, items: items / SAMPLES });
    }

    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const health = await runAutocannon(base, ['/api/health']);
    const combinedPaths = Array.from({ length: 200 }, () => q.combined());
    const search = await runAutocannon(base, combinedPaths);
    const mixedPaths = Array.from({ length: 200 }, (_, i) => [q.text, q.distance, q.combined][i % 3]?.() ?? '/api/needs');
    const mixed = await runAutocannon(base, mixedPaths);
    await app.close();

    const f = (n: number) => n.toFixed(2).padStart(8);
    console.log('\nServer-side latency (ms, process.hrtime around app.inject; default page of 20)');
    console.log('query      |      p50 |      p95 |      p99 |     mean | items/page');
    console.log('-----------|----------|----------|----------|----------|-----------');
    for (const r of rows) console.log(`${r.name.padEnd(10)} | ${f(r.p50)} | ${f(r.p95)} | ${f(r.p99)} | ${f(r.mean)} | ${r.items.toFixed(1).padStart(9)}`);
    console.log(`\nHTTP throughput (autocannon, separate process, ${CONNECTIONS} connections, ${DURATION} s each)`);
    console.log('route                        |    req/s | p99 ms | errors | non-2xx | vs health | CPU ms/req | health CPU / CPU');
    console.log('-----------------------------|----------|--------|--------|---------|-----------|------------|-----------------');
    for (const [name, r] of [['GET /api/health', health], ['search, combined queries', search], ['search, mixed queries', mixed]] as const) {
      console.log(`${name.padEnd(28)} | ${r.rps.toFixed(0).padStart(8)} | ${String(r.p99).padStart(6)} | ${String(r.errors).padStart(6)} | ${String(r.non2xx).padStart(7)} | ${((100 * r.rps) / health.rps).toFixed(1).padStart(8)}% | ${r.cpuMs.toFixed(2).padStart(10)} | ${((100 * health.cpuMs) / r.cpuMs).toFixed(1).padStart(15)}%`);
    }
    const combined = rows.find((r) => r.name === 'combined');
    const ratio = search.rps / health.rps;
    const okLatency = combined !== undefined && combined.p95 <= TARGET_P95_MS;
    const okThroughput = ratio >= TARGET_THROUGHPUT_RATIO && search.non2xx === 0 && search.errors === 0;
    console.log(`\nTarget combined p95 ≤ ${TARGET_P95_MS} ms: ${okLatency ? 'met' : 'MISSED'} (${combined?.p95.toFixed(2)} ms)`);
    console.log(`Target search throughput ≥ ${TARGET_THROUGHPUT_RATIO * 100}% of health: ${okThroughput ? 'met' : 'MISSED'} (${(ratio * 100).toFixed(1)}%)`);
    console.log(`Server CPU per request: combined search ${search.cpuMs.toFixed(2)} ms, health ${health.cpuMs.toFixed(2)} ms (${((100 * health.cpuMs) / search.cpuMs).toFixed(1)}%: the throughput ratio the server alone would reach; the load generator and other work on the machine share the cores)`);
    if (!okLatency || !okThroughput) process.exitCode = 1;
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
