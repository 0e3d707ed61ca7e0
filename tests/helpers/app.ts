import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { ManualClock } from '../../server/clock.ts';
import { testConfig } from '../../server/config.ts';
import type { AppContext } from '../../server/context.ts';
import { createDb, type Dialect, type DbHandle } from '../../server/db/create-db.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';

export const ORIGIN = 'http://localhost:3000';
export const dialects: Dialect[] = ['sqlite', 'postgres'];

/**
 * A fresh, migrated database. PostgreSQL is the in-process PGlite, or, when TEST_DATABASE_URL is
 * set, a real server with a schema of its own per call (dropped on close).
 */
export async function createTestDatabase(dialect: Dialect, options: { poolSize?: number } = {}): Promise<DbHandle> {
  let handle: DbHandle;
  if (dialect === 'sqlite') {
    handle = await createDb('sqlite::memory:');
  } else if (process.env.TEST_DATABASE_URL) {
    const url = process.env.TEST_DATABASE_URL;
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    const inner = await createDb(url, {
      pgSchema: schema,
      ...(options.poolSize ? { poolSize: options.poolSize } : {}),
    });
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
  } else {
    handle = await createDb('pglite:');
  }
  await migrateToLatest(handle.db);
  return handle;
}

export interface TestUser {
  id: string;
  email: string;
  cookie: string;
  inject(opts: InjectOptions): Promise<LightMyRequestResponse>;
}

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  clock: ManualClock;
  dialect: Dialect;
  database: DbHandle;
  /** A request from the site itself (passes the Origin check), without a session. */
  inject(opts: InjectOptions): Promise<LightMyRequestResponse>;
  /**
   * Registers a new person (unique email) and returns them signed in, with the address verified as if
   * they had opened the verification mail (`verified: false`: as registered, unverified).
   */
  register(overrides?: {
    email?: string;
    displayName?: string;
    password?: string;
    verified?: boolean;
  }): Promise<TestUser>;
  /** Where this app writes its mail (.eml files) unless the test gave SMTP_URL or MAIL_DIR. */
  mailDir: string;
  /** Makes a person a platform admin. */
  makeAdmin(user: TestUser): Promise<void>;
  close(): Promise<void>;
}

let counter = 0;

export function sessionCookieFrom(res: LightMyRequestResponse): string {
  const c = res.cookies.find((c) => c.name === 'session' || c.name === '__Host-session');
  if (!c) throw new Error(`no session cookie in response ${res.statusCode} ${res.body}`);
  return `${c.name}=${c.value}`;
}

/** `database`: a migrated database of the caller's (e.g. a SQLite file whose bytes a test reads); closed with the app. */
export async function buildTestApp(
  dialect: Dialect,
  env: Record<string, string> = {},
  given?: DbHandle,
): Promise<TestApp> {
  const database = given ?? (await createTestDatabase(dialect));
  const clock = new ManualClock();
  const mailDir = env.MAIL_DIR ?? mkdtempSync(join(tmpdir(), 'waardewerk-mail-'));
  const config = testConfig({ PUBLIC_URL: ORIGIN, MAIL_DIR: mailDir, ...env });
  const app = await buildApp({ config, database, clock });
  await app.ready();
  const inject = (opts: InjectOptions) => app.inject({ ...opts, headers: { origin: ORIGIN, ...(opts.headers ?? {}) } });
  const asUser = (cookie: string) => (opts: InjectOptions) =>
    inject({ ...opts, headers: { cookie, ...(opts.headers ?? {}) } });
  return {
    app,
    ctx: app.ctx,
    clock,
    dialect,
    database,
    inject,
    mailDir,
    async register(overrides = {}) {
      counter += 1;
      const email = overrides.email ?? `person${counter}-${randomBytes(3).toString('hex')}@example.org`;
      const res = await inject({
        method: 'POST',
        url: '/api/auth/register',
        payload: {
          email,
          password: overrides.password ?? 'a long enough passphrase',
          displayName: overrides.displayName ?? `Person ${counter}`,
        },
        // Each test person registers from its own address, so per-IP limits do not trip.
        remoteAddress: `10.0.${Math.floor(counter / 250)}.${counter % 250}`,
      });
      if (res.statusCode !== 201) throw new Error(`register failed: ${res.statusCode} ${res.body}`);
      const cookie = sessionCookieFrom(res);
      const id: string = res.json().user.id;
      if (overrides.verified !== false) {
        // The verification mail's link, taken as opened: what every person in a test has done unless it tests the unverified.
        await database.db
          .updateTable('users')
          .set({ email_verified_at: clock.now().toISOString() })
          .where('id', '=', id)
          .execute();
      }
      return { id, email, cookie, inject: asUser(cookie) };
    },
    async makeAdmin(user) {
      await database.db.updateTable('users').set({ is_admin: 1 }).where('id', '=', user.id).execute();
    },
    async close() {
      await app.close();
      await database.close();
      if (env.MAIL_DIR === undefined) rmSync(mailDir, { recursive: true, force: true });
    },
  };
}

/** Runs a suite once per database: a fresh app and database for each (`env`: configuration for both). */
export function describeEachDialect(
  name: string,
  suite: (t: () => TestApp) => void,
  env: Record<string, string> = {},
): void {
  for (const dialect of dialects) {
    describe(`${name} [${dialect}]`, () => {
      let testApp: TestApp | undefined;
      beforeAll(async () => {
        testApp = await buildTestApp(dialect, env);
      });
      afterAll(async () => {
        await testApp?.close();
      });
      suite(() => {
        if (!testApp) throw new Error('test app not built');
        return testApp;
      });
    });
  }
}
