import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locale } from '../../shared/locales.ts';
import { describe, expect, it } from 'vitest';
import { namespaces, repoRoot } from '../helpers/web-graph.ts';
import { browserSuite, emailsOf, expectAccessible, screenshot, settled } from './helpers.ts';

/**
 * Issue 13: every page of the app at 360×800 in Dutch, Arabic and Persian, one suite for the three
 * (`languages` below), saved as tests/e2e/screenshots/page-<lang>-<name>.png to look at. On every
 * page: the document's language and direction, no sideways scrolling (the usual way a
 * right-to-left layout breaks on a narrow phone), a Dutch title set left to right inside a
 * right-to-left page (`dir="auto"`), hours in Latin digits, dates not as ISO text, no message key showing
 * instead of its text (a namespace the page did not bring, web/src/route-messages.ts), axe with
 * the WCAG 2.2 tags without a violation, and no console error.
 *
 * The world is built once, through the API, by the people who use these pages: an initiative (Noor),
 * a business keeping its social return (Bas), a newcomer who offers help, applies, asks, orders and
 * borrows (Fatima), and a platform admin (Beheer).
 */
interface Language {
  code: Locale;
  dir: 'ltr' | 'rtl';
  /** Hours and minutes written in the language's own digits: the app writes Latin digits (intlTag). */
  ownDigitHours?: RegExp;
}
const languages: readonly Language[] = [
  { code: 'nl', dir: 'ltr' },
  { code: 'ar', dir: 'rtl', ownDigitHours: /[٠-٩]+ (دقيقة|دقائق|ساعة|ساعات)/ },
  { code: 'fa', dir: 'rtl', ownDigitHours: /[۰-۹]+ (دقیقه|ساعت)/ },
];

/** A message key as `t()` shows it when its namespace is missing: `listings.need.title`. */
const messageKey = new RegExp(`\\b(?:${namespaces.join('|')})\\.[a-z][A-Za-z]*(?:\\.[A-Za-z]+)*\\b`);

/**
 * The messages of `lang` that write hours in its own digits themselves ("the link works ۳۰ دقیقه"):
 * prose a translator wrote, not hours the app formatted; left out of the digit check.
 */
function proseWithOwnDigits(lang: Language): string[] {
  const pattern = lang.ownDigitHours;
  if (!pattern) return [];
  const dir = join(repoRoot, 'web/src/locales', lang.code);
  const texts: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') {
      if (pattern.test(value)) texts.push(value);
    } else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  for (const file of readdirSync(dir)) collect(JSON.parse(readFileSync(join(dir, file), 'utf8')));
  return texts;
}

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

describe('every page at 360×800 in Dutch, Arabic and Persian', () => {
  const { noor, fatima, bas, beheer } = emailsOf('noor', 'fatima', 'bas', 'beheer');
  const suite = browserSuite({ env: { ADMIN_EMAILS: beheer } });
  const { page, create, register, call, html, signInAs } = suite;
  const world = {
    organizationId: '',
    businessId: '',
    needId: '',
    offerId: '',
    engagementId: '',
    doneEngagementId: '',
    questionId: '',
    helpId: '',
    serviceId: '',
    saleId: '',
    itemId: '',
    loanId: '',
    obligationId: '',
    statementCode: '',
    certificateCode: '',
    ledgerEntryId: '',
    fatimaId: '',
  };

  /** Visits `path`, waits for it, checks it in `lang` and saves `page-<lang>-<name>.png`. */
  async function shoot(lang: Language, path: string, name: string): Promise<void> {
    await page.goto(`${suite.server.url}${path}`);
    await settled(page);
    await expect.poll(html).toEqual({ lang: lang.code, dir: lang.dir });
    const label = `page-${lang.code}-${name}`;
    await screenshot(page, label);
    const width = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      window: window.innerWidth,
    }));
    expect(width.page, `${path} scrolls sideways`).toBeLessThanOrEqual(width.window);
    const text = await page.locator('body').innerText();
    expect(text, `${path} shows a message key`).not.toMatch(messageKey);
    // Dates are written the language's way (locale.date); a raw 2026-11-06 even turns round in right-to-left
    // text. Quoted text in another language (a source in English, a title as written: bdi, lang) is left as it is.
    const ownText = await page.evaluate((code) => {
      const body = document.body.cloneNode(true) as HTMLElement;
      body.querySelectorAll(`bdi, [lang]:not([lang="${code}"])`).forEach((e) => e.remove());
      return body.textContent ?? '';
    }, lang.code);
    expect(ownText, `${path} shows a date as ISO text`).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
    if (lang.ownDigitHours) {
      const formatted = proseWithOwnDigits(lang).reduce((rest, prose) => rest.split(prose).join(''), text);
      expect(formatted, `${path} formats hours in ${lang.code} digits`).not.toMatch(lang.ownDigitHours);
    }
    if (lang.dir === 'rtl') {
      // A heading of someone's own text in a Latin script (a Dutch title) reads left to right inside the right-to-left page.
      const latinHeadings = await page
        .locator('h1')
        .evaluateAll((hs) =>
          hs
            .filter(
              (h) =>
                /[A-Za-z]/.test(h.textContent ?? '') &&
                !/[\u0590-\u08FF]/.test(h.textContent ?? '') &&
                getComputedStyle(h).direction !== 'ltr',
            )
            .map((h) => h.textContent),
        );
      expect(latinHeadings, `${path}: Latin headings set right to left`).toEqual([]);
    }
    await expectAccessible(page, label);
    suite.browser.expectNoProblems();
  }

  /** How many drop-downs matching `selector` are too narrow for the option they show. */
  const clippedChoices = (selector: string) =>
    page.locator(selector).evaluateAll(
      (selects) =>
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
          return (
            select.clientWidth <
            textWidth + parseFloat(style.paddingInlineStart) + parseFloat(style.paddingInlineEnd) + 16
          );
        }).length,
    );

  /** The interface language of this device, chosen in the header as a person would. */
  async function speak(lang: Language): Promise<void> {
    await page.goto(`${suite.server.url}/`);
    await settled(page);
    await page.locator('#language-switcher').selectOption(lang.code);
    await expect.poll(html).toEqual({ lang: lang.code, dir: lang.dir });
  }

  it('builds the world the pages show, through the API', async () => {
    await page.goto(`${suite.server.url}/`);
    await register(beheer, 'Beheer');
    await register(noor, 'نور', { postcode: '1012AB', languages: ['fa', 'nl'], skills: ['آشپزی'] });
    world.organizationId = await create('/organizations', {
      name: 'Buurtkracht',
      type: 'initiative',
      postcode: '1012AB',
      domains: ['social_inclusion'],
    });
    const need = {
      organizationId: world.organizationId,
      kind: 'hands',
      description: 'Twee uur per week boodschappen doen voor buren die slecht ter been zijn.',
      domains: ['social_inclusion'],
      postcode: '1012AB',
      hoursEstimate: 3,
      peopleNeeded: 2,
      compensation: { type: 'time_credits' },
    };
    world.needId = await create('/needs', { ...need, title: 'Boodschappen rondbrengen voor buren' });
    const doneNeedId = await create('/needs', {
      ...need,
      title: 'Soep koken voor de buurt',
      compensation: { type: 'unpaid' },
    });
    world.serviceId = await create('/service-offers', {
      organizationId: world.organizationId,
      title: 'Groenonderhoud door de buurtploeg',
      description: 'Snoeien, maaien en onkruid wieden.',
      domain: 'greening',
      priceUnit: 'hour',
      priceCents: 3500,
      postcode: '1012AB',
    });
    world.itemId = await create('/lendable-items', {
      organizationId: world.organizationId,
      title: 'Boormachine',
      description: 'Met klopstand.',
      valuePerDayCents: 450,
      loanDays: 7,
      postcode: '1012AB',
    });
    await register(bas, 'Bas');
    world.businessId = await create('/organizations', {
      name: 'Installatiebedrijf De Vries',
      type: 'business',
      postcode: '1012AB',
      kvkNumber: '12345678',
    });
    world.obligationId = await create(`/organizations/${world.businessId}/social-return/obligations`, {
      buyerName: 'Gemeente Amsterdam',
      contractReference: 'AMS-2026-013',
      targetCents: 100_000,
      periodFrom: daysAgo(30),
      periodTo: daysAgo(-300),
    });
    world.statementCode = (
      (await call('POST', `/social-return/obligations/${world.obligationId}/statements`)).statement as { code: string }
    ).code;

    await register(fatima, 'فاطمه', {
      postcode: '1012AB',
      languages: ['fa'],
      skills: ['boodschappen'],
      mayDoPaidWork: 'unknown',
    });
    world.fatimaId = ((await call('GET', '/me')).user as { id: string }).id;
    world.offerId = await create('/offers', {
      kind: 'hands',
      title: 'Ik doe boodschappen met mijn bakfiets',
      skills: ['boodschappen'],
      languages: ['fa', 'nl'],
      postcode: '1012AB',
      domains: ['social_inclusion'],
      compensationAccepted: ['unpaid', 'time_credits'],
    });
    world.engagementId = (
      (await call('POST', '/engagements', { needId: world.needId, message: 'من دوشنبه‌ها وقت دارم.' })).engagement as {
        id: string;
      }
    ).id;
    world.doneEngagementId = (
      (await call('POST', '/engagements', { needId: doneNeedId })).engagement as { id: string }
    ).id;
    world.questionId = await create('/questions', { needId: world.needId, text: 'Moet ik een eigen fiets hebben?' });
    world.helpId = await create('/help-requests', {
      title: 'Hulp bij een brief van de gemeente',
      description: 'Ik begrijp de brief niet goed.',
      category: 'language',
      postcode: '1012AB',
      minutesEstimate: 60,
    });
    world.saleId = (
      (
        await call('POST', `/service-offers/${world.serviceId}/orders`, {
          quantity: 2,
          message: 'De heg in de achtertuin.',
        })
      ).sale as { id: string }
    ).id;
    world.loanId = ((await call('POST', `/lendable-items/${world.itemId}/loans`, {})).loan as { id: string }).id;

    // Confirmed work: hours in the ledger, badges and a certificate of work.
    await signInAs(noor);
    await call('POST', `/engagements/${world.doneEngagementId}/accept`);
    await signInAs(fatima);
    await call('POST', `/engagements/${world.doneEngagementId}/hours`, { minutes: 150, date: daysAgo(3) });
    await signInAs(noor);
    await call('POST', `/engagements/${world.doneEngagementId}/confirm`, {});
    await signInAs(fatima);
    const certificate = await page.evaluate(async () =>
      (await fetch(`/api/me/certificate.pdf?from=2020-01-01`)).headers.get('x-certificate-code'),
    );
    world.certificateCode = certificate ?? '';
    const entries = (await call('GET', '/ledger/entries?limit=20')) as { items: { transfer: { id: string } | null }[] };
    world.ledgerEntryId = entries.items.find((e) => e.transfer)?.transfer?.id ?? '';
    for (const [key, value] of Object.entries(world)) expect(value, key).not.toBe('');
  });

  for (const lang of languages) {
    it(`${lang.code}: a visitor's pages`, async () => {
      await call('POST', '/auth/logout');
      await speak(lang);
      for (const [path, name] of [
        ['/', 'home'],
        ['/about', 'about'],
        ['/register', 'register'],
        ['/login', 'login'],
        ['/forgot-password', 'forgot-password'],
        ['/check-email?for=reset', 'check-email'],
        ['/reset-password?token=abcdefghijklmnopqrstuvwxyz234567', 'reset-password'],
        ['/verify-email?token=abcdefghijklmnopqrstuvwxyz234567', 'verify-email'],
        ['/unsubscribe?token=not-a-token', 'unsubscribe'],
        ['/stand-van-het-land', 'impact'],
        ['/ledger', 'ledger'],
        [`/ledger/entries/${world.ledgerEntryId}`, 'ledger-entry'],
        [`/certificates/${world.certificateCode}`, 'certificate'],
        [`/people/${world.fatimaId}/recognition`, 'recognition-public'],
        [`/organizations/${world.organizationId}`, 'organization-visitor'],
        [`/needs/${world.needId}`, 'need-visitor'],
        ['/help', 'help'],
        ['/services', 'services'],
        [`/services/${world.serviceId}`, 'service-visitor'],
        ['/library', 'library'],
        [`/library/${world.itemId}`, 'library-item-visitor'],
        [`/social-return/statements/${world.statementCode}`, 'statement'],
        ['/no-such-page', 'not-found'],
      ] as const) {
        await shoot(lang, path, name);
      }
    });

    it(`${lang.code}: a newcomer's pages`, async () => {
      await signInAs(fatima);
      for (const [path, name] of [
        ['/', 'home-signed-in'],
        ['/welcome', 'welcome'],
        ['/profile', 'profile'],
        [`/needs/${world.needId}`, 'need'],
        [`/offers/${world.offerId}`, 'offer'],
        [`/offers/${world.offerId}/edit`, 'offer-edit'],
        ['/offers/new', 'offer-new'],
        ['/me/listings', 'my-listings'],
        ['/engagements', 'engagements'],
        [`/engagements/${world.engagementId}`, 'engagement'],
        [`/engagements/${world.doneEngagementId}`, 'engagement-done'],
        ['/wallet', 'wallet'],
        ['/me/recognition', 'recognition'],
        ['/me/reports', 'my-reports'],
        ['/questions', 'questions'],
        [`/questions/${world.questionId}`, 'question'],
        [`/help/${world.helpId}`, 'help-request'],
        [`/services/${world.serviceId}`, 'service'],
        [`/sales/${world.saleId}`, 'sale'],
        [`/library/${world.itemId}`, 'library-item'],
        [`/loans/${world.loanId}`, 'loan'],
        ['/organizations/new', 'organization-new'],
        [`/organizations/${world.organizationId}`, 'organization'],
      ] as const) {
        await shoot(lang, path, name);
      }
      // Labels above their values take the card's width (they once fell to one letter a line when
      // the organisation page was opened directly: their style lived in the engagement pages' sheet).
      const labelWidths = await page
        .locator('.facts--rows dt')
        .evaluateAll((dts) => dts.map((dt) => dt.getBoundingClientRect().width));
      expect(labelWidths.length).toBeGreaterThan(0);
      expect(Math.min(...labelWidths)).toBeGreaterThan(200);
      // The notification choices show their whole words, and the whole language name shows in the header, beside the bell.
      await shoot(lang, '/notifications', 'notifications');
      expect(await clippedChoices('.preferences select')).toBe(0);
      expect(await clippedChoices('#language-switcher')).toBe(0);
    });

    it(`${lang.code}: an organisation's pages`, async () => {
      await signInAs(noor);
      for (const [path, name] of [
        ['/needs/new', 'need-new'],
        [`/needs/${world.needId}/edit`, 'need-edit'],
        ['/services/new', 'service-new'],
        [`/organizations/${world.organizationId}/edit`, 'organization-edit'],
        ['/engagements?role=organization', 'engagements-organization'],
        [`/engagements/${world.engagementId}`, 'engagement-organization'],
      ] as const) {
        await shoot(lang, path, name);
      }
      await signInAs(bas);
      await shoot(lang, '/social-return', 'social-return');
      await shoot(lang, `/social-return/${world.obligationId}`, 'obligation');
    });

    it(`${lang.code}: the platform admin's pages`, async () => {
      await signInAs(beheer);
      for (const [path, name] of [
        ['/admin/organizations', 'admin-organizations'],
        ['/admin/reports', 'admin-reports'],
        ['/admin/audit', 'admin-audit'],
        ['/match-rounds', 'match-rounds'],
      ] as const) {
        await shoot(lang, path, name);
      }
    });
  }
});
