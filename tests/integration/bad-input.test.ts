import { randomUUID } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { errorBody } from '../../shared/schemas/common.ts';
import { describeEachDialect, type TestApp } from '../helpers/app.ts';
import { expectStatus, initiativeBody, needBody, personOfferBody } from '../helpers/factories.ts';
import { buildWorld, rowCounts, tableNames, type ActorName, type World } from '../helpers/world.ts';

/**
 * RELIABILITY 16: invalid input never changes state or crashes. For every endpoint with a body or
 * a query, fast-check makes hostile input — wrong types, huge, negative, fractional and infinite
 * numbers, unicode with RTL marks and emoji, unknown and prototype-pollution keys, deep nesting,
 * 1 MiB strings, arrays for objects, broken JSON — sent by a signed-in person with the right role,
 * so it is the input that is tested, not the authorisation. Every answer is below 500, every
 * refusal has the error shape with a stable code, and a refusal changes no row count.
 *
 * Size: 150 per endpoint on SQLite and 50 on PostgreSQL, where each request costs several times
 * more (BAD_INPUT_RUNS to change, LONG=1 for 2,000 on both); BAD_INPUT_SEED replays a run. The
 * NUL sweep covers every text field on both databases whatever the size.
 */

const LONG = process.env.LONG === '1';
const RUNS = LONG ? 2000 : Number(process.env.BAD_INPUT_RUNS ?? 150);
const runsOn = (dialect: string) => (dialect === 'postgres' && !LONG ? Math.ceil(RUNS / 3) : RUNS);
const SEED = Number(process.env.BAD_INPUT_SEED ?? Date.now() % 2 ** 31);
const MIB = 'x'.repeat(1024 * 1024);

// ——— hostile values ———

/** A number JSON can carry that JSON.stringify cannot write: sent as raw text. */
class RawJson {
  constructor(readonly text: string) {}
}
type Value = null | boolean | number | string | RawJson | readonly Value[] | { readonly [key: string]: Value };

const nastyStrings = [
  '',
  ' ',
  '\u202Eevil\u202C',
  '\u200F\u0645\u0631\u062D\u0628\u0627',
  '👩‍👩‍👧‍👦🇳🇱',
  '\u0000',
  '\uD800',
  "'; DROP TABLE users; --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  'NaN',
  'Infinity',
  '-1',
  '1e309',
  '0.5',
  '9007199254740993',
  'true',
  'null',
  '__proto__',
  'org:',
  'me',
  '2026-02-30',
  '2026-01-01T25:00:00Z',
  '0000',
  '1234 AB',
];
const stringArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...nastyStrings) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 200, maxLength: 5000 }) },
);
const numberArb: fc.Arbitrary<Value> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(-1, 0, -0, 0.5, 1e308, -1e308, 2 ** 53 + 1, Number.MAX_SAFE_INTEGER, 1e21, 4.2e-320),
  fc.constantFrom(new RawJson('1e999'), new RawJson('-1e999'), new RawJson('1E400'), new RawJson('-0.0e-0')),
);
const leafArb: fc.Arbitrary<Value> = fc.oneof(fc.constant(null), fc.boolean(), numberArb, stringArb);
const pollutionKeys = [
  '__proto__',
  'constructor',
  'prototype',
  'role',
  'isAdmin',
  'vogVerified',
  'ownerUserId',
  'balance',
  'id',
  'organizationId',
  'toString',
];
const keyArb = fc.oneof(fc.constantFrom(...pollutionKeys), fc.string({ maxLength: 12 }));
const { tree: treeArb } = fc.letrec<{ tree: Value }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafArb,
    fc.array(tie('tree'), { maxLength: 4 }),
    fc.array(fc.tuple(keyArb, tie('tree')), { maxLength: 4 }).map((entries): Value => Object.fromEntries(entries)),
  ),
}));

/** What to do to a valid body: each sample is a plan applied to a fresh valid body at send time. */
type BodyPlan =
  | { kind: 'whole'; value: Value }
  | { kind: 'replace'; pick: number; value: Value }
  | { kind: 'drop'; pick: number }
  | { kind: 'extra'; key: string; value: Value }
  | { kind: 'wrap' }
  | { kind: 'deep'; depth: number; asArray: boolean }
  | { kind: 'huge'; pick: number }
  | { kind: 'raw'; text: string; contentType: string };

const rawBodies = [
  '',
  '{',
  'null',
  '[]',
  '"x"',
  '1e999',
  'NaN',
  '{"a":1e999',
  '\u0000',
  '{"__proto__":{"isAdmin":true}}',
  '{"constructor":{"prototype":{"isAdmin":true}}}',
  '{"a":1,"a":2}',
];
const bodyPlanArb: fc.Arbitrary<BodyPlan> = fc.oneof(
  { weight: 2, arbitrary: treeArb.map((value): BodyPlan => ({ kind: 'whole', value })) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value: treeArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('extra' as const), key: keyArb, value: treeArb }) },
  { weight: 1, arbitrary: fc.constant<BodyPlan>({ kind: 'wrap' }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('deep' as const),
      depth: fc.integer({ min: 50, max: 5000 }),
      asArray: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('huge' as const), pick: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('raw' as const),
      text: fc.constantFrom(...rawBodies),
      contentType: fc.constantFrom(
        'application/json',
        'application/json; charset=utf-8',
        'text/plain',
        'application/x-www-form-urlencoded',
      ),
    }),
  },
);

type QueryPlan =
  | { kind: 'replace'; pick: number; value: string | string[] }
  | { kind: 'drop'; pick: number }
  | { kind: 'extra'; key: string; value: string | string[] }
  | { kind: 'huge'; pick: number }
  | { kind: 'raw'; text: string };
const queryValueArb = fc.oneof(
  { weight: 4, arbitrary: stringArb },
  { weight: 1, arbitrary: fc.array(stringArb, { maxLength: 25 }) },
);
const queryPlanArb: fc.Arbitrary<QueryPlan> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value: queryValueArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop' as const), pick: fc.nat() }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('extra' as const),
      key: fc.oneof(
        fc.constantFrom('cursor', 'limit', 'owner', '__proto__', 'constructor', 'status', 'near', 'sort', 'format'),
        keyArb,
      ),
      value: queryValueArb,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('huge' as const), pick: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('raw' as const),
      text: fc.constantFrom(
        '%',
        '%E0%A4%A',
        'a[b]=c',
        '__proto__[isAdmin]=1',
        'constructor[prototype][x]=1',
        '&&&==',
        'limit=1&limit=2',
        `cursor=${'%FF'.repeat(300)}`,
      ),
    }),
  },
);

type JsonObject = { readonly [key: string]: Value };
const isObject = (v: Value | undefined): v is JsonObject =>
  v !== null && typeof v === 'object' && !(v instanceof RawJson) && !Array.isArray(v);

function serialize(v: Value): string {
  if (v instanceof RawJson) return v.text;
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : 'null';
  if (isObject(v))
    return `{${Object.keys(v)
      .map((k) => `${JSON.stringify(k)}:${serialize(v[k] ?? null)}`)
      .join(',')}}`;
  if (v !== null && typeof v === 'object') return `[${v.map(serialize).join(',')}]`;
  return JSON.stringify(v);
}

/** Every path into a body (nested objects too), so a plan can change a field at any depth. */
function paths(v: Value, prefix: string[] = []): string[][] {
  if (!isObject(v)) return prefix.length ? [prefix] : [];
  const own = Object.keys(v).flatMap((k) => paths(v[k] ?? null, [...prefix, k]));
  return prefix.length ? [prefix, ...own] : own;
}

function setPath(v: Value, path: string[], value: Value | undefined): Value {
  if (path.length === 0 || !isObject(v)) return value ?? null;
  const [head, ...rest] = path as [string, ...string[]];
  const entries = Object.entries(v).filter(([k]) => k !== head || value !== undefined || rest.length > 0);
  if (value === undefined && rest.length === 0) return Object.fromEntries(entries);
  return Object.fromEntries([...entries.filter(([k]) => k !== head), [head, setPath(v[head] ?? {}, rest, value)]]);
}

function applyBodyPlan(base: Record<string, Value>, plan: BodyPlan): { payload: string; contentType: string } {
  const json = (v: Value) => ({ payload: serialize(v), contentType: 'application/json' });
  const all = paths(base);
  const at = (pick: number) => all[pick % Math.max(all.length, 1)] ?? ['x'];
  switch (plan.kind) {
    case 'whole':
      return json(plan.value);
    case 'replace':
      return json(setPath(base, at(plan.pick), plan.value));
    case 'drop':
      return json(setPath(base, at(plan.pick), undefined));
    case 'extra':
      return json(Object.fromEntries([...Object.entries(base), [plan.key, plan.value]]));
    case 'wrap':
      return json([base]);
    case 'deep': {
      const open = plan.asArray ? '['.repeat(plan.depth) : '{"a":'.repeat(plan.depth);
      const close = plan.asArray ? ']'.repeat(plan.depth) : '}'.repeat(plan.depth);
      return { payload: `{"${at(0)[0]}":${open}1${close}}`, contentType: 'application/json' };
    }
    case 'huge':
      return json(setPath(base, at(plan.pick), MIB));
    case 'raw':
      return { payload: plan.text, contentType: plan.contentType };
  }
}

function applyQueryPlan(base: Record<string, string>, plan: QueryPlan): string {
  const entries: [string, string | string[]][] = Object.entries(base);
  const i = (pick: number) => pick % Math.max(entries.length, 1);
  if (plan.kind === 'raw') return `${new URLSearchParams(base).toString()}&${plan.text}`;
  if (plan.kind === 'replace' && entries.length) entries[i(plan.pick)] = [entries[i(plan.pick)]![0], plan.value];
  if (plan.kind === 'drop' && entries.length) entries.splice(i(plan.pick), 1);
  if (plan.kind === 'extra') entries.push([plan.key, plan.value]);
  if (plan.kind === 'huge' && entries.length) entries[i(plan.pick)] = [entries[i(plan.pick)]![0], MIB];
  const params = new URLSearchParams();
  for (const [k, v] of entries) for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
  return params.toString();
}

/** encodeURIComponent, with lone surrogates (which it cannot encode) replaced. */
function encodePart(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return encodeURIComponent(value.replace(/[\uD800-\uDFFF]/g, '\uFFFD'));
  }
}

/** Every string field of a valid body, one at a time, with a NUL inside. */
function nulBodies(base: Record<string, Value>): { path: string; payload: string }[] {
  return paths(base)
    .filter((p) => {
      let v: Value | undefined = base;
      for (const k of p) v = isObject(v) ? v[k] : undefined;
      return typeof v === 'string' || (Array.isArray(v) && typeof v[0] === 'string');
    })
    .map((p) => ({ path: p.join('.'), payload: serialize(setPath(base, p, 'vóór\u0000na')) }));
}

// ——— endpoints ———

interface Target {
  url: string;
  /** A valid body or query for this target; called per request (fresh ids). */
  valid: () => Record<string, Value>;
}

interface Endpoint {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  route: string;
  /** Signed in with the role the route needs; `anonymous` for sign-in and registration. */
  actor: ActorName | 'fresh';
  target: (w: World) => Promise<Target>;
  /** Auth routes limit attempts per address: each request comes from its own. */
  ownAddress?: boolean;
}

const stringQuery = (q: Record<string, string>) => () => q;

/** personA's engagement at organisation A, confirmed by coordA (optionally with coordA's reference). */
async function completedEngagement(w: World, withReference = false): Promise<string> {
  const id = await w.freshEngagement('hours_logged');
  await w.send('coordA', { method: 'POST', url: `/api/engagements/${id}/confirm`, payload: {} });
  if (withReference)
    await w.send('coordA', {
      method: 'POST',
      url: `/api/engagements/${id}/reference`,
      payload: { text: 'Betrouwbaar', skills: [] },
    });
  return id;
}

/** personB offers help with a fresh personal request of personA; accepted by personA when asked. */
async function helpEngagement(w: World, accepted: boolean): Promise<string> {
  const made = await w.send('personA', {
    method: 'POST',
    url: '/api/help-requests',
    payload: { title: 'Kast dragen', category: 'practical', postcode: '3511AB', minutesEstimate: 15 },
  });
  const offered = await w.send('personB', {
    method: 'POST',
    url: `/api/help-requests/${made.json<{ request: { id: string } }>().request.id}/offers`,
    payload: {},
  });
  const id = offered.json<{ engagement: { id: string } }>().engagement.id;
  if (accepted) await w.send('personA', { method: 'POST', url: `/api/help-engagements/${id}/accept`, payload: {} });
  return id;
}

/** A fresh service offer of organisation A (coordA) and, when asked, personA's order at a stage. */
async function serviceOffer(w: World): Promise<string> {
  const res = await w.send('coordA', {
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
  });
  return res.json<{ offer: { id: string } }>().offer.id;
}
async function saleAt(w: World, stage: 'requested' | 'accepted'): Promise<string> {
  const res = await w.send('personA', {
    method: 'POST',
    url: `/api/service-offers/${await serviceOffer(w)}/orders`,
    payload: { quantity: 1 },
  });
  const id = res.json<{ sale: { id: string } }>().sale.id;
  if (stage === 'accepted') await w.send('coordA', { method: 'POST', url: `/api/sales/${id}/accept`, payload: {} });
  return id;
}

/** personA asks to borrow a fresh item of organisation A's library; handed over by coordA when asked. */
async function loanAt(w: World, handedOver: boolean): Promise<string> {
  const item = await w.send('coordA', {
    method: 'POST',
    url: '/api/lendable-items',
    payload: { organizationId: w.orgA, title: 'Boormachine', valuePerDayCents: 450, loanDays: 7, postcode: '3511AB' },
  });
  const res = await w.send('personA', {
    method: 'POST',
    url: `/api/lendable-items/${item.json<{ item: { id: string } }>().item.id}/loans`,
    payload: {},
  });
  const id = res.json<{ loan: { id: string } }>().loan.id;
  if (handedOver)
    await w.send('coordA', { method: 'POST', url: `/api/loans/${id}/hand-over`, payload: { condition: 'Als nieuw' } });
  return id;
}

const endpoints: Endpoint[] = [
  // trust: verification, audit log, reports and moderation
  {
    method: 'POST',
    route: '/api/admin/organizations/:id/verification',
    actor: 'admin',
    target: async (w) => ({
      url: `/api/admin/organizations/${await w.freshOrgA()}/verification`,
      valid: () => ({ method: 'kvk', reference: '12345678', note: 'KvK extract checked' }),
    }),
  },
  {
    method: 'POST',
    route: '/api/admin/organizations/:id/verification/withdraw',
    actor: 'admin',
    target: async (w) => {
      const id = await w.freshOrgA();
      await w.send('admin', {
        method: 'POST',
        url: `/api/admin/organizations/${id}/verification`,
        payload: { method: 'kvk', reference: '12345678', note: 'KvK extract checked' },
      });
      return {
        url: `/api/admin/organizations/${id}/verification/withdraw`,
        valid: () => ({ reason: 'No longer active here' }),
      };
    },
  },
  {
    method: 'GET',
    route: '/api/admin/organizations',
    actor: 'admin',
    target: async () => ({
      url: '/api/admin/organizations',
      valid: stringQuery({ verified: 'false', orphaned: 'false', limit: '5' }),
    }),
  },
  {
    method: 'GET',
    route: '/api/audit',
    actor: 'admin',
    target: async (w) => ({ url: '/api/audit', valid: stringQuery({ organizationId: w.orgA, limit: '5' }) }),
  },
  {
    method: 'POST',
    route: '/api/reports',
    actor: 'personB',
    target: async (w) => {
      const targetId = await w.freshNeed();
      return {
        url: '/api/reports',
        valid: () => ({ targetType: 'listing', targetId, reason: 'Dit is reclame voor iets anders' }),
      };
    },
  },
  {
    method: 'GET',
    route: '/api/reports/mine',
    actor: 'personB',
    target: async () => ({ url: '/api/reports/mine', valid: stringQuery({ as: 'author', limit: '5' }) }),
  },
  {
    method: 'GET',
    route: '/api/admin/reports',
    actor: 'admin',
    target: async () => ({ url: '/api/admin/reports', valid: stringQuery({ status: 'open', limit: '5' }) }),
  },
  {
    method: 'POST',
    route: '/api/admin/reports/:id/hide',
    actor: 'admin',
    target: async (w) => {
      const res = await w.send('personA', {
        method: 'POST',
        url: '/api/reports',
        payload: { targetType: 'listing', targetId: await w.freshNeed(), reason: 'Dit is reclame voor iets anders' },
      });
      return {
        url: `/api/admin/reports/${res.json<{ report: { id: string } }>().report.id}/hide`,
        valid: () => ({ reason: 'Advertising, not a need' }),
      };
    },
  },

  // accounts
  {
    method: 'POST',
    route: '/api/auth/register',
    actor: 'anonymous',
    ownAddress: true,
    target: async () => ({
      url: '/api/auth/register',
      valid: () => ({
        email: `r-${randomUUID()}@example.org`,
        password: 'a long enough passphrase',
        displayName: 'Nieuw',
        locale: 'nl',
      }),
    }),
  },
  {
    method: 'POST',
    route: '/api/auth/login',
    actor: 'anonymous',
    ownAddress: true,
    target: async () => ({
      url: '/api/auth/login',
      valid: () => ({ email: `l-${randomUUID()}@example.org`, password: 'not the password' }),
    }),
  },
  {
    method: 'PATCH',
    route: '/api/me',
    actor: 'personB',
    target: async () => ({
      url: '/api/me',
      valid: () => ({
        displayName: 'Bert',
        locale: 'ar',
        postcode: '3511 AB',
        languages: ['nl', 'ar'],
        skills: ['koken'],
        mayDoPaidWork: 'yes',
        findable: true,
      }),
    }),
  },
  {
    method: 'POST',
    route: '/api/me/password',
    actor: 'fresh',
    ownAddress: true,
    target: async () => ({
      url: '/api/me/password',
      valid: () => ({ currentPassword: 'not the current one', newPassword: 'another long passphrase' }),
    }),
  },
  {
    method: 'POST',
    route: '/api/me/sessions/end-others',
    actor: 'fresh',
    ownAddress: true,
    target: async () => ({
      url: '/api/me/sessions/end-others',
      valid: () => ({ currentPassword: 'not the current one' }),
    }),
  },
  {
    method: 'DELETE',
    route: '/api/me',
    actor: 'fresh',
    ownAddress: true,
    target: async () => ({ url: '/api/me', valid: () => ({ currentPassword: 'not the current one' }) }),
  },
  {
    method: 'POST',
    route: '/api/auth/password-reset',
    actor: 'anonymous',
    ownAddress: true,
    target: async () => ({
      url: '/api/auth/password-reset',
      valid: () => ({ email: `p-${randomUUID()}@example.org` }),
    }),
  },
  {
    method: 'POST',
    route: '/api/auth/password-reset/confirm',
    actor: 'anonymous',
    ownAddress: true,
    target: async () => ({
      url: '/api/auth/password-reset/confirm',
      valid: () => ({ token: 'abcdefghijklmnopqrstuvwxyz234567', password: 'een gloednieuwe zin' }),
    }),
  },
  {
    method: 'POST',
    route: '/api/auth/verify-email/confirm',
    actor: 'anonymous',
    ownAddress: true,
    target: async () => ({
      url: '/api/auth/verify-email/confirm',
      valid: () => ({ token: 'abcdefghijklmnopqrstuvwxyz234567' }),
    }),
  },
  // mail
  {
    method: 'PATCH',
    route: '/api/me/mail-preferences',
    actor: 'personB',
    target: async () => ({
      url: '/api/me/mail-preferences',
      valid: () => ({ new_match: 'off', engagement_message: 'immediate' }),
    }),
  },
  {
    method: 'POST',
    route: '/api/mail/unsubscribe',
    actor: 'anonymous',
    ownAddress: true,
    target: async () => ({ url: '/api/mail/unsubscribe', valid: () => ({ token: 'eyJhbGciOiJFZERTQSJ9.e30.c2ln' }) }),
  },
  // organisations
  {
    method: 'POST',
    route: '/api/organizations',
    actor: 'personB',
    target: async () => ({
      url: '/api/organizations',
      valid: () => ({
        ...initiativeBody,
        domains: [...initiativeBody.domains],
        name: 'Repair Café',
        kvkNumber: '12345678',
        volunteers: 4,
        incomeMix: { subsidiesPct: 50, donationsPct: 50, ownIncomePct: 0 },
      }),
    }),
  },
  {
    method: 'PATCH',
    route: '/api/organizations/:id',
    actor: 'coordA',
    target: async (w) => ({
      url: `/api/organizations/${w.orgA}`,
      valid: () => ({
        description: 'Nieuw',
        volunteers: 5,
        domains: ['greening'],
        incomeMix: { subsidiesPct: 20, donationsPct: 30, ownIncomePct: 50 },
      }),
    }),
  },
  ...(['vog', 'uwv'] as const).map((kind) => ({
    method: 'POST' as const,
    route: `/api/organizations/:id/${kind}-records`,
    actor: 'coordA' as const,
    target: async (w: World) => {
      const id = await w.freshOrgA();
      await w.send('admin', {
        method: 'POST',
        url: `/api/admin/organizations/${id}/verification`,
        payload: { method: 'kvk', reference: '12345678', note: 'KvK extract checked' },
      });
      return {
        url: `/api/organizations/${id}/${kind}-records`,
        valid: () => ({ userId: w.people.memberA.id, checkedOn: '2026-02-01' }),
      };
    },
  })),
  {
    method: 'POST',
    route: '/api/organizations/:id/members',
    actor: 'coordA',
    target: async (w) => ({
      url: `/api/organizations/${w.orgA}/members`,
      valid: () => ({ email: w.outsider.email, role: 'member' }),
    }),
  },
  {
    method: 'PATCH',
    route: '/api/organizations/:id/members/:userId',
    actor: 'coordA',
    target: async (w) => ({
      url: `/api/organizations/${await w.freshOrgA()}/members/${w.people.memberA.id}`,
      valid: () => ({ role: 'coordinator', reason: 'Helpt al jaren mee' }),
    }),
  },
  // listings
  {
    method: 'POST',
    route: '/api/needs',
    actor: 'coordA',
    target: async (w) => ({
      url: '/api/needs',
      valid: () => ({
        ...structuredClone(needBody),
        organizationId: w.orgA,
        startsAt: '2026-03-01T09:00:00Z',
        endsAt: '2026-03-01T12:00:00Z',
        requirements: { vog: false, minAge: 16 },
      }),
    }),
  },
  {
    method: 'PATCH',
    route: '/api/needs/:id',
    actor: 'coordA',
    target: async (w) => ({
      url: `/api/needs/${await w.freshNeed()}`,
      valid: () => ({
        title: 'Nieuwe titel',
        peopleNeeded: 2,
        compensation: { type: 'allowance', allowanceCents: 300 },
        skills: ['tuinieren'],
      }),
    }),
  },
  {
    method: 'POST',
    route: '/api/offers',
    actor: 'personB',
    target: async () => ({
      url: '/api/offers',
      valid: () => ({
        ...structuredClone(personOfferBody),
        radiusKm: 10,
        availability: { type: 'weekly', slots: [{ day: 'sat', from: '09:00', to: '12:00' }] },
      }),
    }),
  },
  {
    method: 'PUT',
    route: '/api/needs/:id/translations/:language',
    actor: 'coordA',
    target: async (w) => ({
      url: `/api/needs/${await w.freshNeed()}/translations/ar`,
      valid: () => ({ title: 'مساعدة في الحديقة', description: 'نص', originalLanguage: 'nl' }),
    }),
  },
  {
    method: 'POST',
    route: '/api/helpers/consents',
    actor: 'coordA',
    target: async (w) => {
      const res = await w.send('personA', { method: 'POST', url: '/api/me/helper-code' });
      const code = res.json<{ code: string }>().code;
      return { url: '/api/helpers/consents', valid: () => ({ code }) };
    },
  },
  {
    method: 'POST',
    route: '/api/helpers/requests',
    actor: 'coordA',
    target: async (w) => ({ url: '/api/helpers/requests', valid: () => ({ email: w.people.personB.email }) }),
  },
  {
    method: 'PATCH',
    route: '/api/offers/:id',
    actor: 'personA',
    target: async (w) => ({
      url: `/api/offers/${await w.freshPersonOffer()}`,
      valid: () => ({
        title: 'Nieuwe titel',
        capacityHoursPerMonth: 10,
        availability: { type: 'dates', dates: ['2026-03-01'] },
      }),
    }),
  },
  // engagements
  {
    method: 'POST',
    route: '/api/engagements',
    actor: 'personB',
    target: async (w) => {
      const needId = await w.freshNeed();
      return { url: '/api/engagements', valid: () => ({ needId, message: 'Ik help graag' }) };
    },
  },
  {
    method: 'POST',
    route: '/api/questions',
    actor: 'personB',
    target: async (w) => {
      const needId = await w.freshNeed();
      return { url: '/api/questions', valid: () => ({ needId, text: 'Mag mijn hond mee?' }) };
    },
  },
  {
    method: 'POST',
    route: '/api/questions/:id/messages',
    actor: 'personB',
    target: async (w) => {
      const asked = await w.send('personB', {
        method: 'POST',
        url: '/api/questions',
        payload: { needId: await w.freshNeed(), text: 'Hoe laat?' },
      });
      const id = (asked.json() as { thread: { id: string } }).thread.id;
      return { url: `/api/questions/${id}/messages`, valid: () => ({ text: 'Dank je wel' }) };
    },
  },
  {
    method: 'GET',
    route: '/api/questions',
    actor: 'personB',
    target: async () => ({ url: '/api/questions', valid: stringQuery({ limit: '5' }) }),
  },
  {
    method: 'POST',
    route: '/api/engagements (inviting a findable person)',
    actor: 'coordA',
    target: async (w) => {
      await w.outsider.inject({ method: 'PATCH', url: '/api/me', payload: { findable: true } });
      const needId = await w.freshNeed();
      return { url: '/api/engagements', valid: () => ({ needId, personId: w.outsider.id, message: 'Doe je mee?' }) };
    },
  },
  {
    method: 'POST',
    route: '/api/engagements/:id/accept',
    actor: 'coordA',
    target: async (w) => ({
      url: `/api/engagements/${await w.freshEngagement('proposed')}/accept`,
      valid: () => ({ message: 'Welkom' }),
    }),
  },
  {
    method: 'POST',
    route: '/api/engagements/:id/decline',
    actor: 'coordA',
    target: async (w) => ({
      url: `/api/engagements/${await w.freshEngagement('proposed')}/decline`,
      valid: () => ({ message: 'Helaas' }),
    }),
  },
  {
    method: 'POST',
    route: '/api/engagements/:id/cancel',
    actor: 'personA',
    target: async (w) => ({
      url: `/api/engagements/${await w.freshEngagement('proposed')}/cancel`,
      valid: () => ({ message: 'Toch niet' }),
    }),
  },
  {
    method: 'POST',
    route: '/api/engagements/:id/hours',
    actor: 'personA',
    target: async (w) => ({
      url: `/api/engagements/${await w.freshEngagement('accepted')}/hours`,
      valid: () => ({ minutes: 60, date: '2026-02-27', note: 'Gewied' }),
    }),
  },
  {
    method: 'POST',
    route: '/api/engagements/:id/deliver',
    actor: 'personA',
    target: async (w) => ({
      url: `/api/engagements/${await w.freshMaterialsEngagement()}/deliver`,
      valid: () => ({ quantity: 2, note: 'Gebracht' }),
    }),
  },
  {
    method: 'POST',
    route: '/api/engagements/:id/dispute',
    actor: 'coordA',
    target: async (w) => ({
      url: `/api/engagements/${await w.freshEngagement('hours_logged')}/dispute`,
      valid: () => ({ reason: 'Dit klopt niet' }),
    }),
  },
  {
    method: 'POST',
    route: '/api/engagements/:id/confirm',
    actor: 'coordA',
    target: async (w) => ({
      url: `/api/engagements/${await w.freshEngagement('hours_logged')}/confirm`,
      valid: () => ({ minutes: 30, recordAsTaxable: false }),
    }),
  },
  {
    method: 'POST',
    route: '/api/engagements/:id/messages',
    actor: 'personA',
    target: async (w) => ({
      url: `/api/engagements/${await w.freshEngagement('proposed')}/messages`,
      valid: () => ({ text: 'Hallo' }),
    }),
  },
  // ledger
  {
    method: 'POST',
    route: '/api/credit-requests',
    actor: 'personA',
    target: async (w) => {
      await w.send('personB', { method: 'PATCH', url: '/api/me', payload: { findable: true } });
      return {
        url: '/api/credit-requests',
        valid: () => ({ toUserId: w.people.personB.id, amount: 30, memo: 'Voor de ladder' }),
      };
    },
  },
  {
    method: 'GET',
    route: '/api/credit-requests',
    actor: 'personA',
    target: async () => ({ url: '/api/credit-requests', valid: stringQuery({ limit: '5' }) }),
  },
  {
    method: 'GET',
    route: '/api/people',
    actor: 'personA',
    target: async () => ({ url: '/api/people', valid: stringQuery({ q: 'Person', limit: '5' }) }),
  },
  {
    method: 'POST',
    route: '/api/ledger/transfers',
    actor: 'personA',
    target: async (w) => ({
      url: '/api/ledger/transfers',
      valid: () => ({ id: randomUUID(), toUserId: w.people.personB.id, unit: 'TIME', amount: 1, memo: 'Dank' }),
    }),
  },
  {
    method: 'PUT',
    route: '/api/ledger/accounts/:id/floor',
    actor: 'admin',
    target: async (w) => ({
      url: `/api/ledger/accounts/${await w.timeAccountOfA()}/floor`,
      valid: () => ({ floor: -600, reason: 'Busy season coming' }),
    }),
  },
  {
    method: 'POST',
    route: '/api/ledger/corrections',
    actor: 'admin',
    target: async (w) => {
      const { id } = await w.freshTransfer();
      return {
        url: '/api/ledger/corrections',
        valid: () => ({ id: randomUUID(), transferId: id, reason: 'Per ongeluk' }),
      };
    },
  },
  // recognition
  {
    method: 'POST',
    route: '/api/engagements/:id/reference',
    actor: 'coordA',
    target: async (w) => ({
      url: `/api/engagements/${await completedEngagement(w)}/reference`,
      valid: () => ({ text: 'Werkte zorgvuldig', skills: ['tuinieren', 'plannen'] }),
    }),
  },
  {
    method: 'PATCH',
    route: '/api/me/references/:engagementId',
    actor: 'personA',
    target: async (w) => ({
      url: `/api/me/references/${await completedEngagement(w, true)}`,
      valid: () => ({ public: true }),
    }),
  },
  {
    method: 'POST',
    route: '/api/credentials/verify',
    actor: 'personB',
    target: async () => ({
      url: '/api/credentials/verify',
      valid: () => ({ credential: 'eyJhbGciOiJFZERTQSJ9.e30.c2ln' }),
    }),
  },
  {
    method: 'POST',
    route: '/api/engagements/:id/confirm (participants)',
    actor: 'coordA',
    target: async (w) => ({
      url: `/api/engagements/${await w.freshEngagement('hours_logged')}/confirm`,
      valid: () => ({ minutes: 60, participants: [{ userId: w.people.personA.id, minutes: 60 }] }),
    }),
  },
  // matching
  {
    method: 'POST',
    route: '/api/match-rounds',
    actor: 'coordB',
    target: async () => ({ url: '/api/match-rounds', valid: () => ({ near: '3511', radiusKm: 5, kind: 'hands' }) }),
  },
  {
    method: 'POST',
    route: '/api/match-rounds/:id/invite',
    actor: 'coordB',
    target: async (w) => ({
      url: `/api/match-rounds/${await w.freshRound()}/invite`,
      valid: () => ({ proposalIds: ['p1'] }),
    }),
  },
  // queries
  // social return statements (issue 14)
  {
    method: 'POST',
    route: '/api/organizations/:id/social-return/obligations',
    actor: 'business',
    target: async (w) => ({
      url: `/api/organizations/${w.biz}/social-return/obligations`,
      valid: () => ({
        buyerName: 'Gemeente Utrecht',
        contractReference: 'UTR-2026-041',
        targetPct: 5,
        contractValueCents: 2000000,
        periodFrom: '2026-01-01',
        periodTo: '2026-12-31',
      }),
    }),
  },
  {
    method: 'PUT',
    route: '/api/organizations/:id/social-return/rules',
    actor: 'business',
    target: async (w) => ({
      url: `/api/organizations/${w.biz}/social-return/rules`,
      valid: () => ({
        buyerName: 'Gemeente Utrecht',
        volunteerHourCents: 3500,
        proBonoHourCents: 8000,
        purchasePct: 50,
        materialsPct: 100,
      }),
    }),
  },
  // loans: a library of things (issue 14)
  {
    method: 'POST',
    route: '/api/lendable-items',
    actor: 'coordA',
    target: async (w) => ({
      url: '/api/lendable-items',
      valid: () => ({
        organizationId: w.orgA,
        title: 'Ladder',
        description: 'Drie meter',
        valuePerDayCents: 200,
        loanDays: 3,
        postcode: '3511 AB',
      }),
    }),
  },
  {
    method: 'GET',
    route: '/api/lendable-items',
    actor: 'personB',
    target: async (w) => ({
      url: '/api/lendable-items',
      valid: stringQuery({ organizationId: w.orgA, near: '3511', limit: '5' }),
    }),
  },
  {
    method: 'POST',
    route: '/api/lendable-items/:id/loans',
    actor: 'personB',
    target: async (w) => {
      const item = await w.send('coordA', {
        method: 'POST',
        url: '/api/lendable-items',
        payload: { organizationId: w.orgA, title: 'Tent', valuePerDayCents: 300, loanDays: 5, postcode: '3511AB' },
      });
      return {
        url: `/api/lendable-items/${item.json<{ item: { id: string } }>().item.id}/loans`,
        valid: () => ({ message: 'Voor een weekend' }),
      };
    },
  },
  {
    method: 'POST',
    route: '/api/loans/:id/hand-over',
    actor: 'coordA',
    target: async (w) => ({
      url: `/api/loans/${await loanAt(w, false)}/hand-over`,
      valid: () => ({ condition: 'Als nieuw' }),
    }),
  },
  {
    method: 'POST',
    route: '/api/loans/:id/return',
    actor: 'coordA',
    target: async (w) => ({
      url: `/api/loans/${await loanAt(w, true)}/return`,
      valid: () => ({ condition: 'Netjes' }),
    }),
  },
  {
    method: 'POST',
    route: '/api/loans/:id/settlement',
    actor: 'personA',
    target: async (w) => ({
      url: `/api/loans/${await loanAt(w, true)}/settlement`,
      valid: () => ({ outcome: 'time_credits', minutes: 30, note: 'Kwijt' }),
    }),
  },
  {
    method: 'GET',
    route: '/api/loans',
    actor: 'coordA',
    target: async (w) => ({
      url: '/api/loans',
      valid: stringQuery({ role: 'lender', organizationId: w.orgA, limit: '5' }),
    }),
  },
  // sales: initiatives' own services (issue 14)
  {
    method: 'POST',
    route: '/api/service-offers',
    actor: 'coordA',
    target: async (w) => ({
      url: '/api/service-offers',
      valid: () => ({
        organizationId: w.orgA,
        title: 'Catering',
        description: 'Soep en broodjes',
        domain: 'food',
        priceUnit: 'unit',
        priceCents: 1250,
        postcode: '3511 AB',
        radiusKm: 5,
        availability: 'Weekend',
        capacityPerMonth: 100,
      }),
    }),
  },
  {
    method: 'GET',
    route: '/api/service-offers',
    actor: 'personB',
    target: async (w) => ({
      url: '/api/service-offers',
      valid: stringQuery({ q: 'groen', domain: 'greening', organizationId: w.orgA, limit: '5' }),
    }),
  },
  {
    method: 'POST',
    route: '/api/service-offers/:id/orders',
    actor: 'personB',
    target: async (w) => ({
      url: `/api/service-offers/${await serviceOffer(w)}/orders`,
      valid: () => ({ quantity: 3, mode: 'quote', message: 'Voor de tuin' }),
    }),
  },
  {
    method: 'POST',
    route: '/api/sales/:id/accept',
    actor: 'coordA',
    target: async (w) => ({
      url: `/api/sales/${await saleAt(w, 'requested')}/accept`,
      valid: () => ({ priceCents: 5000, message: 'Graag' }),
    }),
  },
  {
    method: 'POST',
    route: '/api/sales/:id/deliver',
    actor: 'coordA',
    target: async (w) => ({
      url: `/api/sales/${await saleAt(w, 'accepted')}/deliver`,
      valid: () => ({ workMinutes: 90, message: 'Klaar' }),
    }),
  },
  {
    method: 'GET',
    route: '/api/sales',
    actor: 'coordA',
    target: async (w) => ({
      url: '/api/sales',
      valid: stringQuery({ role: 'seller', organizationId: w.orgA, limit: '5' }),
    }),
  },
  {
    method: 'GET',
    route: '/api/organizations/:id/own-income',
    actor: 'coordA',
    target: async (w) => ({ url: `/api/organizations/${w.orgA}/own-income`, valid: stringQuery({ year: '2026' }) }),
  },
  {
    method: 'PUT',
    route: '/api/organizations/:id/income/:year',
    actor: 'coordA',
    target: async (w) => ({
      url: `/api/organizations/${w.orgA}/income/2026`,
      valid: () => ({ subsidiesCents: 50000, donationsCents: 20000 }),
    }),
  },
  // neighbours helping neighbours (issue 14)
  {
    method: 'POST',
    route: '/api/help-requests',
    actor: 'personB',
    target: async () => ({
      url: '/api/help-requests',
      valid: () => ({
        title: 'Kast dragen',
        description: 'Naar zolder',
        category: 'practical',
        postcode: '3511 AB',
        minutesEstimate: 60,
        payment: 'time_credits',
        needsVog: false,
      }),
    }),
  },
  {
    method: 'GET',
    route: '/api/help-requests',
    actor: 'personB',
    target: async () => ({ url: '/api/help-requests', valid: stringQuery({ near: '3511', limit: '5' }) }),
  },
  {
    method: 'POST',
    route: '/api/help-requests/:id/offers',
    actor: 'personB',
    target: async (w) => {
      const made = await w.send('personA', {
        method: 'POST',
        url: '/api/help-requests',
        payload: { title: 'Taal oefenen', category: 'language', postcode: '3511', minutesEstimate: 30 },
      });
      return {
        url: `/api/help-requests/${made.json<{ request: { id: string } }>().request.id}/offers`,
        valid: () => ({ message: 'Ik kom graag' }),
      };
    },
  },
  {
    method: 'POST',
    route: '/api/help-engagements/:id/accept',
    actor: 'personA',
    target: async (w) => ({
      url: `/api/help-engagements/${await helpEngagement(w, false)}/accept`,
      valid: () => ({ message: 'Fijn' }),
    }),
  },
  {
    method: 'POST',
    route: '/api/help-engagements/:id/hours',
    actor: 'personB',
    target: async (w) => ({
      url: `/api/help-engagements/${await helpEngagement(w, true)}/hours`,
      valid: () => ({ minutes: 15, date: w.t.clock.now().toISOString().slice(0, 10) }),
    }),
  },
  {
    method: 'POST',
    route: '/api/help-engagements/:id/confirm',
    actor: 'personA',
    target: async (w) => {
      const id = await helpEngagement(w, true);
      await w.send('personB', {
        method: 'POST',
        url: `/api/help-engagements/${id}/hours`,
        payload: { minutes: 15, date: w.t.clock.now().toISOString().slice(0, 10) },
      });
      return { url: `/api/help-engagements/${id}/confirm`, valid: () => ({ minutes: 15 }) };
    },
  },
  {
    method: 'POST',
    route: '/api/organizations/:id/sponsorships',
    actor: 'coordA',
    target: async (w) => {
      await w.send('personB', {
        method: 'POST',
        url: '/api/ledger/transfers',
        payload: { id: randomUUID(), toOrganizationId: w.orgA, unit: 'TIME', amount: 5 },
      });
      return {
        url: `/api/organizations/${w.orgA}/sponsorships`,
        valid: () => ({ recipientUserId: w.people.personB.id, minutes: 1, reason: 'Kan zelf geen tijd verdienen' }),
      };
    },
  },
  {
    method: 'GET',
    route: '/api/organizations/:id/sponsorships',
    actor: 'coordA',
    target: async (w) => ({ url: `/api/organizations/${w.orgA}/sponsorships`, valid: stringQuery({ limit: '5' }) }),
  },
  {
    method: 'GET',
    route: '/api/organizations',
    actor: 'personB',
    target: async () => ({
      url: '/api/organizations',
      valid: stringQuery({ q: 'tuin', type: 'initiative', limit: '5' }),
    }),
  },
  {
    method: 'GET',
    route: '/api/needs',
    actor: 'personB',
    target: async () => ({
      url: '/api/needs',
      valid: stringQuery({
        q: 'tuin',
        kind: 'hands',
        domain: 'greening',
        compensation: 'time_credits',
        language: 'nl',
        near: '3511',
        radiusKm: '10',
        includeRemote: 'true',
        sort: 'distance',
        status: 'open',
        limit: '5',
      }),
    }),
  },
  {
    method: 'GET',
    route: '/api/offers',
    actor: 'personB',
    target: async () => ({
      url: '/api/offers',
      valid: stringQuery({
        q: 'tuin',
        kind: 'hands',
        skill: 'tuinieren',
        b2cType: 'pro_bono',
        near: '3511AB',
        radiusKm: '25',
        sort: 'newest',
        limit: '5',
      }),
    }),
  },
  {
    method: 'GET',
    route: '/api/me/listings',
    actor: 'coordA',
    target: async () => ({
      url: '/api/me/listings',
      valid: stringQuery({ limit: '5', needsCursor: '', offersCursor: '' }),
    }),
  },
  {
    method: 'GET',
    route: '/api/engagements',
    actor: 'coordA',
    target: async (w) => ({
      url: '/api/engagements',
      valid: stringQuery({ role: 'organization', status: 'proposed,accepted', organizationId: w.orgA, limit: '5' }),
    }),
  },
  {
    method: 'GET',
    route: '/api/engagements/:id/confirmation-preview',
    actor: 'coordA',
    target: async (w) => ({
      url: `/api/engagements/${await w.freshEngagement('hours_logged')}/confirmation-preview`,
      valid: stringQuery({ minutes: '30', recordAsTaxable: 'false' }),
    }),
  },
  {
    method: 'GET',
    route: '/api/engagements/:id/messages',
    actor: 'personA',
    target: async (w) => ({
      url: `/api/engagements/${await w.freshEngagement('proposed')}/messages`,
      valid: stringQuery({ limit: '5' }),
    }),
  },
  {
    method: 'GET',
    route: '/api/ledger/balances',
    actor: 'coordA',
    target: async (w) => ({ url: '/api/ledger/balances', valid: stringQuery({ owner: `org:${w.orgA}` }) }),
  },
  {
    method: 'GET',
    route: '/api/ledger/transfers',
    actor: 'coordA',
    target: async (w) => ({
      url: '/api/ledger/transfers',
      valid: stringQuery({ owner: `org:${w.orgA}`, unit: 'TIME', limit: '5' }),
    }),
  },
  {
    method: 'GET',
    route: '/api/ledger/entries',
    actor: 'personB',
    target: async () => ({ url: '/api/ledger/entries', valid: stringQuery({ limit: '5' }) }),
  },
  {
    method: 'GET',
    route: '/api/needs/:id/matches',
    actor: 'coordA',
    target: async (w) => ({ url: `/api/needs/${await w.freshNeed()}/matches`, valid: stringQuery({ limit: '5' }) }),
  },
  {
    method: 'GET',
    route: '/api/offers/:id/matches',
    actor: 'personA',
    target: async (w) => ({
      url: `/api/offers/${await w.freshPersonOffer()}/matches`,
      valid: stringQuery({ limit: '5' }),
    }),
  },
  {
    method: 'GET',
    route: '/api/me/suggestions',
    actor: 'personA',
    target: async () => ({ url: '/api/me/suggestions', valid: stringQuery({ limit: '5' }) }),
  },
  // notifications (issue 11)
  {
    method: 'GET',
    route: '/api/notifications',
    actor: 'personA',
    target: async () => ({
      url: '/api/notifications',
      valid: stringQuery({ after: '20260101T000000000Z.00000001.abcdef12', limit: '5' }),
    }),
  },
  {
    method: 'POST',
    route: '/api/notifications/read',
    actor: 'personA',
    target: async () => ({
      url: '/api/notifications/read',
      valid: () => ({ upTo: '20260101T000000000Z.00000001.abcdef12' }),
    }),
  },
  {
    method: 'PUT',
    route: '/api/notifications/preferences',
    actor: 'personB',
    target: async () => ({
      url: '/api/notifications/preferences',
      valid: () => ({ items: [{ kind: 'message.received', channel: 'email', mode: 'daily' }] }),
    }),
  },
  {
    method: 'POST',
    route: '/api/me/saved-searches',
    actor: 'personB',
    target: async () => ({
      url: '/api/me/saved-searches',
      valid: () => ({
        kinds: ['hands'],
        domains: ['greening'],
        compensation: ['unpaid'],
        newcomerFriendly: true,
        near: '3511',
        radiusKm: 5,
      }),
    }),
  },
  {
    method: 'GET',
    route: '/api/match-rounds',
    actor: 'coordB',
    target: async () => ({ url: '/api/match-rounds', valid: stringQuery({ limit: '5' }) }),
  },
  {
    method: 'GET',
    route: '/api/impact',
    actor: 'personB',
    target: async () => ({
      url: '/api/impact',
      valid: stringQuery({
        scope: 'municipality',
        area: 'Utrecht',
        from: '2026-01-01',
        to: '2026-03-01',
        interval: 'month',
      }),
    }),
  },
  {
    method: 'GET',
    route: '/api/impact/export.csv',
    actor: 'personB',
    target: async () => ({
      url: '/api/impact/export.csv',
      valid: stringQuery({ scope: 'radius', postcode: '3511AB', radiusKm: '5', interval: 'day' }),
    }),
  },
  {
    method: 'GET',
    route: '/api/me/certificate.pdf',
    actor: 'personA',
    target: async () => ({
      url: '/api/me/certificate.pdf',
      valid: stringQuery({ from: '2026-01-01', to: '2026-03-01' }),
    }),
  },
  {
    method: 'GET',
    route: '/api/ledger/export',
    actor: 'personA',
    target: async () => ({ url: '/api/ledger/export', valid: stringQuery({ format: 'csv' }) }),
  },
];

/** Path parameters: ids and postcodes from the same hostile strings. */
const paramRoutes = [
  '/api/needs/:id',
  '/api/offers/:id',
  '/api/organizations/:id',
  '/api/engagements/:id',
  '/api/ledger/transfers/:id',
  '/api/match-rounds/:id',
  '/api/postcodes/:id',
  '/api/users/:id/recognition',
  '/api/certificates/:id',
  '/api/ledger/entries/:id/public',
  '/api/me/badges/:id/openbadge',
  '/api/organizations/:id/impact',
  '/api/help-requests/:id',
  '/api/help-engagements/:id',
  '/api/service-offers/:id',
  '/api/sales/:id',
  '/api/lendable-items/:id',
  '/api/loans/:id',
  '/api/social-return/obligations/:id',
  '/api/social-return/statements/:id',
  '/api/needs/:id/translations',
  '/api/offers/:id/translations',
];

// ——— the run ———

/**
 * A cheap "did anything write?" probe: SQLite's total_changes() and PostgreSQL's next transaction
 * id move on every write. Only when it moved are the row counts compared (the exact check).
 */
async function writeMark(t: TestApp): Promise<string> {
  const q =
    t.dialect === 'sqlite'
      ? sql<{ n: string }>`select cast(total_changes() as text) as n`
      : sql<{ n: string }>`select pg_snapshot_xmax(pg_current_snapshot())::text as n`;
  return (await q.execute(t.ctx.db)).rows[0]?.n ?? '';
}

const totals = { requests: 0, serverErrors: 0, rowsChanged: 0 };

describeEachDialect('invalid input never changes state or crashes (row 16)', (t) => {
  let w: World;
  let tables: string[];
  let address = 0;
  beforeAll(async () => {
    w = await buildWorld(t());
    // Every accepted engagement reserves organisation A's time credits and every confirmed one spends them:
    // the sweep's many fresh engagements need more room than an organisation's default floor (100 hours).
    await w.freshEngagement('accepted');
    const account = await t()
      .ctx.db.selectFrom('ledger_accounts')
      .select('id')
      .where('owner_id', '=', w.orgA)
      .where('unit', '=', 'TIME')
      .executeTakeFirstOrThrow();
    expectStatus(
      await w.send('admin', {
        method: 'PUT',
        url: `/api/ledger/accounts/${account.id}/floor`,
        payload: { floor: -1_000_000, reason: 'Room for the bad-input sweep' },
      }),
      200,
      'floor of organisation A',
    );
    // The mail outbox is written after the commit of an earlier, accepted request's notifications
    // (a mail is never part of a refused request: it follows committed notification rows only).
    tables = (await tableNames(t())).filter((name) => name !== 'mail_outbox');
  });

  /** Sends, then checks the answer and that a refusal wrote nothing. Returns whether it succeeded. */
  async function check(
    label: string,
    send: () => Promise<LightMyRequestResponse>,
    state: { counts: Record<string, number>; mark: string },
    problems: string[],
  ): Promise<boolean> {
    const res = await send();
    // What an accepted request started after its answer (mail to the outbox; a new need wakes matching
    // and alerts, which write notifications) belongs to it, not to the next request.
    await t().ctx.events.idle();
    totals.requests += 1;
    const where = `${label} → ${res.statusCode}`;
    if (res.statusCode >= 500) {
      totals.serverErrors += 1;
      problems.push(`${where} ${res.body.slice(0, 300)}`);
    }
    const ok = res.statusCode < 400;
    if (res.statusCode >= 400) {
      let parsed: ReturnType<typeof errorBody.safeParse> | undefined;
      try {
        parsed = errorBody.safeParse(res.json());
      } catch {
        parsed = undefined;
      }
      if (!parsed?.success) problems.push(`${where}: not the error shape: ${res.body.slice(0, 200)}`);
      // Field names read from the raw JSON: a field may well be called __proto__.
      else if (
        res.statusCode === 400 &&
        parsed.data.error.code === 'invalid_input' &&
        Object.keys(res.json<{ error: { fields?: object } }>().error.fields ?? {}).length === 0
      ) {
        problems.push(`${where}: invalid_input without fields naming the wrong one: ${res.body.slice(0, 200)}`);
      }
    }
    const mark = await writeMark(t());
    if (mark !== state.mark) {
      const counts = await rowCounts(t(), tables);
      if (!ok) {
        const changed = tables.filter((name) => counts[name] !== state.counts[name]);
        if (changed.length) {
          totals.rowsChanged += 1;
          problems.push(`${where}: refused, yet rows changed in ${changed.join(', ')}`);
        }
      }
      state.counts = counts;
      state.mark = await writeMark(t());
    }
    return ok;
  }

  for (const e of endpoints) {
    it(`${e.method} ${e.route}`, async () => {
      const problems: string[] = [];
      const user = e.actor === 'fresh' ? await t().register() : null;
      const send = (req: InjectOptions) => {
        address += 1;
        const withAddress = e.ownAddress
          ? { ...req, remoteAddress: `10.200.${Math.floor(address / 250) % 250}.${address % 250}` }
          : req;
        return user ? user.inject(withAddress) : w.send(e.actor as ActorName, withAddress);
      };
      let target = await e.target(w);
      const state = { counts: await rowCounts(t(), tables), mark: await writeMark(t()) };
      const seed = SEED + e.route.length + e.method.length;
      // U+0000 in any text: PostgreSQL cannot store it, so it is refused up front (400 naming the field).
      const nulCases =
        e.method === 'GET'
          ? Object.keys(target.valid()).map((key) => ({
              path: key,
              url: `${target.url}?${new URLSearchParams({ ...(target.valid() as Record<string, string>), [key]: 'a\u0000b' }).toString()}`,
              payload: undefined,
            }))
          : nulBodies(target.valid()).map((c) => ({ ...c, url: target.url }));
      for (const c of nulCases) {
        const res = await send({
          method: e.method,
          url: c.url,
          ...(c.payload ? { payload: c.payload, headers: { 'content-type': 'application/json' } } : {}),
        });
        totals.requests += 1;
        if (
          res.statusCode !== 400 ||
          res.json<{ error: { fields?: Record<string, string> } }>().error.fields?.[c.path] === undefined
        ) {
          problems.push(
            `NUL in ${c.path}: expected 400 naming ${c.path}, got ${res.statusCode} ${res.body.slice(0, 200)}`,
          );
        }
      }
      const afterNul = await rowCounts(t(), tables);
      if (tables.some((name) => afterNul[name] !== state.counts[name])) problems.push('a refused NUL changed rows');
      state.mark = await writeMark(t());
      if (e.method === 'GET') {
        for (const plan of fc.sample(queryPlanArb, { numRuns: runsOn(t().dialect), seed })) {
          const query = applyQueryPlan(target.valid() as Record<string, string>, plan);
          await check(
            `${e.method} ${e.route} ?${query.slice(0, 120)}`,
            () => send({ method: 'GET', url: `${target.url}?${query}` }),
            state,
            problems,
          );
        }
      } else {
        for (const plan of fc.sample(bodyPlanArb, { numRuns: runsOn(t().dialect), seed })) {
          const { payload, contentType } = applyBodyPlan(target.valid(), plan);
          const ok = await check(
            `${e.method} ${e.route} ${payload.slice(0, 120)}`,
            () => send({ method: e.method, url: target.url, payload, headers: { 'content-type': contentType } }),
            state,
            problems,
          );
          // A valid body used the object up (accepted, confirmed …): the next one gets a fresh one.
          if (ok) {
            target = await e.target(w);
            state.counts = await rowCounts(t(), tables);
            state.mark = await writeMark(t());
          }
        }
      }
      expect(problems.slice(0, 10), `seed ${seed}`).toEqual([]);
    });
  }

  it('refuses deep nesting with 400 naming where, without walking it recursively', async () => {
    const problems: string[] = [];
    const state = { counts: await rowCounts(t(), tables), mark: await writeMark(t()) };
    for (const depth of [40, 5_000, 50_000]) {
      const payload = `{"displayName":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
      const ok = await check(
        `PATCH /api/me depth ${depth}`,
        () =>
          w.send('personB', {
            method: 'PATCH',
            url: '/api/me',
            payload,
            headers: { 'content-type': 'application/json' },
          }),
        state,
        problems,
      );
      if (ok) problems.push(`depth ${depth} accepted`);
    }
    const res = await w.send('personB', {
      method: 'PATCH',
      url: '/api/me',
      payload: `{"displayName":${'['.repeat(40)}${']'.repeat(40)}}`,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.json()).toMatchObject({ error: { code: 'invalid_input', message: 'Nested too deeply' } });
    expect(problems).toEqual([]);
  });

  it('path parameters', async () => {
    const problems: string[] = [];
    const state = { counts: await rowCounts(t(), tables), mark: await writeMark(t()) };
    const values = fc.sample(fc.oneof(stringArb, fc.constant(MIB.slice(0, 10_000))), {
      numRuns: Math.ceil(runsOn(t().dialect) / 3),
      seed: SEED,
    });
    for (const route of paramRoutes) {
      for (const value of values) {
        const url = route.replace(':id', encodePart(value));
        await check(`GET ${url.slice(0, 120)}`, () => w.send('personA', { method: 'GET', url }), state, problems);
      }
    }
    // Broken percent-encoding and over-long parameters are refused by the router itself.
    for (const url of [
      '/api/needs/%E0%A4%A',
      '/api/needs/%',
      `/api/engagements/${'a'.repeat(201)}`,
      `/api/ledger/transfers/${'%C3%A9'.repeat(150)}`,
    ]) {
      await check(`GET ${url.slice(0, 120)}`, () => w.send('personA', { method: 'GET', url }), state, problems);
      await check(
        `PATCH ${url.slice(0, 120)}`,
        () => w.send('personA', { method: 'PATCH', url, payload: {} }),
        state,
        problems,
      );
    }
    expect(problems.slice(0, 10), `seed ${SEED}`).toEqual([]);
  });
});

afterAll(() => {
  console.log(
    `[bad-input] requests=${totals.requests} 5xx=${totals.serverErrors} rows changed=${totals.rowsChanged} (runs per endpoint ${RUNS} on SQLite, ${runsOn('postgres')} on PostgreSQL, seed ${SEED})`,
  );
});
