import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { testConfig } from '../../server/config.ts';
import { migrations } from '../../migrations/index.ts';
import { buildTestApp, createTestDatabase, describeEachDialect, ORIGIN, type TestApp } from '../helpers/app.ts';

const token = 'a-metrics-token-of-some-length';

describeEachDialect('readiness', (t) => {
  it('is ready when the database answers and every migration is applied', async () => {
    const res = await t().inject({ method: 'GET', url: '/api/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ready: true, database: true, pendingMigrations: [] });
  });

  it('is not ready while migrations are missing, and names them', async () => {
    const database = await createTestDatabase(t().dialect);
    const last = Object.keys(migrations).at(-1)!;
    await sql`delete from kysely_migration where name = ${last}`.execute(database.db);
    const app = await buildApp({ config: testConfig(), database, jobs: [] });
    try {
      const res = await app.inject({ method: 'GET', url: '/api/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ ready: false, database: true, pendingMigrations: [last] });
    } finally {
      await app.close();
      await database.close();
    }
  });

  it('is not ready when the database does not answer', async () => {
    const database = await createTestDatabase(t().dialect);
    const app = await buildApp({ config: testConfig(), database, jobs: [] });
    await database.close();
    try {
      const res = await app.inject({ method: 'GET', url: '/api/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ ready: false, database: false });
    } finally {
      await app.close();
    }
  });
});

describeEachDialect('metrics', (t) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp(t().dialect, { METRICS_TOKEN: token, METRICS_ALLOW: '192.0.2.0/24,2001:db8::1' });
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers only with the bearer token or from an allowed address', async () => {
    const cases: { headers?: Record<string, string>; remoteAddress?: string; status: number }[] = [
      { status: 401 },
      { headers: { authorization: 'Bearer wrong-token-of-some-length' }, status: 401 },
      { headers: { authorization: `Bearer ${token}x` }, status: 401 },
      { headers: { authorization: token }, status: 401 },
      { remoteAddress: '198.51.100.7', status: 401 },
      { headers: { authorization: `Bearer ${token}` }, status: 200 },
      { remoteAddress: '192.0.2.77', status: 200 },
      { remoteAddress: '::ffff:192.0.2.77', status: 200 },
      { remoteAddress: '2001:db8::1', status: 200 },
      { remoteAddress: '2001:db8::2', status: 401 },
    ];
    for (const c of cases) {
      const res = await app.app.inject({
        method: 'GET',
        url: '/metrics',
        ...(c.headers ? { headers: c.headers } : {}),
        ...(c.remoteAddress ? { remoteAddress: c.remoteAddress } : {}),
      });
      expect(res.statusCode, JSON.stringify(c)).toBe(c.status);
      if (c.status === 401) expect(res.json().error.code).toBe('not_signed_in');
    }
  });

  it('is closed to everyone when neither a token nor addresses are configured', async () => {
    const res = await t().app.inject({
      method: 'GET',
      url: '/metrics',
      remoteAddress: '127.0.0.1',
      headers: { authorization: 'Bearer ' },
    });
    expect(res.statusCode).toBe(401);
  });

  it('reports request durations by route pattern and status, and ledger transfers by unit and outcome', async () => {
    const [a, b] = [await app.register(), await app.register()];
    await a.inject({ method: 'GET', url: `/api/ledger/transfers/${randomUUID()}` });
    const sent = await a.inject({
      method: 'POST',
      url: '/api/ledger/transfers',
      payload: { id: randomUUID(), toUserId: b.id, unit: 'TIME', amount: 15 },
    });
    expect(sent.statusCode).toBe(201);
    const refused = await a.inject({
      method: 'POST',
      url: '/api/ledger/transfers',
      payload: { id: randomUUID(), toUserId: b.id, unit: 'TIME', amount: 100_000 },
    });
    expect(refused.json().error.code).toBe('over_floor');

    const res = await app.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${token}` } });
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body;
    expect(text).toMatch(
      /waardewerk_http_request_duration_seconds_count\{method="GET",route="\/api\/ledger\/transfers\/:id",status="404"\} 1/,
    );
    expect(text).toMatch(
      /waardewerk_http_request_duration_seconds_count\{method="POST",route="\/api\/auth\/register",status="201"\} 2/,
    );
    expect(text).toMatch(/waardewerk_ledger_transfers_total\{unit="TIME",outcome="posted"\} 1\n/);
    expect(text).toMatch(/waardewerk_ledger_transfers_total\{unit="TIME",outcome="refused"\} 1\n/);
    expect(text).toMatch(/waardewerk_ledger_last_verified_timestamp_seconds 0\n/);
    // Raw URLs never become labels.
    expect(text).not.toMatch(/route="\/api\/ledger\/transfers\/[0-9a-f]{8}-/);

    const verified = await a.inject({ method: 'GET', url: '/api/ledger/verify' });
    expect(verified.json().ok).toBe(true);
    const after = (
      await app.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${token}` } })
    ).body;
    expect(after).toContain(`waardewerk_ledger_last_verified_timestamp_seconds ${app.clock.now().getTime() / 1000}\n`);
  });

  it('keeps a registry per app: another instance counts only its own requests', async () => {
    const res = await t().app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    const own = await app.app.metrics.registry.metrics();
    const other = await t().app.metrics.registry.metrics();
    expect(own).not.toMatch(/route="\/api\/health"/);
    expect(other).toMatch(/route="\/api\/health",status="200"\} 1/);
  });
});

describe('metrics behind a proxy', () => {
  it('judges the address from X-Forwarded-For only when TRUST_PROXY is on', async () => {
    const trusting = await buildTestApp('sqlite', { METRICS_ALLOW: '192.0.2.10', TRUST_PROXY: '1' });
    const direct = await buildTestApp('sqlite', { METRICS_ALLOW: '192.0.2.10' });
    try {
      const viaProxy = {
        method: 'GET' as const,
        url: '/metrics',
        remoteAddress: '127.0.0.1',
        headers: { 'x-forwarded-for': '192.0.2.10', origin: ORIGIN },
      };
      expect((await trusting.app.inject(viaProxy)).statusCode).toBe(200);
      expect((await direct.app.inject(viaProxy)).statusCode).toBe(401);
    } finally {
      await trusting.close();
      await direct.close();
    }
  });
});
