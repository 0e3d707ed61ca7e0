import { describe, expect, it } from 'vitest';
import { browserSuite, emailsOf, settled } from './helpers.ts';

/**
 * Issue 13, item 3: a newcomer finishes onboarding in four screens — language, what they want to
 * do, about them, paid work — and lands on "tasks for you" with time credits, VOG and work permits
 * explained. Done in Arabic (right to left) and in Tigrinya (Ethiopic script). The steps are found
 * by their controls, not their words, so the same walk works in every language.
 */
describe('onboarding in four screens', () => {
  const suite = browserSuite({ demoData: true });
  const { page, check, html } = suite;
  const emails = emailsOf('amal', 'yonas');

  async function walk(language: 'ar' | 'ti', email: string, name: string) {
    await page.goto(`${suite.server.url}/`);
    // The start page of whoever was signed in loads its to-do and suggestions first: signing them
    // out under a request still on its way would answer it 401.
    await settled(page);
    await suite.register(email, name);
    await page.goto(`${suite.server.url}/welcome`);
    const next = page.locator('.form-actions .button').last();

    await page.locator(`input[name="onboarding-language"][value="${language}"]`).check();
    await expect.poll(async () => (await html()).lang).toBe(language);
    await check(`${language}-onboarding-1-language`);
    await next.click();

    await page.locator('input[name="onboarding-goal"][value="offerHelp"]').check();
    await check(`${language}-onboarding-2-goal`);
    await next.click();

    await page.locator('#onboarding-postcode').fill('1012 AB');
    await page.locator('#onboarding-languages-input').selectOption(language);
    await page.locator('#onboarding-languages-input ~ button').click();
    await page.locator('.chip-toggle').first().click();
    await check(`${language}-onboarding-3-about`);
    await next.click();

    await page.locator('input[name="onboarding-paid"][value="unknown"]').check();
    await check(`${language}-onboarding-4-paid-work`);
    await next.click();

    await expect.poll(() => page.locator('a.button[href="/offers/new"]').count()).toBe(1);
    await expect.poll(() => page.locator('.onboarding h3').count()).toBe(3);
    await check(`${language}-onboarding-done`);
    const me = await suite.call('GET', '/me');
    expect(me.user).toMatchObject({ locale: language, postcode: '1012AB', mayDoPaidWork: 'unknown' });
    expect((me.user as { languages: string[] }).languages).toContain(language);
    expect((me.user as { skills: string[] }).skills.length).toBe(1);
  }

  it('in Arabic, right to left', async () => {
    await walk('ar', emails.amal, 'أمل');
    expect(await html()).toEqual({ lang: 'ar', dir: 'rtl' });
  });

  it('in Tigrinya', async () => {
    await walk('ti', emails.yonas, 'ዮናስ');
    expect(await html()).toEqual({ lang: 'ti', dir: 'ltr' });
  });
});
