import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { ManualClock } from '../../server/clock.ts';
import { testConfig } from '../../server/config.ts';
import type { DbHandle } from '../../server/db/create-db.ts';
import { errorBody } from '../../shared/schemas/common.ts';
import { createTestDatabase, describeEachDialect } from '../helpers/app.ts';
import { actorNames, buildWorld, snapshot, snapshotDiff, tableNames, type World } from '../helpers/world.ts';

/**
 * RELIABILITY security 2–5 and 9: the headers every answer carries (API and HTML), the session
 * cookie behind https, no state change on any GET, the body limit, and the per-address rate
 * limit that a made-up X-Forwarded-For cannot get around while TRUST_PROXY is off.
 */

const HTTPS_ORIGIN = 'https://waardewerk.example';

/** An app with a tiny built web app of its own, so HTML answers are tested without a Vite build. */
async function appWith(env: Record<string, string>): Promise<{ app: FastifyInstance; database: DbHandle }> {
  const webRoot = mkdtempSync(join(tmpdir(), 'waardewerk-web-'));
  writeFileSync(
    join(webRoot, 'index.html'),
    '<!doctype html><html lang="nl"><head><title>Waardewerk</title></head><body></body></html>',
  );
  const database = await createTestDatabase('sqlite');
  const app = await buildApp({ config: testConfig(env), database, clock: new ManualClock(), webRoot });
  await app.ready();
  return { app, database };
}

const securityHeaders = (res: LightMyRequestResponse) => ({
  csp: res.headers['content-security-policy'],
  hsts: res.headers['strict-transport-security'],
  nosniff: res.headers['x-content-type-options'],
  referrer: res.headers['referrer-policy'],
  frame: res.headers['x-frame-options'],
});

const CSP_BASE =
  "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data:;font-src 'self';connect-src 'self';object-src 'none';base-uri 'none';frame-ancestors 'none';form-action 'self'";

describe('security headers and cookies', () => {
  const apps: { app: FastifyInstance; database: DbHandle }[] = [];
  let http: FastifyInstance;
  let https: FastifyInstance;
  beforeAll(async () => {
    apps.push(await appWith({ PUBLIC_URL: 'http://localhost:3000' }), await appWith({ PUBLIC_URL: HTTPS_ORIGIN }));
    http = apps[0]!.app;
    https = apps[1]!.app;
  });
  afterAll(async () => {
    for (const a of apps) {
      await a.app.close();
      await a.database.close();
    }
  });

  it('sends the same security headers on API answers, errors and HTML pages', async () => {
    const expected = {
      csp: CSP_BASE,
      hsts: 'max-age=31536000; includeSubDomains',
      nosniff: 'nosniff',
      referrer: 'strict-origin-when-cross-origin',
      frame: 'SAMEORIGIN',
    };
    const answers = {
      api: await http.inject({ method: 'GET', url: '/api/health' }),
      apiError: await http.inject({ method: 'GET', url: '/api/me' }),
      notFound: await http.inject({ method: 'GET', url: '/api/no-such-route' }),
      html: await http.inject({ method: 'GET', url: '/' }),
      spaRoute: await http.inject({ method: 'GET', url: '/needs/some-id' }),
      tooLongParam: await http.inject({ method: 'GET', url: `/api/needs/${'a'.repeat(300)}` }),
    };
    expect(answers.html.headers['content-type']).toMatch(/^text\/html/);
    expect(answers.spaRoute.headers['content-type']).toMatch(/^text\/html/);
    for (const [name, res] of Object.entries(answers))
      expect({ name, ...securityHeaders(res) }).toEqual({ name, ...expected });
    // Behind https the browser is also told to upgrade any http sub-resource.
    const secure = await https.inject({ method: 'GET', url: '/' });
    expect(securityHeaders(secure)).toEqual({ ...expected, csp: `${CSP_BASE};upgrade-insecure-requests` });
  });

  it('names the cookie __Host-session, Secure, HttpOnly, SameSite=Lax, Path=/ when PUBLIC_URL is https', async () => {
    const res = await https.inject({
      method: 'POST',
      url: '/api/auth/register',
      headers: { origin: HTTPS_ORIGIN },
      payload: { email: 'veilig@example.org', password: 'a long enough passphrase', displayName: 'Veilig' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.cookies.map((c) => c.name)).toEqual(['__Host-session']);
    const cookie = res.cookies[0]!;
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
    expect(cookie.domain).toBeUndefined();
    const me = await https.inject({
      method: 'GET',
      url: '/api/me',
      headers: { cookie: `__Host-session=${cookie.value}` },
    });
    expect(me.statusCode).toBe(200);
    // The plain name is not read on https: a cookie planted by a sibling subdomain cannot log anyone in.
    const planted = await https.inject({
      method: 'GET',
      url: '/api/me',
      headers: { cookie: `session=${cookie.value}` },
    });
    expect(planted.statusCode).toBe(401);
    // Over http (development) the cookie is plain `session`, not Secure.
    const local = await http.inject({
      method: 'POST',
      url: '/api/auth/register',
      headers: { origin: 'http://localhost:3000' },
      payload: { email: 'lokaal@example.org', password: 'a long enough passphrase', displayName: 'Lokaal' },
    });
    expect(local.cookies.map((c) => [c.name, Boolean(c.secure)])).toEqual([['session', false]]);
  });

  it('refuses a body over the limit with 413 in the error shape, and nothing is stored', async () => {
    const res = await http.inject({
      method: 'POST',
      url: '/api/auth/register',
      headers: { origin: 'http://localhost:3000', 'content-type': 'application/json' },
      payload: JSON.stringify({
        email: 'groot@example.org',
        password: 'a long enough passphrase',
        displayName: 'x'.repeat(300 * 1024),
      }),
    });
    expect(res.statusCode).toBe(413);
    expect(errorBody.parse(res.json()).error.code).toBe('payload_too_large');
    expect(
      await apps[0]!.database.db.selectFrom('users').select('id').where('email', '=', 'groot@example.org').execute(),
    ).toEqual([]);
  });

  it('does not let a made-up X-Forwarded-For get around the per-address limit while TRUST_PROXY is off', async () => {
    const limit = http.ctx.config.rateLimits.authPerIpPerMinute;
    expect(http.ctx.config.trustProxy).toBe(false);
    const codes: number[] = [];
    for (let i = 0; i < limit + 3; i++) {
      const res = await http.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: '192.0.2.10',
        headers: {
          origin: 'http://localhost:3000',
          'x-forwarded-for': `203.0.113.${i + 1}`,
          'x-real-ip': `198.51.100.${i + 1}`,
        },
        // An empty password is refused by validation, after the per-address limit has counted it:
        // this tests that limit alone, not the failed-password counters (abuse-signin.test.ts).
        payload: { email: `spoof${i}@example.org`, password: '' },
      });
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, limit).every((c) => c === 400)).toBe(true);
    expect(codes.slice(limit)).toEqual([429, 429, 429]);
    // Another real address is not held up by the first one's attempts.
    const other = await http.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '192.0.2.11',
      headers: { origin: 'http://localhost:3000' },
      payload: { email: 'someone@example.org', password: 'not the password' },
    });
    expect(other.statusCode).toBe(401);
  });
});

/** A value for each path parameter of the documented GET routes, owned by someone in the world. */
async function parameterValues(w: World): Promise<Record<string, () => Promise<string>>> {
  const engagement = await w.freshEngagement('hours_logged');
  const transfer = (await w.freshTransfer()).id;
  const round = await w.freshRound();
  const need = await w.freshNeed();
  const offer = await w.freshPersonOffer();
  const helpRequest = (
    await w.send('personA', {
      method: 'POST',
      url: '/api/help-requests',
      payload: { title: 'Kast dragen', category: 'practical', postcode: '3511', minutesEstimate: 30 },
    })
  ).json<{ request: { id: string } }>().request.id;
  const helpEngagement = (
    await w.send('personB', { method: 'POST', url: `/api/help-requests/${helpRequest}/offers`, payload: {} })
  ).json<{ engagement: { id: string } }>().engagement.id;
  const serviceOffer = (
    await w.send('coordA', {
      method: 'POST',
      url: '/api/service-offers',
      payload: {
        organizationId: w.orgA,
        title: 'Groenonderhoud',
        domain: 'greening',
        priceUnit: 'hour',
        priceCents: 3500,
        postcode: '3511AB',
      },
    })
  ).json<{ offer: { id: string } }>().offer.id;
  const sale = (
    await w.send('personA', { method: 'POST', url: `/api/service-offers/${serviceOffer}/orders`, payload: {} })
  ).json<{ sale: { id: string } }>().sale.id;
  const item = (
    await w.send('coordA', {
      method: 'POST',
      url: '/api/lendable-items',
      payload: { organizationId: w.orgA, title: 'Ladder', valuePerDayCents: 200, loanDays: 3, postcode: '3511AB' },
    })
  ).json<{ item: { id: string } }>().item.id;
  const loan = (
    await w.send('personA', { method: 'POST', url: `/api/lendable-items/${item}/loans`, payload: {} })
  ).json<{ loan: { id: string } }>().loan.id;
  const obligation = (
    await w.send('business', {
      method: 'POST',
      url: `/api/organizations/${w.biz}/social-return/obligations`,
      payload: {
        buyerName: 'Gemeente Utrecht',
        contractReference: 'UTR-1',
        targetCents: 1000,
        periodFrom: '2026-01-01',
        periodTo: '2026-12-31',
      },
    })
  ).json<{ obligation: { id: string } }>().obligation.id;
  const statement = (
    await w.send('business', { method: 'POST', url: `/api/social-return/obligations/${obligation}/statements` })
  ).json<{ statement: { code: string } }>().statement.code;
  const asked = await w.send('personA', {
    method: 'POST',
    url: '/api/questions',
    payload: { needId: await w.freshNeed(), text: 'Is er koffie?' },
  });
  const question = (asked.json() as { thread: { id: string } }).thread.id;
  await w.send('personA', { method: 'PATCH', url: '/api/me', payload: { findable: true } });
  const creditRequest = (
    await w.send('personB', {
      method: 'POST',
      url: '/api/credit-requests',
      payload: { toUserId: w.people.personA.id, amount: 5 },
    })
  ).json().request.id as string;
  return {
    '/credit-requests/{id}': async () => creditRequest,
    '/questions/{id}': async () => question,
    '/social-return/obligations/{id}': async () => obligation,
    '/social-return/statements/{code}': async () => statement,
    '/lendable-items/{id}': async () => item,
    '/loans/{id}': async () => loan,
    '/service-offers/{id}': async () => serviceOffer,
    '/sales/{id}': async () => sale,
    '/help-requests/{id}': async () => helpRequest,
    '/help-engagements/{id}': async () => helpEngagement,
    '/needs/{id}': async () => need,
    '/offers/{id}': async () => offer,
    '/organizations/{id}': async () => w.orgA,
    '/admin/organizations/{id}': async () => w.orgA,
    '/engagements/{id}': async () => engagement,
    '/ledger/transfers/{id}': async () => transfer,
    '/match-rounds/{id}': async () => round,
    '/postcodes/{postcode}': async () => '3511',
    '/users/{id}': async () => w.people.personA.id,
    '/me/badges/{badgeId}': async () => 'first_contribution',
    '/me/references/{engagementId}': async () => engagement,
    '/certificates/{code}': async () => 'WW-AAAAA-BBBBB-CCCCC',
    '/ledger/entries/{id}': async () => transfer,
  };
}

const issuingGets = ['/me/certificate.pdf'];

describeEachDialect('no state change on GET', (t) => {
  let w: World;
  beforeAll(async () => {
    w = await buildWorld(t());
  });

  it('leaves every table as it was after every documented GET route, asked by every kind of actor', async () => {
    const spec = t().app.swagger() as { paths?: Record<string, Record<string, unknown>> };
    const getPaths = Object.entries(spec.paths ?? {})
      .filter(([, methods]) => 'get' in methods)
      .map(([path]) => path.replace(/^\/api/, ''))
      // By the contract (docs/API.md) this GET issues a certificate: a new signed row is its purpose.
      .filter((path) => !issuingGets.includes(path));
    expect(getPaths.length).toBeGreaterThan(20);
    const values = await parameterValues(w);
    const tables = await tableNames(t());
    const before = await snapshot(t(), tables);
    const statuses: string[] = [];
    for (const path of getPaths) {
      let url = path;
      const prefix = Object.keys(values).find((p) => path.startsWith(p.replace(/\{.*$/, '')) && path.includes('{'));
      if (path.includes('{')) {
        const value = prefix ? await values[prefix]!() : undefined;
        expect(value, `no test value for the parameter of ${path}: add one to parameterValues`).toBeDefined();
        url = path.replace(/\{[^}]+\}/, value!);
      }
      for (const actor of actorNames) {
        const res = await w.send(actor, { method: 'GET', url: `/api${url}` });
        expect(res.statusCode, `${actor} GET ${url}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
        statuses.push(`${res.statusCode}`);
      }
    }
    expect(snapshotDiff(before, await snapshot(t(), tables))).toEqual([]);
    // The sweep reached the handlers: most answers are successes, not refusals.
    expect(statuses.filter((s) => s === '200').length).toBeGreaterThan(statuses.length / 3);
  });
});
