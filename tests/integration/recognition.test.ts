import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../helpers/app.ts';
import {
  adminOf,
  confirmWork,
  correctWork,
  createOrganization,
  expectStatus,
  hasPoppler,
} from '../helpers/recognition.ts';
import { joinByInvitation } from '../helpers/factories.ts';

/** The text of a PDF as poppler reads it (layout kept, so numbers stay with their labels). */
function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'ww-cert-'));
  try {
    writeFileSync(join(dir, 'c.pdf'), pdf);
    return execFileSync('pdftotext', ['-layout', join(dir, 'c.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describeEachDialect('recognition', (t) => {
  it('badges, references and the public page follow confirmed work; a correction takes the badge away', async () => {
    const coordinator = await t().register({ displayName: 'Coördinator' });
    const org = await createOrganization(coordinator, {});
    const amal = await t().register({ displayName: 'Amal' });
    const other = await t().register({ displayName: 'Bert' });
    const admin = await adminOf(t());

    const before = (await t().inject({ method: 'GET', url: `/api/users/${amal.id}/recognition` })).json();
    expect(before).toMatchObject({ badges: [], totalMinutes: 0 });

    const first = await confirmWork({ coordinator, organizationId: org, worker: amal, minutes: 600 });
    const page = (await t().inject({ method: 'GET', url: `/api/users/${amal.id}/recognition` })).json();
    expect(page.badges.map((b: { id: string }) => b.id)).toEqual(['first_contribution', 'hours_10']);
    expect(page.badges[1].evidence).toEqual([
      { transferId: `eng.${first}.work`, url: expect.stringContaining(`/api/ledger/entries/eng.${first}.work/public`) },
    ]);
    expect(page.minutesByDomain).toEqual({ greening: 600 });

    // The public ledger entry: amounts and domains, nobody's name.
    const entry = await t().inject({ method: 'GET', url: `/api/ledger/entries/eng.${first}.work/public` });
    await expectStatus(entry, 200);
    expect(entry.json()).toMatchObject({ unit: 'WORK', amount: 600, domains: ['greening'], corrected: false });
    expect(entry.body).not.toContain('Amal');

    // A reference: only the organisation writes it, only the person makes it public.
    await expectStatus(
      await other.inject({
        method: 'POST',
        url: `/api/engagements/${first}/reference`,
        payload: { text: 'Top', skills: [] },
      }),
      403,
    );
    const written = await coordinator.inject({
      method: 'POST',
      url: `/api/engagements/${first}/reference`,
      payload: { text: 'Amal werkte zorgvuldig en vrolijk.', skills: ['Tuinieren', 'plannen'] },
    });
    await expectStatus(written, 201);
    expect(written.json().reference).toMatchObject({ public: false, skills: ['tuinieren', 'plannen'] });
    expect((await t().inject({ method: 'GET', url: `/api/users/${amal.id}/recognition` })).json().references).toEqual(
      [],
    );
    expect((await amal.inject({ method: 'GET', url: '/api/me/recognition' })).json().references).toHaveLength(1);
    await expectStatus(
      await other.inject({ method: 'PATCH', url: `/api/me/references/${first}`, payload: { public: true } }),
      404,
    );
    await expectStatus(
      await amal.inject({ method: 'PATCH', url: `/api/me/references/${first}`, payload: { public: true } }),
      200,
    );
    expect(
      (await t().inject({ method: 'GET', url: `/api/users/${amal.id}/recognition` })).json().references[0],
    ).toMatchObject({ text: 'Amal werkte zorgvuldig en vrolijk.' });

    await correctWork(admin, first);
    const after = (await t().inject({ method: 'GET', url: `/api/users/${amal.id}/recognition` })).json();
    expect(after).toMatchObject({ badges: [], totalMinutes: 0 });
    expect(
      (await t().inject({ method: 'GET', url: `/api/ledger/entries/eng.${first}.work/public` })).json().corrected,
    ).toBe(true);
  });

  it('a certificate states the confirmed hours, verifies by its code, and a tampered one does not', async () => {
    const coordinator = await t().register({ displayName: 'Coördinator' });
    const org = await createOrganization(coordinator, { name: 'Buurttuin De Wilg' });
    const org2 = await createOrganization(coordinator, { name: 'Voedselbank Oost', domains: ['food'] });
    const sara = await t().register({ displayName: 'Sara de Vries' });
    await expectStatus(await sara.inject({ method: 'PATCH', url: '/api/me', payload: { mayDoPaidWork: 'yes' } }), 200);
    await confirmWork({ coordinator, organizationId: org, worker: sara, minutes: 150 });
    await confirmWork({
      coordinator,
      organizationId: org2,
      worker: sara,
      minutes: 90,
      domains: ['food'],
      compensation: { type: 'paid', hourlyRateCents: 1500 },
    });

    const res = await sara.inject({ method: 'GET', url: '/api/me/certificate.pdf' });
    await expectStatus(res, 200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const code = String(res.headers['x-certificate-code']);
    expect(code).toMatch(/^WW-[A-Z2-9]{5}-[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    if (hasPoppler) {
      const text = pdfText(res.rawPayload);
      expect(text).toContain('Bewijs van werk');
      expect(text).toContain('Sara de Vries');
      expect(text).toMatch(/Bevestigde uren\s+4:00 uur \(betaald 1:30, onbetaald 2:30\)/);
      expect(text).toMatch(/Buurttuin De Wilg\s+2:30 uur/);
      expect(text).toMatch(/Voedselbank Oost\s+1:30 uur/);
      expect(text).toContain(code);
    }

    const verified = await t().inject({ method: 'GET', url: `/api/certificates/${code}` });
    expect(verified.json()).toMatchObject({ valid: true, reason: null, holderName: 'Sara de Vries' });
    expect(verified.json().minutesByOrganization).toEqual(
      expect.arrayContaining([
        { organizationName: 'Buurttuin De Wilg', minutes: 150 },
        { organizationName: 'Voedselbank Oost', minutes: 90 },
      ]),
    );
    expect(verified.json().certificate).toMatchObject({ totalMinutes: 240, paidMinutes: 90, unpaidMinutes: 150 });

    expect((await t().inject({ method: 'GET', url: '/api/certificates/WW-AAAAA-BBBBB-CCCCC' })).json()).toMatchObject({
      valid: false,
      reason: 'unknown_code',
    });
    // Someone changes the stored figures: the signature no longer matches.
    const row = await t()
      .ctx.db.selectFrom('certificates')
      .select('payload')
      .where('code', '=', code)
      .executeTakeFirstOrThrow();
    await t()
      .ctx.db.updateTable('certificates')
      .set({ payload: row.payload.replace('"totalMinutes":240', '"totalMinutes":2400') })
      .where('code', '=', code)
      .execute();
    expect((await t().inject({ method: 'GET', url: `/api/certificates/${code}` })).json()).toMatchObject({
      valid: false,
      reason: 'bad_signature',
      holderName: null,
    });

    expect((await t().inject({ method: 'GET', url: '/api/me/certificate.pdf' })).statusCode).toBe(401);
    await expectStatus(
      await sara.inject({ method: 'GET', url: '/api/me/certificate.pdf?from=2026-02-01&to=2026-01-01' }),
      400,
    );
  });

  it('an Open Badges credential verifies with the published JWKS; a modified one does not', async () => {
    const coordinator = await t().register({ displayName: 'Coördinator' });
    const org = await createOrganization(coordinator, {});
    const noor = await t().register({ displayName: 'Noor' });
    const id = await confirmWork({ coordinator, organizationId: org, worker: noor, minutes: 60 });

    await expectStatus(await noor.inject({ method: 'GET', url: '/api/me/badges/hours_10/openbadge' }), 404);
    await expectStatus(await noor.inject({ method: 'GET', url: '/api/me/badges/no_such_badge/openbadge' }), 404);
    const res = await noor.inject({ method: 'GET', url: '/api/me/badges/first_contribution/openbadge' });
    await expectStatus(res, 200);
    const { jwt, credential } = res.json();
    expect(credential.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(credential.credentialSubject.achievement).toMatchObject({
      type: ['Achievement'],
      name: 'Eerste bijdrage',
      criteria: { narrative: expect.any(String) },
    });
    expect(credential.evidence[0].id).toContain(`/api/ledger/entries/eng.${id}.work/public`);

    const jwks = await t().inject({ method: 'GET', url: '/.well-known/waardewerk-keys.json' });
    await expectStatus(jwks, 200);
    expect(jwks.json().keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
    expect(jwks.json().keys[0].d).toBeUndefined();
    const { payload, protectedHeader } = await jwtVerify(jwt, createLocalJWKSet(jwks.json()), {
      currentDate: t().clock.now(),
    });
    expect(protectedHeader).toMatchObject({ alg: 'EdDSA', typ: 'vc+jwt' });
    expect(payload.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);

    expect(
      (await t().inject({ method: 'POST', url: '/api/credentials/verify', payload: { credential: jwt } })).json(),
    ).toMatchObject({ valid: true, stillHeld: true });
    const [h, p, s] = jwt.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    claims.credentialSubject.achievement.name = '500 uur bevestigd werk';
    const forged = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
    expect(
      (await t().inject({ method: 'POST', url: '/api/credentials/verify', payload: { credential: forged } })).json(),
    ).toMatchObject({ valid: false });
    await expect(jwtVerify(forged, createLocalJWKSet(jwks.json()), { currentDate: t().clock.now() })).rejects.toThrow();
  });

  it('employees of a business who took part each get their own confirmed minutes', async () => {
    const coordinator = await t().register({ displayName: 'Coördinator' });
    const org = await createOrganization(coordinator, {});
    const boss = await t().register({ displayName: 'Directeur Jansen' });
    const piet = await t().register({ displayName: 'Piet' });
    const kim = await t().register({ displayName: 'Kim' });
    const stranger = await t().register({ displayName: 'Vreemde' });
    const biz = await createOrganization(boss, {
      name: 'Bouwbedrijf Jansen',
      type: 'business',
      domains: [],
      kvkNumber: '12345678',
    });
    for (const p of [piet, kim]) await joinByInvitation(boss, biz, p, 'member');
    const offer = async () => {
      const res = await boss.inject({
        method: 'POST',
        url: '/api/offers',
        payload: {
          kind: 'hands',
          title: 'Collega’s helpen mee',
          b2cType: 'employee_volunteering',
          postcode: '3511AB',
          compensationAccepted: ['unpaid'],
          organizationId: biz,
        },
      });
      await expectStatus(res, 201);
      return res.json().offer.id as string;
    };

    // Participants must be members and add up to the confirmed minutes; refused confirmations change nothing.
    for (const participants of [
      [{ userId: piet.id, minutes: 100 }],
      [
        { userId: piet.id, minutes: 120 },
        { userId: stranger.id, minutes: 120 },
      ],
    ]) {
      await expect(
        confirmWork({
          coordinator,
          organizationId: org,
          worker: boss,
          minutes: 240,
          offerId: await offer(),
          participants,
        }),
      ).rejects.toThrow();
    }
    expect(
      await t()
        .ctx.db.selectFrom('engagement_participants')
        .selectAll()
        .where('user_id', 'in', [piet.id, kim.id, stranger.id])
        .execute(),
    ).toEqual([]);

    const id = await confirmWork({
      coordinator,
      organizationId: org,
      worker: boss,
      minutes: 240,
      offerId: await offer(),
      participants: [
        { userId: piet.id, minutes: 180 },
        { userId: kim.id, minutes: 60 },
      ],
    });
    expect((await t().inject({ method: 'GET', url: `/api/users/${piet.id}/recognition` })).json()).toMatchObject({
      totalMinutes: 180,
    });
    expect((await t().inject({ method: 'GET', url: `/api/users/${kim.id}/recognition` })).json()).toMatchObject({
      totalMinutes: 60,
    });
    // The business keeps its total on the ledger.
    const balances = (await boss.inject({ method: 'GET', url: `/api/ledger/balances?owner=org:${biz}` })).json()
      .balances;
    expect(balances.find((b: { unit: string }) => b.unit === 'WORK').posted).toBe(240);
    // A reference for one employee; someone outside the work cannot get one.
    await expectStatus(
      await coordinator.inject({
        method: 'POST',
        url: `/api/engagements/${id}/reference`,
        payload: { text: 'Kim hielp goed mee.', skills: [], userId: kim.id },
      }),
      201,
    );
    await expectStatus(
      await coordinator.inject({
        method: 'POST',
        url: `/api/engagements/${id}/reference`,
        payload: { text: 'Nee', skills: [], userId: stranger.id },
      }),
      400,
    );

    const impact = (await t().inject({ method: 'GET', url: '/api/impact?scope=municipality&area=utrecht' })).json();
    expect(impact.businessContributions).toEqual({ businesses: 1, workMinutes: 240, inkindCents: 0 });
  });
});

describeEachDialect('recognition and privacy', (t) => {
  it('the export holds the personal record, references and certificates; erasure removes references and certificates', async () => {
    const coordinator = await t().register({ displayName: 'Coördinator' });
    const org = await createOrganization(coordinator, {});
    const lina = await t().register({ displayName: 'Lina Marker-7Q' });
    const id = await confirmWork({ coordinator, organizationId: org, worker: lina, minutes: 90 });
    await expectStatus(
      await coordinator.inject({
        method: 'POST',
        url: `/api/engagements/${id}/reference`,
        payload: { text: 'Lina Marker-7Q hielp goed.', skills: [] },
      }),
      201,
    );
    const code = String(
      (await lina.inject({ method: 'GET', url: '/api/me/certificate.pdf' })).headers['x-certificate-code'],
    );
    const exported = (await lina.inject({ method: 'GET', url: '/api/me/export' })).json();
    expect(exported.recognition.confirmedWork).toEqual([{ engagementId: id, minutes: 90, countedAsNewcomer: false }]);
    expect(exported.recognition.references[0].text).toBe('Lina Marker-7Q hielp goed.');
    expect(exported.recognition.certificates[0].code).toBe(code);

    await expectStatus(
      await lina.inject({ method: 'DELETE', url: '/api/me', payload: { currentPassword: 'a long enough passphrase' } }),
      204,
    );
    expect(
      await t().ctx.db.selectFrom('engagement_references').selectAll().where('user_id', '=', lina.id).execute(),
    ).toEqual([]);
    expect((await t().inject({ method: 'GET', url: `/api/certificates/${code}` })).json()).toMatchObject({
      valid: false,
      reason: 'unknown_code',
    });
    await expectStatus(await t().inject({ method: 'GET', url: `/api/users/${lina.id}/recognition` }), 404);
    // The measured figures stay: the personal record holds only ids and minutes.
    expect(
      (await t().inject({ method: 'GET', url: '/api/impact?scope=country' })).json().workMinutes,
    ).toBeGreaterThanOrEqual(90);
  });
});

describeEachDialect('certificate in Arabic', (t) => {
  it('renders Arabic shaped and right to left (saved as tests/artifacts/certificate-ar.png)', async () => {
    const coordinator = await t().register({ displayName: 'Coördinator' });
    const org = await createOrganization(coordinator, { name: 'Buurttuin De Wilg' });
    const person = await t().register({ displayName: 'أمل حداد' });
    await expectStatus(
      await person.inject({ method: 'PATCH', url: '/api/me', payload: { locale: 'ar', countAsNewcomer: true } }),
      200,
    );
    await confirmWork({ coordinator, organizationId: org, worker: person, minutes: 150 });
    const res = await person.inject({ method: 'GET', url: '/api/me/certificate.pdf' });
    await expectStatus(res, 200);
    if (!hasPoppler) return;
    const text = pdfText(res.rawPayload);
    expect(text).toContain('Bewijs van werk');
    expect(text).toContain('2:30');
    if (t().dialect !== 'sqlite') return;
    const dir = mkdtempSync(join(tmpdir(), 'ww-cert-'));
    try {
      writeFileSync(join(dir, 'c.pdf'), res.rawPayload);
      execFileSync('pdftoppm', [
        '-png',
        '-r',
        '110',
        '-f',
        '1',
        '-l',
        '1',
        '-singlefile',
        join(dir, 'c.pdf'),
        join(dir, 'page'),
      ]);
      writeFileSync(new URL('../artifacts/certificate-ar.png', import.meta.url), readFileSync(join(dir, 'page.png')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
