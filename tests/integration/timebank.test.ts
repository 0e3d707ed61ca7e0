import { expect, it } from 'vitest';
import type { CreditRequest } from '../../shared/schemas/credit-requests.ts';
import { describeEachDialect, type TestUser } from '../helpers/app.ts';
import { expectStatus, makePerson } from '../helpers/factories.ts';

const find = async (user: TestUser, q: string) =>
  expectStatus<{ items: { id: string; displayName: string; place: string | null }[] }>(
    await user.inject({ method: 'GET', url: `/api/people?q=${encodeURIComponent(q)}` }),
    200,
    'people',
  ).items;
const time = async (user: TestUser) => {
  const { balances } = expectStatus<{ balances: { unit: string; posted: number }[] }>(
    await user.inject({ method: 'GET', url: '/api/ledger/balances' }),
    200,
    'balances',
  );
  return balances.find((b) => b.unit === 'TIME')?.posted ?? 0;
};
const ask = (from: TestUser, to: TestUser, amount = 60, memo?: string) =>
  from.inject({
    method: 'POST',
    url: '/api/credit-requests',
    payload: { toUserId: to.id, amount, ...(memo ? { memo } : {}) },
  });
const answer = (user: TestUser, id: string, action: 'accept' | 'decline') =>
  user.inject({ method: 'POST', url: `/api/credit-requests/${id}/${action}` });

describeEachDialect('the timebank: people who may be found, credits sent and asked for', (t) => {
  it('finds people who switched it on, by name, with their place and nothing more; never others, never oneself', async () => {
    const amal = await makePerson(t(), 'Amal', { postcode: '1012AB', findable: true });
    const bert = await makePerson(t(), 'Bert de Buurman', { postcode: '1012AB', findable: true });
    await makePerson(t(), 'Bertha', { postcode: '1012AB' });

    expect(await find(amal, 'bert')).toEqual([{ id: bert.id, displayName: 'Bert de Buurman', place: 'Amsterdam' }]);
    expect(JSON.stringify(await find(amal, 'bert'))).not.toMatch(/@|1012AB/);
    expect(await find(amal, 'amal')).toEqual([]);
    // LIKE's wildcards are only letters to look for, not "anything".
    expect(await find(amal, '%%')).toEqual([]);

    // Switching it off takes the person out of the next search.
    expectStatus(await bert.inject({ method: 'PATCH', url: '/api/me', payload: { findable: false } }), 200, 'off');
    expect(await find(amal, 'bert')).toEqual([]);
    expect((await amal.inject({ method: 'GET', url: '/api/people?q=b' })).statusCode).toBe(400);
    expect((await t().inject({ method: 'GET', url: '/api/people?q=bert' })).statusCode).toBe(401);
  });

  it("sends credits to a findable neighbour found by name (the confirmation step is the web's)", async () => {
    const amal = await makePerson(t(), 'Amal');
    await makePerson(t(), 'Bert', { postcode: '1012AB', findable: true });
    const [neighbour] = await find(amal, 'Bert');
    const sent = await amal.inject({
      method: 'POST',
      url: '/api/ledger/transfers',
      payload: {
        id: crypto.randomUUID(),
        toUserId: neighbour!.id,
        unit: 'TIME',
        amount: 45,
        memo: 'Bedankt voor de ladder',
      },
    });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(await time(amal)).toBe(-45);
  });

  it('asks for credits: the one asked accepts (the credits go) or declines; only the two see it', async () => {
    const amal = await makePerson(t(), 'Amal');
    const bert = await makePerson(t(), 'Bert', { findable: true });
    const carla = await makePerson(t(), 'Carla');

    const asked = await ask(amal, bert, 60, 'Voor het oppassen');
    expect(asked.statusCode, asked.body).toBe(201);
    const request = asked.json<{ request: CreditRequest }>().request;
    expect(request).toMatchObject({
      status: 'pending',
      direction: 'outgoing',
      amount: 60,
      payer: { displayName: 'Bert' },
      requester: { displayName: 'Amal' },
    });

    const incoming = expectStatus<{ items: CreditRequest[] }>(
      await bert.inject({ method: 'GET', url: '/api/credit-requests' }),
      200,
      'list',
    ).items;
    expect(incoming.map((r) => [r.id, r.direction, r.memo])).toEqual([[request.id, 'incoming', 'Voor het oppassen']]);
    expect((await carla.inject({ method: 'GET', url: `/api/credit-requests/${request.id}` })).statusCode).toBe(404);
    expect((await answer(carla, request.id, 'accept')).statusCode).toBe(404);
    expect((await answer(amal, request.id, 'accept')).statusCode).toBe(403);

    const accepted = await answer(bert, request.id, 'accept');
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json<{ request: CreditRequest }>().request).toMatchObject({
      status: 'accepted',
      transferId: expect.any(String),
    });
    expect([await time(amal), await time(bert)]).toEqual([60, -60]);
    // Answered once: a second yes sends nothing more.
    expect((await answer(bert, request.id, 'accept')).statusCode).toBe(409);
    expect([await time(amal), await time(bert)]).toEqual([60, -60]);

    // Each side heard of it in their bell: Bert of the request, Amal of the credits.
    const bell = async (who: TestUser, kind: string) =>
      expectStatus<{ items: { kind: string; data: { creditRequestId?: string } }[] }>(
        await who.inject({ method: 'GET', url: '/api/notifications' }),
        200,
        'bell',
      ).items.filter((n) => n.kind === kind && n.data.creditRequestId === request.id).length;
    expect([
      await bell(bert, 'credits.requested'),
      await bell(amal, 'credits.received'),
      await bell(carla, 'credits.requested'),
    ]).toEqual([1, 1, 0]);

    const second = (await ask(amal, bert, 30)).json<{ request: CreditRequest }>().request;
    expect((await answer(bert, second.id, 'decline')).json<{ request: CreditRequest }>().request.status).toBe(
      'declined',
    );
    expect(await time(amal)).toBe(60);
  });

  it('asks only people who may be found, never oneself, and at most 10 at a time', async () => {
    const amal = await makePerson(t(), 'Amal', { findable: true });
    const hidden = await makePerson(t(), 'Verborgen');
    const bert = await makePerson(t(), 'Bert', { findable: true });
    expect((await ask(amal, hidden)).statusCode).toBe(404);
    expect((await ask(amal, amal)).statusCode).toBe(400);
    for (let i = 0; i < 10; i++) expect((await ask(amal, bert, 5)).statusCode).toBe(201);
    const eleventh = await ask(amal, bert, 5);
    expect(eleventh.statusCode).toBe(429);
    expect(eleventh.json().error.code).toBe('too_many_requests');
  });

  it("a request over the payer's floor is refused and stays open", async () => {
    const amal = await makePerson(t(), 'Amal');
    const bert = await makePerson(t(), 'Bert', { findable: true });
    const request = (await ask(amal, bert, 100 * 60)).json<{ request: CreditRequest }>().request;
    const refused = await answer(bert, request.id, 'accept');
    expect(refused.statusCode).toBe(422);
    const still = expectStatus<{ request: CreditRequest }>(
      await bert.inject({ method: 'GET', url: `/api/credit-requests/${request.id}` }),
      200,
      'get',
    ).request;
    expect(still.status).toBe('pending');
    expect(await time(bert)).toBe(0);
  });
});
