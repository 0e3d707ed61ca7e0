/**
 * `npm run test:proxy`: issue 16 item 3 and RELIABILITY row 13 in the shape a municipality runs —
 * nginx (deploy/nginx.conf) in front of 2 app instances on one real PostgreSQL (TRUST_PROXY=1), real
 * HTTP clients through the proxy:
 * - the shared rate limit: a client whose requests nginx spreads over both instances is limited as
 *   if by one (and a made-up X-Forwarded-For does not help it), and failed sign-ins count across both;
 * - row 2: N logical transfers from concurrent clients, each sent 1–5 times → stored = distinct ids,
 *   Σ per unit = 0, every reply to a retry identical;
 * - row 4: 600 minutes available, many concurrent 60-minute transfers → exactly 10 accepted, floor held;
 * - row 5: reservations (accepted time-credit engagements) with racing confirm (post) and cancel
 *   (void) from both sides → each resolved exactly once, nothing left pending.
 * Needs nginx and PostgreSQL (TEST_DATABASE_URL_REAL, default
 * postgres://postgres:postgres@127.0.0.1:5432/waardewerk_ci); makes and drops its own database.
 * Sizes: LOGICAL (row 2, default 300), REQUESTS (row 4, default 200), PENDINGS (row 5, default 30).
 * Prints its figures and exits non-zero on any anomaly.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import {
  Client,
  freePort,
  freshPostgresDatabase,
  hasCommand,
  pool,
  postgresReachable,
  startApp,
  startNginx,
  type Process,
  type Reply,
} from './cluster.ts';

const SERVER_URL = process.env.TEST_DATABASE_URL_REAL ?? 'postgres://postgres:postgres@127.0.0.1:5432/waardewerk_ci';
const LOGICAL = Number(process.env.LOGICAL ?? 300);
const REQUESTS = Number(process.env.REQUESTS ?? 200);
const PENDINGS = Number(process.env.PENDINGS ?? 30);
const PASSWORD = 'a long enough passphrase';

const anomalies: string[] = [];
function expectThat(ok: boolean, what: string): void {
  if (!ok) anomalies.push(what);
}

let addressCounter = 0;
/** Each person connects from an address of their own (127.0.1.x), as people do. */
function newAddress(): string {
  addressCounter += 1;
  return `127.0.${1 + Math.floor(addressCounter / 250)}.${(addressCounter % 250) + 1}`;
}

async function person(base: string, name: string): Promise<Client & { id: string; email: string }> {
  const client = new Client(base, newAddress());
  const email = `${name}-${randomUUID().slice(0, 8)}@example.org`;
  const res = await client.request('POST', '/api/auth/register', { email, password: PASSWORD, displayName: name });
  if (res.status !== 201) throw new Error(`register ${name}: ${res.status} ${res.body}`);
  return Object.assign(client, { id: res.json().user.id as string, email });
}

async function sharedRateLimit(base: string, appPorts: number[]): Promise<void> {
  // Invalid bodies (a 5-character password): counted by the per-address limit, refused by validation.
  const client = new Client(base, '127.0.9.1', 1);
  const limit = 30;
  const codes: number[] = [];
  const upstreams = new Set<string>();
  for (let i = 0; i < limit + 4; i++) {
    const res = await client.request(
      'POST',
      '/api/auth/register',
      { email: `flood${i}@example.org`, password: 'short', displayName: 'F' },
      { 'x-forwarded-for': `203.0.113.${i + 1}` },
    );
    codes.push(res.status);
    upstreams.add(String(res.headers['x-upstream']));
  }
  const accepted = codes.filter((c) => c === 400).length;
  const limited = codes.filter((c) => c === 429).length;
  console.log(
    `[rate limit] requests=${codes.length} over ${upstreams.size} instances (${[...upstreams].join(', ')}): answered=${accepted} limited=${limited} (limit ${limit}/min for one address)`,
  );
  expectThat(
    upstreams.size === appPorts.length,
    `rate limit: requests reached ${upstreams.size} of ${appPorts.length} instances`,
  );
  expectThat(
    accepted === limit && limited === 4 && codes.slice(limit).every((c) => c === 429),
    `rate limit: expected ${limit} answered then 429, got ${codes.join(',')}`,
  );
  // Another address is not held back by the first one.
  const other = await new Client(base, '127.0.9.2', 1).request('POST', '/api/auth/register', {
    email: 'other@example.org',
    password: 'short',
    displayName: 'O',
  });
  expectThat(other.status === 400, `rate limit: another address got ${other.status}`);

  // Failed sign-ins count across instances: 3 free failures in all, then a wait.
  const owner = await person(base, 'owner');
  const guesser = new Client(base, '127.0.9.3', 1);
  const signIns: number[] = [];
  for (let i = 0; i < 4; i++)
    signIns.push(
      (await guesser.request('POST', '/api/auth/login', { email: owner.email, password: 'wrong wrong wrong' })).status,
    );
  console.log(`[sign-in failures] answers through both instances: ${signIns.join(', ')}`);
  expectThat(
    signIns.join(',') === '401,401,401,429',
    `sign-in failures: expected 401,401,401,429, got ${signIns.join(',')}`,
  );
  const ownerIn = await new Client(base, '127.0.9.4', 1).request('POST', '/api/auth/login', {
    email: owner.email,
    password: PASSWORD,
  });
  expectThat(ownerIn.status === 200, `sign-in: the owner from a clean address got ${ownerIn.status}`);
}

async function row2(base: string, db: pg.Pool): Promise<void> {
  const people: Awaited<ReturnType<typeof person>>[] = [];
  for (let i = 0; i < 10; i++) people.push(await person(base, `r2p${i}`));
  const plan = Array.from({ length: LOGICAL }, (_, i) => {
    const from = people[i % 10]!;
    const toIndex = (i * 7 + 3) % 10 === i % 10 ? (i + 1) % 10 : (i * 7 + 3) % 10;
    return {
      from,
      body: { id: randomUUID(), toUserId: people[toIndex]!.id, unit: 'TIME', amount: 1 + (i % 5), memo: `r2-${i}` },
      sends: 1 + (i % 5),
    };
  });
  let sent = 0;
  let non2xx = 0;
  const replies = new Map<string, string[]>();
  const started = performance.now();
  await pool(
    50,
    plan.map((p) => async () => {
      // Half of the copies at once (in flight together, on whichever instance), the rest after.
      const first = await Promise.all(
        Array.from({ length: Math.ceil(p.sends / 2) }, () => p.from.request('POST', '/api/ledger/transfers', p.body)),
      );
      const all: Reply[] = [...first];
      for (let k = Math.ceil(p.sends / 2); k < p.sends; k++)
        all.push(await p.from.request('POST', '/api/ledger/transfers', p.body));
      sent += all.length;
      for (const r of all) {
        if (r.status !== 200 && r.status !== 201) {
          non2xx += 1;
          continue;
        }
        replies.set(p.body.id, [...(replies.get(p.body.id) ?? []), JSON.stringify(r.json().transfer)]);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const ids = plan.map((p) => p.body.id);
  const stored = Number(
    (await db.query('select count(*)::int as n from ledger_transfers where id = any($1)', [ids])).rows[0].n,
  );
  const distinct = new Set(ids).size;
  const identical = [...replies.values()].every((list) => list.every((x) => x === list[0]));
  const sums = (
    await db.query(
      'select unit, sum(credits_posted - debits_posted)::bigint as posted, sum(credits_pending - debits_pending)::bigint as pending from ledger_accounts group by unit',
    )
  ).rows;
  const unbalanced = sums.filter((s) => Number(s.posted) !== 0 || Number(s.pending) !== 0);
  console.log(
    `[row 2] requests=${sent} logical=${LOGICAL} stored=${stored} distinct ids=${distinct} non-2xx=${non2xx} retries identical=${identical} retry rate=${((sent - LOGICAL) / LOGICAL).toFixed(2)} per transfer, Σ per unit = 0: ${unbalanced.length === 0} (${(sent / seconds).toFixed(0)} req/s)`,
  );
  expectThat(stored === LOGICAL && distinct === LOGICAL, `row 2: stored ${stored} of ${LOGICAL}`);
  expectThat(non2xx === 0, `row 2: ${non2xx} answers were not 200/201`);
  expectThat(identical, 'row 2: a retry got another reply than the first');
  expectThat(unbalanced.length === 0, `row 2: Σ ≠ 0 for ${JSON.stringify(unbalanced)}`);
}

async function row4(base: string): Promise<void> {
  const sender = await person(base, 'r4sender');
  const receiver = await person(base, 'r4receiver');
  const replies = await pool(
    100,
    Array.from(
      { length: REQUESTS },
      () => () =>
        sender.request('POST', '/api/ledger/transfers', {
          id: randomUUID(),
          toUserId: receiver.id,
          unit: 'TIME',
          amount: 60,
        }),
    ),
  );
  const accepted = replies.filter((r) => r.status === 201).length;
  const overFloor = replies.filter((r) => r.status === 422 && r.json().error.code === 'over_floor').length;
  const balance = (await sender.request('GET', '/api/ledger/balances'))
    .json()
    .balances.find((b: { unit: string }) => b.unit === 'TIME');
  console.log(
    `[row 4] requests=${REQUESTS} accepted=${accepted} refused over_floor=${overFloor} final balance=${balance.posted} floor=${balance.floor}`,
  );
  expectThat(accepted === 10, `row 4: ${accepted} accepted instead of 10`);
  expectThat(
    overFloor === REQUESTS - 10,
    `row 4: ${REQUESTS - accepted - overFloor} answers were neither 201 nor over_floor`,
  );
  expectThat(balance.posted >= balance.floor, `row 4: floor breached (${balance.posted} < ${balance.floor})`);
}

async function row5(base: string, db: pg.Pool): Promise<void> {
  const coordinator = await person(base, 'r5coordinator');
  // Founding an organisation needs a confirmed address: as if the coordinator had opened the mailed link.
  await db.query('update users set email_verified_at = $1 where id = $2', [new Date().toISOString(), coordinator.id]);
  const worker = await person(base, 'r5worker');
  const org = await coordinator.request('POST', '/api/organizations', {
    name: 'Buurthuis De Race',
    type: 'initiative',
    postcode: '9711',
    domains: ['informal_care'],
  });
  if (org.status !== 201) throw new Error(`organisation: ${org.status} ${org.body}`);
  const orgId = org.json().organization.id as string;
  // Spread over three days: one worker may log at most 24 hours a day across engagements.
  const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
  const engagementIds = await pool(
    8,
    Array.from({ length: PENDINGS }, (_, i) => async () => {
      const need = await coordinator.request('POST', '/api/needs', {
        organizationId: orgId,
        kind: 'hands',
        title: `Koffie schenken ${i}`,
        description: 'Een ochtend helpen',
        domains: ['informal_care'],
        postcode: '9711',
        hoursEstimate: 1,
        peopleNeeded: 1,
        compensation: { type: 'time_credits' },
      });
      if (need.status !== 201) throw new Error(`need: ${need.status} ${need.body}`);
      const applied = await worker.request('POST', '/api/engagements', { needId: need.json().need.id });
      if (applied.status !== 201) throw new Error(`apply: ${applied.status} ${applied.body}`);
      const id = applied.json().engagement.id as string;
      const accepted = await coordinator.request('POST', `/api/engagements/${id}/accept`, {});
      if (accepted.status !== 200) throw new Error(`accept: ${accepted.status} ${accepted.body}`);
      const hours = await worker.request('POST', `/api/engagements/${id}/hours`, {
        minutes: 45 + (i % 30),
        date: daysAgo(i % 3),
      });
      if (hours.status !== 200) throw new Error(`hours: ${hours.status} ${hours.body}`);
      return id;
    }),
  );
  const reservations = (
    await db.query(`select id from ledger_transfers where phase = 'pending' and reference_id = any($1)`, [
      engagementIds,
    ])
  ).rows.map((r) => r.id as string);
  // 3–10 racing answers per engagement: confirm (posts the reservation) and cancel (voids it), from both sides.
  const jobs = engagementIds.flatMap((id, i) =>
    Array.from(
      { length: 3 + (i % 8) },
      (_, k) => () =>
        k % 2 === 0
          ? coordinator.request('POST', `/api/engagements/${id}/confirm`, {})
          : (k % 4 === 1 ? worker : coordinator).request('POST', `/api/engagements/${id}/cancel`, {}),
    ),
  );
  const replies = await pool(
    32,
    jobs.sort(() => Math.random() - 0.5),
  );
  const wins = replies.filter((r) => r.status === 200).length;
  const refusals = replies.filter((r) => r.status === 409).length;
  const other = replies.filter((r) => r.status !== 200 && r.status !== 409);
  const resolutions = (
    await db.query(
      `select pending_id, count(*)::int as n from ledger_transfers where pending_id = any($1) group by pending_id`,
      [reservations],
    )
  ).rows;
  const multiple = resolutions.filter((r) => r.n > 1).length;
  const statuses = (
    await db.query(`select status, count(*)::int as n from engagements where id = any($1) group by status`, [
      engagementIds,
    ])
  ).rows;
  const orgTime = (
    await db.query(
      `select debits_pending from ledger_accounts where owner_type = 'organization' and owner_id = $1 and unit = 'TIME'`,
      [orgId],
    )
  ).rows[0];
  console.log(
    `[row 5] pendings=${reservations.length} racing requests=${jobs.length} accepted answers=${wins} refused 409=${refusals} other=${other.length} resolutions=${resolutions.length} multiple resolutions=${multiple} pending left=${orgTime?.debits_pending} engagements ${statuses.map((s) => `${s.status}=${s.n}`).join(' ')}`,
  );
  expectThat(
    reservations.length === PENDINGS,
    `row 5: ${reservations.length} reservations for ${PENDINGS} accepted engagements`,
  );
  expectThat(multiple === 0, `row 5: ${multiple} reservations resolved more than once`);
  expectThat(resolutions.length === PENDINGS, `row 5: ${PENDINGS - resolutions.length} reservations left unresolved`);
  // A retried confirm returns the stored result (200), so several 200s per engagement are allowed; a second resolution is not.
  expectThat(
    other.length === 0,
    `row 5: unexpected answers ${other
      .slice(0, 3)
      .map((r) => `${r.status} ${r.body.slice(0, 120)}`)
      .join(' | ')}`,
  );
  expectThat(Number(orgTime?.debits_pending ?? 0) === 0, `row 5: ${orgTime?.debits_pending} minutes still pending`);
}

async function main(): Promise<void> {
  if (!hasCommand('nginx'))
    throw new Error('nginx is not installed (apt-get install -y --no-install-recommends nginx)');
  if (!(await postgresReachable(SERVER_URL)))
    throw new Error(`PostgreSQL is not reachable at ${SERVER_URL.replace(/:[^:@/]*@/, ':***@')}`);
  const started = performance.now();
  const database = await freshPostgresDatabase(SERVER_URL);
  const processes: Process[] = [];
  const db = new pg.Pool({ connectionString: database.url, max: 4 });
  try {
    // PUBLIC_URL is the proxy's address (the Origin check compares with it), so its port comes first.
    const proxyPort = await freePort();
    const publicUrl = `http://127.0.0.1:${proxyPort}`;
    // One after the other: the first applies the migrations.
    // Row 5's initiative is new, so unverified: its small floor would refuse reservations this race needs.
    // Two instances on one database, as deploy/compose.yaml runs them: searches ask the database.
    const env = { TIME_FLOOR_UNVERIFIED_ORGANIZATION_MINUTES: '-100000', SEARCH_INDEX: 'off' };
    const app1 = await startApp('app1', { databaseUrl: database.url, publicUrl, trustProxy: true, env });
    processes.push(app1);
    const app2 = await startApp('app2', { databaseUrl: database.url, publicUrl, trustProxy: true, env });
    processes.push(app2);
    const nginx = await startNginx([app1.port, app2.port], proxyPort);
    processes.push(nginx);
    console.log(
      `nginx ${nginx.url} → app1 :${app1.port}, app2 :${app2.port} on PostgreSQL (${database.url.replace(/:[^:@/]*@/, ':***@')})`,
    );

    await sharedRateLimit(nginx.url, [app1.port, app2.port]);
    await row2(nginx.url, db);
    await row4(nginx.url);
    await row5(nginx.url, db);
    const verify = await new Client(nginx.url, '127.0.8.1').request('GET', '/api/ledger/verify');
    console.log(`[ledger] verify ok=${verify.json().ok} entries=${verify.json().entries}`);
    expectThat(
      verify.status === 200 && verify.json().ok === true,
      `ledger verification failed: ${verify.body.slice(0, 300)}`,
    );
  } finally {
    await db.end();
    // What the instances logged (warnings and errors) tells why an answer was a 5xx.
    if (anomalies.length > 0)
      for (const p of processes)
        console.log(`--- ${p.name} (last lines)\n${p.output().split('\n').slice(-30).join('\n')}`);
    for (const p of processes.reverse()) await p.stop();
    await database.drop();
  }
  console.log(`anomalies: ${anomalies.length} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  for (const a of anomalies) console.log(`  ✗ ${a}`);
  if (anomalies.length > 0) process.exit(1);
}

main().catch((err: unknown) => {
  console.error('test:proxy failed:', err);
  process.exit(1);
});
