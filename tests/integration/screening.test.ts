import { expect, it } from 'vitest';
import { describeEachDialect, type TestApp, type TestUser } from '../helpers/app.ts';
import {
  addMember,
  expectStatus,
  makeApplication,
  makeNeed,
  makeOrganization,
  type Org,
} from '../helpers/factories.ts';
import { verifyOrganization } from '../helpers/trust.ts';

/**
 * VOG and UWV records per person per organisation (issue 9, item 4): recorded by a coordinator of a
 * verified organisation, counting for that organisation only, for SCREENING_VALID_YEARS (3) from the
 * date on the certificate, checked again when an engagement is accepted, on a reminder list before
 * they run out, in the person's data export and gone with their erasure.
 */
const DAY = 24 * 60 * 60 * 1000;

async function verifiedOrganization(t: TestApp, name: string, overrides: Record<string, unknown> = {}): Promise<Org> {
  const org = await makeOrganization(t, { name, ...overrides });
  await verifyOrganization(t, org.id);
  return org;
}

const record = (by: TestUser, orgId: string, kind: 'vog' | 'uwv', payload: Record<string, unknown>) =>
  by.inject({ method: 'POST', url: `/api/organizations/${orgId}/${kind}-records`, payload });
const accept = (by: TestUser, engagementId: string) =>
  by.inject({ method: 'POST', url: `/api/engagements/${engagementId}/accept` });
const daysAgo = (t: TestApp, days: number) => new Date(t.clock.now().getTime() - days * DAY).toISOString().slice(0, 10);
const yearsAgoPlus = (t: TestApp, years: number, days: number) => {
  const d = new Date(t.clock.now().getTime() + days * DAY);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d.toISOString().slice(0, 10);
};

describeEachDialect('VOG and UWV records per person per organisation', (t) => {
  it('counts a VOG only for the organisation that recorded it, and checks it again at acceptance', async () => {
    const volunteer = await t().register({ displayName: 'Fatima' });
    const library = await verifiedOrganization(t(), 'Bibliotheek Oost');
    const school = await verifiedOrganization(t(), 'Basisschool De Regenboog');
    const vogNeed = { requirements: { vog: true, minAge: null } };
    const atSchool = await makeApplication(volunteer, (await makeNeed(school, vogNeed)).id);
    const atLibrary = await makeApplication(volunteer, (await makeNeed(library, vogNeed)).id);

    const recorded = await record(library.owner, library.id, 'vog', {
      userId: volunteer.id,
      checkedOn: daysAgo(t(), 30),
      screeningProfile: '45 Onderwijs',
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    expect(recorded.json().validUntil).toBe(yearsAgoPlus(t(), -3, -30));

    // The library's record does not count at the school.
    const refused = await accept(school.owner, atSchool.id);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.details).toEqual({ requirement: 'vog' });
    expect((await accept(library.owner, atLibrary.id)).statusCode).toBe(200);
  });

  it('refuses at acceptance a VOG that has run out since it was recorded', async () => {
    const volunteer = await t().register();
    const org = await verifiedOrganization(t(), 'Speeltuin Het Nest');
    const engagement = await makeApplication(
      volunteer,
      (await makeNeed(org, { requirements: { vog: true, minAge: null } })).id,
    );
    // Dated 3 years minus 10 days ago: it counts today, and not in 11 days.
    const checkedOn = yearsAgoPlus(t(), 3, 10);
    expect((await record(org.owner, org.id, 'vog', { userId: volunteer.id, checkedOn })).statusCode).toBe(201);

    const reminders = expectStatus<{
      items: { kind: string; status: string; person: { displayName: string }; validUntil: string }[];
    }>(
      await org.owner.inject({ method: 'GET', url: `/api/organizations/${org.id}/screening-records?expiring=true` }),
      200,
      'reminder list',
    ).items;
    expect(reminders.map((r) => [r.kind, r.status])).toEqual([['vog', 'expiring']]);

    t().clock.advance(11 * DAY);
    const late = await accept(org.owner, engagement.id);
    expect(late.statusCode).toBe(422);
    expect(late.json().error.details).toEqual({ requirement: 'vog' });
    const after = (
      await org.owner.inject({ method: 'GET', url: `/api/organizations/${org.id}/screening-records` })
    ).json().items;
    expect(after.map((r: { status: string }) => r.status)).toEqual(['expired']);

    // A new certificate: accepted.
    expect(
      (await record(org.owner, org.id, 'vog', { userId: volunteer.id, checkedOn: daysAgo(t(), 1) })).statusCode,
    ).toBe(201);
    expect((await accept(org.owner, engagement.id)).statusCode).toBe(200);
  });

  it('keeps records long enough (3 years) and lists only those running out on the reminder list', async () => {
    const [fresh, ageing] = [await t().register({ displayName: 'Sam' }), await t().register({ displayName: 'Ilse' })];
    const org = await verifiedOrganization(t(), 'Voedselbank Noord');
    await addMember(org, fresh, 'member');
    await addMember(org, ageing, 'member');
    expect((await record(org.owner, org.id, 'vog', { userId: fresh.id, checkedOn: daysAgo(t(), 10) })).statusCode).toBe(
      201,
    );
    expect(
      (await record(org.owner, org.id, 'vog', { userId: ageing.id, checkedOn: yearsAgoPlus(t(), 3, 59) })).statusCode,
    ).toBe(201);
    const all = (
      await org.owner.inject({ method: 'GET', url: `/api/organizations/${org.id}/screening-records` })
    ).json().items;
    expect(
      all.map((r: { person: { displayName: string }; status: string }) => [r.person.displayName, r.status]),
    ).toEqual([
      ['Ilse', 'expiring'],
      ['Sam', 'valid'],
    ]);
    const soon = (
      await org.owner.inject({ method: 'GET', url: `/api/organizations/${org.id}/screening-records?expiring=true` })
    ).json().items;
    expect(soon.map((r: { person: { displayName: string } }) => r.person.displayName)).toEqual(['Ilse']);
    // Members who do not manage, and strangers, do not read the list.
    expect(
      (await fresh.inject({ method: 'GET', url: `/api/organizations/${org.id}/screening-records` })).statusCode,
    ).toBe(403);
    expect(
      (await (await t().register()).inject({ method: 'GET', url: `/api/organizations/${org.id}/screening-records` }))
        .statusCode,
    ).toBe(403);
  });

  it('records a UWV declaration for a person: never their own, never a stranger, only when verified', async () => {
    const [volunteer, stranger] = [await t().register({ displayName: 'Yonas' }), await t().register()];
    const org = await makeOrganization(t(), { name: 'Taalcafé West' });
    await addMember(org, volunteer, 'member');
    const today = t().clock.now().toISOString().slice(0, 10);
    const unverified = await record(org.owner, org.id, 'uwv', { userId: volunteer.id, checkedOn: today });
    expect([unverified.statusCode, unverified.json().error.code]).toEqual([403, 'organization_unverified']);
    await verifyOrganization(t(), org.id);
    expect((await record(org.owner, org.id, 'uwv', { userId: org.owner.id, checkedOn: today })).statusCode).toBe(403);
    expect((await record(org.owner, org.id, 'uwv', { userId: stranger.id, checkedOn: today })).statusCode).toBe(404);
    expect((await record(volunteer, org.id, 'uwv', { userId: volunteer.id, checkedOn: today })).statusCode).toBe(403);
    const bad = await record(org.owner, org.id, 'uwv', { userId: volunteer.id, checkedOn: '2099-01-01' });
    expect([bad.statusCode, Object.keys(bad.json().error.fields)]).toEqual([400, ['checkedOn']]);

    const ok = await record(org.owner, org.id, 'uwv', { userId: volunteer.id, checkedOn: today });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().record).toMatchObject({
      kind: 'uwv',
      person: { userId: volunteer.id, displayName: 'Yonas' },
      certificateDate: today,
      status: 'valid',
      recordedBy: { userId: org.owner.id },
    });
    const audit = (await org.owner.inject({ method: 'GET', url: `/api/audit?organizationId=${org.id}` })).json().items;
    expect(audit.map((e: { action: string }) => e.action)).toContain('uwv.record');
  });

  it('checks the UWV declaration again at acceptance for work open to asylum seekers: the organisation’s own or the person’s', async () => {
    const volunteer = await t().register();
    // The organisation's declaration runs out in 20 days.
    const org = await verifiedOrganization(t(), 'Repaircafé Zuid', {
      volunteerDeclarationDate: yearsAgoPlus(t(), 3, 20),
    });
    const need = await makeNeed(org, { openToAsylumSeekers: true, compensation: { type: 'unpaid' }, peopleNeeded: 2 });
    const engagement = await makeApplication(volunteer, need.id);
    t().clock.advance(21 * DAY);
    const refused = await accept(org.owner, engagement.id);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.details).toEqual({ requirement: 'uwv' });
    expect(
      (await record(org.owner, org.id, 'uwv', { userId: volunteer.id, checkedOn: daysAgo(t(), 2) })).statusCode,
    ).toBe(201);
    expect((await accept(org.owner, engagement.id)).statusCode).toBe(200);
  });

  it('puts the records in the person’s data export and erases them with the person', async () => {
    const volunteer = await t().register();
    const org = await verifiedOrganization(t(), 'Kledingbank Centrum');
    await addMember(org, volunteer, 'member');
    expect(
      (
        await record(org.owner, org.id, 'vog', {
          userId: volunteer.id,
          checkedOn: daysAgo(t(), 5),
          screeningProfile: '11 Kinderopvang',
        })
      ).statusCode,
    ).toBe(201);
    const exported = (await volunteer.inject({ method: 'GET', url: '/api/me/export' })).json();
    expect(exported.screeningRecords).toEqual([
      {
        organizationName: 'Kledingbank Centrum',
        kind: 'vog',
        certificateDate: daysAgo(t(), 5),
        screeningProfile: '11 Kinderopvang',
        recordedAt: expect.any(String),
      },
    ]);
    expect(
      (
        await volunteer.inject({
          method: 'DELETE',
          url: '/api/me',
          payload: { currentPassword: 'a long enough passphrase' },
        })
      ).statusCode,
    ).toBe(204);
    const left = await t()
      .ctx.db.selectFrom('screening_records')
      .select('id')
      .where('user_id', '=', volunteer.id)
      .execute();
    expect(left).toEqual([]);
  });
});
