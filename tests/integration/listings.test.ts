import { expect, it } from 'vitest';
import { describeEachDialect, type TestUser } from '../helpers/app.ts';
import { joinByInvitation, makeNeed, makeOffer, makeOrganization, type Org } from '../helpers/factories.ts';
import { verifyOrganization } from '../helpers/trust.ts';

const DAY = 24 * 60 * 60 * 1000;

interface Setup {
  coordinator: TestUser;
  outsider: TestUser;
  org: Org;
  orgId: string;
  businessId: string;
}

const baseNeed = (orgId: string, overrides: Record<string, unknown> = {}) => ({
  organizationId: orgId,
  kind: 'hands',
  title: 'Hulp bij de buurtmaaltijd',
  description: 'Samen koken voor dertig buren op vrijdagavond.',
  domains: ['food'],
  skills: ['koken'],
  languages: ['nl', 'en'],
  postcode: '1012 AB',
  compensation: { type: 'unpaid' },
  ...overrides,
});

const baseOffer = (overrides: Record<string, unknown> = {}) => ({
  kind: 'hands',
  title: 'Ik help met klussen in huis',
  description: 'Schilderen, lampen ophangen, kleine reparaties.',
  skills: ['klussen'],
  languages: ['nl'],
  postcode: '1013',
  radiusKm: 10,
  compensationAccepted: ['unpaid', 'time_credits'],
  ...overrides,
});

describeEachDialect('listings', (t) => {
  /** An organisation of `owner` in 1012AB, without a description. */
  const organization = (owner: TestUser, overrides: Record<string, unknown>) =>
    makeOrganization(t(), { postcode: '1012AB', description: '', ...overrides }, owner);
  let s: Setup | undefined;
  const setup = async (): Promise<Setup> => {
    if (s) return s;
    const coordinator = await t().register({ displayName: 'Lotte' });
    const outsider = await t().register({ displayName: 'Buitenstaander' });
    const org = await organization(coordinator, {
      name: 'Buurtkracht Centrum',
      type: 'initiative',
      domains: ['food'],
      volunteerDeclarationDate: '2025-02-01',
    });
    const business = await organization(coordinator, {
      name: 'Bouwbedrijf Van Dijk',
      type: 'business',
      postcode: '5611',
      kvkNumber: '17012345',
    });
    s = { coordinator, outsider, org, orgId: org.id, businessId: business.id };
    return s;
  };
  const postNeed = async (overrides: Record<string, unknown> = {}, as?: TestUser) => {
    const { coordinator, orgId } = await setup();
    return (as ?? coordinator).inject({ method: 'POST', url: '/api/needs', payload: baseNeed(orgId, overrides) });
  };
  const needOk = async (overrides: Record<string, unknown> = {}) => {
    const { org } = await setup();
    return makeNeed(org, baseNeed(org.id, overrides));
  };
  /** Each query finds exactly these listings, in any order. */
  const expectFinds = async (ids: (query: string) => Promise<string[]>, cases: [string, { id: string }[]][]) => {
    for (const [query, listings] of cases) expect(await ids(query), query).toEqual(listings.map((l) => l.id).sort());
  };
  const search = async (query: string, path = 'needs') => {
    const res = await t().inject({ method: 'GET', url: `/api/${path}?${query}` });
    if (res.statusCode !== 200) throw new Error(`search: ${res.statusCode} ${res.body}`);
    return res.json() as {
      items: ({ id: string; distanceKm?: number | null } & Record<string, unknown>)[];
      nextCursor: string | null;
    };
  };
  const expect400 = async (
    res: { statusCode: number; json(): { error: { code: string; fields?: Record<string, string> } } },
    field: string,
    code = 'invalid_input',
  ) => {
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe(code);
    expect(Object.keys(res.json().error.fields ?? {})).toContain(field);
  };

  it('creates a need and shows only the PC4 area and place to the public', async () => {
    const need = await needOk({
      requirements: { vog: true, minAge: 18 },
      hoursEstimate: 4,
      peopleNeeded: 3,
      newcomerFriendly: true,
    });
    expect(need).toMatchObject({
      kind: 'hands',
      organization: { name: 'Buurtkracht Centrum', type: 'initiative' },
      postcode: '1012',
      place: 'Amsterdam',
      domains: ['food'],
      languages: ['nl', 'en'],
      flexible: true,
      status: 'open',
      compensation: { type: 'unpaid' },
      requirements: { vog: true, minAge: 18 },
      newcomerFriendly: true,
      canEdit: true,
      fullPostcode: '1012AB',
    });
    const publicView = await t().inject({ method: 'GET', url: `/api/needs/${need.id}` });
    expect(publicView.statusCode).toBe(200);
    expect(publicView.json().need.canEdit).toBe(false);
    expect(publicView.body).not.toContain('1012AB');
    expect((await t().inject({ method: 'GET', url: '/api/needs/nope' })).statusCode).toBe(404);
  });

  it('stores a title with <script> as text and returns it unchanged as JSON', async () => {
    const title = '<script>alert("x")</script> Klussen & co';
    const need = await needOk({ title });
    const res = await t().inject({ method: 'GET', url: `/api/needs/${need.id}` });
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json().need.title).toBe(title);
    const found = await search('q=alert+klussen');
    expect(found.items.map((i) => i.id)).toContain(need.id);
  });

  it('refuses every invalid need with 400 and the field', async () => {
    const { orgId } = await setup();
    await expect400(await postNeed({ kind: 'tools' }), 'kind');
    await expect400(await postNeed({ title: 'x' }), 'title');
    await expect400(await postNeed({ domains: [] }), 'domains');
    await expect400(await postNeed({ domains: ['parking'] }), 'domains.0');
    await expect400(await postNeed({ languages: ['dutch'] }), 'languages.0');
    await expect400(await postNeed({ postcode: '0123' }), 'postcode');
    await expect400(await postNeed({ postcode: '1010' }), 'postcode', 'unknown_postcode');
    await expect400(await postNeed({ postcode: null }), 'postcode');
    await expect400(await postNeed({ startsAt: '2026-05-02T10:00:00Z', endsAt: '2026-05-01T10:00:00Z' }), 'endsAt');
    await expect400(await postNeed({ hoursEstimate: 0 }), 'hoursEstimate');
    await expect400(await postNeed({ peopleNeeded: -1 }), 'peopleNeeded');
    await expect400(await postNeed({ quantity: 5 }), 'quantity');
    await expect400(await postNeed({ kind: 'materials', compensation: { type: 'unpaid' } }), 'materialsMode');
    await expect400(await postNeed({ kind: 'materials', materialsMode: 'lend', unit: 'stuks' }), 'quantity');
    await expect400(
      await postNeed({
        kind: 'materials',
        materialsMode: 'give',
        compensation: { type: 'paid', hourlyRateCents: 2000 },
      }),
      'compensation.type',
    );
    await expect400(await postNeed({ compensation: { type: 'gift' } }), 'compensation.type');
    await expect400(await postNeed({ compensation: { type: 'paid' } }), 'compensation.hourlyRateCents');
    await expect400(await postNeed({ compensation: { type: 'allowance' } }), 'compensation.allowanceCents');
    await expect400(
      await postNeed({ compensation: { type: 'unpaid', hourlyRateCents: 1500 } }),
      'compensation.hourlyRateCents',
    );
    await expect400(await postNeed({ requirements: { minAge: 5 } }), 'requirements.minAge');
    await expect400(await postNeed({ surprise: true }), 'surprise');
    await expect400(await postNeed({ organizationId: undefined }), 'organizationId');
    // A remote need needs no postcode.
    expect((await postNeed({ postcode: null, remote: true })).statusCode).toBe(201);
    expect(orgId).toBeTruthy();
  });

  it('refuses paid work below the minimum wage at the date, naming the figure and its source', async () => {
    // The test clock stands at 2 March 2026: €14.71.
    const low = await postNeed({ compensation: { type: 'paid', hourlyRateCents: 1470 } });
    await expect400(low, 'compensation.hourlyRateCents', 'below_minimum_wage');
    expect(low.json().error.fields['compensation.hourlyRateCents']).toMatch(/€14\.71.*Rijksoverheid/);
    expect(low.json().error.details).toMatchObject({ minimumCents: 1471, validFrom: '2026-01-01' });
    expect((await postNeed({ compensation: { type: 'paid', hourlyRateCents: 1471 } })).statusCode).toBe(201);

    // Back in December 2025 €14.40 sufficed, but not for work that continues into 2026.
    t().clock.set('2025-12-01T09:00:00.000Z');
    try {
      expect(
        (await postNeed({ compensation: { type: 'paid', hourlyRateCents: 1440 }, endsAt: '2025-12-20T17:00:00Z' }))
          .statusCode,
      ).toBe(201);
      await expect400(
        await postNeed({ compensation: { type: 'paid', hourlyRateCents: 1440 }, endsAt: '2026-01-20T17:00:00Z' }),
        'compensation.hourlyRateCents',
        'below_minimum_wage',
      );
      await expect400(
        await postNeed({ compensation: { type: 'paid', hourlyRateCents: 1439 } }),
        'compensation.hourlyRateCents',
        'below_minimum_wage',
      );
    } finally {
      t().clock.set('2026-03-02T09:00:00.000Z');
    }
  });

  it('refuses an allowance above the tax-free hourly maximum with an explanation', async () => {
    const high = await postNeed({ compensation: { type: 'allowance', allowanceCents: 561 } });
    await expect400(high, 'compensation.allowanceCents', 'allowance_limit');
    expect(high.json().error.fields['compensation.allowanceCents']).toMatch(/€5\.60 per hour.*Belastingdienst/);
    expect(high.json().error.details).toMatchObject({
      hourlyMaxCents: 560,
      perMonthMaxCents: 21000,
      perYearMaxCents: 210000,
    });
    const ok = await postNeed({ compensation: { type: 'allowance', allowanceCents: 560 } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().need.compensation).toEqual({ type: 'allowance', allowanceCents: 560 });
    // In 2024 the maximum was €5.50.
    t().clock.set('2024-06-01T09:00:00.000Z');
    try {
      await expect400(
        await postNeed({ compensation: { type: 'allowance', allowanceCents: 551 } }),
        'compensation.allowanceCents',
        'allowance_limit',
      );
    } finally {
      t().clock.set('2026-03-02T09:00:00.000Z');
    }
  });

  it('opens needs to asylum seekers only with a vrijwilligersverklaring or, for paid work, an arranged permit', async () => {
    const { orgId } = await setup();
    // Another founder: organisations per person and day are limited (issue 9). Only verified
    // organisations make these promises at all (the refusal for unverified ones: abuse.test.ts).
    const coordinator = await t().register({ displayName: 'Stichter' });
    // No vrijwilligersverklaring at all, and one older than 3 years.
    const noDeclaration = (
      await organization(coordinator, { name: 'Zonder verklaring', volunteerDeclarationDate: undefined })
    ).id;
    const stale = (await organization(coordinator, { name: 'Oude verklaring', volunteerDeclarationDate: '2022-01-15' }))
      .id;
    for (const id of [orgId, noDeclaration, stale]) await verifyOrganization(t(), id);
    const refused = await coordinator.inject({
      method: 'POST',
      url: '/api/needs',
      payload: baseNeed(noDeclaration, { openToAsylumSeekers: true }),
    });
    await expect400(refused, 'openToAsylumSeekers');
    expect(refused.json().error.message).toMatch(/vrijwilligersverklaring/);
    await expect400(
      await coordinator.inject({
        method: 'POST',
        url: '/api/needs',
        payload: baseNeed(stale, { openToAsylumSeekers: true }),
      }),
      'openToAsylumSeekers',
    );

    const volunteer = await postNeed({ openToAsylumSeekers: true });
    expect(volunteer.statusCode).toBe(201);
    expect(volunteer.json().need.openToAsylumSeekers).toBe(true);

    await expect400(
      await postNeed({ openToAsylumSeekers: true, compensation: { type: 'paid', hourlyRateCents: 1600 } }),
      'workPermitArranged',
    );
    // Paid work needs the permit confirmation, not the volunteer declaration.
    const paid = await coordinator.inject({
      method: 'POST',
      url: '/api/needs',
      payload: baseNeed(noDeclaration, {
        openToAsylumSeekers: true,
        workPermitArranged: true,
        compensation: { type: 'paid', hourlyRateCents: 1600 },
      }),
    });
    expect(paid.statusCode).toBe(201);
    expect(paid.json().need).toMatchObject({ openToAsylumSeekers: true, workPermitArranged: true });
    const found = await search(`openToAsylumSeekers=true&organizationId=${noDeclaration}`);
    expect(found.items.map((i) => i.id)).toEqual([paid.json().need.id]);
  });

  it('lets only owners and coordinators of the organisation change or close a need (403 otherwise)', async () => {
    const { coordinator, outsider, orgId } = await setup();
    const need = await needOk();
    const member = await t().register();
    await joinByInvitation(coordinator, orgId, member, 'member');
    for (const who of [outsider, member]) {
      expect(
        (await who.inject({ method: 'PATCH', url: `/api/needs/${need.id}`, payload: { title: 'Overgenomen' } }))
          .statusCode,
      ).toBe(403);
      expect((await who.inject({ method: 'POST', url: `/api/needs/${need.id}/close` })).statusCode).toBe(403);
      expect((await who.inject({ method: 'POST', url: '/api/needs', payload: baseNeed(orgId) })).statusCode).toBe(403);
    }
    expect(
      (await t().inject({ method: 'PATCH', url: `/api/needs/${need.id}`, payload: { title: 'Anoniem' } })).statusCode,
    ).toBe(401);
    const coord = await t().register();
    await joinByInvitation(coordinator, orgId, coord, 'coordinator');
    const patched = await coord.inject({
      method: 'PATCH',
      url: `/api/needs/${need.id}`,
      payload: { title: 'Kok gezocht', remote: true, postcode: null },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().need).toMatchObject({ title: 'Kok gezocht', postcode: null, place: null, remote: true });
    // The merged need must still be valid: no place and not remote is refused.
    await expect400(
      await coord.inject({ method: 'PATCH', url: `/api/needs/${need.id}`, payload: { remote: false } }),
      'postcode',
    );
    await expect400(
      await coord.inject({
        method: 'PATCH',
        url: `/api/needs/${need.id}`,
        payload: { compensation: { type: 'paid', hourlyRateCents: 1000 } },
      }),
      'compensation.hourlyRateCents',
      'below_minimum_wage',
    );
    // Members see their organisation's needs under "my listings", but may not edit them.
    const mine = await member.inject({ method: 'GET', url: '/api/me/listings' });
    expect(mine.statusCode).toBe(200);
    const item = mine.json().needs.items.find((n: { id: string }) => n.id === need.id);
    expect(item).toMatchObject({ canEdit: false });
  });

  it('closes a need: it leaves the open search and shows only when status=closed is asked', async () => {
    const need = await needOk({ title: 'Sluitbare klus voor de zolder' });
    expect((await search('q=zolder')).items.map((i) => i.id)).toEqual([need.id]);
    const { coordinator } = await setup();
    const closed = await coordinator.inject({ method: 'POST', url: `/api/needs/${need.id}/close` });
    expect(closed.json().need.status).toBe('closed');
    expect(closed.json().need.closedAt).toBe(t().clock.now().toISOString());
    const again = await coordinator.inject({ method: 'POST', url: `/api/needs/${need.id}/close` });
    expect(again.json().need.closedAt).toBe(closed.json().need.closedAt);
    expect((await search('q=zolder')).items).toEqual([]);
    expect((await search('q=zolder&status=closed')).items.map((i) => i.id)).toEqual([need.id]);
    expect((await search('q=zolder&status=open,closed')).items.map((i) => i.id)).toEqual([need.id]);
  });

  it('expires a need when its end passes, by the injected clock', async () => {
    const endsAt = new Date(t().clock.now().getTime() + 2 * DAY).toISOString();
    const need = await needOk({ title: 'Eenmalige opruimactie in het park', endsAt });
    expect((await search('q=opruimactie')).items.map((i) => i.status)).toEqual(['open']);
    t().clock.advance(3 * DAY);
    try {
      expect((await search('q=opruimactie')).items).toEqual([]);
      expect((await search('q=opruimactie&status=expired')).items.map((i) => [i.id, i.status])).toEqual([
        [need.id, 'expired'],
      ]);
      expect((await t().inject({ method: 'GET', url: `/api/needs/${need.id}` })).json().need.status).toBe('expired');
      // Moving the end into the future opens it again.
      const { coordinator } = await setup();
      const later = new Date(t().clock.now().getTime() + 5 * DAY).toISOString();
      const res = await coordinator.inject({
        method: 'PATCH',
        url: `/api/needs/${need.id}`,
        payload: { endsAt: later },
      });
      expect(res.json().need.status).toBe('open');
      expect((await search('q=opruimactie')).items.map((i) => i.id)).toEqual([need.id]);
    } finally {
      t().clock.set('2026-03-02T09:00:00.000Z');
    }
  });

  it('finds a need in 1012 Amsterdam from 1013 within 5 km, and not from 9711 Groningen', async () => {
    const need = await needOk({ title: 'Fietsenmaker voor de Dam', postcode: '1012' });
    const near = await search('near=1013&radiusKm=5&q=fietsenmaker');
    expect(near.items.map((i) => i.id)).toEqual([need.id]);
    expect(near.items[0]?.distanceKm).toBeGreaterThan(0);
    expect(near.items[0]?.distanceKm).toBeLessThan(5);
    expect((await search('near=9711&radiusKm=5&q=fietsenmaker')).items).toEqual([]);
    expect((await search('near=9711&radiusKm=200&q=fietsenmaker')).items[0]?.distanceKm).toBeGreaterThan(140);
    const bad = await t().inject({ method: 'GET', url: '/api/needs?near=1010' });
    await expect400(bad, 'near', 'unknown_postcode');
    await expect400(await t().inject({ method: 'GET', url: '/api/needs?radiusKm=5' }), 'radiusKm');
    await expect400(await t().inject({ method: 'GET', url: '/api/needs?sort=distance' }), 'sort');
  });

  it('includes remote listings in a distance search only when asked', async () => {
    const remote = await needOk({
      title: 'Online boekhouder voor de vereniging',
      postcode: null,
      remote: true,
      kind: 'knowledge',
    });
    expect((await search('near=1013&radiusKm=5&q=boekhouder')).items).toEqual([]);
    const withRemote = await search('near=1013&radiusKm=5&q=boekhouder&includeRemote=true');
    expect(withRemote.items.map((i) => [i.id, i.distanceKm])).toEqual([[remote.id, null]]);
  });

  it('filters by kind, domain, compensation, language, skill and newcomer-friendliness', async () => {
    const { orgId } = await setup();
    const a = await needOk({
      title: 'Filtertest tuinieren',
      kind: 'hands',
      domains: ['greening'],
      languages: ['ar'],
      skills: ['tuinieren'],
      newcomerFriendly: true,
      compensation: { type: 'time_credits' },
    });
    const b = await needOk({
      title: 'Filtertest advies',
      kind: 'knowledge',
      domains: ['energy', 'poverty'],
      languages: ['nl'],
      skills: ['energieadvies'],
      compensation: { type: 'allowance', allowanceCents: 300 },
    });
    const c = await needOk({
      title: 'Filtertest spullen',
      kind: 'materials',
      materialsMode: 'lend',
      quantity: 2,
      unit: 'ladders',
      domains: ['housing'],
      languages: [],
      compensation: { type: 'unpaid' },
    });
    const ids = async (q: string) =>
      (await search(`q=filtertest&organizationId=${orgId}&${q}`)).items.map((i) => i.id).sort();
    await expectFinds(ids, [
      ['', [a, b, c]],
      ['kind=knowledge', [b]],
      ['kind=knowledge,materials', [b, c]],
      ['domain=poverty', [b]],
      ['domain=greening&domain=housing', [a, c]],
      ['compensation=time_credits', [a]],
      ['compensation=allowance,unpaid', [b, c]],
      ['language=ar', [a]],
      ['skill=energieadvies', [b]],
      ['newcomerFriendly=true', [a]],
      ['kind=hands&language=nl', []],
    ]);
    expect((await search(`q=filtertest&kind=materials`)).items[0]).toMatchObject({
      quantity: 2,
      unit: 'ladders',
      materialsMode: 'lend',
    });
    await expect400(await t().inject({ method: 'GET', url: '/api/needs?domain=parking' }), 'domain.0');
    await expect400(await t().inject({ method: 'GET', url: '/api/needs?newcomerFriendly=yes' }), 'newcomerFriendly');
  });

  it('ranks title matches above description matches, and needs every word (prefixes, diacritics ignored)', async () => {
    const { orgId } = await setup();
    const inTitle = await needOk({ title: 'Rankproef moestuin aanleggen', description: 'Samen graven en zaaien.' });
    const inBody = await needOk({
      title: 'Rankproef klus op het plein',
      description: 'Ook een moestuin in de bakken.',
    });
    const other = await needOk({ title: 'Rankproef verhuizing', description: 'Dozen sjouwen.' });
    const page = await search(`q=rankproef+moestuin&organizationId=${orgId}`);
    expect(page.items.map((i) => i.id)).toEqual([inTitle.id, inBody.id]);
    expect((await search(`q=rankproef+moes&organizationId=${orgId}`)).items.map((i) => i.id)).toEqual([
      inTitle.id,
      inBody.id,
    ]);
    expect((await search(`q=RANKPROEF+Dozen&organizationId=${orgId}`)).items.map((i) => i.id)).toEqual([other.id]);
    const accent = await needOk({ title: 'Rankproef café naïeve Zoë', description: 'مرحبا بالجميع — Привіт' });
    expect((await search(`q=cafe+naieve+zoe`)).items.map((i) => i.id)).toEqual([accent.id]);
    expect((await search(`q=${encodeURIComponent('Café Zoë')}`)).items.map((i) => i.id)).toEqual([accent.id]);
    expect((await search(`q=${encodeURIComponent('مرحبا')}`)).items.map((i) => i.id)).toEqual([accent.id]);
    expect((await search(`q=${encodeURIComponent('привіт')}`)).items.map((i) => i.id)).toEqual([accent.id]);
    expect((await search('q=rankproef+onvindbaarwoord')).items).toEqual([]);
    // Punctuation only is no search at all: newest first.
    expect((await search('q=%21%21%21&limit=1')).items).toHaveLength(1);
  });

  it('paginates with cursors in every sort order without gaps or repeats', async () => {
    const { orgId } = await setup();
    const made: string[] = [];
    const places = ['1011', '1012', '1013', '1014', '1015', '1016', '1017', '1018', '1019', '1021', '1022'];
    for (const [i, pc] of places.entries()) {
      t().clock.advance(60_000);
      made.push((await needOk({ title: `Paginatest ${i} ${i % 2 ? 'paginatest' : ''}`, postcode: pc })).id);
    }
    t().clock.set('2026-03-02T09:00:00.000Z');
    for (const sort of ['newest', 'relevance', 'distance']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await search(
          `q=paginatest&organizationId=${orgId}&near=1012&radiusKm=30&sort=${sort}&limit=4${cursor ? `&cursor=${cursor}` : ''}`,
        );
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor && pages < 10);
      expect(pages).toBe(3);
      expect([...seen].sort()).toEqual([...made].sort());
    }
    const newest = await search(`q=paginatest&sort=newest&limit=100`);
    expect(newest.items.map((i) => i.id)).toEqual([...made].reverse());
    // Without near, the database cuts the pages.
    const first = await search(`q=paginatest&sort=newest&limit=5`);
    const second = await search(`q=paginatest&sort=newest&limit=5&cursor=${first.nextCursor}`);
    expect([...first.items, ...second.items].map((i) => i.id)).toEqual([...made].reverse().slice(0, 10));
    const r1 = await search(`q=paginatest&limit=6`);
    const r2 = await search(`q=paginatest&limit=6&cursor=${r1.nextCursor}`);
    expect(r2.nextCursor).toBeNull();
    expect(new Set([...r1.items, ...r2.items].map((i) => i.id))).toEqual(new Set(made));
    // Odd titles say the word twice and rank first.
    expect(r1.items.slice(0, 5).map((i) => made.indexOf(i.id) % 2)).toEqual([1, 1, 1, 1, 1]);
    await expect400(
      await t().inject({ method: 'GET', url: `/api/needs?q=paginatest&sort=newest&cursor=${r1.nextCursor}` }),
      'cursor',
    );
    await expect400(await t().inject({ method: 'GET', url: '/api/needs?cursor=garbage' }), 'cursor');
    await expect400(await t().inject({ method: 'GET', url: '/api/needs?limit=101' }), 'limit');
  });

  it('creates offers by a person and by a business, with their own rules', async () => {
    const { coordinator, outsider, businessId, orgId } = await setup();
    const person = await outsider.inject({
      method: 'POST',
      url: '/api/offers',
      payload: baseOffer({
        availability: { type: 'weekly', slots: [{ day: 'sat', from: '10:00', to: '14:00' }] },
        capacityHoursPerMonth: 16,
      }),
    });
    expect(person.statusCode).toBe(201);
    expect(person.json().offer).toMatchObject({
      owner: { type: 'person', displayName: 'Buitenstaander' },
      b2cType: null,
      postcode: '1013',
      place: 'Amsterdam',
      radiusKm: 10,
      compensationAccepted: ['unpaid', 'time_credits'],
      availability: { type: 'weekly', slots: [{ day: 'sat', from: '10:00', to: '14:00' }] },
      canEdit: true,
    });
    const business = await coordinator.inject({
      method: 'POST',
      url: '/api/offers',
      payload: baseOffer({
        organizationId: businessId,
        b2cType: 'materials',
        kind: 'materials',
        materialsMode: 'give',
        quantity: 40,
        unit: 'm² restplaat',
        postcode: '5611',
        compensationAccepted: ['unpaid'],
        title: 'Restmateriaal: gipsplaten',
      }),
    });
    expect(business.statusCode).toBe(201);
    expect(business.json().offer.owner).toEqual({
      type: 'organization',
      organizationId: businessId,
      name: 'Bouwbedrijf Van Dijk',
      verified: false,
    });

    const post = (payload: Record<string, unknown>, as: TestUser = coordinator) =>
      as.inject({ method: 'POST', url: '/api/offers', payload });
    await expect400(await post(baseOffer({ organizationId: orgId, b2cType: 'pro_bono' })), 'organizationId');
    expect((await post(baseOffer({ organizationId: businessId, b2cType: 'pro_bono' }), outsider)).statusCode).toBe(403);
    await expect400(await post(baseOffer({ organizationId: businessId })), 'b2cType');
    await expect400(await post(baseOffer({ b2cType: 'pro_bono' })), 'b2cType');
    await expect400(
      await post(baseOffer({ organizationId: businessId, b2cType: 'paid_assignment' })),
      'compensationAccepted',
    );
    await expect400(
      await post(
        baseOffer({ organizationId: businessId, b2cType: 'accepts_time_credits', compensationAccepted: ['paid'] }),
      ),
      'compensationAccepted',
    );
    await expect400(await post(baseOffer({ organizationId: businessId, b2cType: 'materials' })), 'kind');
    await expect400(await post(baseOffer({ compensationAccepted: [] })), 'compensationAccepted');
    await expect400(await post(baseOffer({ compensationAccepted: ['barter'] })), 'compensationAccepted.0');
    await expect400(await post(baseOffer({ postcode: null, remote: false })), 'postcode');
    await expect400(await post(baseOffer({ postcode: null, remote: true })), 'radiusKm');
    await expect400(await post(baseOffer({ radiusKm: 0 })), 'radiusKm');
    await expect400(await post(baseOffer({ capacityHoursPerMonth: 800 })), 'capacityHoursPerMonth');
    await expect400(
      await post(baseOffer({ kind: 'materials', materialsMode: 'give', capacityHoursPerMonth: 5 })),
      'capacityHoursPerMonth',
    );
    await expect400(
      await post(baseOffer({ availability: { type: 'weekly', slots: [{ day: 'sat', from: '14:00', to: '10:00' }] } })),
      'availability.slots.0.to',
    );
    await expect400(
      await post(baseOffer({ availability: { type: 'weekly', slots: [{ day: 'zat', from: '10:00', to: '12:00' }] } })),
      'availability.slots.0.day',
    );
    await expect400(
      await post(baseOffer({ availability: { type: 'dates', dates: ['2026-13-01'] } })),
      'availability.dates.0',
    );
    await expect400(await post(baseOffer({ postcode: '1010' })), 'postcode', 'unknown_postcode');

    // Only the offering person (or the business's managers) change or close an offer.
    const offerId = person.json().offer.id;
    expect(
      (await coordinator.inject({ method: 'PATCH', url: `/api/offers/${offerId}`, payload: { title: 'Niet van mij' } }))
        .statusCode,
    ).toBe(403);
    expect((await coordinator.inject({ method: 'POST', url: `/api/offers/${offerId}/close` })).statusCode).toBe(403);
    const businessOfferId = business.json().offer.id;
    expect((await outsider.inject({ method: 'POST', url: `/api/offers/${businessOfferId}/close` })).statusCode).toBe(
      403,
    );
    const patched = await outsider.inject({
      method: 'PATCH',
      url: `/api/offers/${offerId}`,
      payload: { compensationAccepted: ['paid', 'paid'], capacityHoursPerMonth: null },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().offer).toMatchObject({ compensationAccepted: ['paid'], capacityHoursPerMonth: null });
    await expect400(
      await outsider.inject({ method: 'PATCH', url: `/api/offers/${offerId}`, payload: { postcode: null } }),
      'postcode',
    );
    expect((await outsider.inject({ method: 'POST', url: `/api/offers/${offerId}/close` })).json().offer.status).toBe(
      'closed',
    );
  });

  it('searches offers by compensation accepted, B2C type, text and distance, and expires dated offers', async () => {
    const { coordinator, outsider, businessId } = await setup();
    const a = await makeOffer(
      outsider,
      baseOffer({
        title: 'Offerzoek bijles wiskunde',
        kind: 'knowledge',
        compensationAccepted: ['paid', 'allowance'],
        postcode: '1012',
        availability: { type: 'dates', dates: ['2026-03-10', '2026-03-05'] },
      }),
    );
    const b = await makeOffer(
      coordinator,
      baseOffer({
        title: 'Offerzoek pro bono advies',
        kind: 'knowledge',
        organizationId: businessId,
        b2cType: 'pro_bono',
        postcode: '5611',
        compensationAccepted: ['unpaid'],
      }),
    );
    const ids = async (q: string) => (await search(`q=offerzoek&${q}`, 'offers')).items.map((i) => i.id).sort();
    await expectFinds(ids, [
      ['', [a, b]],
      ['compensation=allowance', [a]],
      ['compensation=unpaid,paid', [a, b]],
      ['b2cType=pro_bono', [b]],
      ['near=1013&radiusKm=5', [a]],
      ['near=5612&radiusKm=5', [b]],
    ]);
    t().clock.set('2026-03-10T23:00:00.000Z');
    await expectFinds(ids, [['', [a, b]]]);
    t().clock.set('2026-03-11T00:00:00.000Z');
    try {
      await expectFinds(ids, [
        ['', [b]],
        ['status=expired', [a]],
      ]);
    } finally {
      t().clock.set('2026-03-02T09:00:00.000Z');
    }
    const mine = (await outsider.inject({ method: 'GET', url: '/api/me/listings?limit=100' })).json();
    expect(mine.offers.items.map((o: { id: string }) => o.id)).toContain(a.id);
    expect(mine.offers.items.map((o: { id: string }) => o.id)).not.toContain(b.id);
    expect(mine.needs.items).toEqual([]);
    const coordinatorMine = (await coordinator.inject({ method: 'GET', url: '/api/me/listings?limit=100' })).json();
    expect(coordinatorMine.offers.items.map((o: { id: string }) => o.id)).toContain(b.id);
    expect(coordinatorMine.needs.items.length).toBeGreaterThan(5);
    expect((await t().inject({ method: 'GET', url: '/api/me/listings' })).statusCode).toBe(401);
  });

  it('documents the listing routes in the OpenAPI description', async () => {
    const res = await t().inject({ method: 'GET', url: '/api/docs' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    for (const p of [
      '/api/needs',
      '/api/needs/{id}',
      '/api/needs/{id}/close',
      '/api/offers',
      '/api/offers/{id}',
      '/api/offers/{id}/close',
      '/api/me/listings',
    ]) {
      expect(paths).toContain(p);
    }
  });

  it('lets the engagements module mark a need filled and open again, and never fills a closed one', async () => {
    const { markNeedFilled, reopenNeed } = await import('../../server/modules/listings/index.ts');
    const need = await needOk({ title: 'Vulbare klus met ladders' });
    const at = () => t().clock.now().toISOString();
    // As the engagements module does: the change, then (after its commit) the event the search index hears.
    const changed = () => t().ctx.events.emit('listings.changed', { needIds: [need.id] });
    await markNeedFilled(t().ctx.db, need.id, at());
    changed();
    expect((await search('q=vulbare')).items).toEqual([]);
    expect((await search('q=vulbare&status=filled')).items.map((i) => i.status)).toEqual(['filled']);
    await reopenNeed(t().ctx.db, need.id, at());
    changed();
    expect((await search('q=vulbare')).items.map((i) => i.id)).toEqual([need.id]);
    const { coordinator } = await setup();
    await coordinator.inject({ method: 'POST', url: `/api/needs/${need.id}/close` });
    await markNeedFilled(t().ctx.db, need.id, at());
    await reopenNeed(t().ctx.db, need.id, at());
    changed();
    expect((await search('q=vulbare&status=closed')).items.map((i) => i.status)).toEqual(['closed']);
  });
});
