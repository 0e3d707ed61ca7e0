import { describe, expect, it } from 'vitest';
import { browserSuite } from './helpers.ts';

/** Issue 13, item 6: the app shell and the last search results work offline, with a clear "you are offline". */
describe('offline', () => {
  const suite = browserSuite({ demoData: true });
  const { page, check } = suite;

  it('shows the shell, the last search results and an offline notice without a connection', async () => {
    await page.goto(`${suite.server.url}/`);
    await page.locator('.listing-card').first().waitFor({ timeout: 20_000 });
    // The service worker takes over the page, then keeps what it loads.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller)
        await new Promise((resolve) =>
          navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }),
        );
    });
    await page.reload();
    await page.locator('.listing-card').first().waitFor({ timeout: 20_000 });
    const titles = await page.locator('.listing-card__title').allTextContents();
    expect(titles.length).toBeGreaterThan(0);

    await suite.browser.context.setOffline(true);
    try {
      await page.reload();
      await page.locator('.listing-card').first().waitFor({ timeout: 15_000 });
      expect(await page.locator('.listing-card__title').allTextContents()).toEqual(titles);
      await expect.poll(() => page.locator('.offline-bar').textContent()).toContain('Je bent offline');
      await check('nl-offline');
    } finally {
      await suite.browser.context.setOffline(false);
    }
  });
});
