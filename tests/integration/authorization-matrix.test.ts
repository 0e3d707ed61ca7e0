import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../helpers/app.ts';
import { businessOfferBody, needBody, personOfferBody, type EngagementStage } from '../helpers/factories.ts';
import {
  actorNames,
  buildWorld,
  newUuid,
  snapshot,
  snapshotDiff,
  tableNames,
  type ActorName,
  type World,
} from '../helpers/world.ts';

/**
 * The IDOR matrix (RELIABILITY security 6): every private or state-changing route × every kind of
 * actor × an object owned by someone else. Each case names who may succeed and with what status;
 * everyone else is refused (403 unless stated, 401 for anonymous), and a refused attempt changes
 * nothing in the database (the whole database is compared before and after). A new route is one
 * more entry in `cases`.
 */

type Request = Pick<InjectOptions, 'method' | 'url' | 'payload'>;

interface Case {
  name: string;
  /** Makes the object(s) and the request; called again before each allowed actor's attempt when the route changes state. */
  setup: (w: World) => Promise<Request>;
  /** Who succeeds, with the exact status. */
  allowed: Partial<Record<ActorName, number>>;
  /** Refusals other than the default (403 signed in, 401 anonymous). */
  refused?: Partial<Record<ActorName, number>>;
  /**
   * Routes about "me": only `anonymous` is refused; every signed-in actor reads or changes their
   * own. `secret` (of the setup's object) must not appear in the answers of anyone but `visibleTo`.
   */
  self?: { secret: (w: World) => Promise<string>; visibleTo: ActorName[] };
  /** Public routes: anonymous visitors read too (and are held to the same `self.visibleTo`). */
  publicRead?: boolean;
}

/** personA's engagement at organisation A, confirmed by coordA. */
async function completedEngagement(w: World): Promise<string> {
  const id = await w.freshEngagement('hours_logged');
  const res = await w.send('coordA', { method: 'POST', url: `/api/engagements/${id}/confirm`, payload: {} });
  if (res.statusCode !== 200) throw new Error(`confirm: ${res.statusCode} ${res.body}`);
  return id;
}

/** A completed engagement of personA with coordA's (private) reference, whose text is unique. */
async function referencedEngagement(w: World): Promise<{ id: string; text: string }> {
  const id = await completedEngagement(w);
  const text = `Heel betrouwbaar en altijd op tijd (${newUuid()}).`;
  const res = await w.send('coordA', {
    method: 'POST',
    url: `/api/engagements/${id}/reference`,
    payload: { text, skills: ['tuinieren'] },
  });
  if (res.statusCode !== 201) throw new Error(`reference: ${res.statusCode} ${res.body}`);
  return { id, text };
}

/** personB asks personA (who may be found) for 5 minutes of time credit, with a unique memo. */
async function creditRequestToA(w: World): Promise<{ id: string; memo: string }> {
  const found = await w.send('personA', { method: 'PATCH', url: '/api/me', payload: { findable: true } });
  if (found.statusCode !== 200) throw new Error(`findable: ${found.statusCode} ${found.body}`);
  const memo = `Voor de ladder (${newUuid()})`;
  const res = await w.send('personB', {
    method: 'POST',
    url: '/api/credit-requests',
    payload: { toUserId: w.people.personA.id, amount: 5, memo },
  });
  if (res.statusCode !== 201) throw new Error(`credit request: ${res.statusCode} ${res.body}`);
  return { id: res.json().request.id, memo };
}
const creditRequest: (w: World) => Promise<string> = async (w) => (await creditRequestToA(w)).id;
const onlyPartiesSee = { coordA: 404, coordB: 404, memberA: 404, business: 404, admin: 404 } as const;
/** personA's code for a helper, made by personA. */
async function codeOfA(w: World): Promise<string> {
  const res = await w.send('personA', { method: 'POST', url: '/api/me/helper-code' });
  if (res.statusCode !== 201) throw new Error(`helper code: ${res.statusCode} ${res.body}`);
  return res.json<{ code: string }>().code;
}

/** A fresh consent of personA for coordA: `active` (given with a code) or `pending` (asked by coordA). */
async function consentOfA(w: World, status: 'active' | 'pending'): Promise<string> {
  const old = await w.send('personA', { method: 'GET', url: '/api/me/helpers' });
  for (const c of old
    .json<{ items: { id: string; status: string }[] }>()
    .items.filter((x) => x.status !== 'withdrawn')) {
    await w.send('personA', { method: 'POST', url: `/api/helpers/consents/${c.id}/withdraw` });
  }
  const res =
    status === 'active'
      ? await w.send('coordA', { method: 'POST', url: '/api/helpers/consents', payload: { code: await codeOfA(w) } })
      : await w.send('coordA', {
          method: 'POST',
          url: '/api/helpers/requests',
          payload: { email: w.people.personA.email },
        });
  if (res.statusCode !== 201) throw new Error(`consent: ${res.statusCode} ${res.body}`);
  return res.json<{ consent: { id: string } }>().consent.id;
}

const signedIn = actorNames.filter((a) => a !== 'anonymous');
/** Everyone signed in but `allowed` is refused with `status` (objects they cannot see answer 404). */
const refusedExcept = (allowed: ActorName[], status: number) =>
  Object.fromEntries(signedIn.filter((a) => !allowed.includes(a)).map((a) => [a, status])) as Partial<
    Record<ActorName, number>
  >;
const everyoneSignedIn = (status: number) =>
  Object.fromEntries(signedIn.map((a) => [a, status])) as Partial<Record<ActorName, number>>;

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
type Fresh = (w: World) => Promise<string>;

/**
 * A case on a fresh object that `fresh` makes for every attempt: `route` is the path with `:id` for
 * the object's id, optionally followed by a note (`/engagements/:id/cancel (accepted)`); the case is
 * named `METHOD route`.
 */
function onFresh(
  method: Method,
  route: string,
  fresh: Fresh,
  allowed: Case['allowed'],
  more: Pick<Case, 'refused' | 'self' | 'publicRead'> & { payload?: Record<string, unknown> } = {},
): Case {
  const { payload, ...rest } = more;
  const path = route.split(' ')[0] ?? route;
  return {
    name: `${method} ${route}`,
    setup: async (w) => ({
      method,
      url: `/api${path.replace(':id', await fresh(w))}`,
      ...(payload ? { payload } : {}),
    }),
    allowed,
    ...rest,
  };
}

/** A read about "me": every signed-in actor gets their own; personA's `secret` shows to personA alone. */
const ownRead = (name: string, url: string, secret: Fresh): Case => ({
  name,
  setup: async () => ({ method: 'GET', url }),
  allowed: everyoneSignedIn(200),
  self: { secret, visibleTo: ['personA'] },
});
/** A change to "me": only a visitor's attempt is refused here; what a signed-in person's own change does, the accounts tests hold. */
const ownChange = (method: Method, route: string, payload?: Record<string, unknown>): Case => ({
  name: `${method} ${route}`,
  setup: async () => ({ method, url: `/api${route}`, ...(payload ? { payload } : {}) }),
  allowed: {},
  self: { secret: async () => '', visibleTo: [] },
});

const organizationA: Fresh = (w) => w.freshOrgA();
/** A saved search of personA ("tell me when…"); its id is the secret. */
const savedSearchOfA: Fresh = async (w) => {
  const res = await w.send('personA', {
    method: 'POST',
    url: '/api/me/saved-searches',
    payload: { domains: ['greening'] },
  });
  if (res.statusCode !== 201) throw new Error(`saved search: ${res.statusCode} ${res.body}`);
  return res.json<{ savedSearch: { id: string } }>().savedSearch.id;
};
/** coordA accepts a fresh application of personA: personA's newest notification; its id is the secret. */
const notificationOfA: Fresh = async (w) => {
  await w.freshEngagement('accepted');
  const res = await w.send('personA', { method: 'GET', url: '/api/notifications?limit=1' });
  const id = res.json<{ items: { id: string }[] }>().items[0]?.id;
  if (!id) throw new Error(`no notification for personA: ${res.body}`);
  return id;
};
const need: Fresh = (w) => w.freshNeed();
const personOffer: Fresh = (w) => w.freshPersonOffer();
/** A need of A with coordA's Arabic translation. */
const translatedNeed: Fresh = async (w) => {
  const id = await w.freshNeed();
  const res = await w.send('coordA', {
    method: 'PUT',
    url: `/api/needs/${id}/translations/ar`,
    payload: { title: 'مساعدة في الحديقة' },
  });
  if (res.statusCode !== 200) throw new Error(`translate: ${res.statusCode} ${res.body}`);
  return id;
};
const businessOffer: Fresh = (w) => w.freshBusinessOffer();
const engagementAt =
  (stage: EngagementStage): Fresh =>
  (w) =>
    w.freshEngagement(stage);
const materialsEngagement: Fresh = (w) => w.freshMaterialsEngagement();
const transfer: Fresh = async (w) => (await w.freshTransfer()).id;
const timeAccountOfA: Fresh = (w) => w.timeAccountOfA();
const round: Fresh = (w) => w.freshRound();
const invitationOfA: Fresh = (w) => w.freshInvitationOfA();
/** personA asked coordA's organisation about a fresh need: a thread private to personA and A's managers. */
const questionOfA: Fresh = async (w) => {
  const res = await w.send('personA', {
    method: 'POST',
    url: '/api/questions',
    payload: { needId: await w.freshNeed(), text: `Mag ik een vraag stellen? (${newUuid()})` },
  });
  if (res.statusCode !== 201) throw new Error(`question: ${res.statusCode} ${res.body}`);
  return (res.json() as { thread: { id: string } }).thread.id;
};
/** Nobody outside a question's two parties learns that it exists. */
const notAParty = { personB: 404, coordB: 404, memberA: 404, business: 404, admin: 404 } as const;

/** personB reports a fresh need of A; returns the report id. */
const report: Fresh = async (w) => {
  const res = await w.send('personB', {
    method: 'POST',
    url: '/api/reports',
    payload: { targetType: 'listing', targetId: await w.freshNeed(), reason: 'Dit is reclame voor iets anders' },
  });
  if (res.statusCode !== 201) throw new Error(`report: ${res.statusCode} ${res.body}`);
  return res.json<{ report: { id: string } }>().report.id;
};
const verifiedOrganizationA: Fresh = async (w) => {
  const id = await w.freshOrgA();
  const res = await w.send('admin', {
    method: 'POST',
    url: `/api/admin/organizations/${id}/verification`,
    payload: { method: 'kvk', reference: '12345678', note: 'KvK extract checked' },
  });
  if (res.statusCode !== 200) throw new Error(`verify: ${res.statusCode} ${res.body}`);
  return id;
};

/** A fresh personal request of personA (neighbour help). */
const helpRequestOfA: Fresh = async (w) => {
  const res = await w.send('personA', {
    method: 'POST',
    url: '/api/help-requests',
    payload: { title: `Kast dragen ${newUuid()}`, category: 'practical', postcode: '3511AB', minutesEstimate: 30 },
  });
  if (res.statusCode !== 201) throw new Error(`help request: ${res.statusCode} ${res.body}`);
  return res.json<{ request: { id: string } }>().request.id;
};
/** personB offers help with a fresh request of personA, moved on to `stage` by the right sides. */
const helpEngagementAt =
  (stage: 'proposed' | 'accepted' | 'hours_logged'): Fresh =>
  async (w) => {
    const res = await w.send('personB', {
      method: 'POST',
      url: `/api/help-requests/${await helpRequestOfA(w)}/offers`,
      payload: {},
    });
    if (res.statusCode !== 201) throw new Error(`offer help: ${res.statusCode} ${res.body}`);
    const id = res.json<{ engagement: { id: string } }>().engagement.id;
    const go = async (actor: ActorName, action: string, payload: Record<string, unknown>) => {
      const r = await w.send(actor, { method: 'POST', url: `/api/help-engagements/${id}/${action}`, payload });
      if (r.statusCode !== 200) throw new Error(`${action}: ${r.statusCode} ${r.body}`);
    };
    if (stage !== 'proposed') await go('personA', 'accept', {});
    if (stage === 'hours_logged')
      await go('personB', 'hours', { minutes: 30, date: w.t.clock.now().toISOString().slice(0, 10) });
    return id;
  };
/** A fresh verified organisation like A that holds a few credits to sponsor: personB gives it 5 minutes. */
const organizationAWithCredits: Fresh = async (w) => {
  const id = await verifiedOrganizationA(w);
  const res = await w.send('personB', {
    method: 'POST',
    url: '/api/ledger/transfers',
    payload: { id: newUuid(), toOrganizationId: id, unit: 'TIME', amount: 5 },
  });
  if (res.statusCode !== 201) throw new Error(`gift: ${res.statusCode} ${res.body}`);
  return id;
};
/** A service offer of organisation A (an initiative), posted by coordA. */
const serviceOfferOfA: Fresh = async (w) => {
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
  if (res.statusCode !== 201) throw new Error(`service offer: ${res.statusCode} ${res.body}`);
  return res.json<{ offer: { id: string } }>().offer.id;
};
/** personA orders from organisation A, moved on to `stage` by the right sides. */
const saleAt =
  (stage: 'requested' | 'accepted' | 'delivered'): Fresh =>
  async (w) => {
    const res = await w.send('personA', {
      method: 'POST',
      url: `/api/service-offers/${await serviceOfferOfA(w)}/orders`,
      payload: { quantity: 2 },
    });
    if (res.statusCode !== 201) throw new Error(`order: ${res.statusCode} ${res.body}`);
    const id = res.json<{ sale: { id: string } }>().sale.id;
    const go = async (action: string, payload: Record<string, unknown>) => {
      const r = await w.send('coordA', { method: 'POST', url: `/api/sales/${id}/${action}`, payload });
      if (r.statusCode !== 200) throw new Error(`${action}: ${r.statusCode} ${r.body}`);
    };
    if (stage !== 'requested') await go('accept', {});
    if (stage === 'delivered') await go('deliver', { workMinutes: 120 });
    return id;
  };
const saleStrangers = { personB: 404, coordB: 404, memberA: 404, business: 404, admin: 404 } as const;
/** An item in organisation A's library of things, put there by coordA. */
const itemOfA: Fresh = async (w) => {
  const res = await w.send('coordA', {
    method: 'POST',
    url: '/api/lendable-items',
    payload: { organizationId: w.orgA, title: 'Boormachine', valuePerDayCents: 450, loanDays: 7, postcode: '3511AB' },
  });
  if (res.statusCode !== 201) throw new Error(`item: ${res.statusCode} ${res.body}`);
  return res.json<{ item: { id: string } }>().item.id;
};
/** personA borrows a fresh item of A's library, moved on to `stage` (a proposal by personA when `proposed`). */
const loanAt =
  (stage: 'requested' | 'handed_over' | 'proposed'): Fresh =>
  async (w) => {
    const res = await w.send('personA', {
      method: 'POST',
      url: `/api/lendable-items/${await itemOfA(w)}/loans`,
      payload: {},
    });
    if (res.statusCode !== 201) throw new Error(`loan: ${res.statusCode} ${res.body}`);
    const id = res.json<{ loan: { id: string } }>().loan.id;
    const go = async (actor: ActorName, path: string, payload: Record<string, unknown>) => {
      const r = await w.send(actor, { method: 'POST', url: `/api/loans/${id}/${path}`, payload });
      if (r.statusCode !== 200) throw new Error(`${path}: ${r.statusCode} ${r.body}`);
    };
    if (stage !== 'requested') await go('coordA', 'hand-over', { condition: 'Als nieuw' });
    if (stage === 'proposed') await go('personA', 'settlement', { outcome: 'write_off', note: 'Kwijt' });
    return id;
  };
const obligationBody = {
  buyerName: 'Gemeente Utrecht',
  contractReference: 'UTR-2026-041',
  targetCents: 100000,
  periodFrom: '2026-01-01',
  periodTo: '2026-12-31',
};
/** A social-return obligation of the business organisation, registered by its owner. */
const obligationOfBusiness: Fresh = async (w) => {
  const res = await w.send('business', {
    method: 'POST',
    url: `/api/organizations/${w.biz}/social-return/obligations`,
    payload: obligationBody,
  });
  if (res.statusCode !== 201) throw new Error(`obligation: ${res.statusCode} ${res.body}`);
  return res.json<{ obligation: { id: string } }>().obligation.id;
};
const business: Fresh = async (w) => w.biz;
/** The two people of a help engagement; everyone else is told it does not exist. */
const helpStrangers = { coordA: 404, coordB: 404, memberA: 404, business: 404, admin: 404 } as const;

const cases: Case[] = [
  // ——— trust: verification, audit log, reports and moderation ———
  {
    name: 'GET /admin/organizations',
    setup: async () => ({ method: 'GET', url: '/api/admin/organizations?verified=false' }),
    allowed: { admin: 200 },
  },
  {
    name: 'GET /admin/organizations/:id',
    setup: async (w) => ({ method: 'GET', url: `/api/admin/organizations/${w.orgA}` }),
    allowed: { admin: 200 },
  },
  onFresh(
    'POST',
    '/admin/organizations/:id/verification',
    organizationA,
    { admin: 200 },
    { payload: { method: 'kvk', reference: '12345678', note: 'KvK extract checked' } },
  ),
  onFresh(
    'POST',
    '/admin/organizations/:id/verification/withdraw',
    verifiedOrganizationA,
    { admin: 200 },
    { payload: { reason: 'No longer active here' } },
  ),
  {
    name: 'GET /audit (everything)',
    setup: async () => ({ method: 'GET', url: '/api/audit' }),
    allowed: { admin: 200 },
  },
  {
    // Owners read their organisation's log; founderA owns A (not a matrix actor), so coordinators and members are refused.
    name: 'GET /audit?organizationId (an organisation)',
    setup: async (w) => ({ method: 'GET', url: `/api/audit?organizationId=${w.orgA}` }),
    allowed: { admin: 200 },
  },
  {
    name: 'POST /reports',
    setup: async (w) => ({
      method: 'POST',
      url: '/api/reports',
      payload: { targetType: 'listing', targetId: await w.freshNeed(), reason: 'Dit is reclame voor iets anders' },
    }),
    allowed: {},
    self: { secret: async () => '', visibleTo: [] },
  },
  {
    name: 'GET /reports/mine',
    setup: async () => ({ method: 'GET', url: '/api/reports/mine' }),
    allowed: everyoneSignedIn(200),
    self: { secret: report, visibleTo: ['personB'] },
  },
  {
    name: 'GET /admin/reports',
    setup: async () => ({ method: 'GET', url: '/api/admin/reports' }),
    allowed: { admin: 200 },
  },
  onFresh(
    'POST',
    '/admin/reports/:id/hide',
    report,
    { admin: 200 },
    { payload: { reason: 'Advertising, not a need' } },
  ),
  onFresh(
    'POST',
    '/admin/reports/:id/restore',
    report,
    { admin: 200 },
    { payload: { reason: 'Nothing wrong with it' } },
  ),

  // ——— organisations ———
  onFresh(
    'PATCH',
    '/organizations/:id',
    organizationA,
    { coordA: 200, admin: 200 },
    { payload: { description: 'Overgenomen' } },
  ),
  {
    name: 'GET /organizations/:id/members',
    setup: async (w) => ({ method: 'GET', url: `/api/organizations/${w.orgA}/members` }),
    allowed: { coordA: 200, memberA: 200, admin: 200 },
  },
  {
    name: 'POST /organizations/:id/members (a member)',
    setup: async (w) => ({
      method: 'POST',
      url: `/api/organizations/${await w.freshOrgA()}/members`,
      payload: { email: w.outsider.email, role: 'member', reason: 'Asked for by the owner' },
    }),
    allowed: { coordA: 202, admin: 202 },
  },
  {
    name: 'POST /organizations/:id/members (an owner)',
    setup: async (w) => ({
      method: 'POST',
      url: `/api/organizations/${await w.freshOrgA()}/members`,
      payload: { email: w.outsider.email, role: 'owner', reason: 'Asked for by the owner' },
    }),
    allowed: { admin: 202 },
  },
  {
    name: 'POST /organizations/:id/members (a member promotes themselves)',
    setup: async (w) => ({
      method: 'POST',
      url: `/api/organizations/${await w.freshOrgA()}/members`,
      payload: { email: w.people.memberA.email, role: 'coordinator', reason: 'Asked for by the owner' },
    }),
    allowed: { coordA: 202, admin: 202 },
  },
  {
    name: 'PATCH /organizations/:id/members/:userId (memberA made coordinator)',
    setup: async (w) => ({
      method: 'PATCH',
      url: `/api/organizations/${await w.freshOrgA()}/members/${w.people.memberA.id}`,
      payload: { role: 'coordinator', reason: 'Asked for by the owner' },
    }),
    allowed: { coordA: 200, admin: 200 },
  },
  // Leaving is one's own act: members of the organisation leave (204), everyone else has no membership there.
  onFresh(
    'DELETE',
    '/organizations/:id/members/me',
    organizationA,
    { coordA: 204, memberA: 204 },
    { refused: { personA: 404, personB: 404, coordB: 404, business: 404, admin: 404 } },
  ),
  // An invitation is answered by its addressee only; to anyone else it does not exist.
  onFresh(
    'POST',
    '/invitations/:id/accept',
    invitationOfA,
    { personA: 200 },
    { refused: { personB: 404, coordA: 404, coordB: 404, memberA: 404, business: 404, admin: 404 } },
  ),
  onFresh(
    'POST',
    '/invitations/:id/decline',
    invitationOfA,
    { personA: 204 },
    { refused: { personB: 404, coordA: 404, coordB: 404, memberA: 404, business: 404, admin: 404 } },
  ),

  // ——— listings ———
  {
    name: 'POST /needs for another organisation',
    setup: async (w) => ({ method: 'POST', url: '/api/needs', payload: { ...needBody, organizationId: w.orgA } }),
    allowed: { coordA: 201, admin: 201 },
  },
  onFresh('PATCH', '/needs/:id', need, { coordA: 200, admin: 200 }, { payload: { title: 'Overgenomen behoefte' } }),
  onFresh('POST', '/needs/:id/close', need, { coordA: 200, admin: 200 }),
  {
    name: 'POST /offers for a business',
    setup: async (w) => ({
      method: 'POST',
      url: '/api/offers',
      payload: { ...businessOfferBody, organizationId: w.biz },
    }),
    allowed: { business: 201, admin: 201 },
  },
  onFresh(
    'PATCH',
    "/offers/:id (a person's offer)",
    personOffer,
    { personA: 200, admin: 200 },
    { payload: { title: 'Overgenomen aanbod' } },
  ),
  onFresh('POST', "/offers/:id/close (a person's offer)", personOffer, { personA: 200, admin: 200 }),
  // ——— listing translations: the author, the organisation's managers, members who speak the language ———
  onFresh(
    'PUT',
    '/needs/:id/translations/ar',
    need,
    { coordA: 200 },
    { payload: { title: 'مساعدة في الحديقة', originalLanguage: 'nl' } },
  ),
  onFresh(
    'PUT',
    "/offers/:id/translations/ar (a person's offer)",
    personOffer,
    { personA: 200 },
    { payload: { title: 'مساعدة في الحديقة' } },
  ),
  onFresh('DELETE', '/needs/:id/translations/ar', translatedNeed, { coordA: 204 }),
  onFresh(
    'PATCH',
    "/offers/:id (a business's offer)",
    businessOffer,
    { business: 200, admin: 200 },
    { payload: { title: 'Overgenomen aanbod' } },
  ),
  onFresh('POST', "/offers/:id/close (a business's offer)", businessOffer, { business: 200, admin: 200 }),

  // ——— engagements ———
  {
    name: 'POST /engagements with a person’s offer',
    setup: async (w) => ({
      method: 'POST',
      url: '/api/engagements',
      payload: { needId: await w.freshNeed(), offerId: await w.freshPersonOffer() },
    }),
    allowed: { personA: 201, coordA: 201 },
  },
  {
    name: 'POST /engagements with a business’s offer',
    setup: async (w) => ({
      method: 'POST',
      url: '/api/engagements',
      payload: { needId: await w.freshNeed(), offerId: await w.freshBusinessOffer() },
    }),
    allowed: { business: 201, coordA: 201 },
  },
  {
    name: 'POST /engagements inviting a findable person',
    setup: async (w) => {
      const res = await w.outsider.inject({ method: 'PATCH', url: '/api/me', payload: { findable: true } });
      if (res.statusCode !== 200) throw new Error(`findable: ${res.statusCode} ${res.body}`);
      return {
        method: 'POST',
        url: '/api/engagements',
        payload: { needId: await w.freshNeed(), personId: w.outsider.id },
      };
    },
    allowed: { coordA: 201 },
  },
  // ——— questions ———
  {
    name: 'POST /questions about a need',
    setup: async (w) => ({
      method: 'POST',
      url: '/api/questions',
      payload: { needId: await w.freshNeed(), text: 'Is er parkeerplaats?' },
    }),
    allowed: { personA: 201, personB: 201, coordB: 201, memberA: 201, business: 201, admin: 201 },
    refused: { coordA: 422 },
  },
  onFresh('GET', '/questions/:id', questionOfA, { personA: 200, coordA: 200 }, { refused: notAParty }),
  onFresh(
    'POST',
    '/questions/:id/messages',
    questionOfA,
    { personA: 201, coordA: 201 },
    { refused: notAParty, payload: { text: 'Dank je, tot dan!' } },
  ),
  {
    name: 'GET /questions',
    setup: async () => ({ method: 'GET', url: '/api/questions' }),
    allowed: everyoneSignedIn(200),
    self: { secret: questionOfA, visibleTo: ['personA', 'coordA'] },
  },
  onFresh('GET', '/engagements/:id', engagementAt('proposed'), { personA: 200, coordA: 200, memberA: 200, admin: 200 }),
  {
    name: 'GET /engagements?role=organization&organizationId=',
    setup: async (w) => ({ method: 'GET', url: `/api/engagements?role=organization&organizationId=${w.orgA}` }),
    allowed: { coordA: 200, memberA: 200 },
  },
  onFresh('POST', '/engagements/:id/accept', engagementAt('proposed'), { coordA: 200 }),
  onFresh(
    'POST',
    '/engagements/:id/decline',
    engagementAt('proposed'),
    { coordA: 200 },
    { payload: { message: 'Helaas' } },
  ),
  onFresh('POST', '/engagements/:id/cancel (proposed)', engagementAt('proposed'), { personA: 200 }),
  onFresh('POST', '/engagements/:id/cancel (accepted)', engagementAt('accepted'), { personA: 200, coordA: 200 }),
  onFresh(
    'POST',
    '/engagements/:id/hours',
    engagementAt('accepted'),
    { personA: 200 },
    { payload: { minutes: 30, date: '2026-02-28' } },
  ),
  onFresh('POST', '/engagements/:id/deliver', materialsEngagement, { personA: 200 }, { payload: { quantity: 2 } }),
  onFresh(
    'POST',
    '/engagements/:id/dispute',
    engagementAt('hours_logged'),
    { coordA: 200 },
    { payload: { reason: 'Dit klopt niet' } },
  ),
  onFresh('GET', '/engagements/:id/confirmation-preview', engagementAt('hours_logged'), { personA: 200, coordA: 200 }),
  onFresh('POST', '/engagements/:id/confirm', engagementAt('hours_logged'), { coordA: 200 }, { payload: {} }),
  onFresh('GET', '/engagements/:id/messages', engagementAt('proposed'), {
    personA: 200,
    coordA: 200,
    memberA: 200,
    admin: 200,
  }),
  onFresh(
    'POST',
    '/engagements/:id/messages',
    engagementAt('proposed'),
    { personA: 201, coordA: 201 },
    { payload: { text: 'Hallo' } },
  ),

  // ——— ledger ———
  {
    name: 'GET /ledger/balances?owner=org:',
    setup: async (w) => ({ method: 'GET', url: `/api/ledger/balances?owner=org:${w.orgA}` }),
    allowed: { coordA: 200, memberA: 200, admin: 200 },
  },
  {
    name: 'GET /ledger/transfers?owner=org:',
    setup: async (w) => ({ method: 'GET', url: `/api/ledger/transfers?owner=org:${w.orgA}` }),
    allowed: { coordA: 200, memberA: 200, admin: 200 },
  },
  onFresh('GET', '/ledger/transfers/:id', transfer, { personA: 200, coordA: 200, memberA: 200, admin: 200 }),
  {
    name: 'POST /ledger/transfers from another organisation',
    setup: async (w) => ({
      method: 'POST',
      url: '/api/ledger/transfers',
      payload: { id: newUuid(), fromOrganizationId: w.orgA, toUserId: w.people.personB.id, unit: 'TIME', amount: 5 },
    }),
    allowed: { coordA: 201 },
  },
  {
    name: "POST /ledger/transfers replaying another person's transfer id",
    setup: async (w) => ({ method: 'POST', url: '/api/ledger/transfers', payload: (await w.freshTransfer()).body }),
    allowed: { personA: 200 },
    refused: { personB: 409, coordA: 409, coordB: 409, memberA: 409, business: 409, admin: 409 },
  },
  onFresh(
    'PUT',
    '/ledger/accounts/:id/floor',
    timeAccountOfA,
    { admin: 200 },
    { payload: { floor: -100_000, reason: 'Busy season coming' } },
  ),
  {
    name: 'POST /ledger/corrections',
    setup: async (w) => ({
      method: 'POST',
      url: '/api/ledger/corrections',
      payload: { id: newUuid(), transferId: (await w.freshTransfer()).id, reason: 'Per ongeluk verstuurd' },
    }),
    allowed: { admin: 201 },
  },
  {
    name: 'GET /ledger/export',
    setup: async () => ({ method: 'GET', url: '/api/ledger/export?format=csv' }),
    allowed: everyoneSignedIn(200),
    self: { secret: async (w) => (await w.freshTransfer()).id, visibleTo: ['personA', 'admin'] },
  },

  // ——— matching ———
  onFresh('GET', '/needs/:id/matches', need, { coordA: 200, memberA: 200, admin: 200 }),
  onFresh('GET', "/offers/:id/matches (a person's offer)", personOffer, { personA: 200, admin: 200 }),
  onFresh('GET', "/offers/:id/matches (a business's offer)", businessOffer, { business: 200, admin: 200 }),
  {
    name: 'POST /match-rounds',
    setup: async () => ({ method: 'POST', url: '/api/match-rounds', payload: { near: '3511', radiusKm: 5 } }),
    allowed: { coordB: 201 },
  },
  {
    name: 'GET /match-rounds',
    setup: async () => ({ method: 'GET', url: '/api/match-rounds' }),
    allowed: { coordB: 200, admin: 200 },
  },
  onFresh('GET', '/match-rounds/:id', round, { coordB: 200, admin: 200 }),
  onFresh('POST', '/match-rounds/:id/invite', round, { coordB: 200, admin: 200 }),
  // A round's pairing for organisation A is A's to send: its managers only; admins and the round's body act for nobody.
  onFresh('GET', '/organizations/:id/round-proposals', organizationA, { coordA: 200 }),
  // VOG and UWV records: the organisation's own coordinators, for people it works with; admins read, never record.
  ...(['vog', 'uwv'] as const).map((kind): Case => ({
    name: `POST /organizations/:id/${kind}-records`,
    setup: async (w) => ({
      method: 'POST',
      url: `/api/organizations/${await verifiedOrganizationA(w)}/${kind}-records`,
      payload: { userId: w.people.memberA.id, checkedOn: '2026-02-01' },
    }),
    allowed: { coordA: 201 },
  })),
  onFresh('GET', '/organizations/:id/screening-records', organizationA, { coordA: 200, admin: 200 }),
  onFresh('POST', '/round-proposals/:id/send', (w) => w.freshRoundProposal(), { coordA: 201 }),
  {
    name: 'GET /me/suggestions',
    setup: async () => ({ method: 'GET', url: '/api/me/suggestions' }),
    allowed: everyoneSignedIn(200),
    self: { secret: async () => '', visibleTo: [] },
  },

  // ——— public reads that show more to those who may edit: the full postcode (PC4 for everyone else) ———
  onFresh('GET', '/needs/:id (full postcode for editors only)', need, everyoneSignedIn(200), {
    publicRead: true,
    self: { secret: async () => '3511AB', visibleTo: ['coordA', 'admin'] },
  }),
  onFresh('GET', '/offers/:id (full postcode for the owner only)', personOffer, everyoneSignedIn(200), {
    publicRead: true,
    self: { secret: async () => '3511AB', visibleTo: ['personA', 'admin'] },
  }),
  {
    name: 'GET /needs?near= (no full postcodes in search)',
    setup: async () => ({ method: 'GET', url: '/api/needs?near=3511&limit=100' }),
    allowed: everyoneSignedIn(200),
    publicRead: true,
    self: { secret: async () => '3511AB', visibleTo: ['coordA', 'admin'] },
  },

  // ——— recognition ———
  onFresh(
    'POST',
    '/engagements/:id/reference',
    completedEngagement,
    { coordA: 201 },
    { payload: { text: 'Overgenomen referentie', skills: [] } },
  ),
  {
    name: 'PATCH /me/references/:engagementId (a reference about A)',
    setup: async (w) => ({
      method: 'PATCH',
      url: `/api/me/references/${(await referencedEngagement(w)).id}`,
      payload: { public: true },
    }),
    allowed: { personA: 200 },
    refused: { personB: 404, coordA: 404, coordB: 404, memberA: 404, business: 404, admin: 404 },
  },
  ownRead('GET /me/recognition', '/api/me/recognition', async (w) => (await referencedEngagement(w)).text),
  {
    name: 'GET /users/:id/recognition (a private reference stays private)',
    setup: async (w) => ({ method: 'GET', url: `/api/users/${w.people.personA.id}/recognition` }),
    allowed: everyoneSignedIn(200),
    publicRead: true,
    self: { secret: async (w) => (await referencedEngagement(w)).text, visibleTo: [] },
  },
  {
    name: 'GET /me/badges/:badgeId/openbadge (only the holder has it)',
    setup: async () => ({ method: 'GET', url: '/api/me/badges/first_contribution/openbadge' }),
    allowed: { personA: 200, personB: 404, coordA: 404, coordB: 404, memberA: 404, business: 404, admin: 404 },
    self: { secret: async (w) => (await completedEngagement(w)) && w.people.personA.id, visibleTo: ['personA'] },
  },
  {
    name: 'GET /me/certificate.pdf',
    setup: async () => ({ method: 'GET', url: '/api/me/certificate.pdf' }),
    allowed: everyoneSignedIn(200),
    self: { secret: async () => '', visibleTo: [] },
  },

  // ——— neighbours helping neighbours (issue 14) ———
  {
    name: 'POST /help-requests',
    setup: async () => ({
      method: 'POST',
      url: '/api/help-requests',
      payload: { title: 'Kast dragen', category: 'practical', postcode: '3511AB', minutesEstimate: 30 },
    }),
    allowed: {},
    self: { secret: async () => '', visibleTo: [] },
  },
  ownRead('GET /me/help', '/api/me/help', helpRequestOfA),
  onFresh('POST', '/help-requests/:id/close', helpRequestOfA, { personA: 200 }),
  onFresh('POST', '/help-requests/:id/offers', helpRequestOfA, {
    personB: 201,
    coordA: 201,
    coordB: 201,
    memberA: 201,
    business: 201,
    admin: 201,
  }),
  onFresh(
    'GET',
    '/help-engagements/:id',
    helpEngagementAt('proposed'),
    { personA: 200, personB: 200 },
    { refused: helpStrangers },
  ),
  onFresh(
    'POST',
    '/help-engagements/:id/accept',
    helpEngagementAt('proposed'),
    { personA: 200 },
    { refused: helpStrangers, payload: {} },
  ),
  onFresh(
    'POST',
    '/help-engagements/:id/decline',
    helpEngagementAt('proposed'),
    { personA: 200 },
    { refused: helpStrangers, payload: {} },
  ),
  onFresh(
    'POST',
    '/help-engagements/:id/cancel (proposed)',
    helpEngagementAt('proposed'),
    { personB: 200 },
    { refused: helpStrangers, payload: {} },
  ),
  onFresh(
    'POST',
    '/help-engagements/:id/hours',
    helpEngagementAt('accepted'),
    { personB: 200 },
    { refused: helpStrangers, payload: { minutes: 30, date: '2026-03-02' } },
  ),
  onFresh(
    'POST',
    '/help-engagements/:id/confirm',
    helpEngagementAt('hours_logged'),
    { personA: 200 },
    { refused: helpStrangers, payload: {} },
  ),
  onFresh(
    'POST',
    '/help-engagements/:id/dispute',
    helpEngagementAt('hours_logged'),
    { personA: 200 },
    { refused: helpStrangers, payload: {} },
  ),
  {
    name: 'POST /organizations/:id/sponsorships',
    setup: async (w) => ({
      method: 'POST',
      url: `/api/organizations/${await organizationAWithCredits(w)}/sponsorships`,
      payload: { recipientUserId: w.people.personA.id, minutes: 1, reason: 'Kan zelf geen tijd verdienen' },
    }),
    allowed: { coordA: 201 },
  },
  onFresh('GET', '/organizations/:id/sponsorships', organizationA, { coordA: 200, admin: 200 }),

  // ——— sales: initiatives' own services (issue 14) ———
  {
    name: 'POST /service-offers',
    setup: async (w) => ({
      method: 'POST',
      url: '/api/service-offers',
      payload: {
        organizationId: w.orgA,
        title: 'Catering',
        domain: 'food',
        priceUnit: 'unit',
        priceCents: 1250,
        postcode: '3511AB',
      },
    }),
    allowed: { coordA: 201, admin: 201 },
  },
  onFresh('POST', '/service-offers/:id/close', serviceOfferOfA, { coordA: 200, admin: 200 }),
  onFresh(
    'POST',
    '/service-offers/:id/orders',
    serviceOfferOfA,
    { personA: 201, personB: 201, coordB: 201, memberA: 201, business: 201, admin: 201 },
    { payload: { quantity: 1 } },
  ),
  onFresh('GET', '/sales/:id', saleAt('requested'), { personA: 200, coordA: 200 }, { refused: saleStrangers }),
  onFresh('POST', '/sales/:id/accept', saleAt('requested'), { coordA: 200 }, { refused: saleStrangers, payload: {} }),
  onFresh('POST', '/sales/:id/decline', saleAt('requested'), { coordA: 200 }, { refused: saleStrangers, payload: {} }),
  onFresh(
    'POST',
    '/sales/:id/cancel (requested)',
    saleAt('requested'),
    { personA: 200 },
    { refused: saleStrangers, payload: {} },
  ),
  onFresh(
    'POST',
    '/sales/:id/deliver',
    saleAt('accepted'),
    { coordA: 200 },
    { refused: saleStrangers, payload: { workMinutes: 60 } },
  ),
  onFresh('POST', '/sales/:id/confirm', saleAt('delivered'), { personA: 200 }, { refused: saleStrangers, payload: {} }),
  {
    name: 'GET /sales?role=seller (an initiative’s sales)',
    setup: async (w) => ({ method: 'GET', url: `/api/sales?role=seller&organizationId=${w.orgA}` }),
    allowed: { coordA: 200 },
  },
  ownRead('GET /sales?role=buyer (own purchases)', '/api/sales?role=buyer', saleAt('requested')),
  onFresh('GET', '/organizations/:id/own-income?year=2026', organizationA, { coordA: 200, memberA: 200, admin: 200 }),
  onFresh(
    'PUT',
    '/organizations/:id/income/2026',
    organizationA,
    { coordA: 200, admin: 200 },
    { payload: { subsidiesCents: 50000, donationsCents: 20000 } },
  ),

  // ——— loans: a library of things (issue 14) ———
  {
    name: 'POST /lendable-items (for an organisation)',
    setup: async (w) => ({
      method: 'POST',
      url: '/api/lendable-items',
      payload: { organizationId: w.orgA, title: 'Ladder', valuePerDayCents: 200, loanDays: 3, postcode: '3511AB' },
    }),
    allowed: { coordA: 201, admin: 201 },
  },
  onFresh(
    'POST',
    '/lendable-items/:id/loans',
    itemOfA,
    { personA: 201, personB: 201, coordB: 201, memberA: 201, business: 201, admin: 201 },
    { payload: {} },
  ),
  onFresh('GET', '/loans/:id', loanAt('requested'), { personA: 200, coordA: 200 }, { refused: saleStrangers }),
  onFresh(
    'POST',
    '/loans/:id/hand-over',
    loanAt('requested'),
    { coordA: 200 },
    { refused: saleStrangers, payload: { condition: 'Als nieuw' } },
  ),
  onFresh('POST', '/loans/:id/decline', loanAt('requested'), { coordA: 200 }, { refused: saleStrangers, payload: {} }),
  onFresh('POST', '/loans/:id/cancel', loanAt('requested'), { personA: 200 }, { refused: saleStrangers, payload: {} }),
  onFresh(
    'POST',
    '/loans/:id/return',
    loanAt('handed_over'),
    { coordA: 200 },
    { refused: saleStrangers, payload: { condition: 'Netjes terug' } },
  ),
  onFresh(
    'POST',
    '/loans/:id/settlement',
    loanAt('handed_over'),
    { personA: 200, coordA: 200 },
    { refused: saleStrangers, payload: { outcome: 'write_off', note: 'Kwijt' } },
  ),
  onFresh(
    'POST',
    '/loans/:id/settlement/agree',
    loanAt('proposed'),
    { coordA: 200 },
    { refused: saleStrangers, payload: {} },
  ),
  {
    name: 'GET /loans?role=lender (an organisation’s library)',
    setup: async (w) => ({ method: 'GET', url: `/api/loans?role=lender&organizationId=${w.orgA}` }),
    allowed: { coordA: 200 },
  },
  ownRead('GET /loans?role=borrower (own borrowings)', '/api/loans?role=borrower', loanAt('requested')),

  // ——— social return statements (issue 14) ———
  onFresh(
    'POST',
    '/organizations/:id/social-return/obligations',
    business,
    { business: 201, admin: 201 },
    { payload: obligationBody },
  ),
  onFresh('GET', '/organizations/:id/social-return/obligations', business, { business: 200, admin: 200 }),
  onFresh(
    'PUT',
    '/organizations/:id/social-return/rules',
    business,
    { business: 200, admin: 200 },
    {
      payload: {
        buyerName: 'Gemeente Utrecht',
        volunteerHourCents: 3500,
        proBonoHourCents: 8000,
        purchasePct: 50,
        materialsPct: 100,
      },
    },
  ),
  onFresh('GET', '/social-return/obligations/:id', obligationOfBusiness, { business: 200, admin: 200 }),
  onFresh('POST', '/social-return/obligations/:id/statements', obligationOfBusiness, { business: 201, admin: 201 }),

  // ——— accounts and privacy ———
  onFresh(
    'DELETE',
    '/me/sessions/:id (another session of A)',
    (w) => w.freshSessionOfA(),
    { personA: 204 },
    { refused: { personB: 404, coordA: 404, coordB: 404, memberA: 404, business: 404, admin: 404 } },
  ),
  ownRead('GET /me/sessions', '/api/me/sessions', (w) => w.freshSessionOfA()),
  ownRead('GET /me/export', '/api/me/export', async (w) => w.people.personA.email),
  ownRead('GET /me/listings', '/api/me/listings', personOffer),
  ownRead('GET /me/invitations', '/api/me/invitations', invitationOfA),
  // ——— the timebank: finding people, asking for credits (only the two parties see a request) ———
  {
    name: 'GET /people (names and places only)',
    setup: async (w) => {
      await w.send('personA', { method: 'PATCH', url: '/api/me', payload: { findable: true } });
      return { method: 'GET', url: '/api/people?q=Person' };
    },
    allowed: everyoneSignedIn(200),
    self: { secret: async (w) => w.people.personA.email, visibleTo: [] },
  },
  {
    name: 'POST /credit-requests (to findable personA)',
    setup: async (w) => {
      await w.send('personA', { method: 'PATCH', url: '/api/me', payload: { findable: true } });
      return { method: 'POST', url: '/api/credit-requests', payload: { toUserId: w.people.personA.id, amount: 5 } };
    },
    // Asking oneself is bad input, not a question of who may: personA's own attempt answers 400.
    allowed: { personA: 400, personB: 201, coordA: 201, coordB: 201, memberA: 201, business: 201, admin: 201 },
  },
  {
    name: 'GET /credit-requests (asked and asking only)',
    setup: async () => ({ method: 'GET', url: '/api/credit-requests' }),
    allowed: everyoneSignedIn(200),
    self: { secret: async (w) => (await creditRequestToA(w)).memo, visibleTo: ['personA', 'personB'] },
  },
  onFresh('GET', '/credit-requests/:id', creditRequest, { personA: 200, personB: 200 }, { refused: onlyPartiesSee }),
  onFresh(
    'POST',
    '/credit-requests/:id/accept',
    creditRequest,
    { personA: 200 },
    { refused: { ...onlyPartiesSee, personB: 403 } },
  ),
  onFresh(
    'POST',
    '/credit-requests/:id/decline',
    creditRequest,
    { personA: 200 },
    { refused: { ...onlyPartiesSee, personB: 403 } },
  ),
  // Counts only, each person's own (tests/integration/to-do.test.ts holds what they count).
  {
    name: 'GET /me/to-do',
    setup: async () => ({ method: 'GET', url: '/api/me/to-do' }),
    allowed: everyoneSignedIn(200),
    self: { secret: async () => '', visibleTo: [] },
  },
  // ——— help on someone's behalf: consent between coordA (helper) and personA ———
  ownChange('POST', '/me/helper-code'),
  ownRead('GET /me/helpers', '/api/me/helpers', (w) => consentOfA(w, 'active')),
  ownRead('GET /me/on-behalf-acts', '/api/me/on-behalf-acts', async (w) => {
    await consentOfA(w, 'active');
    const res = await w.send('coordA', {
      method: 'POST',
      url: '/api/offers',
      payload: personOfferBody,
      headers: { 'x-on-behalf-of': w.people.personA.id },
    });
    if (res.statusCode !== 201) throw new Error(`act for A: ${res.statusCode} ${res.body}`);
    const act = await w.t.ctx.db
      .selectFrom('on_behalf_acts')
      .select('id')
      .where('person_id', '=', w.people.personA.id)
      .orderBy('at', 'desc')
      .executeTakeFirstOrThrow();
    return act.id;
  }),
  {
    name: 'GET /helpers/people',
    setup: async () => ({ method: 'GET', url: '/api/helpers/people' }),
    allowed: everyoneSignedIn(200),
    self: { secret: (w) => consentOfA(w, 'active'), visibleTo: ['coordA'] },
  },
  onFresh(
    'POST',
    '/me/helpers/:id/confirm (asked of A)',
    (w) => consentOfA(w, 'pending'),
    { personA: 200 },
    { refused: refusedExcept(['personA'], 404) },
  ),
  onFresh(
    'POST',
    '/helpers/consents/:id/withdraw (A for coordA)',
    (w) => consentOfA(w, 'active'),
    { personA: 200, coordA: 200 },
    { refused: refusedExcept(['personA', 'coordA'], 404) },
  ),
  {
    name: "POST /helpers/consents (with A's code)",
    setup: async (w) => ({ method: 'POST', url: '/api/helpers/consents', payload: { code: await codeOfA(w) } }),
    // Coordinators of any organisation (memberA is one since "memberA made coordinator" above).
    allowed: { coordA: 201, coordB: 201, business: 201, memberA: 201 },
  },
  {
    name: 'POST /helpers/requests (asking A)',
    setup: async (w) => ({ method: 'POST', url: '/api/helpers/requests', payload: { email: w.people.personA.email } }),
    allowed: { coordA: 201, coordB: 201, business: 201, memberA: 201 },
  },
  ownRead('GET /engagements (as worker)', '/api/engagements?role=worker', engagementAt('proposed')),
  ownRead('GET /ledger/balances (own)', '/api/ledger/balances', timeAccountOfA),
  ownChange('PATCH', '/me', { displayName: 'Nieuwe naam' }),
  ownChange('POST', '/me/password', {
    currentPassword: 'a long enough passphrase',
    newPassword: 'another long passphrase',
  }),
  ownChange('POST', '/me/sessions/end-others', { currentPassword: 'a long enough passphrase' }),
  // ——— notifications (issue 11): always one's own ———
  ownRead('GET /notifications', '/api/notifications', notificationOfA),
  ownRead('GET /notifications/preferences', '/api/notifications/preferences', async () => ''),
  ownChange('POST', '/notifications/read', { upTo: '99999999T999999999Z' }),
  ownChange('PUT', '/notifications/preferences', {
    items: [{ kind: 'message.received', channel: 'email', mode: 'off' }],
  }),
  ownRead('GET /me/saved-searches', '/api/me/saved-searches', savedSearchOfA),
  ownChange('POST', '/me/saved-searches', { kinds: ['hands'], near: '3511', radiusKm: 5 }),
  onFresh(
    'DELETE',
    '/me/saved-searches/:id',
    savedSearchOfA,
    { personA: 204 },
    { refused: { personB: 404, coordA: 404, coordB: 404, memberA: 404, business: 404, admin: 404 } },
  ),
  ownChange('DELETE', '/me', { currentPassword: 'a long enough passphrase' }),
  ownChange('POST', '/me/email-verification'),
  ownChange('PATCH', '/me/mail-preferences', { new_match: 'off' }),
  {
    name: 'GET /me/mail-preferences',
    setup: async () => ({ method: 'GET', url: '/api/me/mail-preferences' }),
    allowed: everyoneSignedIn(200),
    self: { secret: async () => '', visibleTo: [] },
  },
  // The password-reset, verification and unsubscribe routes are authorised by the token in their link, not a
  // session: account-recovery.test.ts and mail.test.ts hold that a wrong, used, expired or forged token changes nothing.
];

const expectedCode: Record<number, string[]> = {
  401: ['not_signed_in'],
  403: ['forbidden'],
  404: ['not_found'],
  409: ['idempotency_conflict', 'conflict', 'id_taken'],
  422: ['rule_refused'],
};

const totals = { attempts: 0, successesByNonOwners: 0 };

describeEachDialect('authorisation matrix (IDOR)', (t) => {
  let w: World;
  let tables: string[];
  beforeAll(async () => {
    w = await buildWorld(t());
    tables = await tableNames(t());
  });

  for (const c of cases) {
    it(c.name, async () => {
      const problems: string[] = [];
      const allowed: Partial<Record<ActorName, number>> = c.publicRead ? { ...c.allowed, anonymous: 200 } : c.allowed;
      const refusedActors = c.self
        ? actorNames.filter((a) => a === 'anonymous' && !c.publicRead)
        : actorNames.filter((a) => !(a in allowed));
      let request = await c.setup(w);
      const secret = c.self ? await c.self.secret(w) : '';
      // Work the set-up started after its answers (matching and alerts on a new need) is done first.
      await t().ctx.events.idle();
      const before = await snapshot(t(), tables);

      for (const actor of refusedActors) {
        const expected = c.refused?.[actor] ?? (actor === 'anonymous' ? 401 : 403);
        const res = await w.send(actor, request);
        totals.attempts += 1;
        if (res.statusCode < 300) totals.successesByNonOwners += 1;
        if (res.statusCode !== expected)
          problems.push(`${actor}: expected ${expected}, got ${res.statusCode} ${res.body.slice(0, 200)}`);
        else if (!expectedCode[expected]?.includes(res.json<{ error?: { code?: string } }>().error?.code ?? '')) {
          problems.push(`${actor}: ${expected} with an unexpected body ${res.body.slice(0, 200)}`);
        }
      }
      // One comparison after all refusals: a change by any of them would show here (the diff names the rows).
      const changed = snapshotDiff(before, await snapshot(t(), tables));
      if (changed.length)
        problems.push(`refused (${refusedActors.join(', ')}), yet the database changed: ${changed.join('; ')}`);

      const changesState = request.method !== 'GET';
      for (const [actor, status] of Object.entries(allowed) as [ActorName, number][]) {
        if (changesState && !c.self) request = await c.setup(w);
        const res = await w.send(actor, request);
        totals.attempts += 1;
        if (res.statusCode !== status)
          problems.push(`${actor} (allowed): expected ${status}, got ${res.statusCode} ${res.body.slice(0, 200)}`);
        if (c.self && secret && !c.self.visibleTo.includes(actor) && res.body.includes(secret)) {
          problems.push(`${actor} sees another person's ${secret}`);
        }
        if (c.self && secret && c.self.visibleTo.includes(actor) && !res.body.includes(secret)) {
          problems.push(`${actor} does not see their own ${secret} (the leak check would prove nothing)`);
        }
      }
      expect(problems).toEqual([]);
    });
  }
});

afterAll(() => {
  console.log(`[idor] attempts=${totals.attempts} successes-by-non-owners=${totals.successesByNonOwners}`);
});
