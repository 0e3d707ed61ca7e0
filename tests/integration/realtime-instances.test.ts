/**
 * Across instances (issue 11, item 3): two app instances on one PostgreSQL database, each with its own
 * pool and LISTEN connection (with TEST_DATABASE_URL, the real server — CI runs this file against it;
 * otherwise both share one in-process PGlite). A message posted through instance A reaches a client of
 * instance B, and every connected client gets each notification exactly once.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { ManualClock } from '../../server/clock.ts';
import { testConfig } from '../../server/config.ts';
import { createDb, type DbHandle } from '../../server/db/create-db.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { ORIGIN } from '../helpers/app.ts';
import { connectWs, isType, wsUrl, type WsClient } from '../helpers/ws-client.ts';

interface Instance {
  app: FastifyInstance;
  url: string;
}

describe('realtime across two instances on one PostgreSQL database', () => {
  const handles: DbHandle[] = [];
  const instances: Instance[] = [];
  let dropSchema: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const server = process.env.TEST_DATABASE_URL;
    if (server) {
      const schema = `t_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: server });
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${schema}`);
      await admin.end();
      handles.push(await createDb(server, { pgSchema: schema }), await createDb(server, { pgSchema: schema }));
      dropSchema = async () => {
        const c = new pg.Client({ connectionString: server });
        await c.connect();
        await c.query(`DROP SCHEMA ${schema} CASCADE`);
        await c.end();
      };
    } else {
      const shared = await createDb('pglite:');
      // Both instances use the one in-process server; it is closed once, after both.
      handles.push(shared, { ...shared, close: async () => undefined });
    }
    await migrateToLatest(handles[0]!.db);
    const clock = new ManualClock();
    for (const database of handles) {
      const app = await buildApp({ config: testConfig({ PUBLIC_URL: ORIGIN }), database, clock });
      instances.push({ app, url: wsUrl(await app.listen({ port: 0, host: '127.0.0.1' })) });
    }
  });

  afterAll(async () => {
    for (const i of instances) await i.app.close();
    for (const h of [...handles].reverse()) await h.close();
    await dropSchema?.();
  });

  const register = async (app: FastifyInstance, displayName: string) => {
    const email = `${displayName.toLowerCase()}-${randomBytes(3).toString('hex')}@example.org`;
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/register',
      headers: { origin: ORIGIN },
      payload: { email, password: 'a long enough passphrase', displayName },
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().user.id as string;
    // The verification mail's link, taken as opened (founding an organisation needs a verified address).
    await handles[0]!.db
      .updateTable('users')
      .set({ email_verified_at: new Date().toISOString() })
      .where('id', '=', id)
      .execute();
    const cookie = res.cookies.find((c) => c.name === 'session')!;
    return { id, cookie: `${cookie.name}=${cookie.value}` };
  };
  const call = (app: FastifyInstance, cookie: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: { origin: ORIGIN, cookie },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });

  it('delivers a message posted through instance A to a client of instance B, once per client', async () => {
    const [a, b] = instances as [Instance, Instance];
    expect(a.app.realtime.stats().feed).toBe('listen');
    const owner = await register(a.app, 'Coordinator');
    const volunteer = await register(b.app, 'Volunteer');
    const org = await call(a.app, owner.cookie, 'POST', '/api/organizations', {
      name: 'Buurthuis Twee',
      type: 'initiative',
      description: 'Samen in de buurt.',
      postcode: '3511AB',
      domains: ['greening'],
      volunteerDeclarationDate: '2025-04-01',
    });
    expect(org.statusCode, org.body).toBe(201);
    const need = await call(a.app, owner.cookie, 'POST', '/api/needs', {
      kind: 'hands',
      title: 'Help in de moestuin',
      description: 'Wieden en oogsten op zaterdag.',
      domains: ['greening'],
      organizationId: org.json().organization.id,
      postcode: '3511AB',
      peopleNeeded: 2,
      compensation: { type: 'unpaid' },
    });
    expect(need.statusCode, need.body).toBe(201);
    const applied = await call(b.app, volunteer.cookie, 'POST', '/api/engagements', { needId: need.json().need.id });
    expect(applied.statusCode, applied.body).toBe(201);
    const engagementId = applied.json().engagement.id as string;

    // The coordinator has a tab on each instance; the volunteer listens on B only.
    const onB: WsClient = await connectWs(b.url, { origin: ORIGIN, cookie: owner.cookie });
    const onA: WsClient = await connectWs(a.url, { origin: ORIGIN, cookie: owner.cookie });
    const volunteerOnB = await connectWs(b.url, { origin: ORIGIN, cookie: volunteer.cookie });

    expect(
      (
        await call(a.app, volunteer.cookie, 'POST', `/api/engagements/${engagementId}/messages`, {
          text: 'Via instance A',
        })
      ).statusCode,
    ).toBe(201);
    for (const client of [onB, onA]) {
      expect((await client.next(isType('message'))).message.text).toBe('Via instance A');
    }
    const reply = await call(b.app, owner.cookie, 'POST', `/api/engagements/${engagementId}/messages`, {
      text: 'Antwoord via B',
    });
    expect(reply.statusCode).toBe(201);
    expect((await volunteerOnB.next(isType('message'))).message.text).toBe('Antwoord via B');

    // Both instances have delivered everything they heard: exactly one copy per client.
    await Promise.all(instances.map((i) => i.app.realtime.idle()));
    for (const client of [onA, onB]) {
      expect(client.frames.filter(isType('message')).map((f) => f.message.text)).toEqual(['Via instance A']);
      expect(client.frames.filter(isType('notification')).map((f) => f.notification.kind)).toEqual([
        'message.received',
      ]);
    }
    expect(volunteerOnB.frames.filter(isType('message')).map((f) => f.message.text)).toEqual(['Antwoord via B']);

    // A logout on A closes the session's socket on B.
    const loggedOut = Date.now();
    expect((await call(a.app, owner.cookie, 'POST', '/api/auth/logout')).statusCode).toBe(204);
    for (const client of [onA, onB]) {
      const closed = await client.closed;
      expect(closed.code).toBe(4401);
      expect(closed.at - loggedOut).toBeLessThan(1000);
    }
    volunteerOnB.close();
  });
});
