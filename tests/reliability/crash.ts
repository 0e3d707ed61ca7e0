/**
 * docs/RELIABILITY.md row 10 (and row 2's "after a kill -9 restart"): no acknowledged write lost on a
 * crash, no corruption. Each cycle starts the real server as `npm start` runs it (the compiled
 * `dist/node/main.js`, built once at the beginning by `npm run build:server`) on a SQLite file, drives
 * time-credit exchanges from 8 concurrent HTTP clients, SIGKILLs the server at a random moment
 * between 0.2 and 5 s, then checks the file with `PRAGMA integrity_check`, verifies the ledger
 * (chain, counters, Σ = 0), and that every transfer answered 2xx is present. After the restart
 * it resends the requests that were in flight at the kill and some acknowledged ones: each must
 * answer 2xx and exist exactly once.
 *
 *   npm run test:crash            20 cycles (CI)
 *   npm run test:crash -- 200     the long variant
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { createDb } from '../../server/db/create-db.ts';
import { verifyLedger } from '../../server/modules/ledger/verify/verify.ts';

const cycles = Number(process.argv[2] ?? 20);
const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'waardewerk-crash-'));
const dbFile = join(dir, 'ledger.db');
const port = 3900 + Math.floor(Math.random() * 90);
const base = `http://127.0.0.1:${port}`;
const origin = 'http://localhost:3000';

if (spawnSync('npm', ['run', '--silent', 'build:server'], { cwd: root, stdio: 'inherit' }).status !== 0)
  throw new Error('npm run build:server failed');

function start(): { child: ChildProcess; ready: Promise<number> } {
  const t0 = performance.now();
  // One node process running the compiled server, so SIGKILL hits the server itself.
  const child = spawn(process.execPath, ['--enable-source-maps', 'dist/node/main.js'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: `sqlite:${dbFile}`,
      PORT: String(port),
      HOST: '127.0.0.1',
      DEMO_DATA: 'false',
      LOG_LEVEL: 'error',
      NODE_ENV: 'production',
      PUBLIC_URL: origin,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const ready = (async () => {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
      try {
        const res = await fetch(`${base}/api/health`);
        if (res.ok) return performance.now() - t0;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  return { child, ready };
}

async function post(path: string, body: unknown, cookie?: string) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin, ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    json: (await res.json()) as Record<string, unknown>,
    cookie: res.headers.get('set-cookie')?.split(';')[0],
  };
}

interface Person {
  id: string;
  cookie: string;
}
const acknowledged = new Map<string, { body: Record<string, unknown>; from: Person; transfer: string }>();
const readyTimes: number[] = [];
let lost = 0;
let corrupt = 0;
let resentOk = 0;
let duplicates = 0;

let server = start();
readyTimes.push(await server.ready);
const people: Person[] = [];
for (let i = 0; i < 6; i++) {
  const r = await post('/api/auth/register', {
    email: `crash${i}-${randomUUID().slice(0, 6)}@example.org`,
    password: 'a long enough passphrase',
    displayName: `Crash ${i}`,
  });
  if (r.status !== 201 || !r.cookie) throw new Error(`register failed: ${r.status}`);
  people.push({ id: String((r.json.user as { id: string }).id), cookie: r.cookie });
}

for (let cycle = 1; cycle <= cycles; cycle++) {
  const inFlight = new Map<string, { body: Record<string, unknown>; from: Person }>();
  let stop = false;
  const client = async () => {
    while (!stop) {
      const from = people[Math.floor(Math.random() * people.length)] as Person;
      const to = people.filter((p) => p !== from)[Math.floor(Math.random() * (people.length - 1))] as Person;
      const body = { id: randomUUID(), toUserId: to.id, unit: 'TIME', amount: 1 + Math.floor(Math.random() * 3) };
      inFlight.set(body.id, { body, from });
      try {
        const r = await post('/api/ledger/transfers', body, from.cookie);
        inFlight.delete(body.id);
        if (r.status === 201) acknowledged.set(body.id, { body, from, transfer: JSON.stringify(r.json.transfer) });
      } catch {
        return; // the server died with this request in flight: it stays in inFlight
      }
    }
  };
  const clients = Array.from({ length: 8 }, client);
  await new Promise((r) => setTimeout(r, 200 + Math.random() * 4800));
  server.child.kill('SIGKILL');
  stop = true;
  await Promise.all(clients);
  await new Promise<void>((r) =>
    server.child.exitCode !== null || server.child.signalCode !== null ? r() : server.child.once('exit', () => r()),
  );

  // The file as the crash left it (WAL included): integrity, ledger invariants, every acknowledged transfer.
  const raw = new SqliteDatabase(dbFile);
  const integrity = raw.pragma('integrity_check', { simple: true });
  const ids = [...acknowledged.keys()];
  let present = 0;
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    present += Number(
      (
        raw
          .prepare(`select count(*) as n from ledger_transfers where id in (${chunk.map(() => '?').join(',')})`)
          .get(...chunk) as { n: number }
      ).n,
    );
  }
  raw.close();
  const handle = await createDb(`sqlite:${dbFile}`);
  const verified = await verifyLedger(handle.db, 'sqlite', new Date(), handle.sqlite);
  await handle.close();
  if (integrity !== 'ok' || !verified.ok) corrupt++;
  lost += ids.length - present;

  server = start();
  readyTimes.push(await server.ready);
  // Retries after the restart: the in-flight ones (outcome unknown) and a few acknowledged ones.
  const retries = [
    ...inFlight.values(),
    ...ids
      .slice(-10)
      .map((id) => acknowledged.get(id))
      .filter((x) => x !== undefined),
  ];
  for (const r of retries) {
    const res = await post('/api/ledger/transfers', r.body, r.from.cookie);
    const known = acknowledged.get(String(r.body.id));
    if (res.status === 200 || res.status === 201 || res.status === 422) resentOk++;
    if (res.status === 201 && known) duplicates++;
    if (known && res.status === 200 && JSON.stringify(res.json.transfer) !== known.transfer) duplicates++;
    if (res.status === 201 || res.status === 200)
      acknowledged.set(String(r.body.id), { body: r.body, from: r.from, transfer: JSON.stringify(res.json.transfer) });
  }
  console.log(
    `cycle ${cycle}/${cycles}: acknowledged ${ids.length}, in flight at kill ${inFlight.size}, integrity ${integrity}, ledger ${verified.ok ? 'ok' : `BAD ${verified.problems[0]}`} (${verified.entries} entries)`,
  );
}

server.child.kill('SIGTERM');
await new Promise<void>((r) => server.child.once('exit', () => r()));
const handle = await createDb(`sqlite:${dbFile}`);
const transfers = Number(
  (
    await handle.db
      .selectFrom('ledger_transfers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n,
);
await handle.close();
rmSync(dir, { recursive: true, force: true });
const sorted = [...readyTimes].sort((a, b) => a - b);
const p95 = sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? 0;
console.log(
  `[row 10 sqlite] cycles=${cycles} acknowledged=${acknowledged.size} stored=${transfers} lost=${lost} corrupt=${corrupt} retries after restart answered=${resentOk} duplicated=${duplicates} restart-to-ready p95=${p95.toFixed(0)} ms`,
);
if (lost > 0 || corrupt > 0 || duplicates > 0 || transfers !== acknowledged.size) process.exit(1);
