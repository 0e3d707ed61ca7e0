import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { testConfig } from '../../server/config.ts';
import { createDb, type DbHandle } from '../../server/db/create-db.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { findPendingsWithResolution } from '../../server/modules/ledger/repository.ts';
import { createTransfers, personOwner, withLedgerTransaction } from '../../server/modules/ledger/posting.ts';
import type { Job } from '../../server/plugins/jobs.ts';
import { describeEachDialect, type TestApp } from '../helpers/app.ts';

describeEachDialect('periodic jobs', (t) => {
  it('sweeps expired reservations when the sweep job runs, and records the run for metrics', async () => {
    const [a, b] = [await t().register(), await t().register()];
    await withLedgerTransaction(t().ctx, (trx) =>
      createTransfers(
        t().ctx,
        trx,
        [
          {
            id: 'job-pending-1',
            type: 'pending',
            from: personOwner(a.id),
            to: personOwner(b.id),
            unit: 'TIME',
            amount: 30,
            kind: 'exchange',
            timeoutSeconds: 60,
          },
        ],
        null,
      ),
    );
    expect(t().app.jobs.lastSuccess('ledger-expiry-sweep')).toBeNull();
    expect(await t().app.jobs.runNow('ledger-expiry-sweep')).toBe('ran');
    expect((await findPendingsWithResolution(t().ctx.db, ['job-pending-1']))[0]?.resolution_phase).toBeNull();

    t().clock.advance(61_000);
    expect(await t().app.jobs.runNow('ledger-expiry-sweep')).toBe('ran');
    expect((await findPendingsWithResolution(t().ctx.db, ['job-pending-1']))[0]?.resolution_phase).toBe('void_pending');
    expect(t().app.jobs.lastSuccess('ledger-expiry-sweep')).toBeInstanceOf(Date);
    const text = await t().app.metrics.registry.metrics();
    expect(text).toMatch(/waardewerk_job_last_success_timestamp_seconds\{job="ledger-expiry-sweep"\} \d+/);
    expect(text).toMatch(/waardewerk_ledger_transfers_total\{unit="TIME",outcome="void_pending"\} 1/);
  });

  it('records the nightly ledger verification as the last intact verification', async () => {
    expect(await t().app.jobs.runNow('ledger-verify')).toBe('ran');
    const text = await t().app.metrics.registry.metrics();
    const at = Number(/waardewerk_ledger_last_verified_timestamp_seconds (\d+(\.\d+)?)/.exec(text)?.[1]);
    expect(at).toBe(t().clock.now().getTime() / 1000);
  });

  it('never runs a job twice at once in one instance, counts failures and keeps the last success', async () => {
    let release!: () => void;
    let runs = 0;
    const jobs: Job[] = [
      {
        name: 'slow',
        everyMs: 3_600_000,
        run: async () => {
          runs += 1;
          await new Promise<void>((r) => (release = r));
        },
      },
      {
        name: 'broken',
        everyMs: 3_600_000,
        run: async () => {
          throw new Error('out of order');
        },
      },
    ];
    const app = await buildApp({ config: testConfig(), database: t().database, clock: t().clock, jobs });
    try {
      const first = app.jobs.runNow('slow');
      await new Promise((r) => setTimeout(r, 20));
      expect(await app.jobs.runNow('slow')).toBe('busy');
      release();
      expect(await first).toBe('ran');
      expect(runs).toBe(1);
      expect(await app.jobs.runNow('broken')).toBe('failed');
      expect(app.jobs.lastSuccess('broken')).toBeNull();
      expect(await app.metrics.registry.metrics()).toMatch(/waardewerk_job_failures_total\{job="broken"\} 1/);
      await expect(app.jobs.runNow('no-such-job')).rejects.toThrow(/No job named/);
    } finally {
      await app.close();
    }
  });

  it('runs jobs on their timers: first after startAfterMs, then every everyMs, and stops at close', async () => {
    let runs = 0;
    const app = await buildApp({
      config: testConfig(),
      database: t().database,
      clock: t().clock,
      jobs: [
        {
          name: 'tick',
          everyMs: 40,
          startAfterMs: 5,
          run: async () => {
            runs += 1;
          },
        },
      ],
    });
    const deadline = Date.now() + 5_000;
    while (runs < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await app.close();
    expect(runs).toBeGreaterThanOrEqual(3);
    expect(app.jobs.lastSuccess('tick')).toBeInstanceOf(Date);
    const atClose = runs;
    await new Promise((r) => setTimeout(r, 120));
    expect(runs).toBe(atClose);
  });

  it('holds an advisory lock on PostgreSQL while a job runs, and releases it after', async () => {
    const advisoryLocks = async (db: TestApp['ctx']['db']) =>
      (
        await sql<{
          n: number;
        }>`select count(*)::int as n from pg_locks where locktype = 'advisory' and granted`.execute(db)
      ).rows[0]?.n ?? 0;
    let during = -1;
    const jobs: Job[] = [
      {
        name: 'observe',
        everyMs: 3_600_000,
        run: async (ctx) => {
          during = ctx.dialect === 'postgres' ? await advisoryLocks(ctx.db) : 0;
        },
      },
    ];
    const app = await buildApp({ config: testConfig(), database: t().database, clock: t().clock, jobs });
    try {
      expect(await app.jobs.runNow('observe')).toBe('ran');
      if (t().dialect === 'postgres') {
        expect(during).toBeGreaterThanOrEqual(1);
        expect(await advisoryLocks(t().ctx.db)).toBe(0);
      } else {
        expect(during).toBe(0);
      }
    } finally {
      await app.close();
    }
  });
});

/**
 * Two instances on one PostgreSQL server: needs a real server (PGlite has one session, and advisory
 * locks are re-entrant within a session), so it runs where TEST_DATABASE_URL is set — in CI's
 * integration run against the real PostgreSQL.
 */
const realPostgres = process.env.TEST_DATABASE_URL;
if (realPostgres) {
  describe('periodic jobs across two instances on one PostgreSQL', () => {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const handles: DbHandle[] = [];
    const apps: FastifyInstance[] = [];
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    let gate: Promise<void> | null = null;
    const job: Job = {
      name: 'exclusive',
      everyMs: 3_600_000,
      run: async () => {
        active += 1;
        runs += 1;
        maxActive = Math.max(maxActive, active);
        await (gate ?? new Promise((r) => setTimeout(r, 5)));
        active -= 1;
      },
    };

    beforeAll(async () => {
      const admin = new pg.Client({ connectionString: realPostgres });
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${schema}`);
      await admin.end();
      for (let i = 0; i < 2; i++) {
        const handle = await createDb(realPostgres, { pgSchema: schema });
        await migrateToLatest(handle.db);
        handles.push(handle);
        const app = await buildApp({ config: testConfig(), database: handle, jobs: [job] });
        await app.ready();
        apps.push(app);
      }
    });

    afterAll(async () => {
      for (const app of apps) await app.close();
      for (const handle of handles) await handle.close();
      const admin = new pg.Client({ connectionString: realPostgres });
      await admin.connect();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    });

    it('runs a job in one instance while the other finds it busy', async () => {
      let open!: () => void;
      gate = new Promise<void>((r) => (open = r));
      const first = apps[0]!.jobs.runNow('exclusive');
      await new Promise((r) => setTimeout(r, 100));
      expect(await apps[1]!.jobs.runNow('exclusive')).toBe('busy');
      open();
      expect(await first).toBe('ran');
      gate = null;
      expect(await apps[1]!.jobs.runNow('exclusive')).toBe('ran');
    });

    it('never overlaps runs across instances when both trigger at once', async () => {
      runs = 0;
      maxActive = 0;
      const outcomes: string[] = [];
      for (let round = 0; round < 20; round++) {
        outcomes.push(...(await Promise.all(apps.map((app) => app.jobs.runNow('exclusive')))));
      }
      expect(maxActive).toBe(1);
      expect(runs).toBeGreaterThanOrEqual(20);
      expect(outcomes.filter((o) => o === 'ran').length).toBe(runs);
      expect(outcomes.every((o) => o === 'ran' || o === 'busy')).toBe(true);
      console.log(
        `jobs across 2 instances: 20 rounds of 2 racing triggers → ${runs} runs, ${outcomes.length - runs} found it busy, never 2 at once`,
      );
    });
  });
}
