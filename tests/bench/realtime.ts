/**
 * `npm run bench:realtime` (issue 11): CLIENTS websocket clients (default 5,000, one person each, in
 * a separate process) on one server instance; one event — a notification row for every one of them,
 * written in one transaction — is fanned out to all. Reports delivery latency p50/p99 (from the
 * commit, and from the start of the writing transaction) and the server's memory before and with the
 * clients connected. Target: p99 ≤ 200 ms. SQLite in a temporary file (the bus path); set
 * BENCH_DATABASE_URL=postgres://… to measure the LISTEN/NOTIFY path instead.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../../server/app.ts';
import { testConfig } from '../../server/config.ts';
import { createDb } from '../../server/db/create-db.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { newId } from '../../server/ids.ts';
import { newSessionToken } from '../../server/modules/accounts/session-token.ts';
import { publishNotifications, recordNotifications } from '../../server/modules/notifications/index.ts';
import { numbersFromEnv } from './env.ts';

const { CLIENTS, BATCH } = numbersFromEnv({ CLIENTS: 5000, BATCH: 250 });
const ORIGIN = 'http://localhost:3000';
const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const dir = mkdtempSync(join(tmpdir(), 'waardewerk-bench-realtime-'));
const databaseUrl = process.env.BENCH_DATABASE_URL ?? `sqlite:${join(dir, 'bench.db')}`;
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const round = (ms: number) => Math.round(ms * 10) / 10;

const database = await createDb(databaseUrl);
await migrateToLatest(database.db);
const config = testConfig({
  PUBLIC_URL: ORIGIN,
  DATABASE_URL: databaseUrl,
  REALTIME_MAX_SOCKETS_PER_PERSON: '1',
  REALTIME_HEARTBEAT_SECONDS: '600',
});
const app = await buildApp({ config, database });
const address = await app.listen({ port: 0, host: '127.0.0.1' });

// People and sessions written directly: registering 5,000 people through argon2 measures nothing here.
const now = new Date().toISOString();
const people: { id: string; cookie: string }[] = [];
await database.db.transaction().execute(async (trx) => {
  for (let i = 0; i < CLIENTS; i++) {
    const id = newId();
    const t = newSessionToken();
    await trx
      .insertInto('users')
      .values({
        id,
        email: `bench-${i}-${id}@example.org`,
        password_hash: '!bench',
        display_name: `Bench ${i}`,
        locale: 'nl',
        postcode: null,
        languages: '[]',
        skills: '[]',
        may_do_paid_work: 'no',
        vog_verified_at: null,
        vog_recorded_by: null,
        is_admin: 0,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await trx
      .insertInto('sessions')
      .values({ id: t.id, user_id: id, secret_hash: t.secretHash, created_at: now, last_verified_at: now })
      .execute();
    people.push({ id, cookie: `session=${t.token}` });
  }
});

global.gc?.();
const memoryBefore = process.memoryUsage();
const child = fork(join(root, 'tests/bench/realtime-clients.ts'), [], {
  execArgv: ['--import', 'tsx'],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
child.send({
  url: `${address.replace('http', 'ws')}/api/ws`,
  origin: ORIGIN,
  cookies: people.map((p) => p.cookie),
  batch: BATCH,
});
const fromChild = <T>(key: string) =>
  new Promise<T>((resolve, reject) => {
    const onMessage = (m: Record<string, unknown>) => {
      if (key in m) {
        child.off('message', onMessage);
        resolve(m[key] as T);
      }
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`clients exited with ${code}`)));
  });

const connectStart = performance.now();
const ready = await fromChild<number>('ready');
const connectMs = performance.now() - connectStart;
const stats = { ...app.realtime.stats() };
const memoryConnected = process.memoryUsage();

const wall = () => performance.timeOrigin + performance.now();
const arrivalsPromise = fromChild<number[]>('arrivals');
const timeout = setTimeout(() => child.send({ timeout: true }), 30_000);
const writeStart = wall();
const ids = await database.db.transaction().execute((trx) =>
  recordNotifications(app.ctx, trx, {
    userIds: people.map((p) => p.id),
    kind: 'need.matched',
    data: { needId: 'bench-need' },
  }),
);
const committed = wall();
const cpuBefore = process.cpuUsage();
publishNotifications(app.ctx, ids);
await app.realtime.idle();
// The server's own CPU for the fan-out (load the row, build 5,000 frames, write them): on a busy
// shared machine the wall-clock latency is mostly waiting for a core, this is not.
const cpu = process.cpuUsage(cpuBefore);
const arrivals = await arrivalsPromise;
clearTimeout(timeout);
const memoryAfter = process.memoryUsage();
child.send({ done: true });

const fromCommit = arrivals.map((a) => a - committed).sort((a, b) => a - b);
const fromWrite = arrivals.map((a) => a - writeStart).sort((a, b) => a - b);
const result = {
  clients: CLIENTS,
  connected: ready,
  hub: stats,
  feed: stats.feed,
  database: database.dialect,
  delivered: arrivals.length,
  connectSeconds: round(connectMs / 1000),
  writeMs: round(committed - writeStart),
  deliveryFromCommitMs: {
    p50: round(percentile(fromCommit, 50)),
    p99: round(percentile(fromCommit, 99)),
    max: round(fromCommit[fromCommit.length - 1] ?? NaN),
  },
  serverCpuMsForFanOut: round((cpu.user + cpu.system) / 1000),
  loadAverage: os.loadavg().map((l) => Math.round(l * 10) / 10),
  deliveryFromWriteStartMs: { p50: round(percentile(fromWrite, 50)), p99: round(percentile(fromWrite, 99)) },
  serverMemoryMb: {
    rssBefore: mb(memoryBefore.rss),
    rssConnected: mb(memoryConnected.rss),
    rssAfterDelivery: mb(memoryAfter.rss),
    heapUsedConnected: mb(memoryConnected.heapUsed),
    perClientKb: Math.round(((memoryConnected.rss - memoryBefore.rss) / CLIENTS / 1024) * 10) / 10,
  },
  target: 'p99 ≤ 200 ms from commit',
  met: percentile(fromCommit, 99) <= 200 && arrivals.length === CLIENTS,
};
console.log(JSON.stringify(result, null, 2));
await app.close();
await database.close();
rmSync(dir, { recursive: true, force: true });
process.exit(result.met ? 0 : 1);
