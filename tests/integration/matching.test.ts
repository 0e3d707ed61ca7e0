import { expect, it } from 'vitest';
import type { DomainEvents } from '../../server/events.ts';
import { describeEachDialect, type TestApp, type TestUser } from '../helpers/app.ts';
import { addMember, makeNeed, makeOffer, makeOrganization, makePerson } from '../helpers/factories.ts';
import { verifyOrganization } from '../helpers/trust.ts';

/**
 * Matching over HTTP on both databases: the three suggestion endpoints, match rounds with their
 * invitations, the live `match` event, and authorisation on every object (others get 403).
 */

/**
 * An organisation of `owner` in `postcode` that holds a vrijwilligersverklaring. Verified, so it holds
 * the powers these tests use (asylum-seeker needs, match rounds); the refusals for unverified
 * organisations are in abuse.test.ts.
 */
async function organization(
  t: TestApp,
  owner: TestUser,
  type: 'initiative' | 'business' | 'public',
  name: string,
  postcode = '3511AB',
): Promise<string> {
  const { id } = await makeOrganization(
    t,
    { name, type, postcode, domains: ['greening'], volunteerDeclarationDate: '2025-04-01' },
    owner,
  );
  await verifyOrganization(t, id);
  return id;
}

/**
 * One app per database serves the whole file, so each test works in its own city (`area`, set at
 * its start): listings of one test are out of reach of the others.
 */
let area = '3511AB';

/** A gardener's offer in `area` within 10 km, in Dutch. */
const offer = async (user: TestUser, overrides: Record<string, unknown> = {}) =>
  (
    await makeOffer(user, {
      title: 'Ik help in de tuin',
      skills: ['tuinieren'],
      languages: ['nl'],
      postcode: area,
      radiusKm: 10,
      ...overrides,
    })
  ).id;

/** An unpaid gardening need for 2 people in `area`, open to asylum seekers. */
const need = async (coordinator: TestUser, organizationId: string, overrides: Record<string, unknown> = {}) => {
  const body = {
    skills: ['gardening'],
    languages: ['nl'],
    postcode: area,
    peopleNeeded: 2,
    compensation: { type: 'unpaid' },
    openToAsylumSeekers: true,
    ...overrides,
  };
  return (await makeNeed({ id: organizationId, owner: coordinator }, body)).id;
};

const ids = (items: { offer?: { id: string }; need?: { id: string } }[]) => items.map((i) => i.offer?.id ?? i.need?.id);

describeEachDialect('matching', (t) => {
  it('ranks offers for a need, best first, with reasons, for members of its organisation only', async () => {
    area = '3511AB';
    const coordinator = await makePerson(t(), 'Coordinator');
    const orgId = await organization(t(), coordinator, 'initiative', 'Buurttuin De Wilg');
    const member = await makePerson(t(), 'Plain member');
    await addMember({ id: orgId, owner: coordinator }, member, 'member');

    const gardener = await makePerson(t(), 'Gardener', { mayDoPaidWork: 'yes' });
    const cook = await makePerson(t(), 'Cook', { mayDoPaidWork: 'yes' });
    const far = await makePerson(t(), 'Far away', { mayDoPaidWork: 'yes' });
    const closed = await makePerson(t(), 'Closed offer', { mayDoPaidWork: 'yes' });
    const gardenerOffer = await offer(gardener);
    const cookOffer = await offer(cook, { skills: ['koken'] });
    await offer(far, { postcode: '9711AA', radiusKm: 5 });
    const closedOffer = await offer(closed);
    expect((await closed.inject({ method: 'POST', url: `/api/offers/${closedOffer}/close` })).statusCode).toBe(200);
    // The coordinator's own offer never comes back: they cannot take on their organisation's work.
    await offer(coordinator);
    const needId = await need(coordinator, orgId);

    const res = await member.inject({ method: 'GET', url: `/api/needs/${needId}/matches` });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items;
    // The cook next door shares none of the asked skills: below the minimum score, not a match.
    expect(ids(items)).toEqual([gardenerOffer]);
    expect(ids(items)).not.toContain(cookOffer);
    expect(items[0].reasons[0]).toMatchObject({
      factor: 'skills',
      score: 1,
      text: 'matching.skills.all',
      params: { skills: 'gardening' },
    });
    for (const r of items[0].reasons) expect(r.text).toMatch(/^matching\.[a-z]+\.[a-z_]+$/);

    expect(
      (await member.inject({ method: 'GET', url: `/api/needs/${needId}/matches?limit=1` })).json().items,
    ).toHaveLength(1);
    expect((await gardener.inject({ method: 'GET', url: `/api/needs/${needId}/matches` })).statusCode).toBe(403);
    expect((await t().inject({ method: 'GET', url: `/api/needs/${needId}/matches` })).statusCode).toBe(401);
    expect((await member.inject({ method: 'GET', url: '/api/needs/nope/matches' })).statusCode).toBe(404);
    const bad = await member.inject({ method: 'GET', url: `/api/needs/${needId}/matches?limit=0` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'invalid_input', fields: { limit: expect.any(String) } });
  });

  it('keeps the hard rules at the API: paid work, VOG, asylum-seeker flag, radius and remote', async () => {
    area = '5611AA';
    const here = { postcode: area };
    const coordinator = await makePerson(t(), 'Coordinator 2');
    const orgId = await organization(t(), coordinator, 'initiative', 'Wijkcentrum Oost', '5611AA');
    const yes = await makePerson(t(), 'May work', { mayDoPaidWork: 'yes' });
    const no = await makePerson(t(), 'May not work', { mayDoPaidWork: 'no', postcode: '5611AA' });
    const unknown = await makePerson(t(), 'Never answered');
    const vog = await makePerson(t(), 'Has VOG', { mayDoPaidWork: 'yes' });
    await t()
      .ctx.db.updateTable('users')
      .set({ vog_verified_at: '2026-01-01T00:00:00.000Z' })
      .where('id', '=', vog.id)
      .execute();
    const remote = await makePerson(t(), 'Remote translator', { mayDoPaidWork: 'yes' });
    const accepting = ['unpaid', 'time_credits', 'allowance', 'paid'];
    const yesOffer = await offer(yes, { ...here, compensationAccepted: accepting });
    const noOffer = await offer(no, { ...here, compensationAccepted: accepting });
    const unknownOffer = await offer(unknown, { ...here, compensationAccepted: accepting });
    const vogOffer = await offer(vog, { ...here, compensationAccepted: accepting });
    const remoteOffer = await offer(remote, {
      postcode: '9711AA',
      radiusKm: 5,
      remote: true,
      compensationAccepted: accepting,
    });

    const matches = async (needId: string) =>
      ids((await coordinator.inject({ method: 'GET', url: `/api/needs/${needId}/matches` })).json().items).sort();

    // Paid without a permit arranged: only people who answered "yes"; with one arranged, everyone in reach.
    const paid = await need(coordinator, orgId, {
      ...here,
      compensation: { type: 'paid', hourlyRateCents: 2000 },
      openToAsylumSeekers: false,
    });
    expect(await matches(paid)).toEqual([yesOffer, vogOffer].sort());
    const arranged = await need(coordinator, orgId, {
      ...here,
      compensation: { type: 'paid', hourlyRateCents: 2000 },
      workPermitArranged: true,
    });
    expect(await matches(arranged)).toEqual([yesOffer, noOffer, unknownOffer, vogOffer].sort());
    // Open to asylum seekers (declaration held), unpaid: everyone in reach.
    const open = await need(coordinator, orgId, here);
    expect(await matches(open)).toEqual([yesOffer, noOffer, unknownOffer, vogOffer].sort());
    // Not open to asylum seekers: everyone but the person who declared they may not do paid work;
    // the coordinator is told to ask the person who has not answered (never about status).
    const notOpen = await need(coordinator, orgId, { ...here, openToAsylumSeekers: false });
    expect(await matches(notOpen)).toEqual([yesOffer, unknownOffer, vogOffer].sort());
    const notOpenItems: { offer: { id: string }; askFirst: string | null }[] = (
      await coordinator.inject({ method: 'GET', url: `/api/needs/${notOpen}/matches` })
    ).json().items;
    expect(Object.fromEntries(notOpenItems.map((i) => [i.offer.id, i.askFirst]))).toEqual({
      [yesOffer]: null,
      [unknownOffer]: 'work_permission',
      [vogOffer]: null,
    });
    // VOG required: only the person whose VOG was recorded.
    const withVog = await need(coordinator, orgId, { ...here, requirements: { vog: true, minAge: null } });
    expect(await matches(withVog)).toEqual([vogOffer]);
    // Remote: the translator in Groningen joins, out of radius but both remote.
    const remoteNeed = await need(coordinator, orgId, { ...here, remote: true });
    expect(await matches(remoteNeed)).toContain(remoteOffer);
    expect(await matches(open)).not.toContain(remoteOffer);

    // Suggestions for the person who may not work: the open need, never the paid or closed-flag ones.
    const suggested = ids((await no.inject({ method: 'GET', url: '/api/me/suggestions' })).json().items);
    expect(suggested).toContain(open);
    expect(suggested).not.toContain(paid);
    expect(suggested).not.toContain(notOpen);
    expect(suggested).not.toContain(withVog);
  });

  it('matches a volunteer with a default profile for unpaid work, never for paid work without a permit arranged', async () => {
    area = '7511AA';
    const coordinator = await makePerson(t(), 'Coordinator newcomer');
    const orgId = await organization(t(), coordinator, 'initiative', 'Voedselbank Enschede', area);
    // Registered and filled in skills and postcode, never answered the paid-work question.
    const volunteer = await makePerson(t(), 'New volunteer', { postcode: area, skills: ['koken'], languages: ['nl'] });
    expect((await volunteer.inject({ method: 'GET', url: '/api/me' })).json().user.mayDoPaidWork).toBe('unknown');
    const unpaid = await need(coordinator, orgId, {
      skills: ['koken'],
      openToAsylumSeekers: false,
      title: 'Koken voor de buurt',
    });
    const paid = await need(coordinator, orgId, {
      skills: ['koken'],
      openToAsylumSeekers: false,
      compensation: { type: 'paid', hourlyRateCents: 1600 },
      title: 'Kok (betaald)',
    });
    const suggested = ids((await volunteer.inject({ method: 'GET', url: '/api/me/suggestions' })).json().items);
    expect(suggested).toContain(unpaid);
    expect(suggested).not.toContain(paid);
  });

  it('ranks needs for an offer (its owner only) and suggestions from the profile', async () => {
    area = '6511AA';
    const coordinator = await makePerson(t(), 'Coordinator 3');
    const orgId = await organization(t(), coordinator, 'initiative', 'Repair Café Noord', area);
    const fixer = await makePerson(t(), 'Fixer', {
      mayDoPaidWork: 'yes',
      postcode: area,
      skills: ['fietsen repareren'],
      languages: ['nl'],
    });
    const fixerOffer = await offer(fixer, { skills: ['bike repair'] });
    const bikes = await need(coordinator, orgId, { skills: ['fietsenmaker'], title: 'Fietsen repareren' });
    const odd = await need(coordinator, orgId, { skills: ['klussen'], title: 'Klusjes in het buurthuis' });
    // Gardening is unrelated to repairing bikes: below the minimum score, never suggested.
    const garden = await need(coordinator, orgId, { skills: ['tuinieren'] });

    const res = await fixer.inject({ method: 'GET', url: `/api/offers/${fixerOffer}/matches` });
    expect(res.statusCode, res.body).toBe(200);
    expect(ids(res.json().items)).toEqual([bikes, odd]);
    expect(res.json().items[1].score).toBeGreaterThanOrEqual(0.71);
    expect((await coordinator.inject({ method: 'GET', url: `/api/offers/${fixerOffer}/matches` })).statusCode).toBe(
      403,
    );

    const suggestions = await fixer.inject({ method: 'GET', url: '/api/me/suggestions?limit=5' });
    expect(suggestions.statusCode, suggestions.body).toBe(200);
    expect(suggestions.json().items[0].need.id).toBe(bikes);
    // Their own organisation's needs are never suggested to the people who run it.
    expect(ids((await coordinator.inject({ method: 'GET', url: '/api/me/suggestions' })).json().items)).not.toContain(
      bikes,
    );

    // Once the fixer applied, the need is not suggested to them again.
    expect(
      (await fixer.inject({ method: 'POST', url: '/api/engagements', payload: { needId: bikes } })).statusCode,
    ).toBe(201);
    const after = await fixer.inject({ method: 'GET', url: '/api/me/suggestions?limit=5' });
    expect(ids(after.json().items)).not.toContain(bikes);
    expect(ids(after.json().items)).toContain(odd);
    expect(ids(after.json().items)).not.toContain(garden);
  });

  it('runs a match round for a public organisation, and invites from it once per proposal', async () => {
    area = '1011AA';
    const alderman = await makePerson(t(), 'Municipal coordinator');
    await organization(t(), alderman, 'public', 'Gemeente Amsterdam', area);
    const otherPublic = await makePerson(t(), 'Another municipality');
    await organization(t(), otherPublic, 'public', 'Gemeente Zeist', '3701AA');
    const coordinator = await makePerson(t(), 'Initiative coordinator');
    const orgId = await organization(t(), coordinator, 'initiative', 'Voedselbank Zuid', area);
    // The initiative lets the municipality's rounds invite for it (abuse.test.ts row 2 holds the default: a proposal to its managers).
    expect(
      (
        await coordinator.inject({
          method: 'PATCH',
          url: `/api/organizations/${orgId}`,
          payload: { allowRoundInvitations: true },
        })
      ).json().organization.allowRoundInvitations,
    ).toBe(true);
    const helperA = await makePerson(t(), 'Helper A', { mayDoPaidWork: 'yes' });
    const helperB = await makePerson(t(), 'Helper B', { mayDoPaidWork: 'yes' });
    const offerA = await offer(helperA, { skills: ['koken'] });
    const offerB = await offer(helperB, { skills: ['sjouwen'] });
    const cooking = await need(coordinator, orgId, {
      skills: ['cooking'],
      peopleNeeded: 1,
      title: 'Koken voor de buurt',
    });
    const lifting = await need(coordinator, orgId, {
      skills: ['heavy lifting'],
      peopleNeeded: 1,
      title: 'Dozen sjouwen',
    });

    // Only coordinators of a public organisation (or admins) run rounds.
    for (const who of [coordinator, helperA]) {
      expect(
        (await who.inject({ method: 'POST', url: '/api/match-rounds', payload: { near: '3511', radiusKm: 10 } }))
          .statusCode,
      ).toBe(403);
      expect((await who.inject({ method: 'GET', url: '/api/match-rounds' })).statusCode).toBe(403);
    }
    const invalid = await alderman.inject({
      method: 'POST',
      url: '/api/match-rounds',
      payload: { near: '3511', radiusKm: 0 },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error).toMatchObject({ code: 'invalid_input', fields: { radiusKm: expect.any(String) } });
    const unknownPlace = await alderman.inject({
      method: 'POST',
      url: '/api/match-rounds',
      payload: { near: '1299', radiusKm: 10 },
    });
    expect(unknownPlace.json().error).toMatchObject({ code: 'unknown_postcode', fields: { near: expect.any(String) } });
    const extra = await alderman.inject({
      method: 'POST',
      url: '/api/match-rounds',
      payload: { near: '3511', radiusKm: 10, everything: true },
    });
    expect(extra.statusCode).toBe(400);

    const created = await alderman.inject({
      method: 'POST',
      url: '/api/match-rounds',
      payload: { near: '1011AA', radiusKm: 10, kind: 'hands' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const round = created.json().round;
    const pairs = round.proposals.map((p: { needId: string; offerId: string }) => `${p.needId}→${p.offerId}`).sort();
    expect(pairs).toEqual([`${cooking}→${offerA}`, `${lifting}→${offerB}`].sort());
    expect(round.totalScore).toBeCloseTo(
      round.proposals.reduce((s: number, p: { score: number; units: number }) => s + p.score * p.units, 0),
      6,
    );
    expect(round.proposals[0].need.organization.name).toBe('Voedselbank Zuid');
    // In words: two people on two needs; each proposal says why, and strong ones start ticked.
    expect(round).toMatchObject({ coveredNeedCount: 2, pairedCandidateCount: 2 });
    for (const p of round.proposals as { score: number; preselected: boolean; reasons: { text: string }[] }[]) {
      expect(p.score).toBeGreaterThanOrEqual(0.71);
      expect(p.preselected).toBe(p.score >= 0.8);
      expect(p.reasons.length).toBeGreaterThan(0);
      expect(p.reasons[0]!.text).toMatch(/^matching\./);
    }

    expect((await alderman.inject({ method: 'GET', url: `/api/match-rounds/${round.id}` })).json().round.id).toBe(
      round.id,
    );
    expect(
      (await alderman.inject({ method: 'GET', url: '/api/match-rounds' }))
        .json()
        .items.map((r: { id: string }) => r.id),
    ).toContain(round.id);
    // Others (even another municipality, or the initiative itself) can neither read nor invite.
    for (const who of [otherPublic, coordinator, helperA]) {
      expect((await who.inject({ method: 'GET', url: `/api/match-rounds/${round.id}` })).statusCode).toBe(403);
      expect((await who.inject({ method: 'POST', url: `/api/match-rounds/${round.id}/invite` })).statusCode).toBe(403);
    }
    expect((await otherPublic.inject({ method: 'GET', url: '/api/match-rounds' })).json().items).toEqual([]);
    const wrongId = await alderman.inject({
      method: 'POST',
      url: `/api/match-rounds/${round.id}/invite`,
      payload: { proposalIds: ['not-a-proposal'] },
    });
    expect(wrongId.json().error).toMatchObject({ code: 'invalid_input', fields: { proposalIds: expect.any(String) } });

    const first = round.proposals[0];
    const one = await alderman.inject({
      method: 'POST',
      url: `/api/match-rounds/${round.id}/invite`,
      payload: { proposalIds: [first.id] },
    });
    expect(one.statusCode, one.body).toBe(200);
    expect(one.json().results).toEqual([
      { proposalId: first.id, outcome: 'invited', engagementId: expect.any(String) },
    ]);
    const engagementId = one.json().results[0].engagementId;

    const all = await alderman.inject({ method: 'POST', url: `/api/match-rounds/${round.id}/invite` });
    expect(all.statusCode, all.body).toBe(200);
    const outcomes = Object.fromEntries(
      all.json().results.map((r: { proposalId: string; outcome: string; engagementId: string }) => [r.proposalId, r]),
    );
    expect(outcomes[first.id]).toMatchObject({ outcome: 'already_invited', engagementId });
    expect(Object.values(outcomes).filter((r) => (r as { outcome: string }).outcome === 'invited')).toHaveLength(1);
    const again = await alderman.inject({ method: 'POST', url: `/api/match-rounds/${round.id}/invite` });
    expect(again.json().results.every((r: { outcome: string }) => r.outcome === 'already_invited')).toBe(true);

    // The invitation is the initiative's: its coordinator sees it as theirs, the helper can accept.
    const seen = await coordinator.inject({ method: 'GET', url: `/api/engagements/${engagementId}` });
    expect(seen.json().engagement).toMatchObject({
      proposedBy: 'organization',
      viewerSide: 'organization',
      status: 'proposed',
      offerId: first.offerId,
    });
    const helper = first.offerId === offerA ? helperA : helperB;
    expect(
      (await helper.inject({ method: 'GET', url: `/api/engagements/${engagementId}` })).json().engagement
        .allowedActions,
    ).toContain('accept');
    const stored = await t()
      .ctx.db.selectFrom('engagements')
      .select('id')
      .where('need_id', 'in', [cooking, lifting])
      .execute();
    expect(stored).toHaveLength(2);
    expect(
      (await alderman.inject({ method: 'GET', url: `/api/match-rounds/${round.id}` }))
        .json()
        .round.proposals.every((p: { engagementId: string | null }) => p.engagementId),
    ).toBe(true);

    // A new round leaves out the pairs that already have an engagement.
    const next = (
      await alderman.inject({
        method: 'POST',
        url: '/api/match-rounds',
        payload: { near: '1011AA', radiusKm: 10, kind: 'hands' },
      })
    ).json().round;
    const nextPairs = next.proposals.map((p: { needId: string; offerId: string }) => `${p.needId}→${p.offerId}`);
    for (const pair of pairs) expect(nextPairs).not.toContain(pair);

    // An admin reads rounds but runs none: rounds are a verified public body's, within its area.
    const admin = await makePerson(t(), 'Admin');
    await t().makeAdmin(admin);
    expect((await admin.inject({ method: 'GET', url: `/api/match-rounds/${round.id}` })).statusCode).toBe(200);
    expect(
      (await admin.inject({ method: 'POST', url: '/api/match-rounds', payload: { near: '3511', radiusKm: 5 } }))
        .statusCode,
    ).toBe(403);
  });

  it('tells the people whose offers fit a new need best, never those the hard rules exclude', async () => {
    area = '3011AA';
    const coordinator = await makePerson(t(), 'Live coordinator');
    const orgId = await organization(t(), coordinator, 'initiative', 'Taalcafé West', '3011AA');
    const translator = await makePerson(t(), 'Translator', { mayDoPaidWork: 'yes' });
    const notAllowed = await makePerson(t(), 'Translator who may not do paid work', { mayDoPaidWork: 'no' });
    const owner = await makePerson(t(), 'Business owner');
    const businessId = await organization(t(), owner, 'business', 'Vertaalbureau BV', '3011AA');
    const translatorOffer = await offer(translator, { skills: ['vertalen'], postcode: '3011AA' });
    await offer(notAllowed, { skills: ['vertalen'], postcode: '3011AA' });
    const businessOffer = await offer(owner, {
      organizationId: businessId,
      b2cType: 'pro_bono',
      skills: ['translation'],
      postcode: '3011AA',
    });

    const events: DomainEvents['match'][] = [];
    const stop = t().ctx.events.on('match', (e) => events.push(e));
    try {
      const needId = await need(coordinator, orgId, {
        skills: ['translating'],
        postcode: '3011AA',
        openToAsylumSeekers: false,
        title: 'Vertalen van folders',
      });
      // POST /api/needs answers before matching has ranked anything: the announcement follows the `need.created` event.
      expect(events).toHaveLength(0);
      await t().ctx.events.idle();
      expect(events).toHaveLength(1);
      const event = events[0]!;
      expect(event).toMatchObject({ needId, organizationId: orgId });
      const recipients = Object.fromEntries(event.recipients.map((r) => [r.userId, r.offerId]));
      expect(recipients).toEqual({ [translator.id]: translatorOffer, [owner.id]: businessOffer });
      for (const r of event.recipients) expect(r.score).toBeGreaterThanOrEqual(0.6);
      expect(Object.keys(recipients)).not.toContain(notAllowed.id);
    } finally {
      stop();
    }
  });
});
