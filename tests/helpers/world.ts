import { randomUUID } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import type { TestApp, TestUser } from './app.ts';

/**
 * A small populated world for the cross-cutting security tests: the people of the IDOR matrix,
 * three organisations, and factories that make a fresh object (need, offer, engagement in a given
 * state, transfer, session) owned by someone, so each attempt starts from a known state.
 */

export const actorNames = ['anonymous', 'personA', 'personB', 'coordA', 'coordB', 'memberA', 'business', 'admin'] as const;
export type ActorName = (typeof actorNames)[number];

export const initiativeBody = {
  type: 'initiative',
  description: 'Een moestuin voor de hele buurt.',
  postcode: '3511AB',
  domains: ['greening'],
  volunteerDeclarationDate: '2025-04-01',
} as const;

export const needBody = {
  kind: 'hands',
  title: 'Help in de moestuin',
  description: 'Wieden en oogsten op zaterdag.',
  domains: ['greening'],
  postcode: '3511AB',
  hoursEstimate: 2,
  peopleNeeded: 1,
  compensation: { type: 'time_credits' },
} as const;

export const materialsNeedBody = {
  kind: 'materials',
  title: 'Zakken potgrond',
  domains: ['greening'],
  postcode: '3511AB',
  quantity: 5,
  unit: 'zakken',
  materialsMode: 'give',
  compensation: { type: 'unpaid' },
} as const;

export const personOfferBody = {
  kind: 'hands',
  title: 'Ik help met tuinieren',
  description: 'Op zaterdag beschikbaar.',
  skills: ['tuinieren'],
  languages: ['nl'],
  postcode: '3511AB',
  compensationAccepted: ['unpaid', 'time_credits'],
} as const;

export const businessOfferBody = {
  kind: 'hands',
  title: 'Collega’s helpen een dag mee',
  b2cType: 'employee_volunteering',
  postcode: '3511AB',
  compensationAccepted: ['unpaid', 'time_credits'],
} as const;

export type EngagementStage = 'proposed' | 'accepted' | 'hours_logged';

export interface World {
  t: TestApp;
  /** Every signed-in actor of the matrix (anonymous has none). */
  people: Record<Exclude<ActorName, 'anonymous'>, TestUser>;
  /** Owner of organisation A (sets it up; not an actor of the matrix). */
  founderA: TestUser;
  /** A registered person outside everything: the one added as a member. */
  outsider: TestUser;
  orgA: string;
  orgB: string;
  biz: string;
  /** Sends a request as an actor (anonymous: no cookie, but from the site, so the Origin check passes). */
  send(actor: ActorName, req: InjectOptions): Promise<LightMyRequestResponse>;
  /** A fresh organisation like A: founderA owner, coordA coordinator, memberA member. */
  freshOrgA(): Promise<string>;
  freshNeed(organizationId?: string): Promise<string>;
  freshPersonOffer(): Promise<string>;
  freshBusinessOffer(): Promise<string>;
  /** personA applied to a fresh need of A, moved on to `stage` by the right sides. */
  freshEngagement(stage: EngagementStage): Promise<string>;
  /** personA pledged materials to a fresh materials need of A, accepted by coordA. */
  freshMaterialsEngagement(): Promise<string>;
  /** A posted TIME transfer personA → organisation A; returns its id and body. */
  freshTransfer(): Promise<{ id: string; body: Record<string, unknown> }>;
  /** Another session of personA (so ending it leaves the actor signed in). */
  freshSessionOfA(): Promise<string>;
  /** A match round around 3511 run by coordB (of the public organisation B). */
  freshRound(): Promise<string>;
  /** personA's TIME account id. */
  timeAccountOfA(): Promise<string>;
}

async function ok<T>(res: LightMyRequestResponse, status: number, what: string): Promise<T> {
  if (res.statusCode !== status) throw new Error(`${what}: expected ${status}, got ${res.statusCode} ${res.body}`);
  return res.json<T>();
}
type Made<K extends string> = Record<K, { id: string }>;

export async function buildWorld(t: TestApp): Promise<World> {
  const [founderA, outsider, personA, personB, coordA, coordB, memberA, business, admin] = await Promise.all(
    ['Founder A', 'Outsider', 'Person A', 'Person B', 'Coordinator A', 'Coordinator B', 'Member A', 'Business', 'Admin'].map((displayName) =>
      t.register({ displayName }),
    ),
  );
  await t.makeAdmin(admin!);
  const people = { personA: personA!, personB: personB!, coordA: coordA!, coordB: coordB!, memberA: memberA!, business: business!, admin: admin! };

  const createOrg = async (owner: TestUser, body: Record<string, unknown>) =>
    (await ok<Made<'organization'>>(await owner.inject({ method: 'POST', url: '/api/organizations', payload: body }), 201, 'create organisation')).organization.id;
  const addMember = async (orgId: string, email: string, role: string) =>
    ok(await founderA!.inject({ method: 'POST', url: `/api/organizations/${orgId}/members`, payload: { email, role } }), 201, 'add member');

  const freshOrgA = async () => {
    const id = await createOrg(founderA!, { ...initiativeBody, name: 'Buurttuin De Wilg' });
    await addMember(id, people.coordA.email, 'coordinator');
    await addMember(id, people.memberA.email, 'member');
    return id;
  };
  const orgA = await freshOrgA();
  // B is a public organisation (a municipality's team): its coordinator may run match rounds.
  const orgB = await createOrg(people.coordB, { ...initiativeBody, type: 'public', name: 'Gemeente Utrecht, team Participatie' });
  const biz = await createOrg(people.business, { name: 'Bouwbedrijf Jansen', type: 'business', postcode: '3511AB', kvkNumber: '12345678' });

  const send = (actor: ActorName, req: InjectOptions) => (actor === 'anonymous' ? t.inject(req) : people[actor].inject(req));

  const freshNeed = async (organizationId = orgA) =>
    (await ok<Made<'need'>>(await people.coordA.inject({ method: 'POST', url: '/api/needs', payload: { ...needBody, organizationId } }), 201, 'post need')).need.id;

  let day = 0;
  const world: World = {
    t,
    people,
    founderA: founderA!,
    outsider: outsider!,
    orgA,
    orgB,
    biz,
    send,
    freshOrgA,
    freshNeed,
    async freshPersonOffer() {
      return (await ok<Made<'offer'>>(await people.personA.inject({ method: 'POST', url: '/api/offers', payload: personOfferBody }), 201, 'post offer')).offer.id;
    },
    async freshBusinessOffer() {
      const res = await people.business.inject({ method: 'POST', url: '/api/offers', payload: { ...businessOfferBody, organizationId: biz } });
      return (await ok<Made<'offer'>>(res, 201, 'post business offer')).offer.id;
    },
    async freshEngagement(stage) {
      // A second apart, so lists ordered by time put the newest first on every database.
      t.clock.advance(1000);
      const needId = await freshNeed();
      const id = (await ok<Made<'engagement'>>(await people.personA.inject({ method: 'POST', url: '/api/engagements', payload: { needId } }), 201, 'apply')).engagement.id;
      if (stage === 'proposed') return id;
      await ok(await people.coordA.inject({ method: 'POST', url: `/api/engagements/${id}/accept` }), 200, 'accept');
      if (stage === 'accepted') return id;
      day += 1;
      const date = new Date(Date.UTC(2026, 0, 1 + (day % 300))).toISOString().slice(0, 10);
      await ok(await people.personA.inject({ method: 'POST', url: `/api/engagements/${id}/hours`, payload: { minutes: 60, date } }), 200, 'log hours');
      return id;
    },
    async freshMaterialsEngagement() {
      const res = await people.coordA.inject({ method: 'POST', url: '/api/needs', payload: { ...materialsNeedBody, organizationId: orgA } });
      const needId = (await ok<Made<'need'>>(res, 201, 'post materials need')).need.id;
      const id = (await ok<Made<'engagement'>>(await people.personA.inject({ method: 'POST', url: '/api/engagements', payload: { needId } }), 201, 'pledge')).engagement.id;
      await ok(await people.coordA.inject({ method: 'POST', url: `/api/engagements/${id}/accept` }), 200, 'accept pledge');
      return id;
    },
    async freshTransfer() {
      const body = { id: randomUUID(), toOrganizationId: orgA, unit: 'TIME', amount: 1, memo: 'Bedankt voor de koffie' };
      await ok(await people.personA.inject({ method: 'POST', url: '/api/ledger/transfers', payload: body }), 201, 'transfer');
      return { id: body.id, body };
    },
    async freshSessionOfA() {
      day += 1;
      const res = await t.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: people.personA.email, password: 'a long enough passphrase' },
        remoteAddress: `10.77.${Math.floor(day / 250)}.${day % 250}`,
      });
      await ok(res, 200, 'login');
      const cookie = res.cookies.find((c) => c.name === 'session' || c.name === '__Host-session');
      return (cookie?.value ?? '').split('.')[0] ?? '';
    },
    async freshRound() {
      const res = await people.coordB.inject({ method: 'POST', url: '/api/match-rounds', payload: { near: '3511', radiusKm: 5 } });
      return (await ok<Made<'round'>>(res, 201, 'match round')).round.id;
    },
    async timeAccountOfA() {
      const { balances } = await ok<{ balances: { unit: string; accountId: string | null }[] }>(await people.personA.inject({ method: 'GET', url: '/api/ledger/balances' }), 200, 'balances');
      const time = balances.find((b) => b.unit === 'TIME' && b.accountId);
      if (time?.accountId) return time.accountId;
      await world.freshTransfer();
      return world.timeAccountOfA();
    },
  };
  return world;
}

/**
 * Counters of attempts, not state of anything: every request to a limited route writes them, refused
 * or not (abuse-signin.test.ts holds them to their rules).
 */
const attemptBookkeeping = new Set(['rate_limit_windows', 'auth_failures']);

/** Every table of the schema (migration bookkeeping included, attempt counters left out), sorted. */
export async function tableNames(t: TestApp): Promise<string[]> {
  const tables = await t.ctx.db.introspection.getTables();
  return tables.map((x) => x.name).filter((name) => !attemptBookkeeping.has(name)).sort();
}

/** Row counts of every table, in one statement. */
export async function rowCounts(t: TestApp, tables: string[]): Promise<Record<string, number>> {
  const columns = tables.map((name) => sql`(select count(*) from ${sql.table(name)}) as ${sql.ref(name)}`);
  const result = await sql<Record<string, number | string>>`select ${sql.join(columns)}`.execute(t.ctx.db);
  const row = result.rows[0] ?? {};
  return Object.fromEntries(tables.map((name) => [name, Number(row[name])]));
}

/** The whole database as sorted JSON lines per table: equal snapshots mean nothing changed. */
export async function snapshot(t: TestApp, tables: string[]): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const name of tables) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(t.ctx.db);
    out[name] = rows.rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).sort();
  }
  return out;
}

/** The tables whose rows differ between two snapshots, with what was added and removed. */
export function snapshotDiff(before: Record<string, string[]>, after: Record<string, string[]>): string[] {
  const changes: string[] = [];
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = new Set(before[name] ?? []);
    const b = new Set(after[name] ?? []);
    const removed = [...a].filter((r) => !b.has(r));
    const added = [...b].filter((r) => !a.has(r));
    if (removed.length || added.length) changes.push(`${name}: -${removed.length} +${added.length} ${added.slice(0, 1).join('')}`.slice(0, 400));
  }
  return changes;
}

export const newUuid = randomUUID;
