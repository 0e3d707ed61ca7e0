import { expect, it } from 'vitest';
import type { Need } from '../../shared/schemas/listings.ts';
import type { ToDo } from '../../shared/schemas/to-do.ts';
import { describeEachDialect, type TestUser } from '../helpers/app.ts';
import {
  addMember,
  expectStatus,
  makeApplication,
  makeNeed,
  makeOffer,
  makeOrganization,
  makePerson,
} from '../helpers/factories.ts';

const toDo = async (user: TestUser) =>
  expectStatus<ToDo>(await user.inject({ method: 'GET', url: '/api/me/to-do' }), 200, 'to-do');
const needAs = async (user: Pick<TestUser, 'inject'>, id: string) =>
  expectStatus<{ need: Need }>(await user.inject({ method: 'GET', url: `/api/needs/${id}` }), 200, 'need').need;
const step = async (user: TestUser, id: string, action: string, payload?: Record<string, unknown>) =>
  expectStatus(
    await user.inject({ method: 'POST', url: `/api/engagements/${id}/${action}`, ...(payload ? { payload } : {}) }),
    200,
    action,
  );

describeEachDialect('the "to do" counts and a need\'s standing', (t) => {
  it('counts what waits for each side, and cards show places left and (to managers) applicants', async () => {
    const org = await makeOrganization(t());
    const need = await makeNeed(org, { peopleNeeded: 2 });
    const fatima = await makePerson(t(), 'Fatima');
    const ahmed = await makePerson(t(), 'Ahmed');
    const member = await makePerson(t(), 'Mila');
    await addMember(org, member, 'member');

    expect(await toDo(org.owner)).toEqual({
      worker: { invitations: 0, toReport: 0, total: 0 },
      organization: { applicants: 0, hoursToConfirm: 0, materialsToReceive: 0, questions: 0, total: 0 },
    });
    const fromFatima = await makeApplication(fatima, need.id);
    await makeApplication(ahmed, need.id);

    expect((await toDo(org.owner)).organization).toMatchObject({ applicants: 2, total: 2 });
    // A plain member reads along but answers nothing: nothing waits for them.
    expect((await toDo(member)).organization.total).toBe(0);
    // Applying is done; the answer is the organisation's.
    expect((await toDo(fatima)).worker.total).toBe(0);
    expect(await needAs(org.owner, need.id)).toMatchObject({ placesLeft: 2, applicantsWaiting: 2 });
    const seenByStranger = await needAs(t(), need.id);
    expect(seenByStranger.placesLeft).toBe(2);
    expect(seenByStranger).not.toHaveProperty('applicantsWaiting');

    await step(org.owner, fromFatima.id, 'accept');
    expect(await needAs(org.owner, need.id)).toMatchObject({ placesLeft: 1, applicantsWaiting: 1 });
    expect((await toDo(fatima)).worker).toEqual({ invitations: 0, toReport: 1, total: 1 });

    await step(fatima, fromFatima.id, 'hours', { minutes: 90, date: t().clock.now().toISOString().slice(0, 10) });
    expect((await toDo(org.owner)).organization).toMatchObject({ applicants: 1, hoursToConfirm: 1, total: 2 });
    expect((await toDo(fatima)).worker.total).toBe(0);

    await step(org.owner, fromFatima.id, 'dispute', { reason: 'Was het niet een uur?' });
    expect((await toDo(org.owner)).organization).toMatchObject({ hoursToConfirm: 0, questions: 1 });
    expect((await toDo(fatima)).worker.toReport).toBe(1);
  });

  it('an invitation waits for the invited person, not for the organisation that sent it', async () => {
    const org = await makeOrganization(t());
    const need = await makeNeed(org);
    const sara = await makePerson(t(), 'Sara');
    const offer = await makeOffer(sara);
    expectStatus(
      await org.owner.inject({
        method: 'POST',
        url: '/api/engagements',
        payload: { needId: need.id, offerId: offer.id },
      }),
      201,
      'invite',
    );

    expect((await toDo(sara)).worker).toEqual({ invitations: 1, toReport: 0, total: 1 });
    expect((await toDo(org.owner)).organization.total).toBe(0);
    expect((await needAs(org.owner, need.id)).applicantsWaiting).toBe(0);
  });

  it('materials delivered wait for the organisation to confirm what it received', async () => {
    const org = await makeOrganization(t());
    const need = await makeNeed(org, { kind: 'materials' });
    const giver = await makePerson(t(), 'Gijs');
    const pledge = await makeApplication(giver, need.id, { quantity: 3 });
    await step(org.owner, pledge.id, 'accept');
    expect((await needAs(t(), need.id)).placesLeft).toBe(2);
    await step(giver, pledge.id, 'deliver', { quantity: 3 });
    expect((await toDo(org.owner)).organization).toMatchObject({ materialsToReceive: 1, total: 1 });
  });

  it('is only for a signed-in person', async () => {
    expect((await t().inject({ method: 'GET', url: '/api/me/to-do' })).statusCode).toBe(401);
  });
});
