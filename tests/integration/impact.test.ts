import { expect, it } from 'vitest';
import { describeEachDialect, type TestUser } from '../helpers/app.ts';
import { adminOf, confirmWork, correctWork, createOrganization, expectStatus } from '../helpers/recognition.ts';
import { picker, rng } from '../bench/seeded-random.ts';

interface Figures {
  workMinutes: number;
  paidMinutes: number;
  unpaidMinutes: number;
  timeCreditsExchanged: number;
  minutesByDomain: Record<string, number>;
  volunteers: number;
  newcomers: number;
}

describeEachDialect('the dashboard reads rollups that equal the ledger', (t) => {
  it('totals for the country, a municipality and a radius equal sums computed from ledger_transfers, after random confirmations, corrections and cancellations', async () => {
    const random = rng(t().dialect === 'sqlite' ? 12 : 34);
    const pick = picker(random);
    const coordinator = await t().register({ displayName: 'Coördinator' });
    const admin = await adminOf(t());
    const utrecht = await createOrganization(coordinator, { name: 'Buurttuin Utrecht', postcode: '3511AB' });
    const amsterdam = await createOrganization(coordinator, { name: 'Buurthuis Amsterdam', postcode: '1012AB' });
    const people: TestUser[] = [];
    for (let i = 0; i < 4; i++) {
      const p = await t().register({ displayName: `Vrijwilliger ${i}` });
      await expectStatus(
        await p.inject({
          method: 'PATCH',
          url: '/api/me',
          payload: { mayDoPaidWork: 'yes', countAsNewcomer: i === 0 },
        }),
        200,
      );
      people.push(p);
    }

    for (let i = 0; i < 14; i++) {
      t().clock.advance(Math.floor(random() * 9) * 86_400_000);
      // Keep every session alive across the weeks the data spans (30 days of inactivity end one).
      for (const u of [coordinator, admin, ...people]) await u.inject({ method: 'GET', url: '/api/me' });
      const today = t().clock.now().toISOString().slice(0, 10);
      const inUtrecht = random() < 0.6;
      const worker = pick(people);
      const compensation = pick([
        { type: 'unpaid' },
        { type: 'time_credits' },
        { type: 'paid', hourlyRateCents: 1600 },
      ]);
      const domains = pick([['greening'], ['food', 'greening'], ['education']]);
      const fate = pick(['confirmed', 'confirmed', 'corrected', 'cancelled'] as const);
      const minutes = 30 + Math.floor(random() * 300);
      if (fate === 'cancelled') {
        const need = await coordinator.inject({
          method: 'POST',
          url: '/api/needs',
          payload: {
            organizationId: utrecht,
            kind: 'hands',
            title: 'Afgezegd',
            description: 'x',
            domains,
            postcode: '3511AB',
            hoursEstimate: 2,
            peopleNeeded: 1,
            compensation,
          },
        });
        const eng = await worker.inject({
          method: 'POST',
          url: '/api/engagements',
          payload: { needId: need.json().need.id },
        });
        await expectStatus(
          await coordinator.inject({ method: 'POST', url: `/api/engagements/${eng.json().engagement.id}/accept` }),
          200,
        );
        await expectStatus(
          await worker.inject({ method: 'POST', url: `/api/engagements/${eng.json().engagement.id}/cancel` }),
          200,
        );
        continue;
      }
      const id = await confirmWork({
        coordinator,
        organizationId: inUtrecht ? utrecht : amsterdam,
        postcode: inUtrecht ? '3511AB' : '1012AB',
        worker,
        minutes,
        domains,
        compensation,
        date: today,
      });
      if (fate === 'corrected') await correctWork(admin, id);
    }

    // Independently: net ledger transfers of engagements, joined to the engagement's terms and the need's place.
    const rows = await t()
      .ctx.db.selectFrom('ledger_transfers as t')
      .innerJoin('engagements as e', 'e.id', 't.reference_id')
      .innerJoin('needs as n', 'n.id', 'e.need_id')
      .leftJoin('engagement_participants as p', 'p.engagement_id', 'e.id')
      .select([
        't.unit',
        't.amount',
        't.phase',
        't.corrects_id',
        'e.compensation_type',
        'n.domains',
        'n.postcode',
        'p.user_id',
        'p.newcomer',
      ])
      .where('t.reference_type', '=', 'engagement')
      .where('t.phase', 'in', ['posted', 'post_pending'])
      .execute();
    const expected = (municipalityPostcode: string | null): Figures => {
      const f: Figures = {
        workMinutes: 0,
        paidMinutes: 0,
        unpaidMinutes: 0,
        timeCreditsExchanged: 0,
        minutesByDomain: {},
        volunteers: 0,
        newcomers: 0,
      };
      const perPerson = new Map<string, { minutes: number; newcomer: boolean }>();
      for (const r of rows) {
        if (municipalityPostcode && !String(r.postcode).startsWith(municipalityPostcode)) continue;
        const amount = Number(r.amount) * (r.corrects_id ? -1 : 1);
        if (r.unit === 'TIME') f.timeCreditsExchanged += amount;
        if (r.unit !== 'WORK') continue;
        f.workMinutes += amount;
        if (r.compensation_type === 'paid') f.paidMinutes += amount;
        else f.unpaidMinutes += amount;
        for (const d of JSON.parse(r.domains) as string[]) f.minutesByDomain[d] = (f.minutesByDomain[d] ?? 0) + amount;
        const who = perPerson.get(r.user_id ?? '') ?? { minutes: 0, newcomer: Number(r.newcomer) === 1 };
        who.minutes += amount;
        perPerson.set(r.user_id ?? '', who);
      }
      for (const [d, v] of Object.entries(f.minutesByDomain)) if (v === 0) delete f.minutesByDomain[d];
      f.volunteers = [...perPerson.values()].filter((p) => p.minutes > 0).length;
      f.newcomers = [...perPerson.values()].filter((p) => p.minutes > 0 && p.newcomer).length;
      return f;
    };
    const actual = async (query: string): Promise<Figures> => {
      const res = await t().inject({ method: 'GET', url: `/api/impact?${query}` });
      await expectStatus(res, 200);
      const j = res.json();
      return {
        workMinutes: j.workMinutes,
        paidMinutes: j.paidMinutes,
        unpaidMinutes: j.unpaidMinutes,
        timeCreditsExchanged: j.timeCreditsExchanged,
        minutesByDomain: Object.fromEntries(
          Object.entries(j.minutesByDomain as Record<string, number>).filter(([, v]) => v !== 0),
        ),
        volunteers: j.volunteers,
        newcomers: j.newcomers,
      };
    };

    const country = expected(null);
    expect(country.workMinutes).toBeGreaterThan(0);
    expect(await actual('scope=country')).toEqual(country);
    expect(await actual('scope=municipality&area=Utrecht')).toEqual(expected('3511'));
    expect(await actual('scope=province&area=noord-holland')).toEqual(expected('1012'));
    expect(await actual('scope=radius&postcode=1012AB&radiusKm=3')).toEqual(expected('1012'));
    expect(await actual('near=1012&radiusKm=3')).toEqual(expected('1012'));

    const csv = await t().inject({ method: 'GET', url: '/api/impact/export.csv?scope=country' });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain(`figure,workMinutes,${country.workMinutes},measured`);
    const json = await t().inject({ method: 'GET', url: '/api/impact/export.json?scope=country' });
    expect(json.json().workMinutes).toBe(country.workMinutes);
  });

  it('states its method, the input value at the minimum wage, self-reported figures apart, and the founding report beside them', async () => {
    const coordinator = await t().register({ displayName: 'Coördinator' });
    const a = await createOrganization(coordinator, {
      name: 'Wijkbedrijf A',
      postcode: '9711AA',
      peopleReachedPerYear: 1200,
      volunteers: 40,
      incomeMix: { subsidiesPct: 60, donationsPct: 20, ownIncomePct: 20 },
      mainFunders: ['funds', 'municipality'],
      lifePhase: 'growing',
      currentNeeds: ['hands', 'money'],
    });
    await createOrganization(coordinator, {
      name: 'Wijkbedrijf B',
      postcode: '9711AA',
      peopleReachedPerYear: 300,
      incomeMix: { subsidiesPct: 50, donationsPct: 50, ownIncomePct: 0 },
    });
    await createOrganization(coordinator, {
      name: 'Wijkbedrijf C',
      postcode: '9711AA',
      incomeMix: { subsidiesPct: 40, donationsPct: 20, ownIncomePct: 40 },
    });
    const volunteer = await t().register({ displayName: 'Vrijwilliger' });
    await confirmWork({
      coordinator,
      organizationId: a,
      postcode: '9711AA',
      worker: volunteer,
      minutes: 120,
      date: t().clock.now().toISOString().slice(0, 10),
    });

    const r = (await t().inject({ method: 'GET', url: '/api/impact?scope=municipality&area=Groningen' })).json();
    expect(r.initiatives).toBe(3);
    expect(r.workMinutes).toBe(120);
    expect(r.socialValueCents).toBe(Math.round((120 * 1471) / 60)); // €14.71 from 1 January 2026
    expect(r.method.rateSource).toContain('minimumloon');
    expect(r.method.timeCredits).toContain('not counted');
    expect(r.peopleReached).toEqual({ value: 1500, basis: 'selfReported', reportedBy: 2 });
    // Computed like the report's "80% earn on average 21%": share with own income, average among those.
    expect(r.incomeMix).toMatchObject({
      basis: 'selfReported',
      initiativesReporting: 3,
      withOwnIncomePct: 66.7,
      averageOwnIncomePct: 30,
    });
    expect(r.incomeMix.distribution.find((b: { fromPct: number }) => b.fromPct === 0).initiatives).toBe(1);
    expect(r.reference).toMatchObject({
      initiatives: 700,
      peopleReached: 1_300_000,
      volunteers: 75_000,
      paidStaff: 1_500,
      withOwnIncomePct: 80,
      averageOwnIncomePct: 21,
      source: { publisher: 'Kracht in Nederland', date: '2015-10-29' },
    });

    const profile = (await t().inject({ method: 'GET', url: `/api/organizations/${a}/impact` })).json();
    expect(profile.measured).toMatchObject({
      basis: 'measured',
      volunteersActive: 1,
      volunteersActiveLast12Months: 1,
      workMinutes: 120,
      minutesByDomain: { greening: 120 },
    });
    expect(profile.selfReported).toMatchObject({
      basis: 'selfReported',
      volunteers: 40,
      peopleReachedPerYear: 1200,
      mainFunders: ['funds', 'municipality'],
      lifePhase: 'growing',
      currentNeeds: ['hands', 'money'],
    });

    await expectStatus(await t().inject({ method: 'GET', url: '/api/impact?scope=municipality&area=Atlantis' }), 404);
    await expectStatus(await t().inject({ method: 'GET', url: '/api/impact?scope=municipality' }), 400);
    await expectStatus(await t().inject({ method: 'GET', url: '/api/impact?scope=radius&postcode=0000' }), 400);
    await expectStatus(await t().inject({ method: 'GET', url: '/api/impact?from=2026-02-01&to=2026-01-01' }), 400);
  });
});
