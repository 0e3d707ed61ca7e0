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
import { compensationTypes, listingKinds } from '../../shared/schemas/listings.ts';
import { domainCodes } from '../../shared/vocabulary.ts';
import { checkBaseline } from './baseline.ts';
import { generateIntoSqlite, languages, openBenchDatabase } from './listings-data.ts';
import { rng } from './seeded-random.ts';

const NEEDS = Number(process.env.NEEDS ?? 20_000);
const OFFERS = Number(process.env.OFFERS ?? 100_000);
const SAMPLES = Number(process.env.SAMPLES ?? 300);
const DURATION = Number(process.env.DURATION ?? 10);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 32);
const TARGET_P95_MS = 20;
const TARGET_THROUGHPUT_RATIO = 0.15;

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
  const { database, sqlite, postcodes, codes } = await openBenchDatabase(file);
  try {
    if (reuse) {
      console.log(`Reusing ${file}`);
    } else {
      const t0 = process.hrtime.bigint();
      generateIntoSqlite(sqlite, { needs: NEEDS, offers: OFFERS }, codes, (pc) => postcodes.lookup(pc));
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
    const baseline = checkBaseline('search.combined-vs-health', ratio);
    console.log(baseline.message);
    if (!okLatency || !okThroughput || !baseline.ok) process.exitCode = 1;
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
