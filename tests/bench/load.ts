/**
 * `npm run bench:load`: mixed load (issue 16 item 5) against the seeded listings data set of
 * bench:search (tests/bench/listings-data.ts), by default at a quarter of NL scale (5,000 needs,
 * 25,000 offers — builds in well under 2 minutes; NEEDS/OFFERS for full scale: 20,000 / 100,000).
 *
 * Mixes, run at once by autocannon in a separate process (tests/bench/load-client.ts), their share
 * given as share of the connections:
 * - 70 % search: anonymous GET /api/needs|offers with text, distance and filters (bench:search's queries);
 * - 15 % matches: a coordinator's GET /api/needs/:id/matches over the generated offers;
 * - 15 % engagement steps and transfers, signed in: POST /api/ledger/transfers (a fresh id each,
 *   in a ring so balances stay near 0), POST /api/engagements/:id/messages, GET /api/engagements/:id.
 *
 * Setups: SQLite with one instance; PostgreSQL with 2 instances behind nginx (deploy/nginx.conf),
 * when nginx and TEST_DATABASE_URL_REAL (default postgres://postgres:postgres@127.0.0.1:5432/waardewerk_ci)
 * are there — otherwise SQLite only, and it says so. Each setup also measures GET /api/health alone
 * with the same connections; mixed req/s ÷ health req/s is the ratio checked against
 * tests/bench/baselines.json (fails more than 20 % below; tests/bench/baseline.ts).
 * Prints req/s, p50/p99 and non-2xx per mix, writes bench-results/load.json.
 * Options: NEEDS, OFFERS, DURATION (s, default 15), CONNECTIONS (default 20), SETUPS (sqlite,postgres).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createDb } from '../../server/db/create-db.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { mailedToken } from '../helpers/mail.ts';
import { loadPostcodeDirectory } from '../../server/modules/postcodes/directory.ts';
import { compensationTypes, listingKinds } from '../../shared/schemas/listings.ts';
import { domainCodes } from '../../shared/vocabulary.ts';
import {
  Client,
  freePort,
  freshPostgresDatabase,
  hasCommand,
  postgresReachable,
  root,
  startApp,
  startNginx,
  type Process,
} from '../reliability/cluster.ts';
import { checkBaseline, type BaselineVerdict } from './baseline.ts';
import { generateIntoPostgres, generateIntoSqlite, languages } from './listings-data.ts';
import type { LoadPlan, LoadRequest, MixPlan, MixResult } from './load-client.ts';
import { rng } from './seeded-random.ts';

const NEEDS = Number(process.env.NEEDS ?? 5_000);
const OFFERS = Number(process.env.OFFERS ?? 25_000);
const DURATION = Number(process.env.DURATION ?? 15);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 20);
const SETUPS = (process.env.SETUPS ?? 'sqlite,postgres').split(',');
const SERVER_URL = process.env.TEST_DATABASE_URL_REAL ?? 'postgres://postgres:postgres@127.0.0.1:5432/waardewerk_ci';
const PASSWORD = 'a long enough passphrase';

const postcodes = loadPostcodeDirectory();
const codes = postcodes.addressCodes();
const lookup = (pc: string) => postcodes.lookup(pc);

let addressCounter = 0;
const newAddress = () => {
  addressCounter += 1;
  return `127.0.${1 + Math.floor(addressCounter / 250)}.${(addressCounter % 250) + 1}`;
};

/** bench:search's query shapes: text, distance, text + distance + a filter. */
function searchPaths(n: number): string[] {
  const random = rng(7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const terms = [
    'koken',
    'moestuin',
    'fiets',
    'taal',
    'huiswerk',
    'voedsel',
    'tuin',
    'energie',
    'zonne',
    'computer',
    'ouderen',
    'buurthuis',
    'klussen',
    'bomen',
    'website',
    'tolken',
  ];
  const near = () => `near=${pick(codes)}&radiusKm=${pick([5, 10, 25])}`;
  const filter = () =>
    pick([
      `domain=${pick(domainCodes)}`,
      `compensation=${pick(compensationTypes)}`,
      `language=${pick(languages)}`,
      `kind=${pick(listingKinds)}`,
      'newcomerFriendly=true',
    ]);
  return Array.from({ length: n }, (_, i) => {
    const what = pick(['needs', 'offers']);
    if (i % 3 === 0) return `/api/${what}?q=${encodeURIComponent(pick(terms))}`;
    if (i % 3 === 1) return `/api/${what}?${near()}&sort=distance`;
    return `/api/${what}?q=${encodeURIComponent(pick(terms))}&${near()}&${filter()}`;
  });
}

async function register(base: string, name: string) {
  const client = new Client(base, newAddress(), 4);
  const email = `${name}-${randomUUID().slice(0, 8)}@example.org`;
  const res = await client.request('POST', '/api/auth/register', { email, password: PASSWORD, displayName: name });
  if (res.status !== 201) throw new Error(`register ${name}: ${res.status} ${res.body}`);
  return Object.assign(client, { id: res.json().user.id as string, email });
}

/** The person opens the verification link the server mailed to its MAIL_DIR (founding an organisation needs it). */
async function confirmAddress(client: Client, email: string, mailDir: string): Promise<void> {
  const res = await client.request('POST', '/api/auth/verify-email/confirm', {
    token: await mailedToken(mailDir, email, '/verify-email'),
  });
  if (res.status !== 204) throw new Error(`verify ${email}: ${res.status} ${res.body}`);
}

/** Signed-in people and their objects through the API, then the three mixes. */
async function plan(base: string, mailDir: string): Promise<MixPlan[]> {
  const coordinator = await register(base, 'coordinator');
  await confirmAddress(coordinator, coordinator.email, mailDir);
  const org = await coordinator.request('POST', '/api/organizations', {
    name: 'Wijkteam Belasting',
    type: 'initiative',
    postcode: '3511',
    domains: ['food'],
  });
  if (org.status !== 201) throw new Error(`organisation: ${org.status} ${org.body}`);
  const orgId = org.json().organization.id as string;
  const needIds: string[] = [];
  for (let i = 0; i < 20; i++) {
    const need = await coordinator.request('POST', '/api/needs', {
      organizationId: orgId,
      kind: 'hands',
      title: `Buurtmaaltijd koken ${i}`,
      description: 'Samen koken voor de buurt',
      domains: ['food'],
      skills: ['koken'],
      languages: ['nl'],
      postcode: ['3511', '1012', '9711', '6211', '2511'][i % 5],
      hoursEstimate: 3,
      peopleNeeded: 50,
      compensation: { type: 'unpaid' },
    });
    if (need.status !== 201) throw new Error(`need: ${need.status} ${need.body}`);
    needIds.push(need.json().need.id as string);
  }
  const people: Awaited<ReturnType<typeof register>>[] = [];
  for (let i = 0; i < 12; i++) people.push(await register(base, `p${i}`));
  const engagementIds: string[] = [];
  for (let i = 0; i < 12; i++) {
    const applied = await people[i]!.request('POST', '/api/engagements', {
      needId: needIds[i % needIds.length],
      message: 'Ik help graag',
    });
    if (applied.status !== 201) throw new Error(`apply: ${applied.status} ${applied.body}`);
    engagementIds.push(applied.json().engagement.id as string);
  }
  const writes: LoadRequest[] = people.flatMap((p, i) => {
    const next = people[(i + 1) % people.length]!;
    return [
      {
        method: 'POST',
        path: '/api/ledger/transfers',
        cookie: p.cookie,
        body: { id: '$uuid', toUserId: next.id, unit: 'TIME', amount: 1 },
      },
      {
        method: 'POST',
        path: `/api/engagements/${engagementIds[i]}/messages`,
        cookie: p.cookie,
        body: { text: 'Hoe laat beginnen we?' },
      },
      { method: 'GET', path: `/api/engagements/${engagementIds[i]}`, cookie: p.cookie },
    ] satisfies LoadRequest[];
  });
  const share = (pct: number) => Math.max(1, Math.round((CONNECTIONS * pct) / 100));
  return [
    {
      name: 'search (70 %)',
      connections: CONNECTIONS - 2 * share(15),
      requests: searchPaths(300).map((path) => ({ method: 'GET', path })),
    },
    {
      name: 'matches (15 %)',
      connections: share(15),
      requests: needIds.map((id) => ({
        method: 'GET',
        path: `/api/needs/${id}/matches?limit=10`,
        cookie: coordinator.cookie,
      })),
    },
    { name: 'engagements + transfers (15 %)', connections: share(15), requests: writes },
  ];
}

function runLoad(loadPlan: LoadPlan): Promise<MixResult[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'tests/bench/load-client.ts'), JSON.stringify(loadPlan)],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as MixResult[]) : reject(new Error(`load client exited with ${code}`)),
    );
  });
}

interface SetupResult {
  setup: string;
  instances: number;
  health: MixResult;
  mixes: MixResult[];
  totalRps: number;
  ratio: number;
  baseline: BaselineVerdict;
  buildSeconds: number;
}

async function measure(setup: 'sqlite' | 'postgres'): Promise<SetupResult> {
  const processes: Process[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'waardewerk-load-'));
  // Both instances write their mail here (no SMTP_URL): the coordinator's verification link is read from it.
  const mailDir = join(dir, 'mail');
  let dropDatabase = async () => {};
  try {
    const t0 = performance.now();
    let databaseUrl: string;
    if (setup === 'sqlite') {
      databaseUrl = `sqlite:${join(dir, 'load.db')}`;
      const handle = await createDb(databaseUrl);
      await migrateToLatest(handle.db);
      if (!handle.sqlite) throw new Error('expected SQLite');
      generateIntoSqlite(handle.sqlite, { needs: NEEDS, offers: OFFERS }, codes, lookup);
      await handle.close();
    } else {
      const fresh = await freshPostgresDatabase(SERVER_URL);
      dropDatabase = fresh.drop;
      databaseUrl = fresh.url;
      const handle = await createDb(databaseUrl);
      await migrateToLatest(handle.db);
      await generateIntoPostgres(handle.db, { needs: NEEDS, offers: OFFERS }, codes, lookup);
      await handle.close();
    }
    const buildSeconds = (performance.now() - t0) / 1000;
    console.log(
      `\n[${setup}] data set: ${NEEDS.toLocaleString('en')} needs, ${OFFERS.toLocaleString('en')} offers built in ${buildSeconds.toFixed(1)} s`,
    );

    const frontPort = await freePort();
    const publicUrl = `http://127.0.0.1:${frontPort}`;
    let base: string;
    let instances: number;
    if (setup === 'sqlite') {
      const app = await startApp('app', {
        databaseUrl,
        publicUrl,
        trustProxy: false,
        port: frontPort,
        env: { MAIL_DIR: mailDir },
      });
      processes.push(app);
      base = app.url;
      instances = 1;
    } else {
      // Two instances on one database, as deploy/compose.yaml runs them: searches ask the database.
      const app1 = await startApp('app1', {
        databaseUrl,
        publicUrl,
        trustProxy: true,
        env: { SEARCH_INDEX: 'off', MAIL_DIR: mailDir },
      });
      processes.push(app1);
      const app2 = await startApp('app2', {
        databaseUrl,
        publicUrl,
        trustProxy: true,
        env: { SEARCH_INDEX: 'off', MAIL_DIR: mailDir },
      });
      processes.push(app2);
      const nginx = await startNginx([app1.port, app2.port], frontPort);
      processes.push(nginx);
      base = nginx.url;
      instances = 2;
    }
    const mixes = await plan(base, mailDir);
    const [health] = await runLoad({
      url: base,
      origin: publicUrl,
      duration: Math.max(5, Math.round(DURATION / 3)),
      mixes: [
        { name: 'GET /api/health', connections: CONNECTIONS, requests: [{ method: 'GET', path: '/api/health' }] },
      ],
    });
    if (!health) throw new Error('no health result');
    const results = await runLoad({ url: base, origin: publicUrl, duration: DURATION, mixes });
    const totalRps = results.reduce((a, r) => a + r.rps, 0);
    const ratio = totalRps / Math.max(1, health.rps);
    const name = `${setup}-${instances}`;
    return {
      setup: name,
      instances,
      health,
      mixes: results,
      totalRps,
      ratio,
      baseline: checkBaseline(`load.${name}`, ratio),
      buildSeconds,
    };
  } finally {
    for (const p of processes.reverse()) await p.stop();
    await dropDatabase();
    rmSync(dir, { recursive: true, force: true });
  }
}

function print(r: SetupResult): void {
  console.log(
    `\n${r.setup === 'sqlite-1' ? 'SQLite, 1 instance' : 'PostgreSQL, 2 instances behind nginx'} — ${DURATION} s, ${CONNECTIONS} connections`,
  );
  console.log('mix                              | conns | requests |    req/s | p50 ms | p99 ms | non-2xx | errors');
  console.log('---------------------------------|-------|----------|----------|--------|--------|---------|-------');
  for (const m of [...r.mixes, r.health]) {
    console.log(
      `${m.name.padEnd(33)}| ${String(m.connections).padStart(5)} | ${String(m.requests).padStart(8)} | ${m.rps.toFixed(1).padStart(8)} | ${String(m.p50).padStart(6)} | ${String(m.p99).padStart(6)} | ${String(m.non2xx).padStart(7)} | ${String(m.errors + m.timeouts).padStart(6)}`,
    );
  }
  console.log(`mixed total ${r.totalRps.toFixed(1)} req/s = ${(r.ratio * 100).toFixed(2)} % of health alone`);
  console.log(r.baseline.message);
}

async function main(): Promise<void> {
  console.log(
    `bench:load on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  const results: SetupResult[] = [];
  const skipped: string[] = [];
  if (SETUPS.includes('sqlite')) results.push(await measure('sqlite'));
  if (SETUPS.includes('postgres')) {
    if (!hasCommand('nginx')) skipped.push('PostgreSQL + nginx: nginx is not installed');
    else if (!(await postgresReachable(SERVER_URL)))
      skipped.push(`PostgreSQL + nginx: no PostgreSQL at ${SERVER_URL.replace(/:[^:@/]*@/, ':***@')}`);
    else results.push(await measure('postgres'));
  }
  for (const r of results) print(r);
  for (const s of skipped) console.log(`\nskipped: ${s} (SQLite only)`);
  const out = join(root, 'bench-results');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, 'load.json'),
    `${JSON.stringify({ date: new Date().toISOString(), machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavg: loadavg() }, dataSet: { needs: NEEDS, offers: OFFERS }, duration: DURATION, connections: CONNECTIONS, results, skipped }, null, 2)}\n`,
  );
  console.log('\nwritten: bench-results/load.json');
  const failures = results.filter((r) => !r.baseline.ok || r.mixes.some((m) => m.errors + m.timeouts > 0));
  if (failures.length > 0) {
    console.log(`FAILED: ${failures.map((f) => f.setup).join(', ')} (below the recorded ratio, or connection errors)`);
    process.exit(1);
  }
}

main().catch((err: unknown) => {
  console.error('bench:load failed:', err);
  process.exit(1);
});
