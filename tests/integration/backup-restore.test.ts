import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { testConfig } from '../../server/config.ts';
import { createDb, type DbHandle } from '../../server/db/create-db.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { verifyLedger } from '../../server/modules/ledger/verify/verify.ts';
import { readErasureLog } from '../../server/modules/privacy/erasure-log.ts';
import { eraseAccount } from '../../server/modules/privacy/service.ts';
import { ORIGIN, sessionCookieFrom } from '../helpers/app.ts';

/**
 * RELIABILITY 12 — backups restore to a verified ledger. SQLite only: the online backup API works on
 * a database file, which this test makes in a temporary folder (PostgreSQL backups are pg_dump's;
 * docs/OPERATIONS.md). The backup runs as `npm run backup` does, in its own process, while this
 * process keeps writing transfers; the restore runs as `npm run restore` does.
 */
const root = new URL('../..', import.meta.url).pathname;

function runScript(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, script), ...args], {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

interface Person {
  id: string;
  cookie: string;
}

describe('backup under write load → restore → verify (RELIABILITY 12)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'waardewerk-backup-'));
  const liveFile = join(dir, 'live.db');
  const erasureLog = join(dir, 'erasures.jsonl');
  const backupFile = join(dir, 'backup.db');
  let database: DbHandle;
  let app: FastifyInstance;
  const people: Person[] = [];

  beforeAll(async () => {
    database = await createDb(`sqlite:${liveFile}`);
    await migrateToLatest(database.db);
    app = await buildApp({
      config: testConfig({ DATABASE_URL: `sqlite:${liveFile}`, ERASURE_LOG: erasureLog, PUBLIC_URL: ORIGIN }),
      database,
      jobs: [],
    });
    await app.ready();
    for (let i = 0; i < 8; i++) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/register',
        headers: { origin: ORIGIN },
        remoteAddress: `10.9.0.${i + 1}`,
        payload: {
          email: `backup${i}@example.org`,
          password: 'a long enough passphrase',
          displayName: `Marker-${i}-zq`,
        },
      });
      expect(res.statusCode).toBe(201);
      people.push({ id: res.json().user.id, cookie: sessionCookieFrom(res) });
    }
  });

  afterAll(async () => {
    await app?.close();
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('restores every transfer acknowledged before the backup, replays erasures after it, and verifies', async () => {
    // Person 7 is erased before the backup, person 6 after it: the restore must erase 6 again.
    await eraseAccount(app.ctx, people[7]!.id);
    const senders = people.slice(0, 6);
    const acknowledged = new Map<string, number>();
    const sent = new Set<string>();
    let stop = false;
    const writer = async (w: number) => {
      for (let n = 0; !stop; n++) {
        const from = senders[(w + n) % 4]!;
        const to = senders[(w + n + 1) % 4]!;
        const id = randomUUID();
        sent.add(id);
        const res = await app.inject({
          method: 'POST',
          url: '/api/ledger/transfers',
          headers: { origin: ORIGIN, cookie: from.cookie },
          payload: { id, toUserId: to.id, unit: 'TIME', amount: 1 },
        });
        if (res.statusCode === 201) acknowledged.set(id, performance.now());
        else expect(res.statusCode, res.body).toBe(201);
        await new Promise((r) => setImmediate(r));
      }
    };
    const writers = [0, 1, 2, 3].map((w) => writer(w));
    await new Promise((r) => setTimeout(r, 500));

    const backupStarted = performance.now();
    const backup = await runScript('server/scripts/backup.ts', [backupFile], { DATABASE_URL: `sqlite:${liveFile}` });
    const backupEnded = performance.now();
    expect(backup.code, backup.stderr).toBe(0);
    const duringBackup = [...acknowledged.values()].filter((t) => t >= backupStarted && t <= backupEnded).length;

    await new Promise((r) => setTimeout(r, 200));
    await eraseAccount(app.ctx, people[6]!.id);
    stop = true;
    await Promise.all(writers);
    expect(readErasureLog(erasureLog).map((e) => e.userId)).toEqual([people[7]!.id, people[6]!.id]);

    const restoredFile = join(dir, 'restored.db');
    const restore = await runScript('server/scripts/restore.ts', [backupFile], {
      DATABASE_URL: `sqlite:${restoredFile}`,
      ERASURE_LOG: erasureLog,
    });
    expect(restore.code, restore.stderr + restore.stdout).toBe(0);
    const report = JSON.parse(restore.stdout) as { ok: boolean; erasuresReplayed: number; seconds: number };
    expect(report).toMatchObject({
      ok: true,
      erasuresReplayed: 1,
      erasureLog: { path: erasureLog, found: true },
      erasureLogEntries: 2,
      integrity: 'ok',
      ledger: { ok: true },
    });

    const restored = new SqliteDatabase(restoredFile);
    const live = new SqliteDatabase(liveFile, { readonly: true });
    try {
      expect(restored.pragma('integrity_check', { simple: true })).toBe('ok');
      // Invariants and chain, independently of the restore script's own run.
      const restoredHandle = await createDb(`sqlite:${restoredFile}`);
      const verdict = await verifyLedger(restoredHandle.db, 'sqlite', new Date(), restoredHandle.sqlite);
      await restoredHandle.close();
      expect(verdict.ok, verdict.problems.join('; ')).toBe(true);

      const present = new Set(
        (restored.prepare('SELECT id FROM ledger_transfers').all() as { id: string }[]).map((r) => r.id),
      );
      const mustBePresent = [...acknowledged].filter(([, at]) => at < backupStarted).map(([id]) => id);
      const missing = mustBePresent.filter((id) => !present.has(id));
      expect(missing).toEqual([]);
      // Nothing the clients did not send; and the copy is one moment of the live ledger: its journal a prefix.
      expect([...present].filter((id) => !sent.has(id))).toEqual([]);
      const restoredHead = restored.prepare('SELECT seq, hash FROM ledger_journal ORDER BY seq DESC LIMIT 1').get() as {
        seq: number;
        hash: string;
      };
      const liveAtThatSeq = live.prepare('SELECT hash FROM ledger_journal WHERE seq = ?').get(restoredHead.seq) as {
        hash: string;
      };
      expect(liveAtThatSeq.hash).toBe(restoredHead.hash);

      const erased = restored
        .prepare('SELECT id, email, display_name FROM users WHERE id IN (?, ?)')
        .all(people[6]!.id, people[7]!.id) as { id: string; email: string; display_name: string }[];
      expect(erased.map((u) => [u.email, u.display_name]).sort()).toEqual(
        [
          [`erased-${people[6]!.id}@erased.invalid`, ''],
          [`erased-${people[7]!.id}@erased.invalid`, ''],
        ].sort(),
      );
      expect(readFileSync(restoredFile).includes('Marker-6-zq')).toBe(false);
      const status = restored.prepare('SELECT status FROM restores').all() as { status: string }[];
      expect(status).toEqual([{ status: 'verified' }]);

      console.log(
        `RELIABILITY 12: transfers acknowledged ${acknowledged.size} (${duringBackup} during the ${((backupEnded - backupStarted) / 1000).toFixed(2)} s backup), ` +
          `acknowledged before the backup ${mustBePresent.length}, present in the restore ${present.size}, missing 0, ` +
          `erasures replayed ${report.erasuresReplayed}, restore + verify ${report.seconds.toFixed(2)} s`,
      );
    } finally {
      restored.close();
      live.close();
    }
  });

  it('refuses to restore over a database that holds data', async () => {
    const res = await runScript('server/scripts/restore.ts', [backupFile], { DATABASE_URL: `sqlite:${liveFile}` });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/needs an empty database/);
  });

  it('marks a restore whose ledger does not verify as failed, and the app then refuses to start', async () => {
    const tampered = join(dir, 'tampered-backup.db');
    copyFileSync(backupFile, tampered);
    const t = new SqliteDatabase(tampered);
    t.exec('DROP TRIGGER ledger_transfers_no_update');
    t.prepare(
      'UPDATE ledger_transfers SET amount = amount + 59 WHERE rowid = (SELECT min(rowid) FROM ledger_transfers)',
    ).run();
    t.close();

    const badFile = join(dir, 'bad.db');
    const restore = await runScript('server/scripts/restore.ts', [tampered], { DATABASE_URL: `sqlite:${badFile}` });
    expect(restore.code).toBe(1);
    expect(restore.stderr).toMatch(/no erasure log at .*bad\.db\.erasures\.jsonl/);
    expect(JSON.parse(restore.stdout.slice(0, restore.stdout.lastIndexOf('}') + 1))).toMatchObject({
      ok: false,
      ledger: { ok: false },
    });

    const start = await runScript('server/main.ts', [], {
      DATABASE_URL: `sqlite:${badFile}`,
      PORT: '0',
      DEMO_DATA: '0',
    });
    expect(start.code).toBe(1);
    expect(start.stderr).toMatch(/Refusing to start: the restore of .*tampered-backup\.db failed its verification/);

    // An instance built on it anyway is not ready, so no load balancer sends it traffic.
    const handle = await createDb(`sqlite:${badFile}`);
    const bad = await buildApp({
      config: testConfig({ DATABASE_URL: `sqlite:${badFile}` }),
      database: handle,
      jobs: [],
    });
    const ready = await bad.inject({ method: 'GET', url: '/api/ready' });
    await bad.close();
    await handle.close();
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ ready: false, database: true, pendingMigrations: [] });
    expect(ready.json().restore).toMatch(/failed its verification/);
  });
});

/**
 * The same on PostgreSQL (pg_dump -Fc, pg_restore): needs a real server and its client tools, so it
 * runs where TEST_DATABASE_URL is set — CI's integration run against the real PostgreSQL. It makes
 * two databases of its own (the source and the empty target) and drops them after.
 */
const realPostgres = process.env.TEST_DATABASE_URL;
if (realPostgres) {
  describe('PostgreSQL: pg_dump under write load → pg_restore → verify', () => {
    const suffix = randomUUID().slice(0, 8);
    const names = { source: `ww_backup_${suffix}`, target: `ww_restore_${suffix}` };
    const urlOf = (name: string) => {
      const url = new URL(realPostgres);
      url.pathname = `/${name}`;
      return url.toString();
    };
    const admin = async (statements: string[]) => {
      const client = new pg.Client({ connectionString: realPostgres });
      await client.connect();
      try {
        for (const s of statements) await client.query(s);
      } finally {
        await client.end();
      }
    };
    const dir = mkdtempSync(join(tmpdir(), 'waardewerk-pgbackup-'));

    beforeAll(async () => admin([`CREATE DATABASE ${names.source}`, `CREATE DATABASE ${names.target}`]));
    afterAll(async () => {
      await admin([
        `DROP DATABASE IF EXISTS ${names.source} WITH (FORCE)`,
        `DROP DATABASE IF EXISTS ${names.target} WITH (FORCE)`,
      ]);
      rmSync(dir, { recursive: true, force: true });
    });

    it('restores every transfer acknowledged before the dump, replays erasures and verifies', async () => {
      const erasureLog = join(dir, 'erasures.jsonl');
      const database = await createDb(urlOf(names.source));
      await migrateToLatest(database.db);
      const app = await buildApp({
        config: testConfig({ DATABASE_URL: urlOf(names.source), ERASURE_LOG: erasureLog, PUBLIC_URL: ORIGIN }),
        database,
        jobs: [],
      });
      const people: Person[] = [];
      try {
        for (let i = 0; i < 4; i++) {
          const res = await app.inject({
            method: 'POST',
            url: '/api/auth/register',
            headers: { origin: ORIGIN },
            remoteAddress: `10.9.1.${i + 1}`,
            payload: {
              email: `pgbackup${i}@example.org`,
              password: 'a long enough passphrase',
              displayName: `Marker-pg-${i}`,
            },
          });
          people.push({ id: res.json().user.id, cookie: sessionCookieFrom(res) });
        }
        const acknowledged = new Map<string, number>();
        let stop = false;
        const writer = async (w: number) => {
          for (let n = 0; !stop; n++) {
            const id = randomUUID();
            const res = await app.inject({
              method: 'POST',
              url: '/api/ledger/transfers',
              headers: { origin: ORIGIN, cookie: people[(w + n) % 3]!.cookie },
              payload: { id, toUserId: people[(w + n + 1) % 3]!.id, unit: 'TIME', amount: 1 },
            });
            expect(res.statusCode, res.body).toBe(201);
            acknowledged.set(id, performance.now());
          }
        };
        const writers = [0, 1].map((w) => writer(w));
        await new Promise((r) => setTimeout(r, 300));
        const dumpFile = join(dir, 'waardewerk.dump');
        const backupStarted = performance.now();
        const backup = await runScript('server/scripts/backup.ts', [dumpFile], { DATABASE_URL: urlOf(names.source) });
        expect(backup.code, backup.stderr).toBe(0);
        await eraseAccount(app.ctx, people[3]!.id);
        stop = true;
        await Promise.all(writers);

        const restore = await runScript('server/scripts/restore.ts', [dumpFile], {
          DATABASE_URL: urlOf(names.target),
          ERASURE_LOG: erasureLog,
        });
        expect(restore.code, restore.stderr + restore.stdout).toBe(0);
        expect(JSON.parse(restore.stdout)).toMatchObject({ ok: true, erasuresReplayed: 1, ledger: { ok: true } });

        const restored = await createDb(urlOf(names.target));
        try {
          const verdict = await verifyLedger(restored.db, 'postgres', new Date());
          expect(verdict.ok, verdict.problems.join('; ')).toBe(true);
          const present = new Set(
            (await restored.db.selectFrom('ledger_transfers').select('id').execute()).map((r) => r.id),
          );
          const mustBePresent = [...acknowledged].filter(([, at]) => at < backupStarted).map(([id]) => id);
          expect(mustBePresent.filter((id) => !present.has(id))).toEqual([]);
          const erased = await restored.db
            .selectFrom('users')
            .select(['email', 'display_name'])
            .where('id', '=', people[3]!.id)
            .executeTakeFirstOrThrow();
          expect(erased).toEqual({ email: `erased-${people[3]!.id}@erased.invalid`, display_name: '' });
          expect(await restored.db.selectFrom('restores').select('status').execute()).toEqual([{ status: 'verified' }]);
          console.log(
            `PostgreSQL backup: acknowledged ${acknowledged.size}, before the dump ${mustBePresent.length}, present ${present.size}, missing 0`,
          );
        } finally {
          await restored.close();
        }
      } finally {
        await app.close();
        await database.close();
      }
    });
  });
}
