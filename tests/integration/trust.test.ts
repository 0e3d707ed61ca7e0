import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDialect, type TestUser } from '../helpers/app.ts';
import { joinByInvitation } from '../helpers/factories.ts';
import { platformAdmin } from '../helpers/trust.ts';

/** Organisation verification, the audit log and moderation over HTTP, on both databases (issue 9 items 1, 7, 11). */

async function createOrg(user: TestUser, body: Record<string, unknown>): Promise<string> {
  const res = await user.inject({
    method: 'POST',
    url: '/api/organizations',
    payload: { description: '', domains: ['food'], ...body },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().organization.id;
}

describeEachDialect('organisation verification', (t) => {
  it('verifies from the queue with the right method, moves the TIME floor (journalled), and withdraws with a reason', async () => {
    const owner = await t().register();
    const admin = await platformAdmin(t());
    const orgId = await createOrg(owner, { name: 'Wijkkeuken', type: 'initiative', postcode: '3511AA' });
    const publicId = await createOrg(await t().register(), {
      name: 'Gemeente Utrecht',
      type: 'public',
      postcode: '3511AA',
    });
    // An org TIME account exists before verification: its floor must move when verification changes.
    await owner.inject({
      method: 'POST',
      url: '/api/ledger/transfers',
      payload: { id: crypto.randomUUID(), fromOrganizationId: orgId, toUserId: admin.id, unit: 'TIME', amount: 10 },
    });

    const queue = await admin.inject({ method: 'GET', url: '/api/admin/organizations?verified=false&limit=100' });
    expect(queue.json().items.map((o: { id: string }) => o.id)).toEqual(expect.arrayContaining([orgId, publicId]));
    expect((await owner.inject({ method: 'GET', url: '/api/admin/organizations' })).statusCode).toBe(403);

    const bad = [
      { method: 'kvk', reference: '1234', note: 'KvK extract checked' },
      { method: 'oin', reference: '00000001234567890000', note: 'Wrong method for an initiative' },
      { method: 'kvk', reference: '12345678', note: 'no' },
      { method: 'kvk', reference: '12345678', note: 'KvK extract checked', area: 'province' },
    ];
    for (const payload of bad) {
      const res = await admin.inject({
        method: 'POST',
        url: `/api/admin/organizations/${orgId}/verification`,
        payload,
      });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe('invalid_input');
    }
    expect(
      (
        await admin.inject({
          method: 'POST',
          url: `/api/admin/organizations/${publicId}/verification`,
          payload: { method: 'kvk', reference: '12345678', note: 'KvK extract checked' },
        })
      ).statusCode,
    ).toBe(400);
    const oin = await admin.inject({
      method: 'POST',
      url: `/api/admin/organizations/${publicId}/verification`,
      payload: { method: 'oin', reference: '00000001234567890000', note: 'OIN register checked' },
    });
    expect(oin.statusCode, oin.body).toBe(200);
    expect(oin.json().organization.verification).toMatchObject({
      method: 'oin',
      area: 'municipality',
      verifiedBy: admin.id,
    });

    const verified = await admin.inject({
      method: 'POST',
      url: `/api/admin/organizations/${orgId}/verification`,
      payload: { method: 'kvk', reference: '87654321', note: 'KvK extract checked' },
    });
    expect(verified.statusCode, verified.body).toBe(200);
    expect(verified.json().organization).toMatchObject({
      id: orgId,
      verified: true,
      kvkNumber: '87654321',
      verification: { method: 'kvk', reference: '87654321', note: 'KvK extract checked' },
    });
    expect(
      (await owner.inject({ method: 'GET', url: `/api/organizations/${orgId}` })).json().organization.verified,
    ).toBe(true);
    const need = await owner.inject({
      method: 'POST',
      url: '/api/needs',
      payload: {
        organizationId: orgId,
        kind: 'hands',
        title: 'Koken',
        description: 'Samen koken',
        domains: ['food'],
        postcode: '3511AA',
        hoursEstimate: 2,
        peopleNeeded: 1,
        compensation: { type: 'unpaid' },
      },
    });
    expect(need.json().need.organization.verified).toBe(true);
    const floor = async () =>
      (await owner.inject({ method: 'GET', url: `/api/ledger/balances?owner=org:${orgId}` }))
        .json()
        .balances.find((b: { unit: string }) => b.unit === 'TIME').floor;
    expect(await floor()).toBe(-6000);

    expect(
      (
        await admin.inject({
          method: 'POST',
          url: `/api/admin/organizations/${orgId}/verification/withdraw`,
          payload: {},
        })
      ).statusCode,
    ).toBe(400);
    // The log reads newest first: a later instant for the later act (the clock is manual).
    t().clock.advance(1000);
    const withdrawn = await admin.inject({
      method: 'POST',
      url: `/api/admin/organizations/${orgId}/verification/withdraw`,
      payload: { reason: 'KvK registration ended' },
    });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json().organization).toMatchObject({ verified: false, verification: null });
    expect(await floor()).toBe(-600);
    expect(
      (
        await admin.inject({
          method: 'POST',
          url: `/api/admin/organizations/${orgId}/verification/withdraw`,
          payload: { reason: 'KvK registration ended' },
        })
      ).json().error.code,
    ).toBe('conflict');
    expect((await t().inject({ method: 'GET', url: '/api/ledger/verify' })).json().ok).toBe(true);

    const audit = await admin.inject({ method: 'GET', url: `/api/audit?organizationId=${orgId}` });
    expect(audit.json().items.map((e: { action: string }) => e.action)).toEqual([
      'organization.withdraw_verification',
      'organization.verify',
    ]);
    expect(audit.json().items[0]).toMatchObject({
      actorId: admin.id,
      objectId: orgId,
      reason: 'KvK registration ended',
    });
  });
});

describeEachDialect('audit log', (t) => {
  it('is append-only at the database and read by admins (all) and an organisation’s owners (theirs)', async () => {
    const owner = await t().register();
    const coordinator = await t().register();
    const otherOwner = await t().register();
    const orgId = await createOrg(owner, { name: 'Tuinclub', type: 'initiative', postcode: '3511AA' });
    const otherId = await createOrg(otherOwner, { name: 'Andere club', type: 'initiative', postcode: '3511AA' });
    await joinByInvitation(owner, orgId, coordinator, 'member');
    await joinByInvitation(otherOwner, otherId, coordinator, 'member');
    t().clock.advance(1000);
    expect(
      (
        await owner.inject({
          method: 'PATCH',
          url: `/api/organizations/${orgId}/members/${coordinator.id}`,
          payload: { role: 'coordinator' },
        })
      ).statusCode,
    ).toBe(200);

    const own = await owner.inject({ method: 'GET', url: `/api/audit?organizationId=${orgId}&limit=1` });
    expect(own.statusCode).toBe(200);
    expect(own.json().items).toEqual([
      expect.objectContaining({
        action: 'organization.member_set',
        objectId: coordinator.id,
        details: expect.objectContaining({ role: 'coordinator', previousRole: 'member', as: 'owner' }),
      }),
    ]);
    expect((await coordinator.inject({ method: 'GET', url: `/api/audit?organizationId=${orgId}` })).statusCode).toBe(
      403,
    );
    expect((await otherOwner.inject({ method: 'GET', url: `/api/audit?organizationId=${orgId}` })).statusCode).toBe(
      403,
    );
    expect((await owner.inject({ method: 'GET', url: '/api/audit' })).statusCode).toBe(403);
    expect((await owner.inject({ method: 'GET', url: '/api/audit?organizationId=nope' })).statusCode).toBe(404);
    const admin = await platformAdmin(t());
    const all = await admin.inject({ method: 'GET', url: '/api/audit?limit=1' });
    expect(all.json().items).toHaveLength(1);
    const next = await admin.inject({ method: 'GET', url: `/api/audit?limit=1&cursor=${all.json().nextCursor}` });
    expect(next.json().items[0].id).not.toBe(all.json().items[0].id);

    const db = t().ctx.db;
    await expect(sql`update audit_log set reason = 'rewritten'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(db)).rejects.toThrow(/append-only/);
    expect(
      (await owner.inject({ method: 'GET', url: `/api/audit?organizationId=${orgId}` })).json().items[0].reason,
    ).not.toBe('rewritten');
  });
});

describeEachDialect('reports and moderation', (t) => {
  it('takes a report, hides the listing from search and matching at once, tells reporter and author, and restores it', async () => {
    const author = await t().register();
    const reporter = await t().register();
    const admin = await platformAdmin(t());
    const orgId = await createOrg(author, { name: 'Klusbank', type: 'initiative', postcode: '3511AA' });
    const created = await author.inject({
      method: 'POST',
      url: '/api/needs',
      payload: {
        organizationId: orgId,
        kind: 'hands',
        title: 'Schilderwerk buurthuis',
        description: 'Verven',
        domains: ['food'],
        skills: ['schilderen'],
        languages: ['nl'],
        postcode: '3511AA',
        hoursEstimate: 2,
        peopleNeeded: 1,
        compensation: { type: 'unpaid' },
      },
    });
    const needId = created.json().need.id;
    const helper = await t().register();
    await helper.inject({
      method: 'PATCH',
      url: '/api/me',
      payload: { postcode: '3511AB', skills: ['schilderen'], languages: ['nl'], mayDoPaidWork: 'yes' },
    });
    const helperOffer = await helper.inject({
      method: 'POST',
      url: '/api/offers',
      payload: {
        kind: 'hands',
        title: 'Ik schilder graag',
        description: 'Verf en kwast',
        skills: ['schilderen'],
        languages: ['nl'],
        postcode: '3511AB',
        radiusKm: 10,
        compensationAccepted: ['unpaid'],
      },
    });
    const offerId = helperOffer.json().offer.id;
    const inSearch = async () =>
      (await reporter.inject({ method: 'GET', url: '/api/needs?q=schilderwerk&limit=100' }))
        .json()
        .items.some((n: { id: string }) => n.id === needId);
    const inMatching = async () => {
      const res = await helper.inject({ method: 'GET', url: `/api/offers/${offerId}/matches?limit=50` });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items.some((m: { need: { id: string } }) => m.need.id === needId);
    };
    expect(await inSearch()).toBe(true);
    expect(await inMatching()).toBe(true);

    expect(
      (
        await t().inject({
          method: 'POST',
          url: '/api/reports',
          payload: { targetType: 'listing', targetId: needId, reason: 'Dit is reclame' },
        })
      ).statusCode,
    ).toBe(401);
    expect(
      (
        await reporter.inject({
          method: 'POST',
          url: '/api/reports',
          payload: { targetType: 'listing', targetId: 'nope', reason: 'Dit is reclame' },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await author.inject({
          method: 'POST',
          url: '/api/reports',
          payload: { targetType: 'listing', targetId: needId, reason: 'Dit is reclame' },
        })
      ).statusCode,
    ).toBe(400);
    const reported = await reporter.inject({
      method: 'POST',
      url: '/api/reports',
      payload: { targetType: 'listing', targetId: needId, reason: 'Dit is reclame' },
    });
    expect(reported.statusCode, reported.body).toBe(201);
    const reportId = reported.json().report.id;
    expect(
      (
        await reporter.inject({
          method: 'POST',
          url: '/api/reports',
          payload: { targetType: 'listing', targetId: needId, reason: 'Nog een keer' },
        })
      ).statusCode,
    ).toBe(409);
    expect((await reporter.inject({ method: 'GET', url: '/api/admin/reports' })).statusCode).toBe(403);
    const queue = await admin.inject({ method: 'GET', url: '/api/admin/reports' });
    expect(queue.json().items).toEqual([
      expect.objectContaining({ id: reportId, reporterId: reporter.id, authorId: author.id, status: 'open' }),
    ]);

    expect(
      (await admin.inject({ method: 'POST', url: `/api/admin/reports/${reportId}/hide`, payload: { reason: 'no' } }))
        .statusCode,
    ).toBe(400);
    const hidden = await admin.inject({
      method: 'POST',
      url: `/api/admin/reports/${reportId}/hide`,
      payload: { reason: 'Advertising, not a need' },
    });
    expect(hidden.statusCode, hidden.body).toBe(200);
    expect(await inSearch()).toBe(false);
    expect(await inMatching()).toBe(false);
    expect((await reporter.inject({ method: 'GET', url: `/api/needs/${needId}` })).statusCode).toBe(404);
    expect((await author.inject({ method: 'GET', url: `/api/needs/${needId}` })).statusCode).toBe(200);
    const told = async (p: { inject: typeof admin.inject }) =>
      (await p.inject({ method: 'GET', url: '/api/notifications' })).json().items[0];
    expect(await told(reporter)).toMatchObject({
      kind: 'report.decided',
      data: { status: 'hidden', targetType: 'listing', targetId: needId },
    });
    expect(await told(author)).toMatchObject({
      kind: 'moderation.decided',
      data: { status: 'hidden', targetType: 'listing', targetId: needId },
    });
    expect((await reporter.inject({ method: 'GET', url: '/api/reports/mine' })).json().items[0]).toMatchObject({
      id: reportId,
      status: 'hidden',
      decisionReason: 'Advertising, not a need',
    });
    const notice = await author.inject({ method: 'GET', url: '/api/reports/mine?as=author' });
    expect(notice.json().items[0]).toMatchObject({
      targetId: needId,
      status: 'hidden',
      decisionReason: 'Advertising, not a need',
    });
    expect(notice.body).not.toContain(reporter.id);
    expect(notice.body).not.toContain('Dit is reclame');

    t().clock.advance(1000);
    const restored = await admin.inject({
      method: 'POST',
      url: `/api/admin/reports/${reportId}/restore`,
      payload: { reason: 'Second look: it is a real need' },
    });
    expect(restored.json().report.status).toBe('restored');
    expect(await inSearch()).toBe(true);
    expect(await inMatching()).toBe(true);
    const audit = await admin.inject({ method: 'GET', url: `/api/audit?organizationId=${orgId}` });
    expect(
      audit
        .json()
        .items.map((e: { action: string }) => e.action)
        .slice(0, 2),
    ).toEqual(['moderation.restore', 'moderation.hide']);
  });
});
