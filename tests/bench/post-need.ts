/**
 * `npm run bench:post-need`: how long `POST /api/needs` takes to answer on the search benchmark's
 * data set (20,000 needs, 100,000 offers), through real HTTP on a listening server.
 *
 * A coordinator registers, creates an organisation and posts COUNT needs (after WARMUP unmeasured
 * ones) at postcodes all over the country; the client times each request (fetch, start to parsed
 * body). Two runs: `paced` waits until the server is idle again (events.idle(): the work a post
 * started after answering, such as announcing matches, is done) before the next post, so it is the
 * answer time a poster sees; `back-to-back` sends the next post as soon as the answer is in, so
 * each post also competes with the work the previous one started. Prints p50/p95/p99/mean per run.
 * Options: NEEDS, OFFERS, COUNT (default 300), WARMUP (default 20).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { domainCodes } from '../../shared/vocabulary.ts';
import { mailedToken } from '../helpers/mail.ts';
import { generateIntoSqlite, languages, openBenchDatabase, skills } from './listings-data.ts';
import { picker, rng } from './seeded-random.ts';
import { BenchResult, loadNow } from './results.ts';

const NEEDS = Number(process.env.NEEDS ?? 20_000);
const OFFERS = Number(process.env.OFFERS ?? 100_000);
const COUNT = Number(process.env.COUNT ?? 300);
const WARMUP = Number(process.env.WARMUP ?? 20);
const PUBLIC_URL = 'http://127.0.0.1:3000';

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'waardewerk-bench-'));
  const file = join(dir, 'post-need.db');
  const { database, sqlite, postcodes, codes } = await openBenchDatabase(file);
  try {
    const t0 = process.hrtime.bigint();
    generateIntoSqlite(sqlite, { needs: NEEDS, offers: OFFERS }, codes, (pc) => postcodes.lookup(pc));
    console.log(
      `Generated ${NEEDS.toLocaleString('en')} needs and ${OFFERS.toLocaleString('en')} offers in ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1)} s`,
    );

    const config = loadConfig({
      DATABASE_URL: `sqlite:${file}`,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      PUBLIC_URL,
      DEMO_DATA: 'false',
      MAIL_DIR: join(dir, 'mail'),
    });
    const clock = { now: () => new Date('2026-03-02T09:00:00.000Z') };
    const app = await buildApp({ config, database, clock, postcodes });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

    let cookie = '';
    const call = async (path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> => {
      const res = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: PUBLIC_URL, ...(cookie ? { cookie } : {}) },
        body: JSON.stringify(body),
      });
      const setCookie = res.headers.get('set-cookie');
      if (setCookie) cookie = setCookie.split(';')[0] ?? '';
      return { status: res.status, json: res.status === 204 ? {} : ((await res.json()) as Record<string, unknown>) };
    };

    const registered = await call('/api/auth/register', {
      email: 'coordinator@bench.example',
      password: 'a long enough passphrase',
      displayName: 'Coördinator',
    });
    if (registered.status !== 201)
      throw new Error(`register → ${registered.status} ${JSON.stringify(registered.json)}`);
    // Founding an organisation needs a confirmed address: the coordinator opens the mailed link.
    const confirmed = await call('/api/auth/verify-email/confirm', {
      token: await mailedToken(config.mail.dir, 'coordinator@bench.example', '/verify-email'),
    });
    if (confirmed.status !== 204)
      throw new Error(`verify address → ${confirmed.status} ${JSON.stringify(confirmed.json)}`);
    const created = await call('/api/organizations', {
      name: 'Bench-initiatief',
      type: 'initiative',
      postcode: '3511AB',
      domains: ['greening'],
    });
    if (created.status !== 201) throw new Error(`organisation → ${created.status} ${JSON.stringify(created.json)}`);
    const organizationId = (created.json.organization as { id: string }).id;

    const random = rng(8);
    const pick = picker(random);
    const needBody = (i: number) => ({
      organizationId,
      kind: 'hands',
      title: `Hulp gezocht bij klus ${i}`,
      description: 'Samen maken we de buurt groener en gezelliger.',
      domains: [pick(domainCodes)],
      skills: [pick(skills), pick(skills)],
      languages: ['nl', pick(languages)],
      postcode: pick(codes),
      peopleNeeded: 2,
      compensation: { type: 'unpaid' },
    });

    const run = async (offset: number, paced: boolean): Promise<number[]> => {
      const times: number[] = [];
      for (let i = 0; i < WARMUP + COUNT; i++) {
        const start = performance.now();
        const res = await call('/api/needs', needBody(offset + i));
        const ms = performance.now() - start;
        if (res.status !== 201) throw new Error(`POST /api/needs → ${res.status} ${JSON.stringify(res.json)}`);
        if (i >= WARMUP) times.push(ms);
        if (paced) await app.ctx.events.idle();
      }
      await app.ctx.events.idle();
      return times.sort((a, b) => a - b);
    };
    const results = { paced: await run(0, true), 'back-to-back': await run(WARMUP + COUNT, false) };
    await app.close();

    const f = (n: number) => n.toFixed(2).padStart(8);
    console.log(`\nPOST /api/needs over HTTP, ${COUNT} needs after ${WARMUP} unmeasured (ms, client-side)`);
    console.log('run          |      p50 |      p95 |      p99 |     mean');
    console.log('-------------|----------|----------|----------|---------');
    const written = new BenchResult('post-need');
    for (const [name, times] of Object.entries(results)) {
      console.log(
        `${name.padEnd(12)} | ${f(percentile(times, 50))} | ${f(percentile(times, 95))} | ${f(percentile(times, 99))} | ${f(times.reduce((a, b) => a + b, 0) / times.length)}`,
      );
      written.figure(name, {
        p50: percentile(times, 50),
        p95: percentile(times, 95),
        p99: percentile(times, 99),
        count: times.length,
        load: loadNow(),
      });
    }
    written.write();
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
