import { randomUUID } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import type { TestApp, TestUser } from './app.ts';
import {
  addMember,
  businessOfferBody,
  expectStatus,
  makeEngagement,
  makeNeed,
  makeOffer,
  makeOrganization,
  makePerson,
  engagementStages,
  type EngagementStage,
} from './factories.ts';

/**
 * A small populated world for the cross-cutting security tests: the people of the IDOR matrix,
 * three organisations, and makers of a fresh object (need, offer, engagement in a given state,
 * transfer, session) owned by someone, so each attempt starts from a known state. Built with the
 * test kit (`factories.ts`).
 */

export const actorNames = [
  'anonymous',
  'personA',
  'personB',
  'coordA',
  'coordB',
  'memberA',
  'business',
  'admin',
] as const;
export type ActorName = (typeof actorNames)[number];

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
  /** A fresh organisation like A: a founder of its own as owner, coordA coordinator, memberA member. */
  freshOrgA(): Promise<string>;
  /** A need of A, posted by coordA. */
  freshNeed(): Promise<string>;
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
  /** A match round's pairing of a fresh need of A and a fresh offer of personA, sent to A's managers (A did not let rounds invite for it). */
  freshRoundProposal(): Promise<string>;
  /** An open invitation for personA to join a fresh organisation as a member (its founder invited). */
  freshInvitationOfA(): Promise<string>;
}

export async function buildWorld(t: TestApp): Promise<World> {
  const [founderA, outsider, personA, personB, coordA, coordB, memberA, business, admin] = await Promise.all(
    [
      'Founder A',
      'Outsider',
      'Person A',
      'Person B',
      'Coordinator A',
      'Coordinator B',
      'Member A',
      'Business',
      'Admin',
    ].map((displayName) => t.register({ displayName })),
  );
  await t.makeAdmin(admin!);
  const people = {
    personA: personA!,
    personB: personB!,
    coordA: coordA!,
    coordB: coordB!,
    memberA: memberA!,
    business: business!,
    admin: admin!,
  };

  // Each fresh organisation has a founder of its own: a person may found only a few a day (issue 9).
  const freshOrgA = async (founder?: TestUser) => {
    const org = await makeOrganization(t, {}, founder);
    await addMember(org, people.coordA, 'coordinator');
    await addMember(org, people.memberA, 'member');
    return org;
  };
  const orgA = await freshOrgA(founderA);
  // B is a public organisation (a municipality's team): its coordinator may run match rounds.
  const orgB = await makeOrganization(
    t,
    { type: 'public', name: 'Gemeente Utrecht, team Participatie' },
    people.coordB,
  );
  // Verified by the platform admin (issue 9): only verified public bodies run match rounds, and A's
  // many engagements reserve more TIME than an unverified organisation's small floor allows.
  const verify = async (orgId: string, payload: Record<string, unknown>, what: string) =>
    expectStatus(
      await people.admin.inject({ method: 'POST', url: `/api/admin/organizations/${orgId}/verification`, payload }),
      200,
      what,
    );
  await verify(orgB.id, { method: 'note', note: 'Confirmed with the municipality' }, 'verify organisation B');
  await verify(orgA.id, { method: 'kvk', reference: '12345678', note: 'KvK extract checked' }, 'verify organisation A');
  const biz = await makeOrganization(t, { type: 'business' }, people.business);

  const send = (actor: ActorName, req: InjectOptions) =>
    actor === 'anonymous' ? t.inject(req) : people[actor].inject(req);

  // A new need wakes matching and alerts after the answer (they write notifications): wait for them,
  // so a later request's "nothing changed" check does not see their rows.
  const freshNeed = async () => {
    const id = (await makeNeed(orgA, {}, people.coordA)).id;
    await t.ctx.events.idle();
    return id;
  };

  let day = 0;
  const world: World = {
    t,
    people,
    founderA: founderA!,
    outsider: outsider!,
    orgA: orgA.id,
    orgB: orgB.id,
    biz: biz.id,
    send,
    freshOrgA: async () => (await freshOrgA()).id,
    freshNeed,
    freshPersonOffer: async () => (await makeOffer(people.personA)).id,
    freshBusinessOffer: async () =>
      (await makeOffer(people.business, { ...businessOfferBody, organizationId: biz.id })).id,
    async freshEngagement(stage) {
      // A second apart, so lists ordered by time put the newest first on every database.
      t.clock.advance(1000);
      const plan = { needId: await freshNeed(), worker: people.personA, manager: people.coordA };
      if (engagementStages.indexOf(stage) < engagementStages.indexOf('hours_logged'))
        return (await makeEngagement(stage, plan)).id;
      // Spread over the week before acceptance (hours are plausible from a week before it, never in the
      // future, at most 24 h a day per person), so personA's many loggings never fill one day.
      day += 1;
      const date = new Date(t.clock.now().getTime() - (day % 7) * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
      return (await makeEngagement(stage, { ...plan, hours: { minutes: 60, date } })).id;
    },
    async freshMaterialsEngagement() {
      const needId = (await makeNeed(orgA, { kind: 'materials' }, people.coordA)).id;
      return (await makeEngagement('accepted', { needId, worker: people.personA, manager: people.coordA })).id;
    },
    async freshTransfer() {
      const body = {
        id: randomUUID(),
        toOrganizationId: orgA.id,
        unit: 'TIME',
        amount: 1,
        memo: 'Bedankt voor de koffie',
      };
      expectStatus(
        await people.personA.inject({ method: 'POST', url: '/api/ledger/transfers', payload: body }),
        201,
        'transfer',
      );
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
      expectStatus(res, 200, 'login');
      const cookie = res.cookies.find((c) => c.name === 'session' || c.name === '__Host-session');
      return (cookie?.value ?? '').split('.')[0] ?? '';
    },
    async freshRound() {
      const res = await people.coordB.inject({
        method: 'POST',
        url: '/api/match-rounds',
        payload: { near: '3511', radiusKm: 5 },
      });
      return expectStatus<{ round: { id: string } }>(res, 201, 'match round').round.id;
    },
    async timeAccountOfA() {
      const res = await people.personA.inject({ method: 'GET', url: '/api/ledger/balances' });
      const { balances } = expectStatus<{ balances: { unit: string; accountId: string | null }[] }>(
        res,
        200,
        'balances',
      );
      const time = balances.find((b) => b.unit === 'TIME' && b.accountId);
      if (time?.accountId) return time.accountId;
      await world.freshTransfer();
      return world.timeAccountOfA();
    },
    async freshRoundProposal() {
      t.clock.advance(1000);
      // A fresh need and a helper who may be matched to it, so the round has a pair for A to send.
      await freshNeed();
      await makeOffer(await makePerson(t, 'Round helper', { mayDoPaidWork: 'yes' }));
      const round = await world.freshRound();
      const res = await people.coordB.inject({ method: 'POST', url: `/api/match-rounds/${round}/invite` });
      expectStatus(res, 200, 'round invite');
      const proposal = await t.ctx.db
        .selectFrom('match_proposals')
        .innerJoin('needs', 'needs.id', 'match_proposals.need_id')
        .select('match_proposals.id')
        .where('match_proposals.round_id', '=', round)
        .where('needs.organization_id', '=', orgA.id)
        .where('match_proposals.proposed_to_organization_at', 'is not', null)
        .executeTakeFirst();
      if (!proposal) throw new Error('fresh round proposal: the round paired nothing of organisation A');
      return proposal.id;
    },
    async freshInvitationOfA() {
      t.clock.advance(1000);
      const org = await makeOrganization(t, { name: 'Buurtkeuken' });
      expectStatus(
        await org.owner.inject({
          method: 'POST',
          url: `/api/organizations/${org.id}/members`,
          payload: { email: people.personA.email, role: 'member' },
        }),
        202,
        'invite',
      );
      const mine = expectStatus<{ items: { id: string; organization: { id: string } }[] }>(
        await people.personA.inject({ method: 'GET', url: '/api/me/invitations' }),
        200,
        'my invitations',
      );
      const invitation = mine.items.find((i) => i.organization.id === org.id);
      if (!invitation) throw new Error('fresh invitation: not found');
      return invitation.id;
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
  return tables
    .map((x) => x.name)
    .filter((name) => !attemptBookkeeping.has(name))
    .sort();
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
  // Work that an earlier request's events started (mail written to the outbox) lands before, not during, a comparison.
  await t.ctx.events.idle();
  const out: Record<string, string[]> = {};
  for (const name of tables) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(t.ctx.db);
    out[name] = rows.rows
      .map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)))
      .sort();
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
    if (removed.length || added.length)
      changes.push(`${name}: -${removed.length} +${added.length} ${added.slice(0, 1).join('')}`.slice(0, 400));
  }
  return changes;
}

export const newUuid = randomUUID;
