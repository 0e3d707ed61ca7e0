import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserSuite,
  emailsOf,
  expectAccessible,
  openBrowser,
  PASSWORD,
  screenshot,
  settled,
  type BrowserSession,
} from './helpers.ts';

/**
 * Issue 11 in two browsers at once: a coordinator (the suite's browser) and a volunteer (a second
 * browser context). The volunteer applies: the coordinator's bell counts it without a reload; the
 * coordinator opens it from the notifications page; then both chat on the engagement page and each
 * sees the other's message arrive live. Screenshots, axe and no console error on every view.
 */
describe('realtime: the bell and a live conversation between two browsers', () => {
  const suite = browserSuite({ width: 1024, height: 800 });
  const { page, check, create, register } = suite;
  const { noor, amina } = emailsOf('noor', 'amina');
  const title = 'Soep koken in het buurthuis';
  let volunteer: BrowserSession | undefined;
  let needId = '';
  let engagementId = '';

  beforeAll(async () => {
    volunteer = await openBrowser({ width: 1024, height: 800 });
  });
  afterAll(async () => {
    await volunteer?.close();
  });
  const other = () => {
    if (!volunteer) throw new Error('no second browser');
    return volunteer.page;
  };
  /** A JSON call from the volunteer's page. */
  const callAsVolunteer = async (method: string, path: string, body?: unknown) => {
    const result = await other().evaluate(
      async ({ method, path, body }) => {
        const res = await fetch(`/api${path}`, {
          method,
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
          body: body === undefined ? null : JSON.stringify(body),
        });
        return { status: res.status, json: res.status === 204 ? {} : await res.json() };
      },
      { method, path, body },
    );
    expect(result.status, `${method} ${path}: ${JSON.stringify(result.json)}`).toBeLessThan(300);
    return result.json as Record<string, Record<string, string>>;
  };
  const checkVolunteer = async (name: string) => {
    await settled(other());
    await screenshot(other(), name);
    await expectAccessible(other(), name);
    volunteer?.expectNoProblems();
  };

  it('counts a new application in the coordinator’s bell without a reload', async () => {
    await page.goto(`${suite.server.url}/`);
    await register(noor, 'Noor');
    const orgId = await create('/organizations', {
      name: 'Buurthuis De Linde',
      type: 'initiative',
      postcode: '1012AB',
      domains: ['social_inclusion'],
      volunteerDeclarationDate: '2025-04-01',
    });
    needId = await create('/needs', {
      organizationId: orgId,
      kind: 'hands',
      title,
      description: 'Elke vrijdag soep koken voor de buurtmaaltijd.',
      domains: ['social_inclusion'],
      postcode: '1012AB',
      peopleNeeded: 2,
      compensation: { type: 'unpaid' },
    });
    await page.goto(`${suite.server.url}/engagements?role=organization`);
    await expect.poll(() => page.getByTestId('bell').count()).toBe(1);
    expect(await page.getByTestId('bell-count').count()).toBe(0);

    await other().goto(`${suite.server.url}/`);
    await callAsVolunteer('POST', '/auth/register', { email: amina, password: PASSWORD, displayName: 'Amina' });
    engagementId = (await callAsVolunteer('POST', '/engagements', { needId, message: 'Ik kook graag!' })).engagement!
      .id!;

    await expect.poll(() => page.getByTestId('bell-count').textContent(), { timeout: 10_000 }).toBe('1');
    // The open list took the new application in as well.
    await expect.poll(() => page.getByText('Amina').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await check('rt-01-bell-counts');
  });

  it('opens the application from the notifications page', async () => {
    await page.getByTestId('bell').click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Meldingen');
    const item = page.getByTestId('notification-list').getByRole('link', { name: 'Iemand wil met je afspreken' });
    await expect.poll(() => item.count()).toBe(1);
    await check('rt-02-notifications-page');
    await page.getByRole('button', { name: 'Alles gelezen' }).click();
    await expect.poll(() => page.getByTestId('bell-count').count()).toBe(0);
    await item.click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/engagements/${engagementId}`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(title);
  });

  it('delivers the conversation live in both directions', async () => {
    await other().goto(`${suite.server.url}/engagements/${engagementId}`);
    await expect.poll(() => other().getByRole('heading', { level: 1 }).textContent()).toBe(title);
    await settled(page);

    await other().getByLabel('Schrijf Buurthuis De Linde een bericht').fill('Hoe laat zal ik er zijn?');
    await other().getByRole('button', { name: 'Versturen' }).click();
    await expect.poll(() => other().getByTestId('messages').getByText('Hoe laat zal ik er zijn?').count()).toBe(1);
    // The coordinator's open page shows it without a reload.
    await expect
      .poll(() => page.getByTestId('messages').getByText('Hoe laat zal ik er zijn?').count(), { timeout: 10_000 })
      .toBe(1);
    await expect.poll(() => page.getByTestId('bell-count').textContent(), { timeout: 10_000 }).toBe('1');

    await page.getByLabel('Schrijf Amina een bericht').fill('Om vier uur, tot vrijdag!');
    await page.getByRole('button', { name: 'Versturen' }).click();
    await expect
      .poll(() => other().getByTestId('messages').getByText('Om vier uur, tot vrijdag!').count(), { timeout: 10_000 })
      .toBe(1);
    await check('rt-03-coordinator-chat');
    await checkVolunteer('rt-04-volunteer-chat');
  });

  it('saves a search on the search page and shows a toast when a fitting task is posted', async () => {
    await other().goto(`${suite.server.url}/`);
    await settled(other());
    await other().getByRole('button', { name: 'Laat het me weten bij nieuwe taken zoals deze' }).click();
    await expect.poll(() => other().getByText('Bewaard. Je krijgt een melding', { exact: false }).count()).toBe(1);
    await checkVolunteer('rt-05-search-saved');

    const orgId = await create('/organizations', {
      name: 'Voedselbank Oost',
      type: 'initiative',
      postcode: '1012AB',
      domains: ['social_inclusion'],
      volunteerDeclarationDate: '2025-04-01',
    });
    await create('/needs', {
      organizationId: orgId,
      kind: 'hands',
      title: 'Kratten sorteren',
      description: 'Op zaterdagochtend kratten sorteren.',
      domains: ['social_inclusion'],
      postcode: '1012AB',
      peopleNeeded: 3,
      compensation: { type: 'unpaid' },
    });
    const toast = other().locator('.toast').filter({ hasText: 'Er is een nieuwe taak voor je zoekopdracht' });
    await expect.poll(() => toast.count(), { timeout: 10_000 }).toBe(1);
    await checkVolunteer('rt-06-toast');
    await toast.getByRole('link', { name: 'Bekijken' }).click();
    await expect.poll(() => other().getByRole('heading', { level: 1 }).textContent()).toBe('Kratten sorteren');
  });
});
