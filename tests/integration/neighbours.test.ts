import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { verifyLedger } from '../../server/modules/ledger/index.ts';
import { describeEachDialect, type TestApp, type TestUser } from '../helpers/app.ts';
import { expectStatus, makeOrganization } from '../helpers/factories.ts';
import { verifyOrganization } from '../helpers/trust.ts';

/**
 * Issue 14, item 4: neighbours help each other for time credits (no organisation, never euros, no
 * VOG work, PC4 only), through the engagement flow; organisations sponsor credits from what they hold.
 */

const requestBody = {
  title: 'Kast naar boven dragen',
  description: 'Een kast van de gang naar de zolder.',
  category: 'practical',
  postcode: '3511 AB',
  minutesEstimate: 90,
};

type HelpEngagement = {
  id: string;
  status: string;
  actions: string[];
  reservedMinutes: number;
  confirmedMinutes: number | null;
};

async function balance(user: TestUser, unit: 'TIME' | 'WORK') {
  const res = expectStatus<{ balances: { unit: string; posted: number; pending: number }[] }>(
    await user.inject({ method: 'GET', url: '/api/ledger/balances' }),
    200,
    'balances',
  );
  return res.balances.find((b) => b.unit === unit);
}

async function postRequest(user: TestUser, overrides: Record<string, unknown> = {}) {
  return expectStatus<{ request: { id: string; pc4: string; status: string } }>(
    await user.inject({ method: 'POST', url: '/api/help-requests', payload: { ...requestBody, ...overrides } }),
    201,
    'help request',
  ).request;
}

async function offer(helper: TestUser, requestId: string) {
  return expectStatus<{ engagement: HelpEngagement }>(
    await helper.inject({
      method: 'POST',
      url: `/api/help-requests/${requestId}/offers`,
      payload: { message: 'Ik kom zaterdag' },
    }),
    201,
    'offer',
  ).engagement;
}

/** What a person's bell says of one kind: the statuses, oldest first. */
const bellOf = async (who: TestUser, kind: string) =>
  expectStatus<{ items: { kind: string; data: { status?: string } }[] }>(
    await who.inject({ method: 'GET', url: '/api/notifications?limit=100' }),
    200,
    'bell',
  )
    .items.filter((n) => n.kind === kind)
    .map((n) => n.data.status)
    .reverse();
const step = async (user: TestUser, id: string, action: string, payload: Record<string, unknown> = {}) =>
  user.inject({ method: 'POST', url: `/api/help-engagements/${id}/${action}`, payload });

async function books(t: TestApp) {
  expect((await verifyLedger(t.database.db, t.dialect, t.clock.now(), t.database.sqlite)).ok).toBe(true);
}

describeEachDialect('neighbours helping neighbours', (t) => {
  it('a personal request keeps only the PC4 area and is public without the street', async () => {
    const anna = await t().register({ displayName: 'Anna' });
    const request = await postRequest(anna);
    expect(request.pc4).toBe('3511');
    const res = await t().inject({ method: 'GET', url: `/api/help-requests/${request.id}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('3511AB');
    expect(res.json().request).toMatchObject({
      pc4: '3511',
      place: 'Utrecht',
      requester: { displayName: 'Anna' },
      mine: false,
    });
    const list = await t().inject({ method: 'GET', url: '/api/help-requests?near=3511' });
    expect(list.json().items.map((r: { id: string }) => r.id)).toContain(request.id);
    const stored = await t()
      .ctx.db.selectFrom('help_requests')
      .selectAll()
      .where('id', '=', request.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain('3511AB');
  });

  it('refuses euros, money in the text and VOG work', async () => {
    const anna = await t().register();
    const before = await t()
      .ctx.db.selectFrom('help_requests')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    for (const [overrides, code, field] of [
      [{ payment: 'euros' }, 'euros_between_persons', 'payment'],
      [{ euroCents: 2000 }, 'euros_between_persons', 'payment'],
      [{ description: 'Kast dragen, ik geef €20 voor de moeite' }, 'euros_between_persons', 'description'],
      [{ title: 'Betaalde klus: 15 euro per uur' }, 'euros_between_persons', 'title'],
      [{ needsVog: true, title: 'Oppassen op mijn kinderen' }, 'vog_work_not_allowed', 'needsVog'],
    ] as const) {
      const res = await anna.inject({
        method: 'POST',
        url: '/api/help-requests',
        payload: { ...requestBody, ...overrides },
      });
      expect(res.statusCode, JSON.stringify(overrides)).toBe(422);
      expect(res.json().error.code).toBe(code);
      expect(Object.keys(res.json().error.fields)).toEqual([field]);
    }
    const after = await t()
      .ctx.db.selectFrom('help_requests')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('a neighbour helps for time credits: reserved at acceptance, paid at confirmation from the requester', async () => {
    const anna = await t().register({ displayName: 'Anna' });
    const bram = await t().register({ displayName: 'Bram' });
    const carla = await t().register({ displayName: 'Carla' });
    const request = await postRequest(anna);

    expect(
      (await anna.inject({ method: 'POST', url: `/api/help-requests/${request.id}/offers`, payload: {} })).statusCode,
    ).toBe(403);
    const bramOffer = await offer(bram, request.id);
    const carlaOffer = await offer(carla, request.id);
    expect(bramOffer).toMatchObject({ status: 'proposed', actions: ['cancel'] });
    expect(
      (await bram.inject({ method: 'POST', url: `/api/help-requests/${request.id}/offers`, payload: {} })).statusCode,
    ).toBe(409);
    // Strangers do not see another's help; the helper cannot accept their own offer.
    expect((await carla.inject({ method: 'GET', url: `/api/help-engagements/${bramOffer.id}` })).statusCode).toBe(404);
    expect((await step(bram, bramOffer.id, 'accept')).statusCode).toBe(403);

    const accepted = expectStatus<{ engagement: HelpEngagement }>(
      await step(anna, bramOffer.id, 'accept'),
      200,
      'accept',
    ).engagement;
    expect(accepted).toMatchObject({ status: 'accepted', reservedMinutes: 90 });
    expect(await balance(anna, 'TIME')).toMatchObject({ posted: 0, pending: -90 });
    const detail = expectStatus<{ request: { status: string } }>(
      await t().inject({ method: 'GET', url: `/api/help-requests/${request.id}` }),
      200,
      'read',
    );
    expect(detail.request.status).toBe('filled');
    expect(
      expectStatus<{ engagement: HelpEngagement }>(
        await carla.inject({ method: 'GET', url: `/api/help-engagements/${carlaOffer.id}` }),
        200,
        'carla',
      ).engagement.status,
    ).toBe('not_selected');

    const today = t().clock.now().toISOString().slice(0, 10);
    expect((await step(bram, bramOffer.id, 'hours', { minutes: 120, date: '2026-01-01' })).json().error.code).toBe(
      'hours_implausible_date',
    );
    expect((await step(anna, bramOffer.id, 'hours', { minutes: 120, date: today })).statusCode).toBe(403);
    expectStatus(await step(bram, bramOffer.id, 'hours', { minutes: 120, date: today }), 200, 'hours');
    const done = expectStatus<{ engagement: HelpEngagement }>(
      await step(anna, bramOffer.id, 'confirm'),
      200,
      'confirm',
    ).engagement;
    expect(done).toMatchObject({ status: 'completed', confirmedMinutes: 120, reservedMinutes: 0, actions: [] });

    expect(await balance(anna, 'TIME')).toMatchObject({ posted: -120, pending: 0 });
    expect(await balance(bram, 'TIME')).toMatchObject({ posted: 120, pending: 0 });
    expect(await balance(bram, 'WORK')).toMatchObject({ posted: 120 });
    const transfers = await t()
      .ctx.db.selectFrom('ledger_transfers')
      .select(['id', 'phase', 'amount', 'unit', 'kind'])
      .where('id', 'like', `help.${bramOffer.id}.%`)
      .orderBy('seq')
      .execute();
    expect(transfers.map((r) => [r.id.split('.').pop(), r.phase, r.unit, r.amount])).toEqual([
      ['time-reserve', 'pending', 'TIME', 90],
      ['work', 'posted', 'WORK', 120],
      ['time-post', 'post_pending', 'TIME', 90],
      ['time-extra', 'posted', 'TIME', 30],
    ]);
    expect((await step(anna, bramOffer.id, 'confirm')).statusCode).toBe(409);
    // Each step reached the other neighbour's bell, with it; Carla heard she was not chosen.
    expect(await bellOf(anna, 'help.updated')).toEqual(['proposed', 'proposed', 'hours_logged']);
    expect(await bellOf(bram, 'help.updated')).toEqual(['accepted', 'completed']);
    expect(await bellOf(carla, 'help.updated')).toEqual(['not_selected']);
    await books(t());
  });

  it('acceptance stays within the requester’s floor, and cancelling releases the reservation', async () => {
    const dirk = await t().register();
    const eva = await t().register();
    // The person floor is −600 minutes: a first reservation of 480 fits, a second one does not.
    const first = await postRequest(dirk, { minutesEstimate: 480 });
    const second = await postRequest(dirk, { minutesEstimate: 480, title: 'Nog een kast' });
    const a = await offer(eva, first.id);
    const b = await offer(eva, second.id);
    expectStatus(await step(dirk, a.id, 'accept'), 200, 'accept first');
    const refused = await step(dirk, b.id, 'accept');
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('over_floor');
    expect(
      expectStatus<{ engagement: HelpEngagement }>(
        await eva.inject({ method: 'GET', url: `/api/help-engagements/${b.id}` }),
        200,
        'read',
      ).engagement.status,
    ).toBe('proposed');

    const cancelled = expectStatus<{ engagement: HelpEngagement }>(
      await step(eva, a.id, 'cancel'),
      200,
      'cancel',
    ).engagement;
    expect(cancelled.status).toBe('cancelled');
    expect(await balance(dirk, 'TIME')).toMatchObject({ posted: 0, pending: 0 });
    expect(
      expectStatus<{ request: { status: string } }>(
        await t().inject({ method: 'GET', url: `/api/help-requests/${first.id}` }),
        200,
        'reopened',
      ).request.status,
    ).toBe('open');
    expectStatus(await step(dirk, b.id, 'accept'), 200, 'accept second after release');
    await books(t());
  });

  it('organisations sponsor credits from their own verified balance', async () => {
    const org = await makeOrganization(t(), { name: 'Zorgcoöperatie Oost' });
    const elder = await t().register({ displayName: 'Mevrouw Jansen' });
    const giver = await t().register();
    const sponsor = (minutes: number) =>
      org.owner.inject({
        method: 'POST',
        url: `/api/organizations/${org.id}/sponsorships`,
        payload: { recipientUserId: elder.id, minutes, reason: 'Kan zelf geen tijd verdienen' },
      });

    const unverified = await sponsor(60);
    expect(unverified.statusCode).toBe(403);
    expect(unverified.json().error.code).toBe('organization_unverified');
    await verifyOrganization(t(), org.id);

    // Verified, but holding nothing: its floor (−6000) is a credit line, not credits to give away.
    const empty = await sponsor(60);
    expect(empty.statusCode).toBe(422);
    expect(empty.json().error).toMatchObject({
      code: 'sponsor_balance_too_low',
      details: { available: 0, minutes: 60 },
    });

    expectStatus(
      await giver.inject({
        method: 'POST',
        url: '/api/ledger/transfers',
        payload: { id: randomUUID(), toOrganizationId: org.id, unit: 'TIME', amount: 100 },
      }),
      201,
      'gift to the organisation',
    );
    const given = expectStatus<{ sponsorship: { minutes: number; recipient: { id: string }; transferId: string } }>(
      await sponsor(60),
      201,
      'sponsor',
    );
    expect(given.sponsorship).toMatchObject({ minutes: 60, recipient: { id: elder.id } });
    expect(await balance(elder, 'TIME')).toMatchObject({ posted: 60 });
    const over = await sponsor(50);
    expect(over.json().error).toMatchObject({ code: 'sponsor_balance_too_low', details: { available: 40 } });
    const row = await t()
      .ctx.db.selectFrom('ledger_transfers')
      .select(['kind', 'reference_type', 'amount'])
      .where('id', '=', given.sponsorship.transferId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ kind: 'sponsorship', reference_type: 'sponsorship', amount: 60 });

    const list = expectStatus<{ items: { minutes: number }[] }>(
      await org.owner.inject({ method: 'GET', url: `/api/organizations/${org.id}/sponsorships` }),
      200,
      'list',
    );
    expect(list.items.map((s) => s.minutes)).toEqual([60]);
    expect((await elder.inject({ method: 'GET', url: `/api/organizations/${org.id}/sponsorships` })).statusCode).toBe(
      403,
    );
    await books(t());
  });

  it('erasure takes the person’s words out of requests, loans and orders (issue 14 tables)', async () => {
    const marker = `Marker ${randomUUID()}`;
    const erin = await t().register({ displayName: 'Erin' });
    await postRequest(erin, { title: `Kast dragen ${marker}`, description: marker });
    const lender = await t().register();
    const item = expectStatus<{ item: { id: string } }>(
      await lender.inject({
        method: 'POST',
        url: '/api/lendable-items',
        payload: { title: 'Ladder', valuePerDayCents: 100, loanDays: 3, postcode: '3511AB' },
      }),
      201,
      'item',
    ).item;
    expectStatus(
      await erin.inject({ method: 'POST', url: `/api/lendable-items/${item.id}/loans`, payload: { message: marker } }),
      201,
      'borrow',
    );
    const initiative = await makeOrganization(t(), { name: 'Buurtkeuken Noord' });
    const offer = expectStatus<{ offer: { id: string } }>(
      await initiative.owner.inject({
        method: 'POST',
        url: '/api/service-offers',
        payload: {
          organizationId: initiative.id,
          title: 'Soep',
          domain: 'food',
          priceUnit: 'unit',
          priceCents: 450,
          postcode: '3511AB',
        },
      }),
      201,
      'service',
    ).offer;
    expectStatus(
      await erin.inject({
        method: 'POST',
        url: `/api/service-offers/${offer.id}/orders`,
        payload: { message: marker },
      }),
      201,
      'order',
    );
    const exported = expectStatus<Record<string, unknown>>(
      await erin.inject({ method: 'GET', url: '/api/me/export' }),
      200,
      'export',
    );
    expect(JSON.stringify(exported)).toContain(marker);

    expect(
      (
        await erin.inject({
          method: 'DELETE',
          url: '/api/me',
          payload: { currentPassword: 'a long enough passphrase' },
        })
      ).statusCode,
    ).toBe(204);
    for (const table of ['help_requests', 'help_engagements', 'loans', 'sales'] as const) {
      const rows = await t().ctx.db.selectFrom(table).selectAll().execute();
      expect(JSON.stringify(rows), table).not.toContain(marker);
    }
  });
});
