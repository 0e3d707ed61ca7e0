import { expect, it } from 'vitest';
import { candidates } from '../../server/modules/alerts/repository.ts';
import { describeEachDialect, type TestUser } from '../helpers/app.ts';
import { makeNeed, makeOrganization } from '../helpers/factories.ts';

describeEachDialect('alerts for new tasks: saved searches indexed by area cell and kind', (t) => {
  const save = (u: TestUser, body: Record<string, unknown>) =>
    u.inject({ method: 'POST', url: '/api/me/saved-searches', payload: body });
  const alerts = async (u: TestUser) =>
    (
      (await u.inject({ method: 'GET', url: '/api/notifications' })).json().items as {
        kind: string;
        data: Record<string, string>;
      }[]
    ).filter((n) => n.kind === 'search.matched');

  it('tells the owner of a matching saved search about a new need, and nobody whose filters do not fit', async () => {
    const org = await makeOrganization(t(), { name: 'Tuin Alert' });
    const near = await t().register({ displayName: 'Near' });
    const far = await t().register({ displayName: 'Far' });
    const otherKind = await t().register({ displayName: 'Kind' });
    const anywhere = await t().register({ displayName: 'Anywhere' });
    const saved = await save(near, {
      kinds: ['hands'],
      domains: ['greening'],
      near: '3511',
      radiusKm: 5,
      compensation: ['time_credits'],
    });
    expect(saved.statusCode, saved.body).toBe(201);
    expect(saved.json().savedSearch).toMatchObject({
      kinds: ['hands'],
      near: '3511',
      radiusKm: 5,
      newcomerFriendly: false,
    });
    expect((await save(far, { near: '9711', radiusKm: 10 })).statusCode).toBe(201);
    expect((await save(otherKind, { kinds: ['materials'], near: '3511' })).statusCode).toBe(201);
    expect((await save(anywhere, { domains: ['greening'] })).statusCode).toBe(201);
    // The poster's own search does not tell them about their own need.
    expect((await save(org.owner, {})).statusCode).toBe(201);

    const need = await makeNeed(org);
    await t().ctx.events.idle();
    expect(await alerts(near)).toEqual([
      expect.objectContaining({ data: { needId: need.id, searchId: saved.json().savedSearch.id } }),
    ]);
    expect(await alerts(anywhere)).toHaveLength(1);
    for (const u of [far, otherKind, org.owner]) expect(await alerts(u)).toEqual([]);
  });

  it('looks up only the searches of the need’s own cell and kind, not all of them', async () => {
    const person = await t().register();
    // Searches all over the country and of other kinds…
    for (const near of ['1012', '9711', '6211', '4331', '7511', '8011', '2511', '5611']) {
      expect((await save(person, { near, radiusKm: 5, kinds: ['knowledge'] })).statusCode).toBe(201);
    }
    expect((await save(person, { near: '3511', radiusKm: 5, kinds: ['materials'] })).statusCode).toBe(201);
    // …are not read for a hands need in Utrecht.
    const utrecht = t().ctx.postcodes.lookup('3511')!;
    const { cellOf } = await import('../../server/modules/alerts/cells.ts');
    const read = await candidates(t().ctx.db, [cellOf(utrecht), '*'], ['hands', '*']);
    expect(read.filter((r) => r.user_id === person.id)).toEqual([]);
    expect(
      (await candidates(t().ctx.db, [cellOf(utrecht)], ['materials'])).filter((r) => r.user_id === person.id),
    ).toHaveLength(1);
  });

  it('lists, limits, deletes; refuses bad filters and other people’s searches', async () => {
    const person = await t().register();
    const stranger = await t().register();
    expect((await save(person, { radiusKm: 5 })).json().error).toMatchObject({
      code: 'invalid_input',
      fields: { radiusKm: expect.any(String) },
    });
    expect((await save(person, { near: '0000' })).statusCode).toBe(400);
    expect((await save(person, { near: '1004' })).json().error.code).toBe('unknown_postcode');
    const id = (await save(person, { kinds: ['hands'] })).json().savedSearch.id;
    expect(
      (await person.inject({ method: 'GET', url: '/api/me/saved-searches' }))
        .json()
        .items.map((s: { id: string }) => s.id),
    ).toEqual([id]);
    expect((await stranger.inject({ method: 'DELETE', url: `/api/me/saved-searches/${id}` })).statusCode).toBe(404);
    expect((await person.inject({ method: 'DELETE', url: `/api/me/saved-searches/${id}` })).statusCode).toBe(204);
    expect((await person.inject({ method: 'GET', url: '/api/me/saved-searches' })).json().items).toEqual([]);
    for (let i = 0; i < 20; i++) expect((await save(person, {})).statusCode).toBe(201);
    expect((await save(person, {})).statusCode).toBe(422);
    expect((await person.inject({ method: 'GET', url: '/api/me/export' })).json().savedSearches).toHaveLength(20);
  });
});
