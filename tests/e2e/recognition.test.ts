import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserSuite, emailsOf, screenshotDir } from './helpers.ts';

/** A date `days` before today, as the hours form would send it. */
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/**
 * Issue 12 in a real browser at 360×800: an initiative confirms a volunteer's work (built through
 * the API), writes a reference on the engagement page; the volunteer finds badges, hours by domain
 * and the reference on the recognition page, makes the reference public and downloads a signed
 * certificate (a PDF), whose code the verification page shows as valid (and an unknown one as not);
 * the evidence opens as a public ledger entry; the initiative's profile tells measured from
 * self-reported figures; the Stand van het Land draws its charts in Dutch and Arabic; the Arabic
 * certificate is rendered to an image (pdftoppm, from poppler-utils). Screenshot,
 * axe and no console error on every view.
 */
describe('recognition: confirmed work → badges, reference, certificate, dashboard', () => {
  const suite = browserSuite();
  const { page, check, call, create, register, signInAs, h1, html } = suite;
  const { noor, samira } = emailsOf('noor', 'samira');
  let orgId = '';
  let samiraId = '';
  const engagements: string[] = [];
  let certificateCode = '';

  it('builds confirmed work in two domains through the API', async () => {
    await page.goto(`${suite.server.url}/`);
    await register(noor, 'Noor');
    orgId = await create('/organizations', {
      name: 'Groen en Eten Utrecht',
      type: 'initiative',
      postcode: '3511AB',
      domains: ['greening', 'food'],
      volunteers: 40,
      paidStaff: 2,
      peopleReachedPerYear: 1200,
      incomeMix: { subsidiesPct: 50, donationsPct: 30, ownIncomePct: 20 },
      mainFunders: ['funds', 'municipality'],
      lifePhase: 'growing',
      currentNeeds: ['hands', 'materials'],
    });
    const needs: string[] = [];
    for (const [title, domain] of [
      ['Moestuin wieden', 'greening'],
      ['Soep koken voor de buurt', 'food'],
    ] as const) {
      needs.push(
        await create('/needs', {
          organizationId: orgId,
          kind: 'hands',
          title,
          description: 'Samen aan de slag in de buurt.',
          domains: [domain],
          postcode: '3511AB',
          hoursEstimate: 4,
          peopleNeeded: 1,
          compensation: { type: 'unpaid' },
        }),
      );
    }
    await register(samira, 'Samira', { countAsNewcomer: true, skills: ['koken'] });
    samiraId = ((await call('GET', '/me')).user as { id: string }).id;
    for (const needId of needs)
      engagements.push(((await call('POST', '/engagements', { needId })).engagement as { id: string }).id);
    await signInAs(noor);
    for (const id of engagements) await call('POST', `/engagements/${id}/accept`);
    await signInAs(samira);
    await call('POST', `/engagements/${engagements[0]}/hours`, { minutes: 150, date: daysAgo(6) });
    await call('POST', `/engagements/${engagements[1]}/hours`, { minutes: 180, date: daysAgo(3) });
    await signInAs(noor);
    for (const id of engagements) await call('POST', `/engagements/${id}/confirm`, {});
  });

  it('lets the initiative write a reference with the skills it saw, after confirmation', async () => {
    await page.goto(`${suite.server.url}/engagements/${engagements[1]}`);
    const form = page.locator('.reference-form');
    await expect.poll(() => form.getByRole('heading', { name: 'Schrijf een referentie' }).count()).toBe(1);
    await form.getByLabel('Referentie', { exact: true }).fill('Samira kookte voor zestig buren, rustig en precies.');
    const skills = form.getByRole('textbox', { name: /^Vaardigheden die je zag/ });
    await skills.fill('koken');
    await skills.press('Enter');
    await skills.fill('plannen');
    await skills.press('Enter');
    expect(await form.locator('.chip').allTextContents()).toEqual([
      expect.stringContaining('koken'),
      expect.stringContaining('plannen'),
    ]);
    await check('rec-01-reference-form', form);
    await form.getByRole('button', { name: 'Referentie opslaan' }).click();
    await expect.poll(() => form.getByText('Je referentie is opgeslagen. Dank je wel!').count()).toBe(1);
    await check('rec-02-reference-saved');
  });

  it('shows the volunteer badges, hours by domain and the reference, which she makes public', async () => {
    await signInAs(samira);
    // The way there from the confirmed engagement.
    await page.goto(`${suite.server.url}/engagements/${engagements[0]}`);
    await page.getByRole('link', { name: 'Bekijk je badges en download je bewijs van werk' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/me/recognition');
    await expect.poll(h1).toBe('Mijn erkenning');
    expect(await page.locator('.big-figure').textContent()).toBe('5 uur en 30 minuten');
    const badges = await page.locator('.badge-card__name').allTextContents();
    expect(badges).toContain('Eerste bijdrage');
    expect(badges).toContain('Eerste werk in Nederland');
    expect(await page.locator('.domain-bar').allTextContents()).toEqual([
      expect.stringMatching(/Eten.*3 uur/),
      expect.stringMatching(/Groen en natuur.*2 uur en 30 minuten/),
    ]);
    const reference = page.locator('.reference');
    expect(await reference.textContent()).toContain('Samira kookte voor zestig buren');
    expect(await page.getByText('Alleen jij ziet deze referentie.').count()).toBe(1);
    await reference.getByLabel('Laat deze referentie aan anderen zien').check();
    await expect.poll(() => page.getByText('Iedereen met je link ziet deze referentie.').count()).toBe(1);
    expect(await page.getByLabel('Link naar je erkenning').inputValue()).toBe(
      `${suite.server.url}/people/${samiraId}/recognition`,
    );
    await check('rec-03-recognition');

    // A badge as an Open Badges 3.0 credential: a JSON file whose VC-JWT the platform verifies.
    const firstBadge = page.locator('.badge-card').filter({ hasText: 'Eerste bijdrage' });
    const [badgeFile] = await Promise.all([
      page.waitForEvent('download'),
      firstBadge.getByRole('button', { name: /^Download als Open Badge/ }).click(),
    ]);
    expect(badgeFile.suggestedFilename()).toBe('waardewerk-badge-first_contribution.json');
    const exported = JSON.parse(readFileSync(await badgeFile.path(), 'utf8')) as {
      format: string;
      jwt: string;
      credential: { type: string[] };
    };
    expect(exported.format).toBe('vc+jwt');
    expect(exported.credential.type).toContain('OpenBadgeCredential');
    expect(await call('POST', '/credentials/verify', { credential: exported.jwt })).toMatchObject({
      valid: true,
      stillHeld: true,
    });
  });

  it('downloads a certificate of work as a PDF whose code the verification page shows as valid', async () => {
    await page.getByLabel('Vanaf').fill(daysAgo(365));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download bewijs van werk (PDF)' }).click(),
    ]);
    const file = readFileSync(await download.path());
    expect(file.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const code = /^waardewerk-(.+)\.pdf$/.exec(download.suggestedFilename())?.[1];
    expect(code).toBeTruthy();
    certificateCode = code ?? '';

    await page.goto(`${suite.server.url}/certificates/${certificateCode}`);
    await expect.poll(() => page.locator('.verdict--valid').count()).toBe(1);
    expect(await page.locator('.verdict__word').textContent()).toContain('Geldig');
    expect(await page.locator('.facts').first().textContent()).toContain('5 uur en 30 minuten');
    expect(await page.getByRole('cell').allTextContents()).toContain('3 uur');
    await check('rec-04-certificate-valid');

    await page.goto(`${suite.server.url}/certificates/BESTAATNIET`);
    await expect.poll(() => page.locator('.verdict--invalid').count()).toBe(1);
    expect(await page.locator('.verdict__word').textContent()).toContain('Niet geldig');
    await check('rec-05-certificate-invalid');
  });

  it('opens the ledger entry a badge rests on, without personal data', async () => {
    await page.goto(`${suite.server.url}/me/recognition`);
    const first = page.locator('.badge-card').filter({ hasText: 'Eerste bijdrage' });
    await first.locator('summary').click();
    await first.getByRole('link', { name: 'Boeking 1' }).click();
    await expect.poll(h1).toBe('Boeking in het grootboek');
    // Both were confirmed the same day: the first contribution is either of them (ties go by id).
    await expect.poll(() => page.locator('.facts').textContent()).toMatch(/Bevestigd werk/);
    expect(await page.locator('.facts').textContent()).toMatch(/Hoeveel\s*(3 uur|2 uur en 30 minuten)/);
    expect(await page.locator('.facts').textContent()).not.toContain('Samira');
    await check('rec-06-ledger-entry');
  });

  it('shows the public recognition page to a visitor with the public reference only', async () => {
    await call('POST', '/auth/logout');
    await page.goto(`${suite.server.url}/people/${samiraId}/recognition`);
    await expect.poll(h1).toBe('Erkenning van Samira');
    expect(await page.locator('.reference').textContent()).toContain('Samira kookte voor zestig buren');
    expect(await page.getByRole('link', { name: 'Download bewijs van werk (PDF)' }).count()).toBe(0);
    await check('rec-07-public-recognition');
  });

  it('tells measured from self-reported figures on the initiative profile', async () => {
    await page.goto(`${suite.server.url}/organizations/${orgId}`);
    await expect.poll(() => page.getByRole('heading', { name: 'Gemeten in het grootboek' }).count()).toBe(1);
    await expect
      .poll(() => page.locator('.basis-card--measured .facts').textContent())
      .toContain('5 uur en 30 minuten');
    expect(await page.locator('.basis-card--self .basis').textContent()).toBe('Zelf opgegeven');
    expect(await page.locator('.basis-card--self').textContent()).toContain('Groeit');
    await check('rec-08-organization');

    // The owner edits the self-reported fields of the initiative.
    await signInAs(noor);
    await page.goto(`${suite.server.url}/organizations/${orgId}/edit`);
    const funders = page.getByRole('group', { name: /^Belangrijkste geldgevers/ });
    await expect.poll(() => funders.getByLabel('Fondsen').isChecked()).toBe(true);
    expect(await page.getByLabel(/^Fase van het initiatief/).inputValue()).toBe('growing');
    await funders.getByLabel('Bedrijven').check();
    await page.getByLabel(/^Fase van het initiatief/).selectOption('established');
    await page
      .getByRole('group', { name: /^Wat jullie nu nodig hebben/ })
      .getByLabel('Kennis')
      .check();
    await check('rec-08b-organization-edit');
    await page.getByRole('button', { name: 'Wijzigingen opslaan' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/organizations/${orgId}`);
    await expect.poll(() => page.locator('.basis-card--self').textContent()).toContain('Staat stevig');
    expect(await page.locator('.basis-card--self').textContent()).toContain('Fondsen, Gemeente en Bedrijven');
    expect(await page.locator('.basis-card--self .chip').allTextContents()).toEqual([
      'Handen (mensen die helpen)',
      'Materialen',
      'Kennis',
    ]);
    await call('POST', '/auth/logout');
  });

  it('draws the Stand van het Land with charts and tables in Dutch', async () => {
    await page.goto(`${suite.server.url}/`);
    await page.getByRole('link', { name: 'Stand van het Land', exact: true }).click();
    await expect.poll(h1).toBe('Maatschappelijke Stand van het Land');
    await expect.poll(() => page.locator('.chart canvas').count(), { timeout: 15_000 }).toBe(2);
    expect(
      await page.getByText('Wat dit werk zou kosten tegen het minimumloon. Dit is geen maat voor impact.').count(),
    ).toBe(1);
    expect(await page.locator('table').filter({ hasText: 'Bevestigd werk per domein' }).textContent()).toContain(
      'Eten',
    );
    expect(await page.locator('.figure-grid').textContent()).toContain('rapport 2015: 75.000');
    await check('rec-09-dashboard-nl');

    await page.getByLabel('Gemeente').check();
    await page.getByLabel('Welke gemeente?').fill('Utrecht');
    await page.getByRole('button', { name: 'Toon cijfers' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Cijfers: Utrecht' }).count()).toBe(1);
    const csvHref = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
    expect(csvHref).toBe('/api/impact/export.csv?scope=municipality&area=Utrecht&interval=month');
    const csv = await page.evaluate(async (url) => {
      const res = await fetch(url);
      return { type: res.headers.get('content-type'), text: await res.text() };
    }, csvHref ?? '');
    expect(csv.type).toContain('text/csv');
    expect(csv.text.length).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.chart canvas').count()).toBe(2);
    await check('rec-10-dashboard-municipality');
    // The address holds the choice, so a copied link opens the same figures.
    expect(new URL(page.url()).search).toBe('?scope=municipality&area=Utrecht&interval=month');
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { name: 'Cijfers: Utrecht' }).count()).toBe(1);
    expect(await page.getByLabel('Welke gemeente?').inputValue()).toBe('Utrecht');
  });

  it('draws the dashboard right to left in Arabic', async () => {
    await page.getByLabel('Taal', { exact: true }).selectOption('ar');
    await expect.poll(html).toEqual({ lang: 'ar', dir: 'rtl' });
    await expect.poll(h1).toBe('الحالة الاجتماعية للبلد');
    await expect.poll(() => page.locator('.chart canvas').count()).toBe(2);
    expect(await page.locator('table').filter({ hasText: 'العمل المؤكد حسب المجال' }).count()).toBe(1);
    await check('rec-11-dashboard-ar');

    await signInAs(samira);
    // Her profile's language is what the certificate is written in (beside Dutch).
    await call('PATCH', '/me', { locale: 'ar' });
    await page.goto(`${suite.server.url}/me/recognition`);
    await expect.poll(h1).toBe('تقديري');
    await check('rec-12-recognition-ar');
    // The certificate in Arabic (and Dutch), its first page rendered to look at as a person would.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'تنزيل شهادة العمل (PDF)' }).click(),
    ]);
    const pdf = join(screenshotDir, 'rec-14-certificate-ar.pdf');
    await download.saveAs(pdf);
    expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '80',
      '-f',
      '1',
      '-l',
      '2',
      pdf,
      join(screenshotDir, 'rec-14-certificate-ar'),
    ]);
    expect(existsSync(join(screenshotDir, 'rec-14-certificate-ar-1.png'))).toBe(true);
    await page.goto(`${suite.server.url}/profile`);
    await expect.poll(() => page.getByRole('group', { name: 'أن تُحسب كقادم جديد' }).count()).toBe(1);
    expect(await page.getByLabel('نعم، احسبني كقادم جديد').isChecked()).toBe(true);
    await check('rec-13-profile-newcomer-ar');
  });
});
