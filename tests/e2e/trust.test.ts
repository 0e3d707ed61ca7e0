import { describe, expect, it } from 'vitest';
import { browserSuite, emailsOf } from './helpers.ts';

/**
 * Issue 9 in a real browser at 360×800: an initiative starts unverified (said in words on its page,
 * its need and the engagement, and its coordinator is told kindly that recording a VOG waits for
 * that); the platform admin verifies it from the queue in the header menu; the mark shows on its
 * page and need; the coordinator records the volunteer's VOG and can then accept her. A person
 * reports the need; the admin hides it (gone from search) and restores it (back); the reporter sees
 * the outcome; the owner reads it all in the organisation's audit log. The admin queue also in
 * Arabic, right to left. Screenshot, axe and no console error on every view.
 */
const { noor, fatima, daan, beheer } = emailsOf('noor', 'fatima', 'daan', 'beheer');

describe('trust: verification queue → verified mark; VOG record; report → hide → restore; audit log', () => {
  const suite = browserSuite({ env: { ADMIN_EMAILS: beheer } });
  const { page, check, call, create, register, signInAs, h1, html } = suite;
  const orgName = 'Buurthuis De Linde';
  const needTitle = 'Voorlezen aan kinderen in de bibliotheek';
  let orgId = '';
  let needId = '';
  let engagementId = '';

  const reportReason = 'Dit lijkt op een nep-vacature die om geld vraagt.';

  it('sets up an initiative with a need that asks for a VOG, a volunteer who applied, and an admin', async () => {
    await page.goto(`${suite.server.url}/`);
    await register(beheer, 'Beheer Waardewerk');
    await register(noor, 'Noor');
    orgId = await create('/organizations', {
      name: orgName,
      type: 'initiative',
      postcode: '3511AB',
      kvkNumber: '12345678',
      description: 'Een huiskamer voor de buurt, met taalcafé en huiswerkhulp.',
      domains: ['education'],
    });
    needId = await create('/needs', {
      organizationId: orgId,
      kind: 'hands',
      title: needTitle,
      description: 'Op woensdagmiddag een uur voorlezen aan kinderen van 4 tot 8 jaar.',
      domains: ['education'],
      languages: ['nl'],
      postcode: '3511AB',
      // Two places: after Fatima is accepted the need stays open, and so in search.
      peopleNeeded: 2,
      hoursEstimate: 2,
      compensation: { type: 'unpaid' },
      requirements: { vog: true, minAge: null },
    });
    await register(fatima, 'Fatima');
    const applied = await call('POST', '/engagements', { needId, message: 'Ik lees graag voor, ook in het Arabisch.' });
    engagementId = (applied.engagement as { id: string }).id;
    await register(daan, 'Daan');
  });

  it('says plainly, in words, that the organisation is not verified yet, on its need and its page', async () => {
    await page.goto(`${suite.server.url}/needs/${needId}`);
    await expect.poll(h1).toBe(needTitle);
    expect(await page.getByText('Nog niet geverifieerd', { exact: true }).count()).toBeGreaterThan(0);
    expect(
      await page
        .getByText('Waardewerk heeft nog niet gecontroleerd of deze organisatie echt bestaat.', { exact: false })
        .count(),
    ).toBe(1);
    await check('trust-01-need-unverified');

    await page.goto(`${suite.server.url}/organizations/${orgId}`);
    await expect.poll(h1).toBe(orgName);
    expect(await page.getByText('Nog niet geverifieerd', { exact: true }).count()).toBe(1);
  });

  it('tells the coordinator kindly that recording a VOG waits for verification', async () => {
    await signInAs(noor);
    await page.goto(`${suite.server.url}/engagements/${engagementId}`);
    const vog = page.getByRole('region', { name: 'VOG vastleggen' });
    await expect.poll(() => vog.count(), { timeout: 15_000 }).toBe(1);
    expect(await vog.textContent()).toContain('Dit kan pas als Waardewerk je organisatie heeft geverifieerd.');
    expect(await vog.getByRole('link', { name: 'gratisvog.nl' }).getAttribute('href')).toBe('https://www.gratisvog.nl');
    expect(await vog.getByLabel('Datum op de VOG').count()).toBe(0);
    await check('trust-02-vog-unverified', vog);
  });

  it('lets the platform admin verify the organisation from the queue in the header menu', async () => {
    await signInAs(beheer);
    await page.goto(`${suite.server.url}/`);
    const menu = page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Beheer' });
    await expect.poll(() => menu.count(), { timeout: 15_000 }).toBe(1);
    await menu.click();
    await expect.poll(h1).toBe('Organisaties verifiëren');
    const item = page.getByRole('article', { name: orgName });
    await expect.poll(() => item.count()).toBe(1);
    expect(await item.textContent()).toContain('Initiatief');
    expect(await item.textContent()).toContain('12345678');
    // The form starts from the organisation's own KvK number; a reason is required.
    expect(await item.getByLabel('KvK-nummer').inputValue()).toBe('12345678');
    await item.getByRole('button', { name: `${orgName} verifiëren` }).click();
    await expect.poll(() => item.getByText('Gebruik minstens 5 tekens.').count()).toBe(1);
    // The refused form puts the cursor in the first field with a problem.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(`verify-${orgId}-note`);
    await item.getByLabel('KvK-nummer').fill('1234');
    await expect.poll(() => item.getByText('Een KvK-nummer heeft 8 cijfers.').count()).toBe(1);
    await check('trust-03-admin-queue', item);

    await item.getByLabel('KvK-nummer').fill('1234 5678');
    await item
      .getByLabel('Waarom is deze organisatie echt?')
      .fill('Handelsregister KvK bekeken: naam en adres kloppen.');
    await item.getByRole('button', { name: `${orgName} verifiëren` }).click();
    await expect.poll(() => page.getByText(`${orgName} is geverifieerd.`).count()).toBe(1);
    expect(await page.getByRole('article', { name: orgName }).count()).toBe(0);
    await check('trust-04-admin-queue-done');

    // The verified list shows how, and offers withdrawal with a reason.
    await page.getByRole('button', { name: 'Geverifieerd' }).click();
    const verified = page.getByRole('article', { name: orgName });
    await expect.poll(() => verified.count()).toBe(1);
    expect(await verified.textContent()).toContain('Handelsregister KvK bekeken');
    expect(await verified.getByText('Verificatie intrekken').count()).toBeGreaterThan(0);
  });

  it('shows the verified mark on the organisation page and its need', async () => {
    await page.goto(`${suite.server.url}/organizations/${orgId}`);
    await expect.poll(h1).toBe(orgName);
    expect(await page.getByText('Geverifieerd', { exact: true }).count()).toBe(1);
    expect(
      await page
        .getByText('Waardewerk heeft gecontroleerd dat deze organisatie echt bestaat', { exact: false })
        .count(),
    ).toBe(1);
    await check('trust-05-organization-verified');
    // The admin is no member: adding someone here asks for a reason, for the audit log.
    expect(await page.getByLabel('Waarom voeg je deze persoon toe?').count()).toBe(1);

    await page.goto(`${suite.server.url}/needs/${needId}`);
    await expect.poll(h1).toBe(needTitle);
    expect(await page.getByText('Geverifieerd', { exact: true }).count()).toBeGreaterThan(0);
    expect(await page.getByText('Nog niet geverifieerd', { exact: true }).count()).toBe(0);
  });

  it('lets the coordinator record the volunteer’s VOG, after which she can be accepted', async () => {
    await signInAs(noor);
    await page.goto(`${suite.server.url}/engagements/${engagementId}`);
    const vog = page.getByRole('region', { name: 'VOG vastleggen' });
    await expect.poll(() => vog.getByLabel('Datum op de VOG').count(), { timeout: 15_000 }).toBe(1);
    const checkedOn = new Date(Date.now() - 30 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    await vog.getByLabel('Datum op de VOG').fill(checkedOn);
    await vog.getByRole('button', { name: 'VOG vastleggen' }).click();
    await expect.poll(() => vog.getByText('De VOG van Fatima is vastgelegd', { exact: false }).count()).toBe(1);
    await check('trust-06-vog-recorded', vog);
    // The coordinator can report the volunteer's profile or a message of hers (never their own).
    expect(await page.getByRole('button', { name: 'Profiel van Fatima melden' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Bericht van Fatima melden' }).count()).toBe(1);

    await page.getByRole('button', { name: 'Ja, het gaat door' }).click();
    await page.getByRole('button', { name: 'Ja zeggen' }).click();
    await expect.poll(() => page.locator('.alert--success').count()).toBeGreaterThan(0);
    const engagement = await call('GET', `/engagements/${engagementId}`);
    expect((engagement.engagement as { status: string }).status).toBe('accepted');
  });

  it('lets a person report the need with a reason, in a small dialog', async () => {
    await signInAs(daan);
    await page.goto(`${suite.server.url}/needs/${needId}`);
    await expect.poll(h1).toBe(needTitle);
    await page.getByRole('button', { name: 'Deze vraag melden' }).click();
    const dialog = page.getByRole('dialog', { name: 'Deze vraag melden' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByRole('button', { name: 'Melding versturen' }).click();
    await expect.poll(() => dialog.getByText('Schrijf minstens 5 tekens.').count()).toBeGreaterThan(0);
    await dialog.getByLabel('Wat is er mis?').fill(reportReason);
    await check('trust-07-report-dialog', dialog);
    await dialog.getByRole('button', { name: 'Melding versturen' }).click();
    await expect
      .poll(() => dialog.getByText('Bedankt. Een beheerder kijkt zo snel mogelijk naar je melding.').count())
      .toBe(1);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Sluiten');
    await dialog.getByRole('button', { name: 'Sluiten' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Gemeld' }).isDisabled()).toBe(true);

    await page.goto(`${suite.server.url}/me/reports`);
    await expect.poll(() => page.getByText('Nog open', { exact: true }).count()).toBe(1);
    await expect.poll(() => page.getByRole('link', { name: needTitle }).count()).toBe(1);
  });

  const searchCount = async () => {
    await page.goto(`${suite.server.url}/?q=voorlezen`);
    await expect.poll(() => page.locator('.loading').count()).toBe(0);
    await page.waitForLoadState('networkidle');
    return page.getByRole('heading', { name: needTitle }).count();
  };

  it('lets the admin hide the reported need: it is gone from search', async () => {
    expect(await searchCount()).toBe(1);
    await signInAs(beheer);
    await page.goto(`${suite.server.url}/admin/reports`);
    await expect.poll(h1).toBe('Meldingen beoordelen');
    const report = page.locator('article.queue-item', { hasText: reportReason });
    await expect.poll(() => report.count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => report.getByRole('link', { name: needTitle }).count()).toBe(1);
    await report.getByLabel('Reden van je besluit').fill('Vraagt om geld vooraf; dat mag niet op Waardewerk.');
    await check('trust-08-moderation-queue', report);
    await report.getByRole('button', { name: 'Verbergen' }).click();
    await expect.poll(() => page.getByText('Verborgen. Het staat niet meer in zoeken en matches.').count()).toBe(1);
    await expect.poll(() => report.count()).toBe(0);

    await call('POST', '/auth/logout');
    expect(await searchCount()).toBe(0);
  });

  it('lets the admin restore it with a reason: it is back in search, and the reporter reads the outcome', async () => {
    await signInAs(beheer);
    await page.goto(`${suite.server.url}/admin/reports`);
    await page.getByRole('button', { name: 'Verborgen' }).click();
    const report = page.locator('article.queue-item', { hasText: reportReason });
    await expect.poll(() => report.count(), { timeout: 15_000 }).toBe(1);
    await report.getByLabel('Reden van je besluit').fill('Navraag gedaan: er wordt geen geld gevraagd.');
    await report.getByRole('button', { name: 'Weer zichtbaar maken' }).click();
    await expect.poll(() => page.getByText('Het is weer zichtbaar.').count()).toBe(1);

    await call('POST', '/auth/logout');
    expect(await searchCount()).toBe(1);
    const card = page.locator('.listing-card', { hasText: needTitle });
    expect(await card.textContent()).toContain('Geverifieerd');
    await check('trust-09-search-card', card);

    await signInAs(daan);
    await page.goto(`${suite.server.url}/me/reports`);
    await expect.poll(() => page.getByText('Zichtbaar gelaten', { exact: true }).count()).toBe(1);
    expect(await page.getByText('Navraag gedaan: er wordt geen geld gevraagd.', { exact: false }).count()).toBe(1);
    await check('trust-10-my-reports');
  });

  it('shows the owner the organisation’s audit log: verification, VOG and moderation, with reasons', async () => {
    await signInAs(noor);
    await page.goto(`${suite.server.url}/organizations/${orgId}`);
    const log = page.getByRole('region', { name: 'Logboek' });
    await expect.poll(() => log.getByRole('listitem').count(), { timeout: 15_000 }).toBe(4);
    const text = await log.textContent();
    for (const act of ['Organisatie geverifieerd', 'VOG vastgelegd', 'Inhoud verborgen', 'Inhoud weer zichtbaar'])
      expect(text).toContain(act);
    expect(text).toContain('Handelsregister KvK bekeken');
    await check('trust-11-audit-log', log);

    // The VOG shows among the organisation's records: nothing runs out soon, and under "Alle" it is valid.
    const screening = page.getByRole('region', { name: 'VOG en UWV-verklaringen' });
    await expect
      .poll(() => screening.getByText('Er verloopt de komende 2 maanden niets.').count(), { timeout: 15_000 })
      .toBe(1);
    await screening.getByRole('button', { name: 'Alle' }).click();
    await expect.poll(() => screening.getByRole('listitem').count()).toBe(1);
    expect(await screening.getByRole('listitem').textContent()).toContain('Fatima');
    expect(await screening.getByRole('listitem').textContent()).toContain('Geldig');
    await check('trust-11b-screening-records', screening);
  });

  it('lets the admin withdraw the verification with a reason: the organisation says so again', async () => {
    await signInAs(beheer);
    await page.goto(`${suite.server.url}/admin/organizations`);
    await page.getByRole('button', { name: 'Geverifieerd' }).click();
    const item = page.getByRole('article', { name: orgName });
    await expect.poll(() => item.count(), { timeout: 15_000 }).toBe(1);
    await item.getByText('Verificatie intrekken', { exact: true }).first().click();
    await item.getByLabel('Waarom trek je de verificatie in?').fill('Het KvK-nummer hoort bij een andere stichting.');
    await item.getByRole('button', { name: 'Verificatie intrekken' }).click();
    await expect.poll(() => page.getByText(`De verificatie van ${orgName} is ingetrokken.`).count()).toBe(1);
    await page.getByRole('button', { name: 'Wachten' }).click();
    await expect.poll(() => page.getByRole('article', { name: orgName }).count()).toBe(1);

    await page.goto(`${suite.server.url}/organizations/${orgId}`);
    await expect.poll(h1).toBe(orgName);
    expect(await page.getByText('Nog niet geverifieerd', { exact: true }).count()).toBe(1);
    // The log loads after the heading (with the bell's own requests alongside): wait for it.
    await expect
      .poll(() => page.getByRole('region', { name: 'Logboek' }).textContent())
      .toContain('Verificatie ingetrokken');
  });

  it('shows the admin queues in Arabic, right to left', async () => {
    await signInAs(beheer);
    await page.goto(`${suite.server.url}/admin/audit`);
    await expect.poll(h1).toBe('Logboek');
    await page.getByLabel('Taal', { exact: true }).selectOption('ar');
    await expect.poll(html).toEqual({ lang: 'ar', dir: 'rtl' });
    await expect.poll(h1).toBe('سجل التدقيق');
    await expect.poll(() => page.getByText('تم التحقق من المنظمة', { exact: true }).count()).toBe(1);
    await check('trust-12-ar-audit');
    await page.getByRole('link', { name: 'المنظمات' }).click();
    await expect.poll(h1).toBe('التحقق من المنظمات');
    await check('trust-13-ar-queue');
  });
});
