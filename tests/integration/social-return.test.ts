import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeEachDialect, type TestUser } from '../helpers/app.ts';
import {
  businessBody,
  businessOfferBody,
  expectStatus,
  makeEngagement,
  makeNeed,
  makeOffer,
  makeOrganization,
  needBody,
  type Org,
} from '../helpers/factories.ts';
import { platformAdmin } from '../helpers/trust.ts';

/**
 * Issue 14, item 2: a business's social-return statement counts confirmed ledger entries only, valued
 * by the rules set for the buyer; its signature verifies, and a tampered statement does not.
 */

type Detail = {
  obligation: { targetCents: number };
  rules: { basis: string; volunteerHourCents: number };
  tally: {
    totalCents: number;
    lines: { category: string; quantity: number; entries: number; valueCents: number }[];
    reachedPct: number;
  };
};

/** The business buys a fixed-price service of the initiative, through to the buyer's confirmation. */
async function buy(initiative: Org, business: Org, priceCents: number): Promise<string> {
  const offer = expectStatus<{ offer: { id: string } }>(
    await initiative.owner.inject({
      method: 'POST',
      url: '/api/service-offers',
      payload: {
        organizationId: initiative.id,
        title: 'Catering',
        domain: 'food',
        priceUnit: 'fixed',
        priceCents,
        postcode: '3511AB',
      },
    }),
    201,
    'service',
  ).offer;
  const sale = expectStatus<{ sale: { id: string } }>(
    await business.owner.inject({
      method: 'POST',
      url: `/api/service-offers/${offer.id}/orders`,
      payload: { buyerOrganizationId: business.id },
    }),
    201,
    'order',
  ).sale;
  for (const [by, step, payload] of [
    [initiative.owner, 'accept', {}],
    [initiative.owner, 'deliver', { workMinutes: 0 }],
    [business.owner, 'confirm', {}],
  ] as [TestUser, string, object][]) {
    expectStatus(await by.inject({ method: 'POST', url: `/api/sales/${sale.id}/${step}`, payload }), 200, step);
  }
  return sale.id;
}

describeEachDialect('social return statements for businesses', (t) => {
  it('counts the business’s confirmed entries at the buyer’s valuation, signs the statement, and a tampered one is invalid', async () => {
    const initiative = await makeOrganization(t(), { name: 'Buurtkeuken West' });
    const business = await makeOrganization(t(), { ...businessBody, name: 'Installatiebedrijf De Vries' });
    const obligationBody = {
      buyerName: 'Gemeente Utrecht',
      contractReference: 'UTR-2026-041',
      targetPct: 5,
      contractValueCents: 2_000_000,
      periodFrom: '2026-01-01',
      periodTo: '2026-12-31',
    };
    const created = expectStatus<{ obligation: { id: string; targetCents: number } }>(
      await business.owner.inject({
        method: 'POST',
        url: `/api/organizations/${business.id}/social-return/obligations`,
        payload: obligationBody,
      }),
      201,
      'obligation',
    ).obligation;
    expect(created.targetCents).toBe(100_000);
    const refused = await initiative.owner.inject({
      method: 'POST',
      url: `/api/organizations/${initiative.id}/social-return/obligations`,
      payload: obligationBody,
    });
    expect(refused.json().error.code).toBe('businesses_only');

    // Volunteering (2 h) and pro bono (1 h) through the business's offer; a purchase of €250; and a €90 purchase corrected away.
    const offerId = (await makeOffer(business.owner, { ...businessOfferBody, organizationId: business.id })).id;
    const volunteering = await makeNeed(initiative, { ...needBody, compensation: { type: 'unpaid' } });
    await makeEngagement('completed', {
      needId: volunteering.id,
      worker: business.owner,
      manager: initiative.owner,
      application: { offerId },
      hours: { minutes: 120 },
    });
    const knowledge = await makeNeed(initiative, {
      ...needBody,
      kind: 'knowledge',
      title: 'Advies over de boekhouding',
      compensation: { type: 'unpaid' },
    });
    await makeEngagement('completed', {
      needId: knowledge.id,
      worker: business.owner,
      manager: initiative.owner,
      application: { offerId },
      hours: { minutes: 60 },
    });
    await buy(initiative, business, 25_000);
    const corrected = await buy(initiative, business, 9_000);
    const admin = await platformAdmin(t());
    expectStatus(
      await admin.inject({
        method: 'POST',
        url: '/api/ledger/corrections',
        payload: { id: randomUUID(), transferId: `sale.${corrected}.eur`, reason: 'Dubbel geboekt' },
      }),
      201,
      'correction',
    );

    const withDefaults = expectStatus<Detail>(
      await business.owner.inject({ method: 'GET', url: `/api/social-return/obligations/${created.id}` }),
      200,
      'detail',
    );
    expect(withDefaults.rules).toMatchObject({ basis: 'default', volunteerHourCents: 1471 });
    const byCategory = Object.fromEntries(withDefaults.tally.lines.map((l) => [l.category, l]));
    expect(byCategory.purchases).toMatchObject({ quantity: 25_000, entries: 1, valueCents: 25_000 });
    expect(byCategory.volunteering).toMatchObject({ quantity: 120, entries: 1, valueCents: 2942 });
    expect(byCategory.pro_bono).toMatchObject({ quantity: 60, entries: 1, valueCents: 1471 });
    expect(withDefaults.tally.totalCents).toBe(25_000 + 2942 + 1471);

    // The buyer's rules: €35 an hour of volunteering, €80 of pro bono, purchases at 50 %.
    expectStatus(
      await business.owner.inject({
        method: 'PUT',
        url: `/api/organizations/${business.id}/social-return/rules`,
        payload: {
          buyerName: 'gemeente utrecht',
          volunteerHourCents: 3500,
          proBonoHourCents: 8000,
          purchasePct: 50,
          materialsPct: 100,
        },
      }),
      200,
      'rules',
    );
    const valued = expectStatus<Detail>(
      await business.owner.inject({ method: 'GET', url: `/api/social-return/obligations/${created.id}` }),
      200,
      'detail',
    );
    expect(valued.rules.basis).toBe('buyer');
    expect(valued.tally.totalCents).toBe(2 * 3500 + 1 * 8000 + 12_500);
    expect(valued.tally.reachedPct).toBe(27.5);

    const stranger = await t().register();
    expect(
      (await stranger.inject({ method: 'GET', url: `/api/social-return/obligations/${created.id}` })).statusCode,
    ).toBe(403);

    const issued = expectStatus<{ statement: { code: string; totalCents: number; pdfUrl: string } }>(
      await business.owner.inject({ method: 'POST', url: `/api/social-return/obligations/${created.id}/statements` }),
      201,
      'statement',
    ).statement;
    expect(issued.totalCents).toBe(27_500);
    const verdict = expectStatus<{
      valid: boolean;
      statement: { tally: { totalCents: number }; transferIds: string[] };
    }>(await t().inject({ method: 'GET', url: `/api/social-return/statements/${issued.code}` }), 200, 'verify');
    expect(verdict.valid).toBe(true);
    expect(verdict.statement.tally.totalCents).toBe(27_500);
    expect(verdict.statement.transferIds).not.toContain(`sale.${corrected}.eur`);

    const pdf = await t().inject({ method: 'GET', url: `/api/social-return/statements/${issued.code}/pdf` });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    // Tampered: the stored content no longer what was signed.
    const row = await t()
      .ctx.db.selectFrom('social_return_statements')
      .select('payload')
      .where('code', '=', issued.code)
      .executeTakeFirstOrThrow();
    await t()
      .ctx.db.updateTable('social_return_statements')
      .set({ payload: row.payload.replace('"totalCents":27500', '"totalCents":99500') })
      .where('code', '=', issued.code)
      .execute();
    const tampered = expectStatus<{ valid: boolean; reason: string }>(
      await t().inject({ method: 'GET', url: `/api/social-return/statements/${issued.code}` }),
      200,
      'verify tampered',
    );
    expect(tampered).toMatchObject({ valid: false, reason: 'bad_signature' });
    expect(
      (await t().inject({ method: 'GET', url: '/api/social-return/statements/SR-AAAAA-BBBBB-CCCCC' })).json(),
    ).toMatchObject({ valid: false, reason: 'unknown_code' });
  });
});
