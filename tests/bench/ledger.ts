/**
 * `npm run bench:ledger`: the ledger's throughput on SQLite (WAL, synchronous=FULL) against the raw
 * better-sqlite3 single-insert transaction rate measured in the same run with the same pragmas,
 * and the time to verify a 1,000,000-entry chain (built in bulk).
 * Targets (issue 5): person-to-person ≥ 20% of raw; linked WORK+TIME groups ≥ 10%; verify 1M ≤ 5 s.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../server/app.ts';
import { testConfig } from '../../server/config.ts';
import { createDb, openSqlite } from '../../server/db/create-db.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { GENESIS_HASH, accountEntry, chainHash, transferEntry, type TransferDraft } from '../../server/modules/ledger/rules.ts';
import { createTransfers, organizationOwner, personOwner, publishLedger, withLedgerTransaction, type TransferInput } from '../../server/modules/ledger/posting.ts';
import { verifyLedger } from '../../server/modules/ledger/verify/verify.ts';
import { checkBaseline, type BaselineVerdict } from './baseline.ts';
import { numbersFromEnv } from './env.ts';

const { BENCH_LEDGER_N: N, BENCH_LEDGER_CHAIN: CHAIN } = numbersFromEnv({ BENCH_LEDGER_N: 2000, BENCH_LEDGER_CHAIN: 1_000_000 });
const dir = mkdtempSync(join(tmpdir(), 'waardewerk-bench-'));
const rows: [string, string, string][] = [];
const baselines: BaselineVerdict[] = [];
const rate = (n: number, ms: number) => (n / ms) * 1000;

// Raw better-sqlite3: one insert per IMMEDIATE transaction, WAL + synchronous=FULL (openSqlite's pragmas).
const raw = openSqlite(join(dir, 'raw.db'));
raw.exec('create table t (id text primary key, amount integer not null)');
const insert = raw.prepare('insert into t (id, amount) values (?, ?)');
const one = raw.transaction((id: string) => insert.run(id, 1));
let t0 = performance.now();
for (let i = 0; i < N; i++) one.immediate(randomUUID());
const rawRate = rate(N, performance.now() - t0);
raw.close();
rows.push(['raw better-sqlite3 insert tx (FULL)', `${rawRate.toFixed(0)} tx/s`, 'baseline']);

async function ledgerApp(name: string) {
  const database = await createDb(`sqlite:${join(dir, name)}`);
  await migrateToLatest(database.db);
  // The bench's organisation is synthetic (no organisations row, so unverified): room for every reservation it makes.
  const app = await buildApp({ config: testConfig({ TIME_FLOOR_UNVERIFIED_ORGANIZATION_MINUTES: '-100000000' }), database });
  return { app, ctx: app.ctx, database };
}

// Person-to-person TIME transfers through the service (accounts exist after a warm-up).
{
  const { app, ctx } = await ledgerApp('p2p.db');
  const people = Array.from({ length: 16 }, () => personOwner(randomUUID()));
  const send = async (i: number) => {
    const from = people[i % 16] ?? people[0];
    const to = people[(i + 1) % 16] ?? people[1];
    if (!from || !to) return;
    const result = await withLedgerTransaction(ctx, (trx) => createTransfers(ctx, trx, [{ id: randomUUID(), type: 'posted', from, to, unit: 'TIME', amount: 1, kind: 'exchange' }], null));
    publishLedger(ctx, result);
  };
  for (let i = 0; i < 32; i++) await send(i);
  t0 = performance.now();
  for (let i = 0; i < N; i++) await send(i);
  const seq = rate(N, performance.now() - t0);
  let next = 0;
  t0 = performance.now();
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < N) await send(next++);
  }));
  const conc = rate(N, performance.now() - t0);
  rows.push(['person-to-person, sequential', `${seq.toFixed(0)} tx/s`, `${((seq / rawRate) * 100).toFixed(1)}% of raw (target ≥ 20%)`]);
  baselines.push(checkBaseline('ledger.person-to-person-vs-raw', seq / rawRate));
  rows.push(['person-to-person, 8 concurrent clients', `${conc.toFixed(0)} tx/s`, `${((conc / rawRate) * 100).toFixed(1)}% of raw (target ≥ 20%)`]);
  await app.close();
}

// Confirmation's linked group: WORK org→person posted + TIME post of the pending reserved at acceptance.
{
  const { app, ctx } = await ledgerApp('groups.db');
  const org = organizationOwner(randomUUID());
  const people = Array.from({ length: 16 }, () => personOwner(randomUUID()));
  const reserves: { id: string; to: ReturnType<typeof personOwner> }[] = [];
  for (let i = 0; i < 2 * N; i++) {
    const to = people[i % 16] ?? people[0];
    if (!to) break;
    const id = randomUUID();
    await withLedgerTransaction(ctx, (trx) => createTransfers(ctx, trx, [{ id, type: 'pending', from: org, to, unit: 'TIME', amount: 1, kind: 'engagement' }], null));
    reserves.push({ id, to });
  }
  const confirm = async (r: { id: string; to: ReturnType<typeof personOwner> }) => {
    const group: TransferInput[] = [
      { id: randomUUID(), type: 'posted', from: org, to: r.to, unit: 'WORK', amount: 120, kind: 'work' },
      { id: randomUUID(), type: 'post', pendingId: r.id },
    ];
    publishLedger(ctx, await withLedgerTransaction(ctx, (trx) => createTransfers(ctx, trx, group, null)));
  };
  t0 = performance.now();
  for (let i = 0; i < N; i++) await confirm(reserves[i] ?? { id: '', to: org });
  const seq = rate(N, performance.now() - t0);
  let next = N;
  t0 = performance.now();
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < 2 * N) await confirm(reserves[next++] ?? { id: '', to: org });
  }));
  const conc = rate(N, performance.now() - t0);
  rows.push(['linked WORK+TIME group, sequential', `${seq.toFixed(0)} groups/s`, `${((seq / rawRate) * 100).toFixed(1)}% of raw (target ≥ 10%)`]);
  baselines.push(checkBaseline('ledger.linked-group-vs-raw', seq / rawRate));
  rows.push(['linked WORK+TIME group, 8 concurrent', `${conc.toFixed(0)} groups/s`, `${((conc / rawRate) * 100).toFixed(1)}% of raw (target ≥ 10%)`]);
  const v = await verifyLedger(ctx.db, ctx.dialect, new Date(), ctx.sqlite);
  if (!v.ok) throw new Error(`ledger does not verify after the group benchmark: ${v.problems.join('; ')}`);
  await app.close();
}

// A 1,000,000-entry chain built in bulk with the same canonical entries, then verified.
{
  const file = join(dir, 'chain.db');
  const handle = await createDb(`sqlite:${file}`, { synchronous: 'NORMAL' });
  await migrateToLatest(handle.db);
  await handle.close();
  const db = openSqlite(file, { synchronous: 'NORMAL' });
  const at = '2026-03-02T09:00:00.000Z';
  const accounts = ['a', 'b'].map((id) => ({ id, owner_type: 'person', owner_id: `owner-${id}`, unit: 'WORK', floor: null, created_at: at }));
  const t1 = performance.now();
  db.transaction(() => {
    const putAccount = db.prepare('insert into ledger_accounts (id, owner_type, owner_id, unit, floor, created_at) values (?, ?, ?, ?, ?, ?)');
    const putEntry = db.prepare('insert into ledger_journal (seq, entry, prev_hash, hash) values (?, ?, ?, ?)');
    const putTransfer = db.prepare(
      'insert into ledger_transfers (id, seq, group_id, phase, debit_account_id, credit_account_id, amount, unit, kind, created_at, actor_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    let prev = GENESIS_HASH;
    let seq = 0;
    for (const a of accounts) {
      putAccount.run(a.id, a.owner_type, a.owner_id, a.unit, a.floor, a.created_at);
      const entry = accountEntry(a);
      const hash = chainHash(prev, entry);
      putEntry.run(++seq, entry, prev, hash);
      prev = hash;
    }
    let aToB = 0;
    let bToA = 0;
    while (seq < CHAIN) {
      seq++;
      const forward = seq % 3 !== 0;
      const amount = 1 + (seq % 7);
      if (forward) aToB += amount;
      else bToA += amount;
      const d: TransferDraft = {
        id: `t${seq}`, group_id: `t${seq}`, phase: 'posted', debit_account_id: forward ? 'a' : 'b', credit_account_id: forward ? 'b' : 'a', amount, unit: 'WORK', kind: 'work',
        pending_id: null, expires_at: null, corrects_id: null, reference_type: null, reference_id: null, actor_id: null, created_at: at,
      };
      putTransfer.run(d.id, seq, d.group_id, d.phase, d.debit_account_id, d.credit_account_id, d.amount, d.unit, d.kind, d.created_at, d.actor_id);
      const entry = transferEntry(d);
      const hash = chainHash(prev, entry);
      putEntry.run(seq, entry, prev, hash);
      prev = hash;
    }
    db.prepare('update ledger_accounts set debits_posted = ?, credits_posted = ? where id = ?').run(aToB, bToA, 'a');
    db.prepare('update ledger_accounts set debits_posted = ?, credits_posted = ? where id = ?').run(bToA, aToB, 'b');
    db.prepare('update ledger_head set seq = ?, hash = ? where id = 1').run(seq, prev);
  })();
  db.close();
  const built = performance.now() - t1;
  const verifyHandle = await createDb(`sqlite:${file}`);
  // Others may load the machine: CPU time (all threads) and the load average say how far wall time is off.
  const load = loadavg()[0] ?? 0;
  const cpu0 = process.cpuUsage();
  t0 = performance.now();
  const v = await verifyLedger(verifyHandle.db, 'sqlite', new Date(), verifyHandle.sqlite);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  await verifyHandle.close();
  if (!v.ok || v.entries !== CHAIN) throw new Error(`bulk chain does not verify: ${v.problems.join('; ')}`);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  rows.push([
    `verify a ${CHAIN.toLocaleString('en')}-entry chain`,
    `${seconds.toFixed(2)} s`,
    `target ≤ 5 s; CPU ${cpuSeconds.toFixed(2)} s on ${availableParallelism()} cores, load average ${load.toFixed(2)} → ${(loadavg()[0] ?? 0).toFixed(2)} (built in ${(built / 1000).toFixed(1)} s)`,
  ]);
}

rmSync(dir, { recursive: true, force: true });
const w = [Math.max(...rows.map((r) => r[0].length)), Math.max(...rows.map((r) => r[1].length))];
console.log(`\nLedger benchmark (SQLite WAL, synchronous=FULL, n=${N})`);
for (const [a, b, c] of rows) console.log(`  ${a.padEnd(w[0] ?? 0)}  ${b.padStart(w[1] ?? 0)}  ${c}`);
for (const b of baselines) console.log(`  ${b.message}`);
if (baselines.some((b) => !b.ok)) process.exitCode = 1;
