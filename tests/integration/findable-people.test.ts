import { expect, it } from 'vitest';
import { describeEachDialect, type TestApp, type TestUser } from '../helpers/app.ts';
import { makeNeed, makeOffer, makeOrganization, makePerson } from '../helpers/factories.ts';
import { verifyOrganization } from '../helpers/trust.ts';

/**
 * People as candidates (issue 10, item 2), on both databases: a person who switched on
 * "organisations may find me" is matched for needs alongside offers, shown without e-mail or full
 * postcode, invited directly, and gone from the next query once they switch it off or are erased.
 */

async function organization(t: TestApp, owner: TestUser, name: string, postcode: string): Promise<string> {
  const { id } = await makeOrganization(
    t,
    { name, type: 'initiative', postcode, domains: ['greening'], volunteerDeclarationDate: '2025-04-01' },
    owner,
  );
  await verifyOrganization(t, id);
  return id;
}

const profile = (postcode: string) => ({ postcode, skills: ['tuinieren'], languages: ['nl'] });

type Item = {
  offer?: { id: string };
  person?: { id: string; displayName: string; place: string | null; skills: string[] } & Record<string, unknown>;
  score: number;
  reasons: { text: string }[];
  askFirst: string | null;
};

describeEachDialect('findable people', (t) => {
  it('matches a findable person without offers, shows only what a coordinator may see, and lets the coordinator invite them', async () => {
    const coordinator = await makePerson(t(), 'Coordinator findable');
    const orgId = await organization(t(), coordinator, 'Buurttuin Zuid', '3511AB');
    const findable = await makePerson(t(), 'Fatima', { ...profile('3512AB'), findable: true });
    const hidden = await makePerson(t(), 'Not findable', profile('3512AB'));
    const incomplete = await makePerson(t(), 'No skills yet', {
      postcode: '3512AB',
      languages: ['nl'],
      findable: true,
    });
    const far = await makePerson(t(), 'Far away', { ...profile('9711AA'), findable: true });
    const gardener = await makePerson(t(), 'Gardener with offer', { mayDoPaidWork: 'yes' });
    const offerId = (
      await makeOffer(gardener, {
        title: 'Tuinhulp',
        skills: ['tuinieren'],
        languages: ['nl'],
        postcode: '3511AB',
        radiusKm: 10,
      })
    ).id;
    const needId = (
      await makeNeed(
        { id: orgId, owner: coordinator },
        {
          skills: ['gardening'],
          languages: ['nl'],
          postcode: '3511AB',
          peopleNeeded: 3,
          compensation: { type: 'unpaid' },
          openToAsylumSeekers: false,
        },
      )
    ).id;

    const res = await coordinator.inject({ method: 'GET', url: `/api/needs/${needId}/matches` });
    expect(res.statusCode, res.body).toBe(200);
    const items: Item[] = res.json().items;
    const people = items.flatMap((i) => (i.person ? [i.person] : []));
    expect(items.map((i) => i.offer?.id ?? i.person?.id)).toEqual(expect.arrayContaining([offerId, findable.id]));
    expect(people.map((p) => p.id)).toEqual([findable.id]);
    expect(people.map((p) => p.id)).not.toContain(hidden.id);
    expect(people.map((p) => p.id)).not.toContain(incomplete.id);
    expect(people.map((p) => p.id)).not.toContain(far.id);
    const person = items.find((i) => i.person)!;
    expect(person.person).toEqual({
      id: findable.id,
      displayName: 'Fatima',
      place: 'Utrecht',
      skills: ['tuinieren'],
      languages: ['nl'],
    });
    expect(JSON.stringify(person)).not.toMatch(/@|3512AB/);
    expect(person.reasons[0]?.text).toBe('matching.skills.all');
    // She has not said whether she may do paid work, and this need is not declared open to asylum seekers.
    expect(person.askFirst).toBe('work_permission');

    // Inviting: only the need's managers, only findable people.
    expect(
      (await gardener.inject({ method: 'POST', url: '/api/engagements', payload: { needId, personId: findable.id } }))
        .statusCode,
    ).toBe(403);
    const refused = await coordinator.inject({
      method: 'POST',
      url: '/api/engagements',
      payload: { needId, personId: hidden.id },
    });
    expect(refused.statusCode).toBe(404);
    expect(refused.json().error.fields).toEqual({ personId: 'No such person' });
    expect(
      (
        await coordinator.inject({
          method: 'POST',
          url: '/api/engagements',
          payload: { needId, personId: findable.id, offerId },
        })
      ).statusCode,
    ).toBe(400);
    const invited = await coordinator.inject({
      method: 'POST',
      url: '/api/engagements',
      payload: { needId, personId: findable.id, message: 'Zin om mee te tuinieren?' },
    });
    expect(invited.statusCode, invited.body).toBe(201);
    const engagement = invited.json().engagement;
    expect(engagement).toMatchObject({
      status: 'proposed',
      proposedBy: 'organization',
      need: { id: needId },
      offerId: null,
    });
    // She answers the invitation; once engaged she is not proposed for this need again.
    const mine = await findable.inject({ method: 'GET', url: `/api/engagements/${engagement.id}` });
    expect(mine.statusCode).toBe(200);
    expect(
      (await findable.inject({ method: 'POST', url: `/api/engagements/${engagement.id}/accept` })).statusCode,
    ).toBe(200);
    const after: Item[] = (await coordinator.inject({ method: 'GET', url: `/api/needs/${needId}/matches` })).json()
      .items;
    expect(after.flatMap((i) => (i.person ? [i.person.id] : []))).not.toContain(findable.id);
  });

  it('takes a person out of the next query the moment they switch findable off, or are erased', async () => {
    const coordinator = await makePerson(t(), 'Coordinator switch');
    const orgId = await organization(t(), coordinator, 'Moestuin Noord', '6511AA');
    const anna = await makePerson(t(), 'Anna', { ...profile('6511AB'), findable: true });
    const bram = await makePerson(t(), 'Bram', { ...profile('6511AB'), findable: true });
    expect((await anna.inject({ method: 'GET', url: '/api/me' })).json().user.findable).toBe(true);
    const needId = (
      await makeNeed(
        { id: orgId, owner: coordinator },
        {
          skills: ['tuinieren'],
          languages: ['nl'],
          postcode: '6511AA',
          peopleNeeded: 2,
          compensation: { type: 'unpaid' },
          openToAsylumSeekers: true,
        },
      )
    ).id;
    const people = async () =>
      ((await coordinator.inject({ method: 'GET', url: `/api/needs/${needId}/matches` })).json().items as Item[])
        .flatMap((i) => (i.person ? [i.person.id] : []))
        .sort();
    expect(await people()).toEqual([anna.id, bram.id].sort());

    expect(
      (await anna.inject({ method: 'PATCH', url: '/api/me', payload: { findable: false } })).json().user.findable,
    ).toBe(false);
    expect(await people()).toEqual([bram.id]);
    expect(
      (await coordinator.inject({ method: 'POST', url: '/api/engagements', payload: { needId, personId: anna.id } }))
        .statusCode,
    ).toBe(404);

    expect(
      (
        await bram.inject({
          method: 'DELETE',
          url: '/api/me',
          payload: { currentPassword: 'a long enough passphrase' },
        })
      ).statusCode,
    ).toBe(204);
    expect(await people()).toEqual([]);
    expect(
      (await coordinator.inject({ method: 'POST', url: '/api/engagements', payload: { needId, personId: bram.id } }))
        .statusCode,
    ).toBe(404);
  });

  it('is off by default and never lists the people who run the need', async () => {
    const fresh = await makePerson(t(), 'Fresh');
    expect((await fresh.inject({ method: 'GET', url: '/api/me' })).json().user.findable).toBe(false);
    const coordinator = await makePerson(t(), 'Coordinator self', { ...profile('8011AA'), findable: true });
    const orgId = await organization(t(), coordinator, 'Tuinen Zwolle', '8011AA');
    const needId = (
      await makeNeed(
        { id: orgId, owner: coordinator },
        {
          skills: ['tuinieren'],
          languages: ['nl'],
          postcode: '8011AA',
          compensation: { type: 'unpaid' },
          openToAsylumSeekers: true,
        },
      )
    ).id;
    const items: Item[] = (await coordinator.inject({ method: 'GET', url: `/api/needs/${needId}/matches` })).json()
      .items;
    expect(items.flatMap((i) => (i.person ? [i.person.id] : []))).not.toContain(coordinator.id);
  });
});
