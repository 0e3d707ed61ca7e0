import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyAdminEmails } from '../../server/modules/accounts/service.ts';
import { testConfig } from '../../server/config.ts';
import { createDb } from '../../server/db/create-db.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { buildTestApp, describeEachDialect, type TestApp, type TestUser } from '../helpers/app.ts';
import { rowCounts, snapshot, tableNames } from '../helpers/world.ts';
import { verifyOrganization } from '../helpers/trust.ts';
import {
  makeApplication,
  makeEngagement,
  makeNeed,
  makeOffer,
  makeOrganization,
  makePerson,
} from '../helpers/factories.ts';

/**
 * Issue 9's attack table, replayed on both databases: each row is refused with its status and
 * code, and the tables the attempt aimed at hold the same rows afterwards. One `describe` per row
 * (row 6, sign-in, is in abuse-signin.test.ts).
 */

async function createOrg(user: TestUser, body: Record<string, unknown>): Promise<string> {
  const res = await user.inject({
    method: 'POST',
    url: '/api/organizations',
    payload: { description: '', domains: ['greening'], ...body },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().organization.id;
}

async function expectRefused(
  t: TestApp,
  tables: string[],
  attempt: () => Promise<{ statusCode: number; json(): unknown }>,
  status: number,
  code: string,
) {
  const before = await rowCounts(t, tables);
  const res = await attempt();
  expect(res.statusCode, JSON.stringify(res.json())).toBe(status);
  expect((res.json() as { error: { code: string } }).error.code).toBe(code);
  expect(await rowCounts(t, tables)).toEqual(before);
}

const needBody = (organizationId: string, postcode: string) => ({
  organizationId,
  kind: 'hands',
  title: 'Help bij de voedselbank',
  description: 'Pakketten inpakken',
  domains: ['food'],
  skills: ['sjouwen'],
  postcode,
  hoursEstimate: 2,
  peopleNeeded: 1,
  compensation: { type: 'unpaid' },
});

describeEachDialect('abuse row 1: a self-certified VOG', (t) => {
  const vog = (by: TestUser, orgId: string, userId: string) =>
    by.inject({
      method: 'POST',
      url: `/api/organizations/${orgId}/vog-records`,
      payload: { userId, checkedOn: t().clock.now().toISOString().slice(0, 10) },
    });
  const touched = ['screening_records', 'users', 'audit_log', 'memberships'];

  it('refuses a VOG from a fresh organisation, for oneself, or for a stranger added by e-mail; one organisation’s VOG opens no other’s VOG work', async () => {
    const [founder, stranger] = [await t().register(), await t().register()];
    const orgId = await createOrg(founder, { name: 'Eigen Clubje', type: 'initiative', postcode: '3511AB' });
    // A new organisation is unverified: it records no VOG at all, not even for itself.
    await expectRefused(t(), touched, () => vog(founder, orgId, founder.id), 403, 'organization_unverified');
    await verifyOrganization(t(), orgId);
    // Verified, still never one's own ...
    await expectRefused(t(), touched, () => vog(founder, orgId, founder.id), 403, 'forbidden');
    // ... and adding a stranger by e-mail only invites them (no consent, no membership): no VOG for them.
    expect(
      (
        await founder.inject({
          method: 'POST',
          url: `/api/organizations/${orgId}/members`,
          payload: { email: stranger.email, role: 'member' },
        })
      ).statusCode,
    ).toBe(202);
    await expectRefused(t(), touched, () => vog(founder, orgId, stranger.id), 404, 'not_found');
    expect((await stranger.inject({ method: 'GET', url: '/api/me' })).json().user.vogVerified).toBe(false);

    // A VOG this organisation recorded for a real applicant does not open another organisation's VOG work.
    const school = await makeOrganization(t(), { name: 'Basisschool De Regenboog' });
    await verifyOrganization(t(), school.id);
    const vogNeed = { requirements: { vog: true, minAge: null } };
    const atOwn = await makeApplication(stranger, (await makeNeed({ id: orgId, owner: founder }, vogNeed)).id);
    expect(atOwn.proposer).toEqual({ userId: stranger.id, displayName: expect.any(String), via: null });
    const atSchool = await makeApplication(stranger, (await makeNeed(school, vogNeed)).id);
    expect((await vog(founder, orgId, stranger.id)).statusCode).toBe(201);
    await expectRefused(
      t(),
      ['engagements', 'ledger_transfers'],
      () => school.owner.inject({ method: 'POST', url: `/api/engagements/${atSchool.id}/accept` }),
      422,
      'rule_refused',
    );
    expect((await founder.inject({ method: 'POST', url: `/api/engagements/${atOwn.id}/accept` })).statusCode).toBe(200);
  });
});

describeEachDialect('abuse row 2: match rounds by self-declared or out-of-area public bodies', (t) => {
  const roundTables = ['match_rounds', 'match_proposals', 'engagements'];

  it('refuses a round by a self-declared (unverified) "municipality"', async () => {
    const fake = await t().register();
    await createOrg(fake, { name: 'Gemeente Nep', type: 'public', postcode: '9711AA' });
    await expectRefused(
      t(),
      roundTables,
      () => fake.inject({ method: 'POST', url: '/api/match-rounds', payload: { near: '9711', radiusKm: 10 } }),
      403,
      'organization_unverified',
    );
  });

  it('refuses a verified public body a round centred outside its municipality, and leaves out needs outside it', async () => {
    const groningen = await t().register();
    const orgId = await createOrg(groningen, { name: 'Gemeente Groningen', type: 'public', postcode: '9711AA' });
    await verifyOrganization(t(), orgId);
    await expectRefused(
      t(),
      roundTables,
      () => groningen.inject({ method: 'POST', url: '/api/match-rounds', payload: { near: '1011', radiusKm: 10 } }),
      403,
      'outside_area',
    );

    // Utrecht's municipality, with a need in Utrecht and one in Zeist (another municipality, 10 km away).
    const utrecht = await t().register();
    const utrechtOrg = await createOrg(utrecht, { name: 'Gemeente Utrecht', type: 'public', postcode: '3511AA' });
    await verifyOrganization(t(), utrechtOrg);
    const initiative = await t().register();
    const initiativeOrg = await createOrg(initiative, { name: 'Voedselbank', type: 'initiative', postcode: '3511AA' });
    for (const postcode of ['3511AB', '3701AA']) {
      const res = await initiative.inject({
        method: 'POST',
        url: '/api/needs',
        payload: needBody(initiativeOrg, postcode),
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const round = await utrecht.inject({
      method: 'POST',
      url: '/api/match-rounds',
      payload: { near: '3511', radiusKm: 30 },
    });
    expect(round.statusCode, round.body).toBe(201);
    expect(round.json().round.needCount).toBe(1);
    // Verified for the whole province, the same body reaches Zeist too.
    await verifyOrganization(t(), utrechtOrg, { area: 'province' });
    const wider = await utrecht.inject({
      method: 'POST',
      url: '/api/match-rounds',
      payload: { near: '3511', radiusKm: 30 },
    });
    expect(wider.json().round.needCount).toBe(2);
  });
});

describeEachDialect('abuse row 2: a round inviting in another organisation’s name', (t) => {
  it('sends a round’s pairing to the need’s managers, unless the organisation let the body invite for it', async () => {
    const utrecht = await t().register();
    const utrechtOrg = await createOrg(utrecht, { name: 'Gemeente Utrecht', type: 'public', postcode: '3511AA' });
    await verifyOrganization(t(), utrechtOrg);
    const initiative = await t().register();
    const initiativeOrg = await createOrg(initiative, { name: 'Voedselbank', type: 'initiative', postcode: '3511AA' });
    const need = await initiative.inject({
      method: 'POST',
      url: '/api/needs',
      payload: needBody(initiativeOrg, '3511AB'),
    });
    expect(need.statusCode, need.body).toBe(201);
    const helper = await makePerson(t(), 'Helper', { mayDoPaidWork: 'yes' });
    await makeOffer(helper, { skills: ['sjouwen'], compensationAccepted: ['unpaid'] });
    const runAndInvite = async () => {
      const round = await utrecht.inject({
        method: 'POST',
        url: '/api/match-rounds',
        payload: { near: '3511', radiusKm: 10 },
      });
      expect(round.statusCode, round.body).toBe(201);
      expect(round.json().round.proposals).toHaveLength(1);
      return {
        roundId: round.json().round.id as string,
        invite: () => utrecht.inject({ method: 'POST', url: `/api/match-rounds/${round.json().round.id}/invite` }),
      };
    };

    // Not opted in: no engagement, the helper sees nothing; the initiative's managers get a proposal.
    const { invite } = await runAndInvite();
    const before = await rowCounts(t(), ['engagements', 'engagement_messages']);
    const sent = await invite();
    expect(sent.json().results).toEqual([expect.objectContaining({ outcome: 'proposed', engagementId: null })]);
    expect(await rowCounts(t(), ['engagements', 'engagement_messages'])).toEqual(before);
    expect((await helper.inject({ method: 'GET', url: '/api/engagements?role=worker' })).json().items).toEqual([]);
    expect(
      (await utrecht.inject({ method: 'GET', url: `/api/organizations/${initiativeOrg}/round-proposals` })).statusCode,
    ).toBe(403);
    const waiting = (
      await initiative.inject({ method: 'GET', url: `/api/organizations/${initiativeOrg}/round-proposals` })
    ).json().items;
    expect(waiting).toEqual([
      expect.objectContaining({
        need: expect.objectContaining({ title: 'Help bij de voedselbank' }),
        proposedBy: { organizationId: utrechtOrg, name: 'Gemeente Utrecht' },
      }),
    ]);
    // The round's body cannot send it either, and sending it twice makes one engagement.
    await expectRefused(
      t(),
      ['engagements'],
      () => utrecht.inject({ method: 'POST', url: `/api/round-proposals/${waiting[0].id}/send` }),
      403,
      'forbidden',
    );
    const own = await initiative.inject({ method: 'POST', url: `/api/round-proposals/${waiting[0].id}/send` });
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json().engagement).toMatchObject({
      proposedBy: 'organization',
      status: 'proposed',
      proposer: { userId: initiative.id, via: null },
    });
    await expectRefused(
      t(),
      ['engagements'],
      () => initiative.inject({ method: 'POST', url: `/api/round-proposals/${waiting[0].id}/send` }),
      404,
      'not_found',
    );
    expect((await helper.inject({ method: 'GET', url: '/api/engagements?role=worker' })).json().items).toHaveLength(1);
  });

  it('lets the body invite directly once the organisation opted in on its settings', async () => {
    const utrecht = await t().register();
    const utrechtOrg = await createOrg(utrecht, { name: 'Gemeente Utrecht', type: 'public', postcode: '3511AA' });
    await verifyOrganization(t(), utrechtOrg);
    const initiative = await t().register();
    const initiativeOrg = await createOrg(initiative, { name: 'Buurtkeuken', type: 'initiative', postcode: '3511AA' });
    expect(
      (
        await initiative.inject({
          method: 'PATCH',
          url: `/api/organizations/${initiativeOrg}`,
          payload: { allowRoundInvitations: true },
        })
      ).json().organization.allowRoundInvitations,
    ).toBe(true);
    const need = (
      await initiative.inject({ method: 'POST', url: '/api/needs', payload: needBody(initiativeOrg, '3511AB') })
    ).json().need;
    const helper = await makePerson(t(), 'Helper', { mayDoPaidWork: 'yes' });
    await makeOffer(helper, { skills: ['sjouwen'], compensationAccepted: ['unpaid'] });
    const round = (
      await utrecht.inject({ method: 'POST', url: '/api/match-rounds', payload: { near: '3511', radiusKm: 10 } })
    ).json().round;
    const ours = round.proposals.find((p: { needId: string }) => p.needId === need.id);
    const sent = await utrecht.inject({
      method: 'POST',
      url: `/api/match-rounds/${round.id}/invite`,
      payload: { proposalIds: [ours.id] },
    });
    expect(sent.json().results).toEqual([
      expect.objectContaining({ outcome: 'invited', engagementId: expect.any(String) }),
    ]);
    const made = await initiative.inject({
      method: 'GET',
      url: `/api/engagements/${sent.json().results[0].engagementId}`,
    });
    expect(made.json().engagement).toMatchObject({
      need: expect.objectContaining({ id: need.id }),
      proposedBy: 'organization',
      status: 'proposed',
    });
    // Every engagement says who proposed it: here the municipality's person, on the initiative's behalf.
    expect(made.json().engagement.proposer).toEqual({
      userId: utrecht.id,
      displayName: expect.any(String),
      via: { id: utrechtOrg, name: 'Gemeente Utrecht' },
    });
  });
});

describeEachDialect('abuse row 3: minting TIME with new organisations', (t) => {
  it('gives unverified organisations the small floor, so two new ones cannot send 12,000 minutes', async () => {
    const minter = await t().register();
    const receiver = await t().register();
    const orgs = [
      await createOrg(minter, { name: 'Stichting Een', type: 'initiative', postcode: '3511AA' }),
      await createOrg(minter, { name: 'Stichting Twee', type: 'initiative', postcode: '3511AA' }),
    ];
    for (const fromOrganizationId of orgs) {
      await expectRefused(
        t(),
        ['ledger_transfers', 'ledger_journal'],
        () =>
          minter.inject({
            method: 'POST',
            url: '/api/ledger/transfers',
            payload: { id: randomUUID(), fromOrganizationId, toUserId: receiver.id, unit: 'TIME', amount: 6000 },
          }),
        422,
        'over_floor',
      );
      const balances = await minter.inject({
        method: 'GET',
        url: `/api/ledger/balances?owner=org:${fromOrganizationId}`,
      });
      expect(balances.json().balances.find((b: { unit: string }) => b.unit === 'TIME')).toMatchObject({
        floor: -600,
        available: 600,
      });
    }
  });

  it('limits organisations per person to 3 a day', async () => {
    const founder = await t().register();
    for (const name of ['Een', 'Twee', 'Drie'])
      await createOrg(founder, { name: `Club ${name}`, type: 'initiative', postcode: '3511AA' });
    await expectRefused(
      t(),
      ['organizations', 'memberships'],
      () =>
        founder.inject({
          method: 'POST',
          url: '/api/organizations',
          payload: { name: 'Club Vier', type: 'initiative', postcode: '3511AA' },
        }),
      429,
      'too_many_organizations',
    );
    t().clock.advance(24 * 60 * 60 * 1000 + 1000);
    await createOrg(founder, { name: 'Club Vier', type: 'initiative', postcode: '3511AA' });
  });
});

describeEachDialect('abuse row 4: admins who grant themselves roles, spend, or read memos', (t) => {
  it('refuses an admin who adds himself as owner, or adds others without a reason', async () => {
    const owner = await t().register();
    const orgId = await createOrg(owner, { name: 'Buurthuis', type: 'initiative', postcode: '3511AA' });
    const admin = await t().register();
    await t().makeAdmin(admin);
    await expectRefused(
      t(),
      ['memberships', 'audit_log'],
      () =>
        admin.inject({
          method: 'POST',
          url: `/api/organizations/${orgId}/members`,
          payload: { email: admin.email, role: 'owner', reason: 'I want to help out here' },
        }),
      403,
      'admin_role_refused',
    );
    const other = await t().register();
    await expectRefused(
      t(),
      ['memberships', 'audit_log'],
      () =>
        admin.inject({
          method: 'POST',
          url: `/api/organizations/${orgId}/members`,
          payload: { email: other.email, role: 'member' },
        }),
      400,
      'invalid_input',
    );
    // Nor may an admin take a managing role offered by an owner (refused when the admin accepts, so the
    // invitation itself answers alike for every address), nor found an organisation.
    expect(
      (
        await owner.inject({
          method: 'POST',
          url: `/api/organizations/${orgId}/members`,
          payload: { email: admin.email, role: 'coordinator' },
        })
      ).statusCode,
    ).toBe(202);
    const [offered] = (await admin.inject({ method: 'GET', url: '/api/me/invitations' })).json().items;
    await expectRefused(
      t(),
      ['memberships', 'audit_log', 'organization_invitations'],
      () => admin.inject({ method: 'POST', url: `/api/invitations/${offered.id}/accept` }),
      403,
      'admin_role_refused',
    );
    await expectRefused(
      t(),
      ['organizations', 'memberships'],
      () =>
        admin.inject({
          method: 'POST',
          url: '/api/organizations',
          payload: { name: 'Eigen club', type: 'initiative', postcode: '3511AA' },
        }),
      403,
      'admin_role_refused',
    );
  });

  it('refuses an owner made admin later the spending of the organisation’s credits', async () => {
    const owner = await t().register();
    const orgId = await createOrg(owner, { name: 'Ruilwinkel', type: 'initiative', postcode: '3511AA' });
    const friend = await t().register();
    await t().makeAdmin(owner);
    await expectRefused(
      t(),
      ['ledger_transfers', 'ledger_journal', 'ledger_accounts'],
      () =>
        owner.inject({
          method: 'POST',
          url: '/api/ledger/transfers',
          payload: { id: randomUUID(), fromOrganizationId: orgId, toUserId: friend.id, unit: 'TIME', amount: 60 },
        }),
      403,
      'admin_cannot_spend',
    );
    // The ledger's own rule holds whatever route is used: a group debiting the organisation, initiated by an admin.
    const { createTransfers, withLedgerTransaction, organizationOwner, personOwner } =
      await import('../../server/modules/ledger/posting.ts');
    const before = await rowCounts(t(), ['ledger_transfers', 'ledger_journal']);
    await expect(
      withLedgerTransaction(t().ctx, (trx) =>
        createTransfers(
          t().ctx,
          trx,
          [
            {
              id: randomUUID(),
              type: 'posted',
              from: organizationOwner(orgId),
              to: personOwner(friend.id),
              unit: 'TIME',
              amount: 60,
              kind: 'exchange',
            },
          ],
          { userId: owner.id },
        ),
      ),
    ).rejects.toMatchObject({ status: 403, code: 'admin_cannot_spend' });
    expect(await rowCounts(t(), ['ledger_transfers', 'ledger_journal'])).toEqual(before);
  });

  it('shows private memos to the parties only, not to admins', async () => {
    const amal = await t().register();
    const bert = await t().register();
    const admin = await t().register();
    await t().makeAdmin(admin);
    const id = randomUUID();
    const sent = await amal.inject({
      method: 'POST',
      url: '/api/ledger/transfers',
      payload: { id, toUserId: bert.id, unit: 'TIME', amount: 30, memo: 'Voor de oppas, geheim' },
    });
    expect(sent.statusCode, sent.body).toBe(201);
    expect((await bert.inject({ method: 'GET', url: `/api/ledger/transfers/${id}` })).json().transfer.memo).toBe(
      'Voor de oppas, geheim',
    );
    const seen = await admin.inject({ method: 'GET', url: `/api/ledger/transfers/${id}` });
    expect(seen.statusCode).toBe(200);
    expect(seen.json().transfer.memo).toBeNull();
    expect(seen.body).not.toContain('geheim');
  });

  it('makes the ADMIN_EMAILS accounts admins, at registration and at start', async () => {
    const existing = await t().register({ email: 'later-admin@example.org' });
    await applyAdminEmails({
      ...t().ctx,
      config: testConfig({ ADMIN_EMAILS: 'Later-Admin@example.org, other@example.org' }),
    });
    expect((await existing.inject({ method: 'GET', url: '/api/me' })).json().user.isAdmin).toBe(true);
    const { buildTestApp } = await import('../helpers/app.ts');
    const app = await buildTestApp(t().dialect, { ADMIN_EMAILS: 'boss@example.org' });
    try {
      expect(
        (await (await app.register({ email: 'boss@example.org' })).inject({ method: 'GET', url: '/api/me' })).json()
          .user.isAdmin,
      ).toBe(true);
      expect((await (await app.register()).inject({ method: 'GET', url: '/api/me' })).json().user.isAdmin).toBe(false);
    } finally {
      await app.close();
    }
  });
});

describeEachDialect('abuse row 5: probing e-mail addresses and adding people without consent', (t) => {
  const invite = (by: TestUser, orgId: string, email: string, role = 'member') =>
    by.inject({ method: 'POST', url: `/api/organizations/${orgId}/members`, payload: { email, role } });
  const memberIds = async (by: TestUser, orgId: string) =>
    (await by.inject({ method: 'GET', url: `/api/organizations/${orgId}/members` }))
      .json()
      .items.map((m: { userId: string }) => m.userId);

  it('answers alike for known and unknown addresses, and adds nobody until they accept', async () => {
    const owner = await t().register();
    const orgId = await createOrg(owner, { name: 'Buurthuis', type: 'initiative', postcode: '3511AA' });
    const known = await t().register({ email: 'known@example.org' });
    const before = await rowCounts(t(), ['memberships']);
    const answers = [
      await invite(owner, orgId, 'known@example.org'),
      await invite(owner, orgId, 'nobody-here@example.org'),
    ];
    for (const res of answers) {
      expect(res.statusCode).toBe(202);
      expect(res.json()).toEqual({ invited: true });
    }
    expect(answers[0]!.body).toBe(answers[1]!.body);
    expect(answers[0]!.headers['content-length']).toBe(answers[1]!.headers['content-length']);
    // Nobody joined; the stored invitation holds no readable address.
    expect(await rowCounts(t(), ['memberships'])).toEqual(before);
    expect(await memberIds(owner, orgId)).toEqual([owner.id]);
    const stored = await t().ctx.db.selectFrom('organization_invitations').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain('example.org');

    // The person sees it and declines: still no member, and the invitation is answered.
    const [offered] = (await known.inject({ method: 'GET', url: '/api/me/invitations' })).json().items;
    expect(offered).toMatchObject({ organization: { id: orgId, name: 'Buurthuis', verified: false }, role: 'member' });
    expect((await known.inject({ method: 'POST', url: `/api/invitations/${offered.id}/decline` })).statusCode).toBe(
      204,
    );
    expect((await known.inject({ method: 'GET', url: '/api/me/invitations' })).json().items).toEqual([]);
    expect(await memberIds(owner, orgId)).toEqual([owner.id]);
    await expectRefused(
      t(),
      ['memberships', 'organization_invitations', 'audit_log'],
      () => known.inject({ method: 'POST', url: `/api/invitations/${offered.id}/accept` }),
      404,
      'not_found',
    );

    // Someone who registers later with the invited address finds the invitation, and joins by accepting.
    const later = await t().register({ email: 'Nobody-Here@example.org' });
    const [waiting] = (await later.inject({ method: 'GET', url: '/api/me/invitations' })).json().items;
    expect(waiting).toMatchObject({ organization: { id: orgId } });
    t().clock.advance(1000);
    const joined = await later.inject({ method: 'POST', url: `/api/invitations/${waiting.id}/accept` });
    expect(joined.statusCode, joined.body).toBe(200);
    expect(joined.json().member).toMatchObject({ userId: later.id, role: 'member' });
    expect((await memberIds(owner, orgId)).sort()).toEqual([owner.id, later.id].sort());
    const audit = await owner.inject({ method: 'GET', url: `/api/audit?organizationId=${orgId}&limit=1` });
    expect(audit.json().items[0]).toMatchObject({
      action: 'organization.member_join',
      actorId: later.id,
      details: { role: 'member', invitedBy: owner.id },
    });
  });

  it('lets invitations expire after 14 days', async () => {
    const owner = await t().register();
    const orgId = await createOrg(owner, { name: 'Tuinclub', type: 'initiative', postcode: '3511AA' });
    const person = await t().register();
    await invite(owner, orgId, person.email);
    const [offered] = (await person.inject({ method: 'GET', url: '/api/me/invitations' })).json().items;
    t().clock.advance(14 * 24 * 60 * 60 * 1000 + 1000);
    expect((await person.inject({ method: 'GET', url: '/api/me/invitations' })).json().items).toEqual([]);
    await expectRefused(
      t(),
      ['memberships', 'organization_invitations'],
      () => person.inject({ method: 'POST', url: `/api/invitations/${offered.id}/accept` }),
      404,
      'not_found',
    );
  });

  it('limits invitations to 20 an hour per inviter and per organisation', async () => {
    const owner = await t().register();
    const [first, second] = [
      await createOrg(owner, { name: 'Club Een', type: 'initiative', postcode: '3511AA' }),
      await createOrg(owner, { name: 'Club Twee', type: 'initiative', postcode: '3511AA' }),
    ];
    for (let i = 0; i < 20; i += 1) expect((await invite(owner, first, `probe-${i}@example.org`)).statusCode).toBe(202);
    // Per inviter: the owner's 21st, even to the other organisation, is refused.
    await expectRefused(
      t(),
      ['organization_invitations', 'audit_log'],
      () => invite(owner, second, 'probe-20@example.org'),
      429,
      'too_many_invitations',
    );

    // Per organisation: a second manager cannot continue where the first stopped.
    const coordinator = await t().register();
    t().clock.advance(60 * 60 * 1000 + 1000);
    const { joinByInvitation } = await import('../helpers/factories.ts');
    await joinByInvitation(owner, second, coordinator, 'coordinator');
    for (let i = 0; i < 19; i += 1)
      expect((await invite(coordinator, second, `more-${i}@example.org`)).statusCode).toBe(202);
    await expectRefused(
      t(),
      ['organization_invitations', 'audit_log'],
      () => invite(coordinator, second, 'more-19@example.org'),
      429,
      'too_many_invitations',
    );
    t().clock.advance(60 * 60 * 1000 + 1000);
    expect((await invite(coordinator, second, 'more-19@example.org')).statusCode).toBe(202);
  });

  it('lets members leave, but not the last owner', async () => {
    const owner = await t().register();
    const orgId = await createOrg(owner, { name: 'Repair Café', type: 'initiative', postcode: '3511AA' });
    const member = await t().register();
    const { joinByInvitation } = await import('../helpers/factories.ts');
    await joinByInvitation(owner, orgId, member, 'member');
    await expectRefused(
      t(),
      ['memberships', 'audit_log'],
      () => owner.inject({ method: 'DELETE', url: `/api/organizations/${orgId}/members/me` }),
      409,
      'last_owner',
    );
    expect((await member.inject({ method: 'DELETE', url: `/api/organizations/${orgId}/members/me` })).statusCode).toBe(
      204,
    );
    expect(await memberIds(owner, orgId)).toEqual([owner.id]);
  });
});

describeEachDialect('abuse row 8: implausible hours and transfer ids', (t) => {
  const hoursTables = ['engagement_logs', 'engagements', 'engagement_messages'];

  async function acceptedEngagements(count: number) {
    const org = await makeOrganization(t(), { name: 'Voedselbank Oost' });
    const worker = await t().register();
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const need = await makeNeed(org, { compensation: { type: 'unpaid' } });
      ids.push((await makeEngagement('accepted', { needId: need.id, worker, manager: org.owner })).id);
    }
    return { worker, ids };
  }
  const logHours = (worker: TestUser, id: string, minutes: number, date: string) =>
    worker.inject({ method: 'POST', url: `/api/engagements/${id}/hours`, payload: { minutes, date } });

  it('refuses hours on dates outside the engagement: 1900, the future, more than a week before acceptance', async () => {
    // The test clock stands at 2026-03-02 09:00 UTC, when the engagement is accepted.
    const { worker, ids } = await acceptedEngagements(1);
    const id = ids[0]!;
    for (const date of ['1900-01-01', '2026-03-03', '2026-02-22']) {
      await expectRefused(t(), hoursTables, () => logHours(worker, id, 60, date), 422, 'hours_implausible_date');
    }
    expect((await logHours(worker, id, 60, '2026-02-23')).statusCode).toBe(200);
    expect((await logHours(worker, id, 60, '2026-03-02')).statusCode).toBe(200);
  });

  it('refuses more than 24 hours on one day across all of a person’s engagements', async () => {
    const { worker, ids } = await acceptedEngagements(3);
    expect((await logHours(worker, ids[0]!, 24 * 60, '2026-03-01')).statusCode).toBe(200);
    for (const id of ids.slice(1)) {
      await expectRefused(
        t(),
        hoursTables,
        () => logHours(worker, id, 24 * 60, '2026-03-01'),
        422,
        'hours_over_day_limit',
      );
      await expectRefused(t(), hoursTables, () => logHours(worker, id, 1, '2026-03-01'), 422, 'hours_over_day_limit');
    }
    // Another day is another day.
    expect((await logHours(worker, ids[1]!, 8 * 60, '2026-02-28')).statusCode).toBe(200);
  });

  it('treats an upper-case transfer id as the same transfer, refuses the nil UUID, and tells nothing about a stranger’s id', async () => {
    const amal = await t().register();
    const bert = await t().register();
    const mallory = await t().register();
    const id = randomUUID();
    const body = { toUserId: bert.id, unit: 'TIME', amount: 30, memo: 'Oppas' };
    expect(
      (await amal.inject({ method: 'POST', url: '/api/ledger/transfers', payload: { id, ...body } })).statusCode,
    ).toBe(201);
    const tables = ['ledger_transfers', 'ledger_journal', 'ledger_accounts'];
    const before = await rowCounts(t(), tables);
    const again = await amal.inject({
      method: 'POST',
      url: '/api/ledger/transfers',
      payload: { id: id.toUpperCase(), ...body },
    });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().transfer.id).toBe(id);
    expect(await rowCounts(t(), tables)).toEqual(before);

    const nil = await amal.inject({
      method: 'POST',
      url: '/api/ledger/transfers',
      payload: { ...body, id: '00000000-0000-0000-0000-000000000000' },
    });
    expect(nil.statusCode).toBe(400);
    expect(nil.json().error.fields).toHaveProperty('id');
    expect(await rowCounts(t(), tables)).toEqual(before);

    for (const attempt of [
      { id, ...body },
      { id: id.toUpperCase(), toUserId: amal.id, unit: 'TIME', amount: 1 },
    ]) {
      await expectRefused(
        t(),
        tables,
        () => mallory.inject({ method: 'POST', url: '/api/ledger/transfers', payload: attempt }),
        409,
        'id_taken',
      );
      const res = await mallory.inject({ method: 'POST', url: '/api/ledger/transfers', payload: attempt });
      expect(res.json().error).toEqual({ code: 'id_taken', message: expect.any(String) });
      expect(res.body).not.toContain(id);
    }
  });
});

/** Every row of every table, as text: where an erased person's marker strings could hide. */
const everything = async (t: TestApp) => JSON.stringify(await snapshot(t, await tableNames(t)));

/**
 * An erasable person with something of everything: a profile with skills, an offer, an open
 * application, an accepted engagement holding a TIME reservation, a memo, and an organisation of
 * which they are the only owner, with a need in search.
 */
async function erasablePerson(t: TestApp) {
  const marker = `Xr${randomUUID().slice(0, 8)}`;
  const person = await t.register({ displayName: `${marker} Naam`, email: `${marker.toLowerCase()}@example.org` });
  const manager = await t.register();
  const friend = await t.register();
  expect(
    (await person.inject({ method: 'PATCH', url: '/api/me', payload: { skills: [`${marker.toLowerCase()}-skill`] } }))
      .statusCode,
  ).toBe(200);
  await makeOffer(person, { title: `${marker} helpt met tuinieren`, description: `Bel ${marker}` });
  const org = await makeOrganization(t, { name: 'Buurttuin De Wilg' }, manager);
  const timeNeed = { compensation: { type: 'time_credits' }, hoursEstimate: 2 };
  const open = await makeApplication(person, (await makeNeed(org, timeNeed)).id, { message: `Groet van ${marker}` });
  const accepted = await makeEngagement('accepted', {
    needId: (await makeNeed(org, timeNeed)).id,
    worker: person,
    manager,
  });
  const sent = await person.inject({
    method: 'POST',
    url: '/api/ledger/transfers',
    payload: { id: randomUUID(), toUserId: friend.id, unit: 'TIME', amount: 30, memo: `Bedankt van ${marker}` },
  });
  expect(sent.statusCode, sent.body).toBe(201);
  const ownOrg = await makeOrganization(t, { name: 'Repaircafé Zonder Opvolger' }, person);
  // The organisation's need is the organisation's, not the person's: it stays, under its own word.
  const word = `Fk${randomUUID().slice(0, 8)}`;
  const ownNeed = await makeNeed(ownOrg, { title: `Fietsen repareren ${word}` });
  const erase = async () =>
    expect(
      (
        await person.inject({
          method: 'DELETE',
          url: '/api/me',
          payload: { currentPassword: 'a long enough passphrase' },
        })
      ).statusCode,
    ).toBe(204);
  return { marker, word, person, manager, friend, org, open, accepted, ownOrg, ownNeed, erase };
}

describeEachDialect('abuse row 7: erasure that leaves nothing behind', (t) => {
  it('erases every marker and ends the person’s live business; refused acts change nothing', async () => {
    const { marker, word, person, manager, friend, org, open, accepted, ownOrg, ownNeed, erase } =
      await erasablePerson(t());
    const inSearch = async () =>
      (await friend.inject({ method: 'GET', url: `/api/needs?q=${word}&limit=100` }))
        .json()
        .items.some((n: { id: string }) => n.id === ownNeed.id);
    expect(await inSearch()).toBe(true);
    expect(await everything(t())).toContain(marker);

    await erase();

    const dump = await everything(t());
    expect(dump.toLowerCase()).not.toContain(marker.toLowerCase());

    // The open application was withdrawn: the organisation cannot accept it any more.
    await expectRefused(
      t(),
      ['engagements', 'ledger_transfers', 'ledger_journal'],
      () => manager.inject({ method: 'POST', url: `/api/engagements/${open.id}/accept` }),
      409,
      'invalid_transition',
    );
    // The accepted engagement ended, and its reservation was voided through the ledger's void path.
    const ended = await t()
      .ctx.db.selectFrom('engagements')
      .select(['id', 'status'])
      .where('id', 'in', [open.id, accepted.id])
      .execute();
    expect(ended.map((e) => e.status)).toEqual(['cancelled', 'cancelled']);
    const reserve = await t()
      .ctx.db.selectFrom('ledger_transfers')
      .select(['phase', 'pending_id'])
      .where('pending_id', '=', `eng.${accepted.id}.time-reserve`)
      .execute();
    expect(reserve).toEqual([{ phase: 'void_pending', pending_id: `eng.${accepted.id}.time-reserve` }]);

    // Nothing is sent to, or joined with, the erased account.
    await expectRefused(
      t(),
      ['ledger_transfers', 'ledger_journal', 'ledger_accounts'],
      () =>
        friend.inject({
          method: 'POST',
          url: '/api/ledger/transfers',
          payload: { id: randomUUID(), toUserId: person.id, unit: 'TIME', amount: 10 },
        }),
      422,
      'recipient_erased',
    );
    // Inviting the pseudonym answers like any address (membership needs consent), and nobody joins.
    const membershipsBefore = await rowCounts(t(), ['memberships']);
    const invited = await manager.inject({
      method: 'POST',
      url: `/api/organizations/${org.id}/members`,
      payload: { email: `erased-${person.id}@erased.invalid`, role: 'member' },
    });
    expect(invited.statusCode).toBe(202);
    expect(await rowCounts(t(), ['memberships'])).toEqual(membershipsBefore);

    // The organisation they alone owned waits for the admins, and its needs left search.
    expect(await inSearch()).toBe(false);
    const admin = await t().register();
    await t().makeAdmin(admin);
    const queue = (
      await admin.inject({ method: 'GET', url: '/api/admin/organizations?orphaned=true&limit=100' })
    ).json().items;
    expect(queue.map((o: { id: string; orphanedAt: string | null }) => [o.id, o.orphanedAt !== null])).toContainEqual([
      ownOrg.id,
      true,
    ]);
    const others = (
      await admin.inject({ method: 'GET', url: '/api/admin/organizations?orphaned=false&limit=100' })
    ).json().items;
    expect(others.map((o: { id: string }) => o.id)).not.toContain(ownOrg.id);

    // An admin hands it to a new owner, with a reason: once they accept, it runs and lists again.
    const successor = await t().register();
    const handed = await admin.inject({
      method: 'POST',
      url: `/api/organizations/${ownOrg.id}/members`,
      payload: {
        email: successor.email,
        role: 'owner',
        reason: 'Vrijwilliger van het repaircafé neemt het over, gebeld op 5 december.',
      },
    });
    expect(handed.statusCode, handed.body).toBe(202);
    const [invitation] = (await successor.inject({ method: 'GET', url: '/api/me/invitations' })).json().items;
    expect(
      (await successor.inject({ method: 'POST', url: `/api/invitations/${invitation.id}/accept` })).statusCode,
    ).toBe(200);
    expect(await inSearch()).toBe(true);
    const orphanedNow = (
      await admin.inject({ method: 'GET', url: '/api/admin/organizations?orphaned=true&limit=100' })
    ).json().items;
    expect(orphanedNow.map((o: { id: string }) => o.id)).not.toContain(ownOrg.id);
  });
});

describe('abuse row 7: no copy in the SQLite file after erasure', () => {
  it('leaves no marker, e-mail or password hash in the database file or its WAL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ww-erasure-'));
    const path = join(dir, 'waardewerk.db');
    const database = await createDb(`sqlite:${path}`);
    await migrateToLatest(database.db);
    const t = await buildTestApp('sqlite', {}, database);
    try {
      const { marker, person, erase } = await erasablePerson(t);
      const { password_hash } = await t.ctx.db
        .selectFrom('users')
        .select('password_hash')
        .where('id', '=', person.id)
        .executeTakeFirstOrThrow();
      const fileText = () =>
        [path, `${path}-wal`].map((p) => (existsSync(p) ? readFileSync(p).toString('latin1') : '')).join('');
      database.sqlite?.pragma('wal_checkpoint(TRUNCATE)');
      expect(fileText()).toContain(marker);
      expect(fileText()).toContain(password_hash);

      await erase();

      const bytes = fileText();
      expect(bytes.toLowerCase()).not.toContain(marker.toLowerCase());
      expect(bytes).not.toContain(password_hash);
    } finally {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
