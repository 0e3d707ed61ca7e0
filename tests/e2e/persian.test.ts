import { describe, expect, it } from 'vitest';
import { browserSuite, emailsOf, screenshot, settled } from './helpers.ts';

/**
 * Issue 13: every page at 360×800 in Persian (right to left, a script of its own), saved as
 * tests/e2e/screenshots/fa-*.png to look at; each page also proves it does not scroll sideways
 * (the usual way a right-to-left layout breaks on a narrow phone), formats hours in Latin digits and
 * logs no error.
 */
describe('Persian: every page at 360×800, right to left', () => {
  const suite = browserSuite();
  const { page, create, register, call, html } = suite;
  const { noor, fatima } = emailsOf('noor', 'fatima');

  /** Visits `path`, waits for it, checks direction and width, and saves `fa-<name>.png`. */
  async function shoot(path: string, name: string): Promise<void> {
    await page.goto(`${suite.server.url}${path}`);
    await settled(page);
    await expect.poll(html).toEqual({ lang: 'fa', dir: 'rtl' });
    await screenshot(page, `fa-${name}`);
    const width = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, window: window.innerWidth }));
    expect(width.page, `${path} scrolls sideways`).toBeLessThanOrEqual(width.window);
    // Hours and minutes are formatted with Latin digits, as in Arabic and on Dutch documents (intlTag);
    // the catalogue's own prose may write Persian digits.
    expect(await page.locator('body').innerText(), `${path} formats hours in Persian digits`).not.toMatch(/[۰-۹]+ (دقیقه|ساعت)/);
    suite.browser.expectNoProblems();
  }

  /** How many drop-downs matching `selector` are too narrow for the option they show. */
  const clippedChoices = (selector: string) =>
    page.locator(selector).evaluateAll((selects) =>
      selects.filter((select) => {
        if (!(select instanceof HTMLSelectElement)) return false;
        const style = getComputedStyle(select);
        const probe = document.createElement('span');
        probe.style.font = style.font;
        probe.textContent = select.selectedOptions[0]?.textContent ?? '';
        document.body.append(probe);
        const textWidth = probe.getBoundingClientRect().width;
        probe.remove();
        // The text, the padding either side and the drop-down arrow (about 1rem).
        return select.clientWidth < textWidth + parseFloat(style.paddingInlineStart) + parseFloat(style.paddingInlineEnd) + 16;
      }).length,
    );

  it('shows the pages for a visitor in Persian', async () => {
    await page.goto(`${suite.server.url}/`);
    await settled(page);
    await page.getByLabel('Taal', { exact: true }).selectOption('fa');
    await expect.poll(html).toEqual({ lang: 'fa', dir: 'rtl' });
    for (const [path, name] of [
      ['/', 'home'],
      ['/about', 'about'],
      ['/register', 'register'],
      ['/login', 'login'],
      ['/forgot-password', 'forgot-password'],
      ['/stand-van-het-land', 'impact'],
      ['/help', 'help'],
      ['/services', 'services'],
      ['/no-such-page', 'not-found'],
    ] as const) {
      await shoot(path, name);
    }
  });

  it('shows every signed-in page in Persian', async () => {
    await register(noor, 'نور', { locale: 'fa', postcode: '1012AB', languages: ['fa', 'nl'], skills: ['آشپزی'] });
    const organizationId = await create('/organizations', { name: 'Buurtkracht', type: 'initiative', postcode: '1012AB', domains: ['social_inclusion'] });
    const needId = await create('/needs', {
      organizationId,
      kind: 'hands',
      title: 'Boodschappen rondbrengen voor buren',
      description: 'Twee uur per week boodschappen doen voor buren die slecht ter been zijn.',
      domains: ['social_inclusion'],
      postcode: '1012AB',
      hoursEstimate: 3,
      peopleNeeded: 2,
      compensation: { type: 'time_credits' },
    });
    await register(fatima, 'فاطمه', { locale: 'fa', postcode: '1012AB', languages: ['fa'], skills: ['boodschappen'], mayDoPaidWork: 'unknown' });
    const offerId = await create('/offers', {
      kind: 'hands',
      title: 'Ik doe boodschappen met mijn bakfiets',
      skills: ['boodschappen'],
      languages: ['fa', 'nl'],
      postcode: '1012AB',
      domains: ['social_inclusion'],
      compensationAccepted: ['unpaid', 'time_credits'],
    });
    const engagement = await call('POST', '/engagements', { needId, message: 'من دوشنبه‌ها وقت دارم.' });
    const engagementId = (engagement.engagement as { id: string }).id;

    for (const [path, name] of [
      ['/', 'home-signed-in'],
      ['/welcome', 'welcome'],
      ['/profile', 'profile'],
      [`/needs/${needId}`, 'need'],
      [`/offers/${offerId}`, 'offer'],
      [`/offers/${offerId}/edit`, 'offer-edit'],
      ['/needs/new', 'need-new'],
      ['/offers/new', 'offer-new'],
      ['/services/new', 'service-new'],
      ['/me/listings', 'my-listings'],
      ['/engagements', 'engagements'],
      [`/engagements/${engagementId}`, 'engagement'],
      ['/wallet', 'wallet'],
      ['/ledger', 'ledger'],
      ['/me/recognition', 'recognition'],
      ['/me/reports', 'my-reports'],
      ['/organizations/new', 'organization-new'],
      [`/organizations/${organizationId}`, 'organization'],
    ] as const) {
      await shoot(path, name);
    }
    // Labels above their values take the card's width (they once fell to one letter a line when
    // the organisation page was opened directly: their style lived in the engagement pages' sheet).
    const labelWidths = await page.locator('.facts--rows dt').evaluateAll((dts) => dts.map((dt) => dt.getBoundingClientRect().width));
    expect(labelWidths.length).toBeGreaterThan(0);
    expect(Math.min(...labelWidths)).toBeGreaterThan(200);
    // The notification choices show their whole words.
    await shoot('/notifications', 'notifications');
    expect(await clippedChoices('.preferences select')).toBe(0);
    // The whole language name shows in the header, beside the bell.
    expect(await clippedChoices('#language-switcher')).toBe(0);

    // The initiative's side: its need, its edit form and the applications waiting.
    await suite.signInAs(noor);
    for (const [path, name] of [
      [`/organizations/${organizationId}/edit`, 'organization-edit'],
      [`/needs/${needId}/edit`, 'need-edit'],
      ['/engagements?role=organization', 'engagements-organization'],
      [`/engagements/${engagementId}`, 'engagement-organization'],
    ] as const) {
      await shoot(path, name);
    }
  });
});
