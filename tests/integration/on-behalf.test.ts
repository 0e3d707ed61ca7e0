import { expect, it } from 'vitest';
import { describeEachDialect, type TestUser } from '../helpers/app.ts';
import { expectStatus, makeNeed, makeOrganization, makePerson, personOfferBody } from '../helpers/factories.ts';

const onBehalf = (personId: string) => ({ 'x-on-behalf-of': personId });

interface Consent {
  id: string;
  status: string;
  method: string;
  helper: { id: string };
  person: { id: string };
}

describeEachDialect("help on someone's behalf", (t) => {
  /** A coordinator (owner of an initiative) and a person they help, without consent yet. */
  async function pair() {
    const org = await makeOrganization(t());
    const person = await makePerson(t(), 'Semhar');
    return { org, coordinator: org.owner, person };
  }

  async function consentByCode(coordinator: TestUser, person: TestUser): Promise<Consent> {
    const { code } = expectStatus<{ code: string }>(
      await person.inject({ method: 'POST', url: '/api/me/helper-code' }),
      201,
      'code',
    );
    return expectStatus<{ consent: Consent }>(
      await coordinator.inject({ method: 'POST', url: '/api/helpers/consents', payload: { code } }),
      201,
      'consent',
    ).consent;
  }

  it("refuses every act on someone's behalf without their consent (403), and changes nothing", async () => {
    const { org, coordinator, person } = await pair();
    const need = await makeNeed(org);
    const attempts = [
      { method: 'POST' as const, url: '/api/offers', payload: personOfferBody },
      { method: 'POST' as const, url: '/api/engagements', payload: { needId: need.id } },
    ];
    for (const a of attempts) {
      const res = await coordinator.inject({ ...a, headers: onBehalf(person.id) });
      expect(res.statusCode, a.url).toBe(403);
      expect(res.json().error.code).toBe('consent_required');
    }
    expect(await t().ctx.db.selectFrom('offers').select('id').where('owner_user_id', '=', person.id).execute()).toEqual(
      [],
    );
    expect(
      await t().ctx.db.selectFrom('engagements').select('id').where('worker_user_id', '=', person.id).execute(),
    ).toEqual([]);
    // Someone who coordinates nothing cannot collect consent; nobody acts for others on other routes.
    const stranger = await makePerson(t(), 'Vreemde');
    const { code } = expectStatus<{ code: string }>(
      await person.inject({ method: 'POST', url: '/api/me/helper-code' }),
      201,
      'code',
    );
    expect(
      (await stranger.inject({ method: 'POST', url: '/api/helpers/consents', payload: { code } })).statusCode,
    ).toBe(403);
    const consent = await consentByCode(coordinator, person);
    expect(consent.status).toBe('active');
    const profile = await coordinator.inject({
      method: 'PATCH',
      url: '/api/me',
      payload: { displayName: 'Overgenomen' },
      headers: onBehalf(person.id),
    });
    expect(profile.statusCode).toBe(403);
  });

  it("with consent given by a code in person: posts an offer and applies as the person, recorded with both people and in the person's history", async () => {
    const { org, coordinator, person } = await pair();
    const need = await makeNeed(org);
    const consent = await consentByCode(coordinator, person);
    expect(consent).toMatchObject({
      method: 'code',
      status: 'active',
      helper: { id: coordinator.id },
      person: { id: person.id },
    });

    const offer = await coordinator.inject({
      method: 'POST',
      url: '/api/offers',
      payload: personOfferBody,
      headers: onBehalf(person.id),
    });
    expect(offer.statusCode).toBe(201);
    expect(offer.json().offer.owner).toMatchObject({ type: 'person', userId: person.id });
    const applied = await coordinator.inject({
      method: 'POST',
      url: '/api/engagements',
      payload: { needId: need.id },
      headers: onBehalf(person.id),
    });
    expect(applied.statusCode).toBe(201);
    expect(applied.json().engagement.worker.userId).toBe(person.id);

    // Each act's outcome is written once the answer is sent: read it when both have one.
    const acts = async () =>
      (
        await t()
          .ctx.db.selectFrom('on_behalf_acts')
          .selectAll()
          .where('person_id', '=', person.id)
          .orderBy('at')
          .execute()
      ).map((a) => [a.helper_id, a.person_id, a.action, a.status_code, a.consent_id]);
    await expect.poll(async () => (await acts()).every((a) => a[3] !== null)).toBe(true);
    expect(await acts()).toEqual([
      [coordinator.id, person.id, 'post_offer', 201, consent.id],
      [coordinator.id, person.id, 'apply', 201, consent.id],
    ]);
    const history = expectStatus<{ items: { action: string; helper: { displayName: string } }[] }>(
      await person.inject({ method: 'GET', url: '/api/me/on-behalf-acts' }),
      200,
      'history',
    );
    expect(history.items.map((i) => i.action).sort()).toEqual(['apply', 'post_offer']);
    expect(history.items[0]?.helper.displayName).toBe('Owner of Buurttuin De Wilg');
    // The helper's own history does not show the person's acts.
    expect(
      expectStatus<{ items: unknown[] }>(
        await coordinator.inject({ method: 'GET', url: '/api/me/on-behalf-acts' }),
        200,
        'own',
      ).items,
    ).toEqual([]);
  });

  it('with consent asked by the coordinator: nothing until the person confirms it', async () => {
    const { coordinator, person } = await pair();
    const asked = expectStatus<{ consent: Consent }>(
      await coordinator.inject({ method: 'POST', url: '/api/helpers/requests', payload: { email: person.email } }),
      201,
      'request',
    ).consent;
    expect(asked).toMatchObject({ status: 'pending', method: 'confirmed' });
    expect(
      (
        await coordinator.inject({
          method: 'POST',
          url: '/api/offers',
          payload: personOfferBody,
          headers: onBehalf(person.id),
        })
      ).statusCode,
    ).toBe(403);
    // Only the person confirms.
    expect((await coordinator.inject({ method: 'POST', url: `/api/me/helpers/${asked.id}/confirm` })).statusCode).toBe(
      404,
    );
    const mine = expectStatus<{ items: Consent[] }>(
      await person.inject({ method: 'GET', url: '/api/me/helpers' }),
      200,
      'mine',
    );
    expect(mine.items.map((c) => [c.id, c.status])).toEqual([[asked.id, 'pending']]);
    expect(
      expectStatus<{ consent: Consent }>(
        await person.inject({ method: 'POST', url: `/api/me/helpers/${asked.id}/confirm` }),
        200,
        'confirm',
      ).consent.status,
    ).toBe('active');
    expect(
      (
        await coordinator.inject({
          method: 'POST',
          url: '/api/offers',
          payload: personOfferBody,
          headers: onBehalf(person.id),
        })
      ).statusCode,
    ).toBe(201);
  });

  it('stops at once when the person withdraws consent, and a used code does not work twice', async () => {
    const { org, coordinator, person } = await pair();
    const need = await makeNeed(org);
    const { code } = expectStatus<{ code: string }>(
      await person.inject({ method: 'POST', url: '/api/me/helper-code' }),
      201,
      'code',
    );
    const consent = expectStatus<{ consent: Consent }>(
      await coordinator.inject({ method: 'POST', url: '/api/helpers/consents', payload: { code } }),
      201,
      'consent',
    ).consent;
    expect(
      (
        await coordinator.inject({
          method: 'POST',
          url: '/api/offers',
          payload: personOfferBody,
          headers: onBehalf(person.id),
        })
      ).statusCode,
    ).toBe(201);

    const withdrawn = expectStatus<{ consent: Consent }>(
      await person.inject({ method: 'POST', url: `/api/helpers/consents/${consent.id}/withdraw` }),
      200,
      'withdraw',
    ).consent;
    expect(withdrawn.status).toBe('withdrawn');
    const refused = await coordinator.inject({
      method: 'POST',
      url: '/api/engagements',
      payload: { needId: need.id },
      headers: onBehalf(person.id),
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('consent_required');
    expect(
      await t().ctx.db.selectFrom('engagements').select('id').where('worker_user_id', '=', person.id).execute(),
    ).toEqual([]);
    // The old code is spent; an expired one is refused too.
    expect(
      (await coordinator.inject({ method: 'POST', url: '/api/helpers/consents', payload: { code } })).statusCode,
    ).toBe(400);
    const fresh = expectStatus<{ code: string }>(
      await person.inject({ method: 'POST', url: '/api/me/helper-code' }),
      201,
      'code',
    ).code;
    t().clock.advance(16 * 60_000);
    expect(
      (await coordinator.inject({ method: 'POST', url: '/api/helpers/consents', payload: { code: fresh } })).statusCode,
    ).toBe(400);
    // Another person cannot withdraw it, nor read it.
    const other = await makePerson(t(), 'Ander');
    expect(
      (await other.inject({ method: 'POST', url: `/api/helpers/consents/${consent.id}/withdraw` })).statusCode,
    ).toBe(404);
  });
});
