/**
 * Issue 15, item 4: the lean write path (raw statements on SQLite, idempotency by INSERT … ON CONFLICT
 * inside a savepoint, the journal keeping a tag for each transfer) against the engine before it
 * (tests/helpers/ledger-reference.ts: Kysely, read-then-write, the journal written whole). Random
 * operation sequences run through both, each on a database of its own: the lean one migrated to the
 * latest schema, the old one only up to before migration 0820, as an installation before the upgrade.
 * After every sequence the outcomes, balances, transfer rows, memos and journal length must be equal;
 * at the end both verify, the same tampering gets the same verdict, and migrating the old database
 * keeps its head hash and every verdict — also for a ledger tampered before the migration.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { Migrator, PostgresAdapter, sql } from 'kysely';
import pg from 'pg';
import { expect, it } from 'vitest';
import { migrations } from '../../migrations/index.ts';
import type { LedgerUnit } from '../../shared/schemas/ledger.ts';
import type { AppContext } from '../../server/context.ts';
import { createDb, type Db, type DbHandle, type Dialect } from '../../server/db/create-db.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { AppError } from '../../server/errors.ts';
import {
  createCorrection,
  createTransfers,
  personOwner,
  withLedgerTransaction,
  type OwnerRef,
  type TransferInput,
} from '../../server/modules/ledger/posting.ts';
import { TRANSFER_TAG } from '../../server/modules/ledger/rules.ts';
import { ledgerStore } from '../../server/modules/ledger/store.ts';
import { sqliteStore } from '../../server/modules/ledger/store-sqlite.ts';
import { verifyLedger, verifyLedgerIn } from '../../server/modules/ledger/verify/verify.ts';
import { describeEachDialect, type TestApp } from '../helpers/app.ts';
import { referenceCreateCorrection, referenceCreateTransfers } from '../helpers/ledger-reference.ts';

const LEAN_MIGRATION = '2026_12_06_0820_slim_ledger_journal';
const BEFORE_LEAN =
  Object.keys(migrations)
    .filter((name) => name < LEAN_MIGRATION)
    .sort()
    .at(-1) ?? '';
const realPg = Boolean(process.env.TEST_DATABASE_URL);

/** A fresh database of the dialect, migrated up to `upTo` (all when undefined). */
async function database(dialect: Dialect, upTo?: string): Promise<DbHandle> {
  let handle: DbHandle;
  if (dialect === 'sqlite') handle = await createDb('sqlite::memory:');
  else if (realPg) {
    const url = process.env.TEST_DATABASE_URL ?? '';
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    const inner = await createDb(url, { pgSchema: schema });
    handle = {
      ...inner,
      close: async () => {
        await inner.close();
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`DROP SCHEMA ${schema} CASCADE`);
        await c.end();
      },
    };
  } else handle = await createDb('pglite:');
  if (upTo === undefined) {
    await migrateToLatest(handle.db);
    return handle;
  }
  const migrationTableSchema =
    handle.db.getExecutor().adapter instanceof PostgresAdapter
      ? (await sql<{ s: string }>`select current_schema() as s`.execute(handle.db)).rows[0]?.s
      : undefined;
  const migrator = new Migrator({
    db: handle.db,
    provider: { getMigrations: async () => migrations },
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
  const result = await migrator.migrateTo(upTo);
  if (result.error) throw result.error;
  return handle;
}

type Outcome = string;
const outcomeOf = async (run: () => Promise<'written' | 'replayed'>): Promise<Outcome> => {
  try {
    return await run();
  } catch (err) {
    if (err instanceof AppError) return `${err.status}:${err.code}`;
    throw err;
  }
};

type Op =
  | {
      k: 'move';
      from: number;
      to: number;
      unit: LedgerUnit;
      amount: number;
      pending: boolean;
      timeout: boolean;
      memo: boolean;
    }
  | { k: 'resolve'; pick: number; post: boolean; part: number }
  | { k: 'group'; legs: { from: number; to: number; unit: LedgerUnit; amount: number }[]; post: number | null }
  /** A retry of an earlier group, as it was, with a leg's amount changed, or with a new leg put first (rows written, then a clash). */
  | { k: 'retry'; pick: number; mutate: boolean; newLegFirst: boolean }
  | { k: 'correct'; pick: number; again: boolean }
  | { k: 'advance' };

const who = fc.integer({ min: 0, max: 3 });
/** Mostly another owner than `from` (an offset of 0 pays oneself: refused). */
const pair = fc
  .tuple(
    who,
    fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 1, max: 3 }) }, { weight: 1, arbitrary: fc.constant(0) }),
  )
  .map(([from, offset]) => ({ from, to: (from + offset) % 4 }));
const unit = fc.constantFrom<LedgerUnit>('TIME', 'TIME', 'WORK', 'EUR');
const amount = fc.oneof(
  { weight: 9, arbitrary: fc.integer({ min: 1, max: 400 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 700) },
);
const leg = fc.record({ pair, unit, amount }).map(({ pair: p, ...l }) => ({ ...p, ...l }));
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .record({
        k: fc.constant('move' as const),
        leg,
        pending: fc.boolean(),
        timeout: fc.boolean(),
        memo: fc.boolean(),
      })
      .map(({ leg: l, ...m }) => ({ ...m, ...l })),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constant('resolve' as const),
      pick: fc.nat(20),
      post: fc.boolean(),
      part: fc.constantFrom(1, 0.5, 1.5),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constant('group' as const),
      legs: fc.array(leg, { minLength: 1, maxLength: 3 }),
      post: fc.option(fc.nat(20)),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constant('retry' as const),
      pick: fc.nat(20),
      mutate: fc.boolean(),
      newLegFirst: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('correct' as const), pick: fc.nat(20), again: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ k: 'advance' as const }) },
);

/** What a ledger holds for the given owners, keyed by owner (account ids differ between the two databases). */
async function snapshot(db: Db, ownerIds: string[]) {
  const accounts = await db.selectFrom('ledger_accounts').selectAll().where('owner_id', 'in', ownerIds).execute();
  const ownerOf = new Map(accounts.map((a) => [a.id, `${a.owner_type}:${a.owner_id}:${a.unit}`]));
  const ids = accounts.map((a) => a.id);
  const transfers = ids.length
    ? await db
        .selectFrom('ledger_transfers as t')
        .leftJoin('ledger_memos as m', 'm.transfer_id', 't.id')
        .selectAll('t')
        .select(['m.memo', 'm.author_id'])
        .where((eb) => eb.or([eb('t.debit_account_id', 'in', ids), eb('t.credit_account_id', 'in', ids)]))
        .orderBy('t.seq')
        .execute()
    : [];
  const head = await db.selectFrom('ledger_head').select('seq').executeTakeFirstOrThrow();
  return {
    head: Number(head.seq),
    accounts: accounts
      .map((a) =>
        [ownerOf.get(a.id), a.floor, a.debits_pending, a.debits_posted, a.credits_pending, a.credits_posted].join(' '),
      )
      .sort(),
    transfers: transfers.map(({ debit_account_id, credit_account_id, ...t }) => ({
      ...t,
      seq: Number(t.seq),
      amount: Number(t.amount),
      from: ownerOf.get(debit_account_id),
      to: ownerOf.get(credit_account_id),
    })),
  };
}

interface Run {
  owners: OwnerRef[];
  pendings: string[];
  done: TransferInput[][];
  posted: string[];
  corrections: { id: string; transferId: string }[];
}

/** Turns an operation into the inputs both engines get (fresh ids shared by both). */
function inputsOf(o: Exclude<Op, { k: 'correct' } | { k: 'advance' }>, run: Run): TransferInput[] {
  const owner = (i: number) => run.owners[i] ?? personOwner('nobody');
  switch (o.k) {
    case 'move':
      return [
        {
          id: randomUUID(),
          type: o.pending ? 'pending' : 'posted',
          from: owner(o.from),
          to: owner(o.to),
          unit: o.unit,
          amount: o.amount,
          kind: 'exchange',
          ...(o.pending && o.timeout ? { timeoutSeconds: 60 } : {}),
          ...(o.memo ? { memo: `memo ${o.amount}` } : {}),
        },
      ];
    case 'resolve': {
      const pendingId = run.pendings[o.pick % Math.max(1, run.pendings.length)] ?? randomUUID();
      return [
        o.post
          ? { id: randomUUID(), type: 'post', pendingId, amount: Math.max(1, Math.round(100 * o.part)) }
          : { id: randomUUID(), type: 'void', pendingId },
      ];
    }
    case 'group': {
      const legs: TransferInput[] = o.legs.map((l) => ({
        id: randomUUID(),
        type: 'posted',
        from: owner(l.from),
        to: owner(l.to),
        unit: l.unit,
        amount: l.amount,
        kind: 'work',
        reference: { type: 'engagement', id: 'e1' },
      }));
      const pendingId = o.post === null ? undefined : run.pendings[o.post % Math.max(1, run.pendings.length)];
      return pendingId ? [...legs, { id: randomUUID(), type: 'post', pendingId }] : legs;
    }
    case 'retry': {
      const d = run.done[o.pick % Math.max(1, run.done.length)] ?? [];
      const first = d[0];
      if (o.newLegFirst)
        return [
          { id: randomUUID(), type: 'posted', from: owner(0), to: owner(3), unit: 'WORK', amount: 5, kind: 'work' },
          ...d,
        ];
      if (!o.mutate || !first || (first.type !== 'posted' && first.type !== 'pending')) return d;
      return [{ ...first, amount: first.amount + 1 }, ...d.slice(1)];
    }
  }
}

async function tamper(db: Db, dialect: Dialect, statement: ReturnType<typeof sql>): Promise<void> {
  if (dialect === 'sqlite') {
    for (const tr of [
      'ledger_transfers_no_update',
      'ledger_transfers_no_delete',
      'ledger_journal_no_update',
      'ledger_journal_no_delete',
    ])
      await sql.raw(`drop trigger if exists ${tr}`).execute(db);
  } else {
    await sql`alter table ledger_transfers disable trigger user`.execute(db);
    await sql`alter table ledger_journal disable trigger user`.execute(db);
  }
  await statement.execute(db);
}

/** The verdict with the tampering applied and rolled back (on SQLite the set-based checks, as in production). */
async function verdictWith(handle: DbHandle, dialect: Dialect, statement: ReturnType<typeof sql>) {
  const ROLL_BACK = new Error('roll back');
  let verdict: { ok: boolean; firstBadEntry: number | undefined } | undefined;
  await handle.db
    .transaction()
    .execute(async (trx) => {
      await tamper(trx, dialect, statement);
      const v = await verifyLedgerIn(trx, new Date(), handle.sqlite);
      verdict = { ok: v.ok, firstBadEntry: v.firstBadEntry };
      throw ROLL_BACK;
    })
    .catch((err: unknown) => {
      if (err !== ROLL_BACK) throw err;
    });
  return verdict;
}

/** Runs one operation on both engines and returns both outcomes. */
async function step(o: Op, run: Run, lean: AppContext, old: DbHandle, t: TestApp): Promise<[Outcome, Outcome]> {
  const now = () => t.clock.now().toISOString();
  const floor = t.ctx.config.ledger.personTimeFloorMinutes;
  if (o.k === 'advance') {
    t.clock.advance(61_000);
    return ['advanced', 'advanced'];
  }
  if (o.k === 'correct') {
    const previous = run.corrections[o.pick % Math.max(1, run.corrections.length)];
    const body =
      o.again && previous
        ? { ...previous, reason: 'again' }
        : {
            id: randomUUID(),
            transferId: run.posted[o.pick % Math.max(1, run.posted.length)] ?? randomUUID(),
            reason: 'wrong amount',
          };
    const a = await outcomeOf(async () =>
      (await withLedgerTransaction(lean, (trx) => createCorrection(lean, trx, body, { userId: 'admin-1' }))).replayed
        ? 'replayed'
        : 'written',
    );
    const b = await outcomeOf(() =>
      old.db.transaction().execute((trx) => referenceCreateCorrection(trx, body, 'admin-1', now())),
    );
    if (a === 'written') run.corrections.push({ id: body.id, transferId: body.transferId });
    return [a, b];
  }
  const inputs = inputsOf(o, run);
  const a = await outcomeOf(async () =>
    (await withLedgerTransaction(lean, (trx) => createTransfers(lean, trx, inputs, null))).replayed
      ? 'replayed'
      : 'written',
  );
  const b = await outcomeOf(() =>
    old.db.transaction().execute((trx) => referenceCreateTransfers(trx, inputs, now(), floor)),
  );
  if (a === 'written') {
    run.done.push(inputs);
    for (const i of inputs) {
      if (i.type === 'pending') run.pendings.push(i.id);
      if (i.type === 'posted' || i.type === 'post') run.posted.push(i.id);
    }
  }
  return [a, b];
}

describeEachDialect('ledger: the lean write path = the engine before issue 15', (t) => {
  it('gives the same outcomes, balances, rows and verdicts on random operation sequences, before and after the migration', async () => {
    const dialect = t().dialect;
    const leanDb = await database(dialect);
    const oldDb = await database(dialect, BEFORE_LEAN);
    // The app's clock, configuration and events over a database of its own (the app's jobs never touch it).
    const { sqlite: _appSqlite, ...shared } = t().ctx;
    const lean: AppContext = { ...shared, db: leanDb.db, dialect, ...(leanDb.sqlite ? { sqlite: leanDb.sqlite } : {}) };
    try {
      let operations = 0;
      const outcomes = new Map<string, number>();
      const result = await fc.check(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
          const run: Run = {
            owners: [0, 1, 2]
              .map(() => personOwner(randomUUID()))
              .concat([{ type: 'system', id: `system-${randomUUID()}` }]),
            pendings: [],
            done: [],
            posted: [],
            corrections: [],
          };
          for (const o of ops) {
            const [a, b] = await step(o, run, lean, oldDb, t());
            operations += 1;
            outcomes.set(a, (outcomes.get(a) ?? 0) + 1);
            expect(a, `${o.k}: lean ${a}, old ${b}`).toBe(b);
          }
          const ids = run.owners.map((w) => w.id);
          expect(await snapshot(leanDb.db, ids)).toEqual(await snapshot(oldDb.db, ids));
        }),
        { numRuns: dialect === 'sqlite' || realPg ? 60 : 25 },
      );
      if (result.failed) console.log(fc.defaultReportMessage(result));
      expect(result.failed).toBe(false);
      console.log(
        `[lean = old ${dialect}] runs=${result.numRuns} operations=${operations} outcomes ${JSON.stringify(Object.fromEntries(outcomes))}`,
      );

      // Both verify, with the same number of entries; the old journal still holds every entry in full.
      const leanVerdict = await verifyLedger(leanDb.db, dialect, new Date(), leanDb.sqlite);
      const oldVerdict = await verifyLedger(oldDb.db, dialect, new Date(), oldDb.sqlite);
      expect(leanVerdict.ok && oldVerdict.ok).toBe(true);
      expect(leanVerdict.entries).toBe(oldVerdict.entries);
      expect(
        (await oldDb.db.selectFrom('ledger_journal').select('seq').where('entry', '=', TRANSFER_TAG).execute()).length,
      ).toBe(0);

      // The same tampering, the same verdict: old layout, lean layout, and the old ledger once migrated.
      const transfers = await leanDb.db.selectFrom('ledger_transfers').select(['id', 'seq']).orderBy('seq').execute();
      const picks = Array.from(
        { length: 6 },
        (_, i) => transfers[Math.floor(((i + 0.5) * transfers.length) / 6)],
      ).filter((x) => x !== undefined);
      const tamperings = picks.flatMap((p) => [
        sql`update ledger_transfers set amount = amount + 1 where id = ${p.id}`,
        sql`update ledger_journal set hash = ${'f'.repeat(64)} where seq = ${p.seq}`,
      ]);
      const before: unknown[] = [];
      for (const s of tamperings) {
        const lv = await verdictWith(leanDb, dialect, s);
        const ov = await verdictWith(oldDb, dialect, s);
        expect(lv).toEqual(ov);
        expect(lv?.ok).toBe(false);
        before.push(ov);
      }
      await migrateToLatest(oldDb.db);
      const migrated = await verifyLedger(oldDb.db, dialect, new Date(), oldDb.sqlite);
      expect(migrated).toMatchObject({ ok: true, entries: oldVerdict.entries, headHash: oldVerdict.headHash });
      expect(
        (await oldDb.db.selectFrom('ledger_journal').select('seq').where('entry', 'like', '["transfer",%').execute())
          .length,
      ).toBe(0);
      for (const [i, s] of tamperings.entries()) expect(await verdictWith(oldDb, dialect, s)).toEqual(before[i]);
    } finally {
      await leanDb.close();
      await oldDb.close();
    }
  });

  it('keeps the verdict of a ledger tampered before the migration, and names the same first bad entry', async () => {
    const dialect = t().dialect;
    const now = () => t().clock.now().toISOString();
    const floor = t().ctx.config.ledger.personTimeFloorMinutes;
    const [a, b, c] = [personOwner(randomUUID()), personOwner(randomUUID()), personOwner(randomUUID())];
    const kinds = ['row amount', 'entry text', 'row deleted', 'untouched'] as const;
    for (const kind of kinds) {
      const handle = await database(dialect, BEFORE_LEAN);
      try {
        const ids: string[] = [];
        for (let i = 0; i < 12; i++) {
          const id = randomUUID();
          ids.push(id);
          const [from, to] = i % 3 === 0 ? [a, b] : i % 3 === 1 ? [b, c] : [c, a];
          await handle.db
            .transaction()
            .execute((trx) =>
              referenceCreateTransfers(
                trx,
                [{ id, type: 'posted', from, to, unit: 'TIME', amount: 10 + i, kind: 'exchange' }],
                now(),
                floor,
              ),
            );
        }
        const target = await handle.db
          .selectFrom('ledger_transfers')
          .select(['id', 'seq'])
          .where('id', '=', ids[6] ?? '')
          .executeTakeFirstOrThrow();
        if (kind === 'row amount')
          await tamper(
            handle.db,
            dialect,
            sql`update ledger_transfers set amount = amount + 1 where id = ${target.id}`,
          );
        if (kind === 'entry text')
          await tamper(
            handle.db,
            dialect,
            sql`update ledger_journal set entry = replace(entry, '"exchange"', '"gift"') where seq = ${target.seq}`,
          );
        // A transfer no other row refers to (no memo, not resolved, not corrected).
        if (kind === 'row deleted')
          await tamper(handle.db, dialect, sql`delete from ledger_transfers where id = ${target.id}`);
        const before = await verifyLedger(handle.db, dialect, new Date(), handle.sqlite);
        await migrateToLatest(handle.db);
        const after = await verifyLedger(handle.db, dialect, new Date(), handle.sqlite);
        expect({
          kind,
          ok: after.ok,
          firstBadEntry: after.firstBadEntry,
          entries: after.entries,
          headHash: after.headHash,
        }).toEqual({
          kind,
          ok: before.ok,
          firstBadEntry: before.firstBadEntry,
          entries: before.entries,
          headHash: before.headHash,
        });
        expect(before.ok).toBe(kind === 'untouched');
        if (kind !== 'untouched') expect(before.firstBadEntry).toBe(Number(target.seq));
      } finally {
        await handle.close();
      }
    }
  });

  it('writes with raw prepared statements on SQLite inside a transaction, and through Kysely everywhere else', async () => {
    const { ctx } = t();
    const raw = ctx.sqlite ? sqliteStore(ctx.sqlite) : undefined;
    await ctx.db.transaction().execute(async (trx) => {
      const store = ledgerStore(ctx, trx);
      if (ctx.dialect === 'sqlite') expect(store).toBe(raw);
      else expect(store).not.toBe(raw);
    });
    // Outside a transaction raw statements could run inside someone else's: Kysely answers instead.
    expect(ledgerStore(ctx, ctx.db)).not.toBe(raw);
  });
});
