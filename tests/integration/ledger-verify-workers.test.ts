/**
 * The SQLite verification on worker threads, which needs a database file (PostgreSQL and in-memory
 * SQLite verify in-process: ledger-reliability row 9 covers those). Tampering committed to a copy of a
 * ledger the service wrote is named at the same first bad entry by the workers, by the in-process
 * set-based checks and by the replay — at range boundaries too: 2 threads cut ~120 entries into ranges
 * of 2. Transfers carry odd text (quotes, backslashes, control characters, emoji) that SQLite's
 * json_array must render exactly as JSON.stringify does.
 */
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { testConfig } from '../../server/config.ts';
import { createDb, openSqlite } from '../../server/db/create-db.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import {
  createTransfers,
  personOwner,
  withLedgerTransaction,
  type TransferInput,
} from '../../server/modules/ledger/posting.ts';
import { replayLedger, verifyLedger } from '../../server/modules/ledger/verify/verify.ts';
import { verifySqliteIn } from '../../server/modules/ledger/verify/verify-sqlite.ts';

const ODD = [
  'quote " and \\ backslash',
  'tab\tnew\nline\u0001\u001f',
  'ünïcödé ✓ 😀',
  '\u2028\u2029 /slash',
  '',
  'null',
  '60',
];

let dir: string;
let base: string;
let head = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-verify-'));
  base = join(dir, 'base.db');
  const database = await createDb(`sqlite:${base}`);
  await migrateToLatest(database.db);
  const app = await buildApp({ config: testConfig(), database });
  const ctx = app.ctx;
  const people = Array.from({ length: 4 }, () => personOwner(randomUUID()));
  const run = (inputs: TransferInput[]) => withLedgerTransaction(ctx, (trx) => createTransfers(ctx, trx, inputs, null));
  for (let i = 0; i < 40; i++) {
    const from = people[i % 4] ?? people[0];
    const to = people[(i + 1) % 4] ?? people[1];
    if (!from || !to) continue;
    const reference = { type: 'engagement', id: ODD[i % ODD.length] ?? '' };
    await run([{ id: randomUUID(), type: 'posted', from, to, unit: 'WORK', amount: 1 + i, kind: 'work', reference }]);
    if (i % 4 === 0) {
      const pendingId = randomUUID();
      await run([{ id: pendingId, type: 'pending', from, to, unit: 'TIME', amount: 10, kind: 'exchange', reference }]);
      await run([
        i % 8 === 0
          ? { id: randomUUID(), type: 'post', pendingId, amount: 7 }
          : { id: randomUUID(), type: 'void', pendingId },
      ]);
    }
  }
  head = Number((await database.db.selectFrom('ledger_head').select('seq').executeTakeFirstOrThrow()).seq);
  await app.close();
  await database.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Verifies a copy of the base ledger after `tamper` (raw SQL, triggers dropped) three ways. */
async function verdicts(name: string, tamper: string[]) {
  const file = join(dir, `${name}.db`);
  copyFileSync(base, file);
  const raw = openSqlite(file);
  raw.exec(
    'drop trigger ledger_transfers_no_update; drop trigger ledger_transfers_no_delete; drop trigger ledger_journal_no_update; drop trigger ledger_journal_no_delete',
  );
  for (const statement of tamper) raw.prepare(statement).run();
  raw.close();
  const database = await createDb(`sqlite:${file}`);
  try {
    const sqlite = database.sqlite;
    if (!sqlite) throw new Error('no raw handle');
    const workers = await verifyLedger(database.db, 'sqlite', new Date(), sqlite, { parallelFrom: 0 });
    const inProcess = await database.db.transaction().execute(() => verifySqliteIn(sqlite, new Date()));
    const replayed = await database.db.transaction().execute((trx) => replayLedger(trx, new Date()));
    return { workers, inProcess, replayed };
  } finally {
    await database.close();
  }
}

describe('ledger verification on worker threads (SQLite file)', () => {
  it('verifies the untouched ledger, odd text included', async () => {
    const { workers, inProcess, replayed } = await verdicts('clean', []);
    console.log(`[verify workers] entries=${workers.entries} ok=${workers.ok} head=${head}`);
    expect(workers).toMatchObject({ ok: true, entries: head, problems: [] });
    expect(inProcess).toMatchObject({ ok: true, entries: head, headHash: workers.headHash });
    expect(replayed).toMatchObject({ ok: true, entries: head, headHash: workers.headHash });
  });

  it('names the first bad entry like the replay, wherever the tampering falls', async () => {
    const seqs = [1, 2, 3, 4, 5, Math.floor(head / 2), head - 1, head];
    const reader = openSqlite(base);
    const firstTransferFrom = reader.prepare('select min(seq) from ledger_transfers where seq >= ?').pluck();
    const [t9, t11, t13, t15] = [9, 11, 13, 15].map((seq) => Number(firstTransferFrom.get(seq)));
    const loose = Number(
      reader
        .prepare(
          `select max(seq) from ledger_transfers t where phase = 'posted' and not exists (select 1 from ledger_transfers r where r.pending_id = t.id or r.corrects_id = t.id)`,
        )
        .pluck()
        .get(),
    );
    reader.close();
    const cases: [string, string[], number | undefined][] = [];
    for (const s of seqs) {
      cases.push([
        `entry byte ${s}`,
        [`update ledger_journal set entry = replace(entry, '"', '''') where seq = ${s}`],
        s,
      ]);
      cases.push([`hash ${s}`, [`update ledger_journal set hash = '${'f'.repeat(64)}' where seq = ${s}`], s]);
      cases.push([`delete entry ${s}`, [`delete from ledger_journal where seq = ${s}`], s]);
    }
    cases.push([
      'swap 3 and 4',
      [
        'update ledger_journal set seq = -1 where seq = 3',
        'update ledger_journal set seq = 3 where seq = 4',
        'update ledger_journal set seq = 4 where seq = -1',
      ],
      3,
    ]);
    cases.push(['prev_hash only', [`update ledger_journal set prev_hash = '${'e'.repeat(64)}' where seq = 7`], 7]);
    cases.push(['amount', [`update ledger_transfers set amount = amount + 1 where seq = ${t9}`], t9]);
    cases.push(['REAL amount', [`update ledger_transfers set amount = amount + 0.5 where seq = ${t11}`], t11]);
    cases.push(['BLOB kind', [`update ledger_transfers set kind = cast(kind as blob) where seq = ${t13}`], t13]);
    cases.push([
      'odd reference',
      [`update ledger_transfers set reference_id = reference_id || '"' where seq = ${t15}`],
      t15,
    ]);
    cases.push(['transfer row gone', [`delete from ledger_transfers where seq = ${loose}`], loose]);
    cases.push([
      'entry past the head',
      [
        `insert into ledger_journal (seq, entry, prev_hash, hash) select seq + 1, entry, hash, hash from ledger_journal where seq = ${head}`,
      ],
      head + 1,
    ]);
    cases.push([
      'counter',
      [
        'update ledger_accounts set credits_posted = credits_posted + 1 where id = (select min(id) from ledger_accounts)',
      ],
      undefined,
    ]);

    let agreed = 0;
    for (const [name, tamper, expected] of cases) {
      const { workers, inProcess, replayed } = await verdicts(name.replaceAll(' ', '-'), tamper);
      expect(workers.ok, name).toBe(false);
      if (expected !== undefined) expect(workers.firstBadEntry, name).toBe(expected);
      expect([inProcess.ok, inProcess.firstBadEntry], name).toEqual([workers.ok, workers.firstBadEntry]);
      expect([replayed.ok, replayed.firstBadEntry], name).toEqual([workers.ok, workers.firstBadEntry]);
      agreed++;
    }
    console.log(
      `[verify workers] tamperings=${cases.length} detected and named alike by workers, in-process and replay=${agreed}`,
    );
  }, 120_000);
});
