import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeEachDialect, type TestApp } from '../helpers/app.ts';
import { makeEngagement, makeNeed, makeOffer, makeOrganization } from '../helpers/factories.ts';
import { snapshot, tableNames } from '../helpers/world.ts';

/** Every row of every table, as text: where a person's marker strings could hide. */
const everything = async (t: TestApp) => JSON.stringify(await snapshot(t, await tableNames(t)));

describeEachDialect('privacy: export and erasure', (t) => {
  it('exports every personal datum, then erases the person without breaking the ledger', async () => {
    const marker = `Zq${randomUUID().slice(0, 8)}`;
    const person = await t().register({ displayName: `${marker} Naam`, email: `${marker.toLowerCase()}@example.org` });
    const friend = await t().register();
    const coordinator = await t().register();

    expect(
      (
        await person.inject({
          method: 'PATCH',
          url: '/api/me',
          payload: { postcode: '9711AB', skills: [`${marker.toLowerCase()}-skill`], languages: ['ti'] },
        })
      ).statusCode,
    ).toBe(200);
    await makeOffer(person, {
      title: `${marker} helpt met tuinieren`,
      description: `Bel ${marker}`,
      postcode: '9711',
      radiusKm: 10,
      compensationAccepted: ['unpaid'],
    });

    const org = await makeOrganization(t(), { name: 'Buurttuin', postcode: '9711' }, coordinator);
    const need = await makeNeed(org, { title: 'Wieden', description: 'Zaterdag', postcode: '9711' });
    await makeEngagement('completed', {
      needId: need.id,
      worker: person,
      manager: coordinator,
      application: { message: `Groet van ${marker}` },
      hours: { minutes: 120, date: '2026-03-01', note: `Notitie ${marker}` },
    });
    const reported = await person.inject({
      method: 'POST',
      url: '/api/reports',
      payload: { targetType: 'organization', targetId: org.id, reason: `Melding van ${marker}` },
    });
    expect(reported.statusCode, reported.body).toBe(201);
    const sent = await person.inject({
      method: 'POST',
      url: '/api/ledger/transfers',
      payload: { id: randomUUID(), toUserId: friend.id, unit: 'TIME', amount: 30, memo: `Bedankt van ${marker}` },
    });
    expect(sent.statusCode, sent.body).toBe(201);

    const exported = await person.inject({ method: 'GET', url: '/api/me/export' });
    expect(exported.statusCode).toBe(200);
    const data = exported.json();
    expect(data.user.displayName).toBe(`${marker} Naam`);
    expect(data.offers).toHaveLength(1);
    expect(data.messages.map((m: { text: string }) => m.text)).toContain(`Groet van ${marker}`);
    expect(data.logs.map((l: { note: string }) => l.note)).toContain(`Notitie ${marker}`);
    expect(data.ledger.transfers.map((x: { memo: string | null }) => x.memo)).toContain(`Bedankt van ${marker}`);
    expect(data.reports.map((r: { reason: string }) => r.reason)).toContain(`Melding van ${marker}`);
    expect(data.ledger.balances.find((b: { unit: string }) => b.unit === 'WORK')).toMatchObject({ posted: 120 });
    expect(exported.body).not.toMatch(/password_hash|secret_hash/);
    expect(await everything(t())).toContain(marker);

    const erased = await person.inject({
      method: 'DELETE',
      url: '/api/me',
      payload: { currentPassword: 'a long enough passphrase' },
    });
    expect(erased.statusCode).toBe(204);

    const dump = await everything(t());
    expect(dump).not.toContain(marker);
    expect(dump.toLowerCase()).not.toContain(marker.toLowerCase());
    expect((await person.inject({ method: 'GET', url: '/api/me' })).statusCode).toBe(401);
    const login = await t().inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: `${marker.toLowerCase()}@example.org`, password: 'a long enough passphrase' },
    });
    expect(login.statusCode).toBe(401);

    const verify = (await t().inject({ method: 'GET', url: '/api/ledger/verify' })).json();
    expect(verify.ok).toBe(true);
    // The work stays recorded for the organisation, under a pseudonymous owner.
    const orgBalances = (
      await coordinator.inject({ method: 'GET', url: `/api/ledger/balances?owner=org:${org.id}` })
    ).json().balances;
    expect(orgBalances.find((b: { unit: string }) => b.unit === 'WORK')).toMatchObject({ posted: -120 });
  });

  it('requires a session for export and erasure', async () => {
    expect((await t().inject({ method: 'GET', url: '/api/me/export' })).statusCode).toBe(401);
    expect(
      (await t().inject({ method: 'DELETE', url: '/api/me', payload: { currentPassword: 'a long enough passphrase' } }))
        .statusCode,
    ).toBe(401);
  });
});
