import { expect, it } from 'vitest';
import { verifyLedger } from '../../server/modules/ledger/index.ts';
import { describeEachDialect, type TestApp, type TestUser } from '../helpers/app.ts';
import { addMember, businessBody, expectStatus, makeOrganization, type Org } from '../helpers/factories.ts';

/**
 * Issue 14, item 1: initiatives sell their own products and services. A sale goes from order or
 * quote to confirmation; the confirmation records EUR (not moved) and WORK in the ledger; the
 * initiative's own-income share follows from confirmed sales.
 */

const offerBody = (organizationId: string, overrides: Record<string, unknown> = {}) => ({
  organizationId,
  title: 'Groenonderhoud door de buurtploeg',
  description: 'Snoeien, maaien en onkruid wieden.',
  domain: 'greening',
  priceUnit: 'hour',
  priceCents: 3500,
  postcode: '3511AB',
  radiusKm: 5,
  availability: 'Doordeweeks overdag',
  capacityPerMonth: 40,
  ...overrides,
});

type Sale = { id: string; status: string; priceCents: number | null; actions: string[]; side: string };
type Offer = { id: string; paid: boolean; pc4: string };

async function makeServiceOffer(org: Org, overrides: Record<string, unknown> = {}): Promise<Offer> {
  return expectStatus<{ offer: Offer }>(
    await org.owner.inject({ method: 'POST', url: '/api/service-offers', payload: offerBody(org.id, overrides) }),
    201,
    'service offer',
  ).offer;
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
const act = (user: TestUser, id: string, action: string, payload: Record<string, unknown> = {}) =>
  user.inject({ method: 'POST', url: `/api/sales/${id}/${action}`, payload });

async function ledgerLines(t: TestApp, saleId: string) {
  const rows = await t.ctx.db
    .selectFrom('ledger_transfers as x')
    .innerJoin('ledger_accounts as d', 'd.id', 'x.debit_account_id')
    .innerJoin('ledger_accounts as c', 'c.id', 'x.credit_account_id')
    .select([
      'x.id',
      'x.unit',
      'x.amount',
      'x.kind',
      'x.phase',
      'd.owner_type as from_type',
      'd.owner_id as from_id',
      'c.owner_type as to_type',
      'c.owner_id as to_id',
    ])
    .where('x.reference_id', '=', saleId)
    .orderBy('x.seq')
    .execute();
  return rows;
}

describeEachDialect('sales: initiatives’ own products and services', (t) => {
  it('only an initiative’s managers offer a paid service; it is public and marked as paid', async () => {
    const initiative = await makeOrganization(t(), { name: 'Buurtploeg Groen' });
    const business = await makeOrganization(t(), { ...businessBody });
    const offer = await makeServiceOffer(initiative);
    expect(offer).toMatchObject({ paid: true, pc4: '3511' });

    const refused = await business.owner.inject({
      method: 'POST',
      url: '/api/service-offers',
      payload: offerBody(business.id),
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('initiatives_only');
    const stranger = await t().register();
    expect(
      (await stranger.inject({ method: 'POST', url: '/api/service-offers', payload: offerBody(initiative.id) }))
        .statusCode,
    ).toBe(403);

    const found = await t().inject({ method: 'GET', url: '/api/service-offers?q=groenonderhoud' });
    expect(found.statusCode).toBe(200);
    expect(found.json().items.map((o: Offer) => o.id)).toContain(offer.id);
    expect(found.body).not.toContain('3511AB');
  });

  it('a resident orders, the initiative accepts and delivers, the resident confirms: EUR recorded and WORK for the hours', async () => {
    const initiative = await makeOrganization(t(), { name: 'Buurtkeuken' });
    const offer = await makeServiceOffer(initiative, {
      title: 'Catering voor 20 personen',
      priceUnit: 'unit',
      priceCents: 1250,
      domain: 'food',
    });
    const resident = await t().register({ displayName: 'Ria' });
    const stranger = await t().register();

    const ordered = expectStatus<{ sale: Sale }>(
      await resident.inject({
        method: 'POST',
        url: `/api/service-offers/${offer.id}/orders`,
        payload: { quantity: 20, message: 'Voor een buurtfeest' },
      }),
      201,
      'order',
    ).sale;
    expect(ordered).toMatchObject({ status: 'requested', side: 'buyer', actions: ['cancel'] });
    expect((await stranger.inject({ method: 'GET', url: `/api/sales/${ordered.id}` })).statusCode).toBe(404);
    expect((await act(resident, ordered.id, 'accept')).statusCode).toBe(403);

    const accepted = expectStatus<{ sale: Sale }>(
      await act(initiative.owner, ordered.id, 'accept'),
      200,
      'accept',
    ).sale;
    expect(accepted).toMatchObject({ status: 'accepted', priceCents: 25000 });
    expect((await act(resident, ordered.id, 'confirm')).statusCode).toBe(409);
    expectStatus(await act(initiative.owner, ordered.id, 'deliver', { workMinutes: 240 }), 200, 'deliver');
    const confirmed = expectStatus<{ sale: Sale }>(await act(resident, ordered.id, 'confirm'), 200, 'confirm').sale;
    expect(confirmed).toMatchObject({ status: 'confirmed', actions: [] });

    const lines = await ledgerLines(t(), ordered.id);
    expect(
      lines.map((l) => ({
        unit: l.unit,
        amount: l.amount,
        kind: l.kind,
        phase: l.phase,
        from: `${l.from_type}:${l.from_id}`,
        to: `${l.to_type}:${l.to_id}`,
      })),
    ).toEqual([
      {
        unit: 'EUR',
        amount: 25000,
        kind: 'sale',
        phase: 'posted',
        from: `person:${resident.id}`,
        to: `organization:${initiative.id}`,
      },
      {
        unit: 'WORK',
        amount: 240,
        kind: 'sale',
        phase: 'posted',
        from: `person:${resident.id}`,
        to: `organization:${initiative.id}`,
      },
    ]);
    expect((await act(resident, ordered.id, 'confirm')).statusCode).toBe(409);
    // Each side heard of the other's steps, with them.
    expect(await bellOf(initiative.owner, 'sale.updated')).toEqual(['requested', 'confirmed']);
    expect(await bellOf(resident, 'sale.updated')).toEqual(['accepted', 'delivered']);
    expect(await bellOf(stranger, 'sale.updated')).toEqual([]);
    expect((await verifyLedger(t().database.db, t().dialect, t().clock.now(), t().database.sqlite)).ok).toBe(true);
  });

  it('a business asks a quote through its manager; the initiative names the price', async () => {
    const initiative = await makeOrganization(t(), { name: 'Schoonmaakcoöperatie' });
    const offer = await makeServiceOffer(initiative, {
      title: 'Kantoor schoonmaken',
      priceUnit: 'fixed',
      priceCents: 40000,
      domain: 'work',
    });
    const business = await makeOrganization(t(), { ...businessBody, name: 'Drukkerij Vos' });
    const clerk = await t().register();
    await addMember(business, clerk, 'member');
    const asMember = await clerk.inject({
      method: 'POST',
      url: `/api/service-offers/${offer.id}/orders`,
      payload: { buyerOrganizationId: business.id, mode: 'quote' },
    });
    expect(asMember.statusCode).toBe(403);

    const quote = expectStatus<{ sale: Sale }>(
      await business.owner.inject({
        method: 'POST',
        url: `/api/service-offers/${offer.id}/orders`,
        payload: { buyerOrganizationId: business.id, mode: 'quote', message: 'Twee verdiepingen' },
      }),
      201,
      'quote',
    ).sale;
    const noPrice = await act(initiative.owner, quote.id, 'accept');
    expect(noPrice.statusCode).toBe(400);
    expect(noPrice.json().error.fields).toHaveProperty('priceCents');
    expectStatus(await act(initiative.owner, quote.id, 'accept', { priceCents: 52000 }), 200, 'accept quote');
    expectStatus(await act(initiative.owner, quote.id, 'deliver', { workMinutes: 0 }), 200, 'deliver');
    expectStatus(await act(business.owner, quote.id, 'confirm'), 200, 'confirm');
    const lines = await ledgerLines(t(), quote.id);
    expect(lines.map((l) => [l.unit, l.amount, l.from_type])).toEqual([['EUR', 52000, 'organization']]);
    const purchases = expectStatus<{ items: Sale[] }>(
      await business.owner.inject({ method: 'GET', url: `/api/sales?role=buyer&organizationId=${business.id}` }),
      200,
      'purchases',
    );
    expect(purchases.items.map((s) => s.id)).toEqual([quote.id]);
  });

  it('the own-income share follows from confirmed sales only, against the declared other income', async () => {
    const initiative = await makeOrganization(t(), { name: 'Repair Café Oost' });
    const offer = await makeServiceOffer(initiative, {
      title: 'Fietsen repareren',
      priceCents: 3000,
      domain: 'energy',
    });
    const buyer = await t().register();
    const sell = async (hours: number, confirm: boolean) => {
      const sale = expectStatus<{ sale: Sale }>(
        await buyer.inject({
          method: 'POST',
          url: `/api/service-offers/${offer.id}/orders`,
          payload: { quantity: hours },
        }),
        201,
        'order',
      ).sale;
      expectStatus(await act(initiative.owner, sale.id, 'accept'), 200, 'accept');
      expectStatus(await act(initiative.owner, sale.id, 'deliver', { workMinutes: hours * 60 }), 200, 'deliver');
      if (confirm) expectStatus(await act(buyer, sale.id, 'confirm'), 200, 'confirm');
    };
    await sell(5, true); // €150
    await sell(5, true); // €150
    await sell(10, false); // delivered, not confirmed: does not count
    const year = t().clock.now().getUTCFullYear();
    const before = expectStatus<{ confirmedSalesCents: number; ownIncomePct: number | null }>(
      await initiative.owner.inject({
        method: 'GET',
        url: `/api/organizations/${initiative.id}/own-income?year=${year}`,
      }),
      200,
      'own income',
    );
    expect(before).toMatchObject({ confirmedSalesCents: 30000, ownIncomePct: null });
    const declared = expectStatus(
      await initiative.owner.inject({
        method: 'PUT',
        url: `/api/organizations/${initiative.id}/income/${year}`,
        payload: { subsidiesCents: 50000, donationsCents: 20000 },
      }),
      200,
      'declare',
    );
    expect(declared).toMatchObject({
      confirmedSalesCents: 30000,
      confirmedSales: 2,
      workMinutes: 600,
      ownIncomePct: 30,
      basis: { sales: 'measured', otherIncome: 'selfReported' },
    });
    expect(
      expectStatus<{ confirmedSalesCents: number }>(
        await initiative.owner.inject({
          method: 'GET',
          url: `/api/organizations/${initiative.id}/own-income?year=${year - 1}`,
        }),
        200,
        'last year',
      ).confirmedSalesCents,
    ).toBe(0);
    expect(
      (await buyer.inject({ method: 'GET', url: `/api/organizations/${initiative.id}/own-income?year=${year}` }))
        .statusCode,
    ).toBe(403);
  });
});
