import { describe, expect, it } from 'vitest';
import { browserSuite, emailsOf, settled } from './helpers.ts';

/**
 * Issue 10 in a real browser at 360×800: a business posts an offer and sees the needs that fit it;
 * a coordinator finds a volunteer who only filled in her profile and switched on "organisations may
 * find me" — told kindly what to ask first, since she has not said whether she may do paid work —
 * and invites her; a volunteer asks a question before applying and the coordinator answers.
 * Screenshot, axe and no console error on every view.
 */
describe('a market that connects: findable people, the offer side, asking first', () => {
  const { noor, fatima, bart, sam } = emailsOf('noor', 'fatima', 'bart', 'sam');
  const suite = browserSuite();
  const { page, check, call, create, register, signInAs } = suite;
  const needTitle = 'Voortuinen opknappen';
  let needId = '';
  let offerId = '';

  it('sets up an initiative with a need, a findable volunteer and a business, through the API', async () => {
    await page.goto(`${suite.server.url}/`);
    // Fatima never answered the paid-work question: the default after registering.
    await register(fatima, 'Fatima', {
      postcode: '3512AB',
      languages: ['nl', 'ar'],
      skills: ['tuinieren'],
      findable: true,
    });
    await register(noor, 'Noor');
    const orgId = await create('/organizations', {
      name: 'Buurtinitiatief Oost',
      type: 'initiative',
      postcode: '3511AB',
      domains: ['greening'],
    });
    needId = await create('/needs', {
      organizationId: orgId,
      kind: 'hands',
      title: needTitle,
      description: 'Samen de voortuinen van de straat opknappen, op zaterdag.',
      domains: ['greening'],
      skills: ['tuinieren'],
      languages: ['nl'],
      postcode: '3511AB',
      peopleNeeded: 4,
      compensation: { type: 'unpaid' },
    });
    await register(bart, 'Bart');
    const businessId = await create('/organizations', {
      name: 'Groen Hoveniers BV',
      type: 'business',
      postcode: '3511AB',
      kvkNumber: '12345678',
    });
    offerId = await create('/offers', {
      organizationId: businessId,
      kind: 'hands',
      title: 'Onze hoveniers helpen een dag mee',
      b2cType: 'employee_volunteering',
      skills: ['hovenier'],
      languages: ['nl'],
      postcode: '3511AB',
      radiusKm: 15,
      compensationAccepted: ['unpaid'],
    });
  });

  it('shows a business the needs that fit its new offer', async () => {
    await page.goto(`${suite.server.url}/offers/${offerId}`);
    const fits = page.getByRole('region', { name: 'Vragen die bij je aanbod passen' });
    await expect.poll(() => fits.getByRole('link', { name: needTitle }).isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await fits.textContent()).toContain('Buurtinitiatief Oost');
    expect(await fits.locator('.reason-chip').count()).toBeGreaterThan(0);
    await fits.scrollIntoViewIfNeeded();
    await check('connect-01-offer-fits', fits);
  });

  it('shows the coordinator a findable person, with what to ask first, and invites her', async () => {
    await signInAs(noor);
    await page.goto(`${suite.server.url}/needs/${needId}`);
    const matches = page.getByRole('region', { name: 'Wie past hierbij?' });
    const card = matches.locator('.match-card').filter({ hasText: 'Wil gevonden worden door organisaties' });
    await expect.poll(() => card.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await card.getByRole('heading', { level: 3 }).textContent()).toBe('Fatima');
    expect(await card.textContent()).toContain('Kan: tuinieren');
    // Only her place, never her e-mail or postcode.
    expect(await card.textContent()).not.toMatch(/@|3512/);
    expect(await card.locator('.alert--info').textContent()).toContain(
      'vraag alleen óf het mag, niet naar een verblijfsstatus',
    );
    await card.scrollIntoViewIfNeeded();
    await check('connect-02-findable-person', card);

    await card.getByRole('button', { name: 'Uitnodigen' }).click();
    await expect.poll(() => card.getByText('Uitgenodigd', { exact: true }).isVisible()).toBe(true);
    const list = await call('GET', `/engagements?role=organization&needId=${needId}`);
    const items = list.items as {
      offerId: string | null;
      proposedBy: string;
      status: string;
      worker: { displayName: string };
    }[];
    expect(items).toEqual([
      expect.objectContaining({
        offerId: null,
        proposedBy: 'organization',
        status: 'proposed',
        worker: expect.objectContaining({ displayName: 'Fatima' }),
      }),
    ]);
    await check('connect-03-person-invited', card);
  });

  it('lets a volunteer ask a question before applying, privately, and the coordinator answer it', async () => {
    await register(sam, 'Sam', { postcode: '3511AB', languages: ['nl'], skills: ['klussen'] });
    await page.goto(`${suite.server.url}/needs/${needId}`);
    const ask = page.getByRole('region', { name: 'Eerst iets vragen?' });
    await expect.poll(() => ask.isVisible(), { timeout: 15_000 }).toBe(true);
    await ask.getByLabel('Je vraag').fill('Moet ik zelf gereedschap meenemen?');
    await ask.getByRole('button', { name: 'Vraag versturen' }).click();
    await expect.poll(() => page.url(), { timeout: 15_000 }).toMatch(/\/questions\/[^/]+$/);
    await settled(page);
    expect(await page.getByRole('main').textContent()).toContain('Moet ik zelf gereedschap meenemen?');
    await check('connect-04-question-asked');

    await signInAs(noor);
    await page.goto(`${suite.server.url}/questions`);
    await expect.poll(() => page.getByRole('link', { name: needTitle }).isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await page.getByRole('main').textContent()).toContain('Gevraagd door Sam');
    await page.getByRole('link', { name: needTitle }).click();
    await expect.poll(() => page.getByLabel('Je antwoord').isVisible(), { timeout: 15_000 }).toBe(true);
    await page.getByLabel('Je antwoord').fill('Nee hoor, wij hebben alles.');
    await page.getByRole('button', { name: 'Versturen' }).click();
    await expect.poll(() => page.getByText('Nee hoor, wij hebben alles.').isVisible()).toBe(true);
    await check('connect-05-question-answered');
  });
});
