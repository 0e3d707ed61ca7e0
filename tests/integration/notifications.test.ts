import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../helpers/app.ts';
import { makeApplication, makeNeed, makeOrganization } from '../helpers/factories.ts';

describeEachDialect('notifications: rows in the change’s transaction, preferences per kind and channel', (t) => {
  it('writes one row per person told, newest first, with what the mail module needs', async () => {
    const org = await makeOrganization(t(), { name: 'Buurthuis Bel' });
    const need = await makeNeed(org);
    const volunteer = await t().register();
    const engagement = await makeApplication(volunteer, need.id);
    const page = (await org.owner.inject({ method: 'GET', url: '/api/notifications' })).json();
    expect(page).toEqual({
      items: [
        expect.objectContaining({ kind: 'engagement.proposed', data: { engagementId: engagement.id }, readAt: null }),
      ],
      nextCursor: null,
      unread: 1,
    });
    // Nobody is told of their own act.
    expect((await volunteer.inject({ method: 'GET', url: '/api/notifications' })).json()).toEqual({
      items: [],
      nextCursor: null,
      unread: 0,
    });
    const row = await t()
      .ctx.db.selectFrom('notifications')
      .selectAll()
      .where('user_id', '=', org.owner.id)
      .executeTakeFirstOrThrow();
    // "Proposed" needs an answer: e-mail at once by default.
    expect(row).toMatchObject({ in_app: 1, email_mode: 'immediate' });
  });

  it('follows the person’s preferences: in-app off leaves the bell quiet, e-mail mode is stored for the mail module', async () => {
    const org = await makeOrganization(t(), { name: 'Buurthuis Stil' });
    const need = await makeNeed(org);
    const defaults = (await org.owner.inject({ method: 'GET', url: '/api/notifications/preferences' })).json().items;
    expect(defaults).toContainEqual({ kind: 'message.received', channel: 'email', mode: 'daily' });
    expect(defaults).toContainEqual({ kind: 'engagement.proposed', channel: 'in_app', mode: 'immediate' });

    const refused = await org.owner.inject({
      method: 'PUT',
      url: '/api/notifications/preferences',
      payload: { items: [{ kind: 'engagement.proposed', channel: 'in_app', mode: 'daily' }] },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({
      code: 'invalid_input',
      fields: { 'items.0.mode': expect.any(String) },
    });

    const set = await org.owner.inject({
      method: 'PUT',
      url: '/api/notifications/preferences',
      payload: {
        items: [
          { kind: 'engagement.proposed', channel: 'in_app', mode: 'off' },
          { kind: 'engagement.proposed', channel: 'email', mode: 'daily' },
        ],
      },
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().items).toContainEqual({ kind: 'engagement.proposed', channel: 'email', mode: 'daily' });

    await makeApplication(await t().register(), need.id);
    expect((await org.owner.inject({ method: 'GET', url: '/api/notifications' })).json()).toMatchObject({
      items: [],
      unread: 0,
    });
    const rows = await t()
      .ctx.db.selectFrom('notifications')
      .select(['in_app', 'email_mode'])
      .where('user_id', '=', org.owner.id)
      .execute();
    expect(rows).toEqual([{ in_app: 0, email_mode: 'daily' }]);

    // Both channels off: no row at all.
    await org.owner.inject({
      method: 'PUT',
      url: '/api/notifications/preferences',
      payload: { items: [{ kind: 'engagement.proposed', channel: 'email', mode: 'off' }] },
    });
    await makeApplication(await t().register(), need.id);
    expect(
      await t().ctx.db.selectFrom('notifications').select('id').where('user_id', '=', org.owner.id).execute(),
    ).toHaveLength(1);
  });

  it('is part of the export and goes with the person on erasure', async () => {
    const org = await makeOrganization(t(), { name: 'Buurthuis Weg' });
    const need = await makeNeed(org);
    await makeApplication(await t().register(), need.id);
    const exported = (await org.owner.inject({ method: 'GET', url: '/api/me/export' })).json();
    expect(exported.notifications).toEqual([
      expect.objectContaining({ kind: 'engagement.proposed', inApp: true, emailMode: 'immediate' }),
    ]);
    const volunteer = await t().register();
    const e = await makeApplication(volunteer, (await makeNeed(org)).id);
    await org.owner.inject({ method: 'POST', url: `/api/engagements/${e.id}/messages`, payload: { text: 'Welkom' } });
    expect((await volunteer.inject({ method: 'GET', url: '/api/notifications' })).json().unread).toBe(1);
    expect(
      (
        await volunteer.inject({
          method: 'DELETE',
          url: '/api/me',
          payload: { currentPassword: 'a long enough passphrase' },
        })
      ).statusCode,
    ).toBe(204);
    expect(
      await t().ctx.db.selectFrom('notifications').select('id').where('user_id', '=', volunteer.id).execute(),
    ).toEqual([]);
  });

  it('tells the receiver of time credits in the transfer’s transaction, once even when the sender retries', async () => {
    const sender = await t().register();
    const receiver = await t().register();
    const body = { id: randomUUID(), toUserId: receiver.id, unit: 'TIME', amount: 30 };
    expect((await sender.inject({ method: 'POST', url: '/api/ledger/transfers', payload: body })).statusCode).toBe(201);
    expect((await sender.inject({ method: 'POST', url: '/api/ledger/transfers', payload: body })).statusCode).toBe(200);
    const told = (await receiver.inject({ method: 'GET', url: '/api/notifications' })).json().items;
    expect(told).toEqual([expect.objectContaining({ kind: 'credits.received', data: {} })]);
    expect((await sender.inject({ method: 'GET', url: '/api/notifications' })).json().items).toEqual([]);
    // A refused transfer (over the floor) writes nothing.
    expect(
      (
        await sender.inject({
          method: 'POST',
          url: '/api/ledger/transfers',
          payload: { ...body, id: randomUUID(), amount: 100_000 },
        })
      ).statusCode,
    ).toBe(422);
    expect((await receiver.inject({ method: 'GET', url: '/api/notifications' })).json().items).toHaveLength(1);
  });
});
