/**
 * `npm run bench:search`: NL-scale search benchmark.
 *
 * 1. Generates 20,000 needs and 100,000 offers over real PC4 postcodes into a fresh SQLite file
 *    (bulk insert through the raw better-sqlite3 handle in one transaction; the FTS triggers run).
 *    Their words come from a vocabulary of ≥ 5,000 words (Dutch compounds and place names) with a
 *    Zipf-like frequency (`vocabulary.ts`).
 * 2. Measures server-side latency (process.hrtime around app.inject, so routing, validation,
 *    serialisation and the plugins count) for text, distance, combined and filtered queries:
 *    p50/p95/p99, each sample a query path not asked before.
 * 3. Measures HTTP throughput with autocannon in a separate process against the server in a
 *    process of its own (`search-server.ts`, compiled like `npm start`): ≥ 5,000 distinct search paths (nothing caches
 *    answers, and no path repeats within the first 5,000 requests), against a no-op route of the
 *    same server (every plugin, no database) as the reference, and the server's RSS under that load.
 *
 * Targets (issue 15): p95 ≤ 10 ms for every query type; search throughput ≥ 25 % of the no-op
 * route's; server RSS ≤ 200 MB under search load.
 * Options: NEEDS, OFFERS, SAMPLES (per query type), DURATION (autocannon seconds), CONNECTIONS,
 * PATHS (distinct throughput paths), SERVER_NODE_OPTIONS (node options of the server under load, e.g.
 * `--cpu-prof --cpu-prof-dir=…` to profile it), KEEP_DB (a path: keep the generated database there, e.g. to
 * inspect query plans), REUSE_DB=1 (with KEEP_DB: measure the database already there instead of
 * generating it again), SEARCH_INDEX=off (measure the SQL path). The measurement only reads: a kept database is the same after every run.
 * Writes bench-results/search.json; exits non-zero when a target is missed.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { build } from 'esbuild';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { searchIndexOf } from '../../server/modules/listings/index.ts';
import { compensationTypes, listingKinds } from '../../shared/schemas/listings.ts';
import { domainCodes } from '../../shared/vocabulary.ts';
import { benchVocabulary, generateIntoSqlite, languages, openBenchDatabase } from './listings-data.ts';
import { BenchResult, loadNow, percentile } from './results.ts';
import { rng } from './seeded-random.ts';
import type { Vocabulary } from './vocabulary.ts';

const NEEDS = Number(process.env.NEEDS ?? 20_000);
const OFFERS = Number(process.env.OFFERS ?? 100_000);
const SAMPLES = Number(process.env.SAMPLES ?? 300);
const DURATION = Number(process.env.DURATION ?? 10);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 32);
const PATHS = Number(process.env.PATHS ?? 6000);
const TARGET_P95_MS = 10;
const TARGET_THROUGHPUT_RATIO = 0.25;
const TARGET_RSS_MB = 200;

/** A query word as people type it: whole, or its first letters (a prefix of at least four). */
function typed(word: string, random: () => number): string {
  return word.length > 5 && random() < 0.3 ? word.slice(0, 4 + Math.floor(random() * (word.length - 4))) : word;
}

function queries(codes: string[], vocabulary: Vocabulary, placeOf: (code: string) => string) {
  // Their own generator, so a reused database is measured with the same queries as a fresh one.
  const random = rng(3);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const place = () => placeOf(pick(codes)).toLowerCase();
  const near = () => `near=${pick(codes)}&radiusKm=${pick([5, 10, 25])}`;
  const words = () => {
    const r = random();
    if (r < 0.6) return typed(vocabulary.draw(), random);
    if (r < 0.8) return `${vocabulary.draw()} ${typed(vocabulary.draw(), random)}`;
    return `${vocabulary.draw()} ${place()}`;
  };
  const text = () => `q=${encodeURIComponent(words())}`;
  const filters = [
    () => `domain=${pick(domainCodes)}`,
    () => `compensation=${pick(compensationTypes)}`,
    () => `language=${pick(languages)}`,
    () => `kind=${pick(listingKinds)}`,
    () => 'newcomerFriendly=true',
  ];
  const filter = () => pick(filters)();
  /** Two filters of different fields, newest first. */
  const twoFilters = () => {
    const first = Math.floor(random() * filters.length);
    const second = (first + 1 + Math.floor(random() * (filters.length - 1))) % filters.length;
    return `${filters[first]?.()}&${filters[second]?.()}`;
  };
  const table = () => pick(['needs', 'offers']);
  return {
    text: () => `/api/${table()}?${text()}`,
    distance: () => `/api/${table()}?${near()}&sort=distance`,
    combined: () => `/api/${table()}?${text()}&${near()}&${filter()}`,
    filtered: () => `/api/${table()}?${twoFilters()}`,
  };
}

/** `count` paths never repeated, drawn from `make` (gives up after 20 tries per path). */
function distinct(make: () => string, count: number): string[] {
  const seen = new Set<string>();
  for (let tries = 0; seen.size < count && tries < count * 20; tries++) seen.add(make());
  return [...seen];
}

interface LoadResult {
  rps: number;
  total: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function runAutocannon(url: string, paths: string[], dir: string): Promise<LoadResult> {
  // A separate process, so the load generator shares no event loop with the server. One counter
  // over all connections hands out the paths in turn, so no path repeats before every one was asked.
  const list = join(dir, 'paths.json');
  writeFileSync(list, JSON.stringify(paths));
  const script = `
    import autocannon from 'autocannon';
    import { readFileSync } from 'node:fs';
    const [url, duration, connections, list] = [process.argv[1], Number(process.argv[2]), Number(process.argv[3]), process.argv[4]];
    const paths = JSON.parse(readFileSync(list, 'utf8'));
    let next = 0;
    const requests = [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length] }) }];
    const result = await autocannon({ url, duration, connections, requests });
    process.stdout.write(JSON.stringify({ rps: result.requests.average, total: result.requests.total, p99: result.latency.p99, errors: result.errors, non2xx: result.non2xx }));
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--input-type=module', '-e', script, url, String(DURATION), String(CONNECTIONS), list],
      { stdio: ['ignore', 'pipe', 'inherit'], cwd: process.cwd() },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as LoadResult) : reject(new Error(`autocannon exited with ${code}`)),
    );
  });
}

/** The server process: ask it something over IPC and wait for the answer of that type. */
function ask<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve) => {
    const listen = (message: { type?: string }) => {
      if (message.type !== type) return;
      child.off('message', listen);
      resolve(message as T);
    };
    child.on('message', listen);
    child.send({ type });
  });
}

/**
 * The server process runs JavaScript compiled as `npm start` compiles the server (esbuild, one
 * bundle, no tsx at run time), so its RSS is what a deployed server's would be.
 */
async function startServer(
  file: string,
): Promise<{ child: ChildProcess; port: number; readyMs: number; indexBuildMs: number | null }> {
  const source = fileURLToPath(new URL('./search-server.ts', import.meta.url));
  const script = fileURLToPath(new URL('../../dist/node/bench-search-server.js', import.meta.url));
  await build({
    entryPoints: [source],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: script,
    logLevel: 'warning',
  });
  // SERVER_NODE_OPTIONS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) profiles the server alone.
  const execArgv = process.env.SERVER_NODE_OPTIONS?.split(' ').filter((a) => a !== '') ?? [];
  const child = fork(script, [file], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m: { port: number; readyMs: number; indexBuildMs: number | null }) =>
      resolve({ child, ...m }),
    );
    child.once('exit', (code) => reject(new Error(`search server exited with ${code}`)));
  });
}

function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.send({ type: 'close' });
  });
}

/** Load on one list of paths, and the server's CPU per request and RSS at the end of it. */
async function measure(child: ChildProcess, base: string, paths: string[], dir: string) {
  await ask(child, 'reset');
  const load = await runAutocannon(base, paths, dir);
  const stats = await ask<{
    rssMb: number;
    heapUsedMb: number;
    heapTotalMb: number;
    arrayBuffersMb: number;
    cpuMs: number;
  }>(child, 'stats');
  return {
    ...load,
    rssMb: stats.rssMb,
    heapUsedMb: stats.heapUsedMb,
    heapTotalMb: stats.heapTotalMb,
    arrayBuffersMb: stats.arrayBuffersMb,
    cpuMsPerRequest: stats.cpuMs / Math.max(1, load.total),
    load: loadNow(),
  };
}

async function main() {
  // The SQL path's figures go to their own file, next to the index's.
  const result = new BenchResult(process.env.SEARCH_INDEX === 'off' ? 'search-sql' : 'search');
  const dir = mkdtempSync(join(tmpdir(), 'waardewerk-bench-'));
  const file = process.env.KEEP_DB ?? join(dir, 'search.db');
  const reuse = process.env.REUSE_DB === '1' && process.env.KEEP_DB !== undefined && existsSync(file);
  if (!reuse) rmSync(file, { force: true });
  const { database, sqlite, postcodes, codes } = await openBenchDatabase(file);
  let server: ChildProcess | undefined;
  try {
    if (reuse) {
      console.log(`Reusing ${file}`);
    } else {
      const t0 = process.hrtime.bigint();
      generateIntoSqlite(sqlite, { needs: NEEDS, offers: OFFERS }, codes, (pc) => postcodes.lookup(pc));
      const loadMs = Number(process.hrtime.bigint() - t0) / 1e6;
      console.log(
        `Generated ${NEEDS.toLocaleString('en')} needs and ${OFFERS.toLocaleString('en')} offers over ${codes.length} postcodes in ${(loadMs / 1000).toFixed(1)} s (${file})`,
      );
      result.figure('generatedSeconds', Number((loadMs / 1000).toFixed(1)));
    }
    const placeOf = (code: string) => postcodes.lookup(code)?.place ?? '';
    const vocabulary = benchVocabulary(codes.map(placeOf));
    result.figure('dataSet', { needs: NEEDS, offers: OFFERS, vocabularyWords: vocabulary.words.length });

    const config = loadConfig({
      DATABASE_URL: `sqlite:${file}`,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      PUBLIC_URL: 'http://127.0.0.1:3000',
      DEMO_DATA: 'false',
      SEARCH_INDEX: process.env.SEARCH_INDEX,
    });
    const clock = { now: () => new Date('2026-03-02T09:00:00.000Z') };
    const buildStart = performance.now();
    const app = await buildApp({ config, database, clock, postcodes });
    await app.ready();
    result.figure('appReadyMs', Number((performance.now() - buildStart).toFixed(0)));
    const index = searchIndexOf(app.ctx);
    await index?.built();
    console.log(
      index?.usable
        ? `search index built in ${index.lastBuildMs?.toFixed(0)} ms (load ${loadNow()})`
        : 'search index off: searches ask the database',
    );
    result.figure('indexBuildMs', index?.lastBuildMs ?? null);

    const q = queries(codes, vocabulary, placeOf);
    const rows: { name: string; p50: number; p95: number; p99: number; mean: number; items: number; load: number }[] =
      [];
    for (const [name, make] of Object.entries(q)) {
      const paths = distinct(make, SAMPLES + 30);
      for (const url of paths.slice(0, 30)) await app.inject({ method: 'GET', url });
      const times: number[] = [];
      let items = 0;
      for (const url of paths.slice(30)) {
        const start = process.hrtime.bigint();
        const res = await app.inject({ method: 'GET', url });
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
        if (res.statusCode !== 200) throw new Error(`${url} → ${res.statusCode} ${res.body}`);
        items += (res.json() as { items: unknown[] }).items.length;
      }
      times.sort((a, b) => a - b);
      rows.push({
        name,
        p50: percentile(times, 50),
        p95: percentile(times, 95),
        p99: percentile(times, 99),
        mean: times.reduce((a, b) => a + b, 0) / times.length,
        items: items / times.length,
        load: loadNow(),
      });
    }
    await app.close();
    // The server under load runs in its own process; this one keeps only the file open.
    await database.close();

    const started = await startServer(file);
    server = started.child;
    result.figure('server', {
      readyMs: Number(started.readyMs.toFixed(0)),
      indexBuildMs: started.indexBuildMs,
      load: loadNow(),
    });
    const base = `http://127.0.0.1:${started.port}`;
    const noop = await measure(server, base, ['/api/bench/noop'], dir);
    const mix = rng(5);
    const mixedPaths = distinct(
      () => [q.text, q.distance, q.combined, q.filtered][Math.floor(mix() * 4)]?.() ?? '/api/needs',
      PATHS,
    );
    const search = await measure(server, base, mixedPaths, dir);
    const health = await measure(server, base, ['/api/health'], dir);
    await stopServer(server);

    const f = (n: number) => n.toFixed(2).padStart(8);
    console.log(
      '\nServer-side latency (ms, process.hrtime around app.inject; default page of 20; every path distinct)',
    );
    console.log('query      |      p50 |      p95 |      p99 |     mean | items/page | load');
    console.log('-----------|----------|----------|----------|----------|------------|-----');
    for (const r of rows)
      console.log(
        `${r.name.padEnd(10)} | ${f(r.p50)} | ${f(r.p95)} | ${f(r.p99)} | ${f(r.mean)} | ${r.items.toFixed(1).padStart(10)} | ${r.load}`,
      );
    console.log(
      `\nHTTP throughput (autocannon, separate process, ${CONNECTIONS} connections, ${DURATION} s each; server in its own process)`,
    );
    console.log(
      'route                           |    req/s | p99 ms | errors | non-2xx | vs no-op | CPU ms/req | RSS MB | heap used/total MB | buffers MB | load',
    );
    console.log(
      '--------------------------------|----------|--------|--------|---------|----------|------------|--------|--------------------|------------|-----',
    );
    for (const [name, r] of [
      ['GET /api/bench/noop (reference)', noop],
      [`search, ${mixedPaths.length} distinct paths`, search],
      ['GET /api/health', health],
    ] as const) {
      console.log(
        `${name.padEnd(31)} | ${r.rps.toFixed(0).padStart(8)} | ${String(r.p99).padStart(6)} | ${String(r.errors).padStart(6)} | ${String(r.non2xx).padStart(7)} | ${((100 * r.rps) / noop.rps).toFixed(1).padStart(7)}% | ${r.cpuMsPerRequest.toFixed(3).padStart(10)} | ${r.rssMb.toFixed(0).padStart(6)} | ${`${r.heapUsedMb.toFixed(0)} / ${r.heapTotalMb.toFixed(0)}`.padStart(18)} | ${r.arrayBuffersMb.toFixed(0).padStart(10)} | ${r.load}`,
      );
    }
    result.figure('latency', rows);
    result.figure('throughput', {
      noop,
      search: { ...search, distinctPaths: mixedPaths.length },
      health,
      connections: CONNECTIONS,
      durationSeconds: DURATION,
    });
    console.log();
    for (const r of rows)
      result.target({ figure: `search p95 (${r.name})`, value: r.p95, unit: 'ms', kind: 'max', limit: TARGET_P95_MS });
    result.target({
      figure: 'search throughput vs the no-op route',
      value: search.rps / noop.rps,
      unit: 'ratio',
      kind: 'min',
      limit: TARGET_THROUGHPUT_RATIO,
    });
    result.target({
      figure: 'server CPU per request, no-op / search (what the server alone would reach)',
      value: noop.cpuMsPerRequest / search.cpuMsPerRequest,
      unit: 'ratio',
      kind: 'min',
      limit: TARGET_THROUGHPUT_RATIO,
    });
    result.target({
      figure: 'server RSS under search load',
      value: search.rssMb,
      unit: 'MB',
      kind: 'max',
      limit: TARGET_RSS_MB,
    });
    result.write(search.non2xx > 0 || search.errors > 0 || mixedPaths.length < 5000);
  } finally {
    server?.kill();
    await database.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
