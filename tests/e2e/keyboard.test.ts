import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, emailsOf, PASSWORD, settled } from './helpers.ts';

/**
 * Issue 13 (WCAG 2.2 AA, 2.1.1 and 2.4.7): a volunteer finds a need, signs in and applies with the
 * keyboard alone — Tab, Shift+Tab, Enter and Space, not one click — and every element the keyboard
 * reaches on the way shows where the focus is.
 */
describe('keyboard only: a volunteer signs in and applies to a need without a mouse', () => {
  const suite = browserSuite();
  const { page, check, create, register, call, h1 } = suite;
  const { noor, fatima } = emailsOf('noor', 'fatima');
  const title = 'Tuin wieden bij het buurthuis';
  let needId = '';
  /** Every element the keyboard reached, with how its focus showed (for the failure message). */
  const reached: string[] = [];

  /** The focused element's name and whether its focus is visible: an outline or a ring of at least 2 px. */
  const focused = () =>
    page.evaluate(() => {
      const el = document.activeElement;
      if (!(el instanceof HTMLElement) || el === document.body) return { name: '(body)', visible: false };
      const style = getComputedStyle(el);
      const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
      const ring = style.boxShadow !== 'none';
      const name = `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}"`;
      return { name, visible: outline || ring };
    });

  /**
   * Presses `key` (Tab or Shift+Tab) until `target` has the focus, asserting at every stop that the
   * focus is visible; fails after `max` presses.
   */
  async function moveTo(target: Locator, key: 'Tab' | 'Shift+Tab' = 'Tab', max = 60): Promise<void> {
    for (let presses = 0; presses < max; presses++) {
      await page.keyboard.press(key);
      const now = await focused();
      reached.push(now.name);
      expect(now.visible, `visible focus on ${now.name} (after ${reached.join(' → ')})`).toBe(true);
      if (await target.evaluate((el) => el === document.activeElement)) return;
    }
    throw new Error(`${key} did not reach the target in ${max} presses: ${reached.slice(-max).join(' → ')}`);
  }

  it('sets up an initiative with an open need and a registered volunteer', async () => {
    await page.goto(`${suite.server.url}/`);
    await register(noor, 'Noor');
    const organizationId = await create('/organizations', {
      name: 'Groen Doet Goed',
      type: 'initiative',
      postcode: '1012AB',
      domains: ['greening'],
    });
    needId = await create('/needs', {
      organizationId,
      kind: 'hands',
      title,
      description: 'Samen twee uur onkruid wieden in de moestuin van het buurthuis.',
      domains: ['greening'],
      postcode: '1012AB',
      hoursEstimate: 2,
      peopleNeeded: 2,
      compensation: { type: 'time_credits' },
    });
    await register(fatima, 'Fatima');
    await call('POST', '/auth/logout');
  });

  it('finds the need in the search, signs in and applies using only the keyboard', async () => {
    await page.goto(`${suite.server.url}/`);
    await settled(page);

    // From the search results to the need.
    await moveTo(page.getByRole('link', { name: title }));
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/needs/${needId}`);
    await expect.poll(h1).toBe(title);
    await settled(page);

    // The need asks a visitor to sign in first, and brings them back.
    await moveTo(page.locator('.apply-box').getByRole('link', { name: 'Inloggen om je aan te melden' }));
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/login');
    await settled(page);
    await moveTo(page.getByLabel('E-mailadres'));
    await page.keyboard.type(fatima);
    await moveTo(page.getByLabel('Wachtwoord'));
    await page.keyboard.type(PASSWORD);
    // Back to the address to check it, and forward again.
    await moveTo(page.getByLabel('E-mailadres'), 'Shift+Tab');
    expect(await page.getByLabel('E-mailadres').inputValue()).toBe(fatima);
    await moveTo(page.getByLabel('Wachtwoord'));
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/needs/${needId}`);
    await settled(page);

    // Applying: a message, then the button with Space.
    const box = page.locator('.apply-box');
    await moveTo(box.getByLabel('Bericht aan de organisatie'));
    await page.keyboard.type('Ik heb handschoenen en kan zaterdag.');
    await moveTo(box.getByRole('button', { name: 'Aanmelden' }));
    await page.keyboard.press('Space');
    await expect.poll(() => box.getByText('Je bent aangemeld.', { exact: false }).count()).toBe(1);
    await check('keyboard-applied');

    const mine = await call('GET', '/engagements?role=worker');
    expect(mine.items).toMatchObject([{ status: 'proposed', need: { id: needId }, worker: { displayName: 'Fatima' } }]);
  });
});
