import { expect, it } from 'vitest';
import { describeEachDialect } from '../helpers/app.ts';
import { addMember, makeOrganization } from '../helpers/factories.ts';
import { verifyOrganization } from '../helpers/trust.ts';

const initiative = {
  name: 'Buurttuin De Wilg',
  type: 'initiative',
  description: 'Een moestuin voor de hele buurt.',
  postcode: '3511AB',
  domains: ['greening', 'food'],
  volunteerDeclarationDate: '2025-04-01',
  volunteers: 12,
  incomeMix: { subsidiesPct: 50, donationsPct: 30, ownIncomePct: 20 },
};

describeEachDialect('organisations', (t) => {
  it('creates an organisation with its creator as owner, shown as a PC4 area', async () => {
    const owner = await t().register();
    const res = await owner.inject({ method: 'POST', url: '/api/organizations', payload: initiative });
    expect(res.statusCode).toBe(201);
    const org = res.json().organization;
    expect(org).toMatchObject({
      name: 'Buurttuin De Wilg',
      postcode: '3511',
      place: 'Utrecht',
      domains: ['greening', 'food'],
      memberCount: 1,
      verified: false,
    });
    const me = await owner.inject({ method: 'GET', url: '/api/me' });
    expect(me.json().memberships).toEqual([
      { organizationId: org.id, organizationName: 'Buurttuin De Wilg', role: 'owner' },
    ]);
    const publicView = await t().inject({ method: 'GET', url: `/api/organizations/${org.id}` });
    expect(publicView.json().organization.incomeMix).toEqual(initiative.incomeMix);
  });

  it('lets owners and coordinators edit, and refuses everyone else with 403', async () => {
    const [coordinator, member, stranger] = await Promise.all([t().register(), t().register(), t().register()]);
    const org = await makeOrganization(t(), initiative);
    await addMember(org, coordinator, 'coordinator');
    await addMember(org, member, 'member');

    const byStranger = await stranger.inject({
      method: 'PATCH',
      url: `/api/organizations/${org.id}`,
      payload: { name: 'Overgenomen' },
    });
    expect(byStranger.statusCode).toBe(403);
    expect(byStranger.json().error.code).toBe('forbidden');
    expect(
      (await member.inject({ method: 'PATCH', url: `/api/organizations/${org.id}`, payload: { name: 'Overgenomen' } }))
        .statusCode,
    ).toBe(403);
    expect(
      (await t().inject({ method: 'PATCH', url: `/api/organizations/${org.id}`, payload: { name: 'Overgenomen' } }))
        .statusCode,
    ).toBe(401);

    const byCoordinator = await coordinator.inject({
      method: 'PATCH',
      url: `/api/organizations/${org.id}`,
      payload: { name: 'Buurttuin De Wilg en Eik' },
    });
    expect(byCoordinator.statusCode).toBe(200);
    expect(byCoordinator.json().organization.name).toBe('Buurttuin De Wilg en Eik');

    // A coordinator may not make owners; strangers may not see the member list.
    expect(
      (
        await coordinator.inject({
          method: 'POST',
          url: `/api/organizations/${org.id}/members`,
          payload: { email: stranger.email, role: 'owner' },
        })
      ).statusCode,
    ).toBe(403);
    expect((await stranger.inject({ method: 'GET', url: `/api/organizations/${org.id}/members` })).statusCode).toBe(
      403,
    );
    const members = await member.inject({ method: 'GET', url: `/api/organizations/${org.id}/members` });
    expect(
      members
        .json()
        .items.map((m: { role: string }) => m.role)
        .sort(),
    ).toEqual(['coordinator', 'member', 'owner']);

    const stored = (await t().inject({ method: 'GET', url: `/api/organizations/${org.id}` })).json().organization;
    expect(stored.name).toBe('Buurttuin De Wilg en Eik');
  });

  it('keeps at least one owner', async () => {
    const org = await makeOrganization(t(), initiative);
    const owner = org.owner;
    const res = await owner.inject({
      method: 'PATCH',
      url: `/api/organizations/${org.id}/members/${owner.id}`,
      payload: { role: 'member' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('last_owner');
    const leave = await owner.inject({ method: 'DELETE', url: `/api/organizations/${org.id}/members/me` });
    expect(leave.statusCode).toBe(409);
    expect(leave.json().error.code).toBe('last_owner');
    // With a second owner, the first may step down and leave.
    const second = await t().register();
    await addMember(org, second, 'owner');
    expect(
      (
        await owner.inject({
          method: 'PATCH',
          url: `/api/organizations/${org.id}/members/${owner.id}`,
          payload: { role: 'member' },
        })
      ).json().member.role,
    ).toBe('member');
    expect((await owner.inject({ method: 'DELETE', url: `/api/organizations/${org.id}/members/me` })).statusCode).toBe(
      204,
    );
    expect(
      (await second.inject({ method: 'DELETE', url: `/api/organizations/${org.id}/members/me` })).json().error.code,
    ).toBe('last_owner');
    const members = await second.inject({ method: 'GET', url: `/api/organizations/${org.id}/members` });
    expect(members.json().items.map((m: { userId: string; role: string }) => [m.userId, m.role])).toEqual([
      [second.id, 'owner'],
    ]);
  });

  it('answers 404 for an unknown organisation, also to admins', async () => {
    const admin = await t().register();
    await t().makeAdmin(admin);
    expect(
      (await admin.inject({ method: 'PATCH', url: '/api/organizations/nope', payload: { name: 'Xx' } })).statusCode,
    ).toBe(404);
    expect((await t().inject({ method: 'GET', url: '/api/organizations/nope' })).statusCode).toBe(404);
  });

  it('validates every field and names the wrong ones', async () => {
    const owner = await t().register();
    const res = await owner.inject({
      method: 'POST',
      url: '/api/organizations',
      payload: {
        name: 'X',
        type: 'club',
        postcode: '12',
        domains: ['knitting'],
        kvkNumber: '123',
        incomeMix: { subsidiesPct: 50, donationsPct: 10, ownIncomePct: 10 },
        owner: 'me',
      },
    });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().error.fields).sort()).toEqual([
      'domains.0',
      'incomeMix.ownIncomePct',
      'kvkNumber',
      'name',
      'owner',
      'postcode',
      'type',
    ]);
    const unknownPostcode = await owner.inject({
      method: 'POST',
      url: '/api/organizations',
      payload: { ...initiative, postcode: '1199' },
    });
    expect(unknownPostcode.statusCode).toBe(400);
    expect(unknownPostcode.json().error.code).toBe('unknown_postcode');
    const count = await t()
      .database.db.selectFrom('organizations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('name', '=', 'X')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('lists organisations with filters and cursor pagination', async () => {
    const owner = await t().register();
    for (const name of ['Alfa Zorg', 'Beta Zorg', 'Gamma Zorg'])
      await makeOrganization(t(), { ...initiative, name }, owner);
    const first = (await t().inject({ method: 'GET', url: '/api/organizations?q=zorg&limit=2' })).json();
    expect(first.items.map((o: { name: string }) => o.name)).toEqual(['Alfa Zorg', 'Beta Zorg']);
    const second = (
      await t().inject({ method: 'GET', url: `/api/organizations?q=zorg&limit=2&cursor=${first.nextCursor}` })
    ).json();
    expect(second.items.map((o: { name: string }) => o.name)).toEqual(['Gamma Zorg']);
    expect(second.nextCursor).toBeNull();
    expect((await t().inject({ method: 'GET', url: '/api/organizations?cursor=garbage' })).statusCode).toBe(400);
  });
});

describeEachDialect('VOG records', (t) => {
  it('lets a coordinator record a VOG for a member, never for a stranger, and never from another organisation', async () => {
    const [volunteer, stranger] = await Promise.all([t().register(), t().register()]);
    const org = await makeOrganization(t(), initiative);
    const other = await makeOrganization(t(), { ...initiative, name: 'Andere club' });
    const [owner, otherOwner] = [org.owner, other.owner];
    await addMember(org, volunteer, 'member');
    // Only verified organisations record VOGs (the refusal for unverified ones: abuse.test.ts).
    await verifyOrganization(t(), org.id);
    await verifyOrganization(t(), other.id);
    const today = t().clock.now().toISOString().slice(0, 10);

    expect(
      (
        await otherOwner.inject({
          method: 'POST',
          url: `/api/organizations/${org.id}/vog-records`,
          payload: { userId: volunteer.id, checkedOn: today },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await volunteer.inject({
          method: 'POST',
          url: `/api/organizations/${org.id}/vog-records`,
          payload: { userId: volunteer.id, checkedOn: today },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await otherOwner.inject({
          method: 'POST',
          url: `/api/organizations/${other.id}/vog-records`,
          payload: { userId: volunteer.id, checkedOn: today },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await owner.inject({
          method: 'POST',
          url: `/api/organizations/${org.id}/vog-records`,
          payload: { userId: stranger.id, checkedOn: today },
        })
      ).statusCode,
    ).toBe(404);
    expect((await volunteer.inject({ method: 'GET', url: '/api/me' })).json().user.vogVerified).toBe(false);

    const future = await owner.inject({
      method: 'POST',
      url: `/api/organizations/${org.id}/vog-records`,
      payload: { userId: volunteer.id, checkedOn: '2099-01-01' },
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.fields).toHaveProperty('checkedOn');
    const old = await owner.inject({
      method: 'POST',
      url: `/api/organizations/${org.id}/vog-records`,
      payload: { userId: volunteer.id, checkedOn: '2020-01-01' },
    });
    expect(old.statusCode).toBe(400);

    const ok = await owner.inject({
      method: 'POST',
      url: `/api/organizations/${org.id}/vog-records`,
      payload: { userId: volunteer.id, checkedOn: today },
    });
    expect(ok.statusCode).toBe(201);
    expect((await volunteer.inject({ method: 'GET', url: '/api/me' })).json().user.vogVerified).toBe(true);
  });
});
