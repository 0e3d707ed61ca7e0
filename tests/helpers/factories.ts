import type { LightMyRequestResponse } from 'fastify';
import type { Engagement } from '../../shared/schemas/engagements.ts';
import type { Need, Offer } from '../../shared/schemas/listings.ts';
import type { Organization } from '../../shared/schemas/organizations.ts';
import type { TestApp, TestUser } from './app.ts';

/**
 * The one test kit: organisations, people, needs, offers, applications and engagements at a stage,
 * made through the real HTTP API of a test app (so they pass the same rules as in production), each
 * from a valid default body with overrides; and the ledger read back as a compact table. A factory
 * that is refused throws, naming the request and the answer: set-up fails loudly, not later.
 */

type Body = Record<string, unknown>;

export const initiativeBody = {
  type: 'initiative',
  description: 'Een moestuin voor de hele buurt.',
  postcode: '3511AB',
  domains: ['greening'],
  volunteerDeclarationDate: '2025-04-01',
} as const;

export const businessBody = {
  name: 'Bouwbedrijf Jansen',
  type: 'business',
  postcode: '3511AB',
  kvkNumber: '12345678',
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

/** The answer's JSON when it came with `status`; otherwise an error naming `what` and the answer. */
export function expectStatus<T>(res: LightMyRequestResponse, status: number, what: string): T {
  if (res.statusCode !== status) throw new Error(`${what}: expected ${status}, got ${res.statusCode} ${res.body}`);
  return res.json<T>();
}

/** An organisation with the person who created it (its owner), who acts for it by default. */
export type Org = Organization & { owner: TestUser };

/** A registered person with a profile (`PATCH /api/me`) beyond the display name. */
export async function makePerson(t: TestApp, displayName: string, profile: Body = {}): Promise<TestUser> {
  const user = await t.register({ displayName });
  if (Object.keys(profile).length > 0)
    expectStatus(await user.inject({ method: 'PATCH', url: '/api/me', payload: profile }), 200, 'profile');
  return user;
}

/** An initiative (or, with `type`, a public organisation or a business) created by `owner`, or by a new person. */
export async function makeOrganization(t: TestApp, overrides: Body = {}, owner?: TestUser): Promise<Org> {
  const defaults = overrides.type === 'business' ? businessBody : { ...initiativeBody, name: 'Buurttuin De Wilg' };
  const payload = { ...defaults, ...overrides };
  const by = owner ?? (await t.register({ displayName: `Owner of ${String(payload.name)}` }));
  const res = await by.inject({ method: 'POST', url: '/api/organizations', payload });
  return { ...expectStatus<{ organization: Organization }>(res, 201, 'create organisation').organization, owner: by };
}

/** Adds a registered person to the organisation with `role` by consent: its owner invites, the person accepts. */
export async function addMember(
  org: Pick<Org, 'id' | 'owner'>,
  person: TestUser,
  role: 'owner' | 'coordinator' | 'member',
): Promise<void> {
  await joinByInvitation(org.owner, org.id, person, role);
}

/** `inviter` (a manager) invites `person` by e-mail and `person` accepts: the only way anyone joins. */
export async function joinByInvitation(
  inviter: TestUser,
  organizationId: string,
  person: TestUser,
  role: 'owner' | 'coordinator' | 'member',
): Promise<void> {
  const res = await inviter.inject({
    method: 'POST',
    url: `/api/organizations/${organizationId}/members`,
    payload: { email: person.email, role },
  });
  expectStatus(res, 202, 'invite member');
  const mine = expectStatus<{ items: { id: string; organization: { id: string } }[] }>(
    await person.inject({ method: 'GET', url: '/api/me/invitations' }),
    200,
    'my invitations',
  );
  const invitation = mine.items.find((i) => i.organization.id === organizationId);
  if (!invitation) throw new Error('add member: the invitation did not reach the person');
  expectStatus(
    await person.inject({ method: 'POST', url: `/api/invitations/${invitation.id}/accept` }),
    200,
    'accept invitation',
  );
}

/** A need of the organisation posted by `by` (its owner unless said): hands for time credits, or materials to give. */
export async function makeNeed(
  org: Pick<Org, 'id' | 'owner'>,
  overrides: Body = {},
  by: TestUser = org.owner,
): Promise<Need> {
  const defaults = overrides.kind === 'materials' ? materialsNeedBody : needBody;
  const res = await by.inject({
    method: 'POST',
    url: '/api/needs',
    payload: { ...defaults, organizationId: org.id, ...overrides },
  });
  return expectStatus<{ need: Need }>(res, 201, 'post need').need;
}

/** An offer by `owner`: a person's own, or a business's with `organizationId` and a `b2cType`. */
export async function makeOffer(owner: TestUser, overrides: Body = {}): Promise<Offer> {
  const defaults = 'b2cType' in overrides ? businessOfferBody : personOfferBody;
  const res = await owner.inject({ method: 'POST', url: '/api/offers', payload: { ...defaults, ...overrides } });
  return expectStatus<{ offer: Offer }>(res, 201, 'post offer').offer;
}

/** `worker` applies to (or pledges materials for) a need: a proposed engagement. */
export async function makeApplication(worker: TestUser, needId: string, extra: Body = {}): Promise<Engagement> {
  const res = await worker.inject({ method: 'POST', url: '/api/engagements', payload: { needId, ...extra } });
  return expectStatus<{ engagement: Engagement }>(res, 201, 'apply').engagement;
}

export const engagementStages = ['proposed', 'accepted', 'hours_logged', 'completed'] as const;
export type EngagementStage = (typeof engagementStages)[number];

export interface EngagementPlan {
  needId: string;
  /** Applies, then logs the hours. */
  worker: TestUser;
  /** An owner or coordinator of the need's organisation: accepts and confirms. */
  manager: TestUser;
  /** More of the application (message, quantity, offerId). */
  application?: Body;
  /** What is logged on the way to `hours_logged`; 60 minutes on the day it was accepted unless said (hours are plausible from a week before acceptance up to today). */
  hours?: { minutes: number; date?: string; note?: string };
}

/** An engagement for work moved on to `stage` by the right side at every step (`completed`: confirmed as logged). */
export async function makeEngagement(stage: EngagementStage, plan: EngagementPlan): Promise<Engagement> {
  let engagement = await makeApplication(plan.worker, plan.needId, plan.application);
  const step = async (by: TestUser, action: string, payload?: Body) => {
    const res = await by.inject({
      method: 'POST',
      url: `/api/engagements/${engagement.id}/${action}`,
      ...(payload ? { payload } : {}),
    });
    return expectStatus<{ engagement: Engagement }>(res, 200, action).engagement;
  };
  const reached = engagementStages.indexOf(stage);
  if (reached >= 1) engagement = await step(plan.manager, 'accept');
  if (reached >= 2) {
    const acceptedOn = (engagement.acceptedAt ?? engagement.createdAt).slice(0, 10);
    engagement = await step(plan.worker, 'hours', { minutes: 60, ...plan.hours, date: plan.hours?.date ?? acceptedOn });
  }
  if (reached >= 3) engagement = await step(plan.manager, 'confirm', {});
  return engagement;
}

/**
 * The ledger as a table for assertions: accounts with their four counters (`dp dP cp cP`: debits
 * and credits, pending and posted), and every transfer row in order, by readable owner names
 * (`names`: owner id → name). Only accounts and transfers of the named owners are listed.
 */
export async function ledgerSnapshot(
  t: TestApp,
  names: Map<string, string>,
): Promise<{ accounts: string[]; transfers: string[] }> {
  const db = t.ctx.db;
  const accounts = await db.selectFrom('ledger_accounts').selectAll().execute();
  const label = new Map(accounts.map((a) => [a.id, `${names.get(a.owner_id) ?? a.owner_id}/${a.unit}`]));
  const transfers = await db.selectFrom('ledger_transfers').selectAll().orderBy('seq').execute();
  return {
    accounts: accounts
      .filter((a) => names.has(a.owner_id))
      .map(
        (a) =>
          `${label.get(a.id)} dp=${Number(a.debits_pending)} dP=${Number(a.debits_posted)} cp=${Number(a.credits_pending)} cP=${Number(a.credits_posted)}`,
      )
      .sort(),
    transfers: transfers
      .filter((r) => names.has(accounts.find((a) => a.id === r.debit_account_id)!.owner_id))
      .map(
        (r) =>
          `${r.id.replace(/^eng\.[^.]+\./, '')} ${r.phase} ${Number(r.amount)} ${r.unit} ${r.kind} ${label.get(r.debit_account_id)}→${label.get(r.credit_account_id)}`,
      ),
  };
}
