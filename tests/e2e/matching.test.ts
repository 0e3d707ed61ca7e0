import { describe, expect, it } from 'vitest';
import { browserSuite, emailsOf, settled } from './helpers.ts';

/**
 * Issue 4 in a real browser at 360×800: an initiative opens the Matches tab of its need (score bar
 * with its words, reasons in Dutch), invites the top suggestion in one click (the engagement exists
 * in the API), and the volunteer finds the invitation on /engagements and "Voor jou" on the start
 * page. A municipality's coordinator runs a match round and sends its proposals. Screenshot, axe and
 * no console error on every view; the Matches tab also in Arabic.
 */
describe('matching: Matches tab → invite → the volunteer sees it; Voor jou; match rounds', () => {
  const { noor, fatima, daan, gemeente: wethouder, beheer } = emailsOf('noor', 'fatima', 'daan', 'gemeente', 'beheer');
  const suite = browserSuite({ env: { ADMIN_EMAILS: beheer } });
  const { page, check, call, create, register, signInAs } = suite;
  const needTitle = 'Help in de moestuin';
  const fatimaOfferTitle = 'Ik help graag in de tuin';
  let needId = '';
  let fatimaOffer = '';

  const offerBody = (title: string, skills: string[], postcode: string) => ({
    kind: 'hands',
    title,
    description: 'Ik heb tijd op zaterdag en help graag mee in de buurt.',
    skills,
    languages: ['nl'],
    postcode,
    radiusKm: 10,
    compensationAccepted: ['unpaid', 'time_credits'],
  });
  const matches = () => page.getByRole('region', { name: 'Wie past hierbij?' });

  it('sets up an initiative with a need and two volunteers with offers, through the API', async () => {
    await page.goto(`${suite.server.url}/`);
    // Both answered that they may work in the Netherlands (those who have not are matched too, with a
    // question for the coordinator to ask first: tests/e2e/connect.test.ts).
    await register(fatima, 'Fatima', {
      postcode: '3512AB',
      languages: ['nl', 'ar'],
      skills: ['tuinieren'],
      mayDoPaidWork: 'yes',
    });
    fatimaOffer = await create('/offers', offerBody(fatimaOfferTitle, ['tuinieren'], '3512AB'));
    await register(daan, 'Daan', { mayDoPaidWork: 'yes' });
    // Daan gardens too, in English only; a cook would not be suggested at all (below the minimum score).
    await call('POST', '/offers', {
      ...offerBody('Ik doe groenonderhoud', ['groenonderhoud'], '3521AB'),
      languages: ['en'],
    });

    await register(noor, 'Noor');
    const orgId = await create('/organizations', {
      name: 'Buurttuin De Wilg',
      type: 'initiative',
      postcode: '3511AB',
      domains: ['greening'],
    });
    // The initiative lets the municipality's match rounds invite for it (otherwise they come to Noor to send).
    await call('PATCH', `/organizations/${orgId}`, { allowRoundInvitations: true });
    needId = await create('/needs', {
      organizationId: orgId,
      kind: 'hands',
      title: needTitle,
      description: 'Onkruid wieden en water geven in onze buurtmoestuin, op zaterdagochtend.',
      domains: ['greening'],
      skills: ['tuinieren'],
      languages: ['nl'],
      postcode: '3511AB',
      peopleNeeded: 2,
      compensation: { type: 'unpaid' },
    });
    // A second need, so the volunteer still has something new to be suggested after the invitation.
    await call('POST', '/needs', {
      organizationId: orgId,
      kind: 'hands',
      title: 'Bladeren harken in het park',
      domains: ['greening'],
      skills: ['tuinieren'],
      languages: ['nl'],
      postcode: '3511AB',
      peopleNeeded: 1,
      compensation: { type: 'unpaid' },
    });
  });

  it('shows the Matches tab of the need to its organisation, best fit first, with the score in words', async () => {
    await page.goto(`${suite.server.url}/needs/${needId}`);
    await expect.poll(() => matches().getByRole('listitem').first().isVisible(), { timeout: 15_000 }).toBe(true);
    const cards = matches().locator('.match-card');
    await expect.poll(() => cards.count()).toBe(2);
    const top = cards.first();
    expect(await top.getByRole('heading', { level: 3 }).textContent()).toContain(fatimaOfferTitle);
    expect(await top.textContent()).toContain('Van Fatima');
    expect(await top.locator('.score__text').textContent()).toMatch(/^Past goed: \d{1,3}%$/);
    // Reasons are in words, never keys.
    const reasons = await top.locator('.reason-chip').allTextContents();
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons.join(' ')).toContain('Kan wat er gevraagd wordt: tuinieren');
    expect(reasons.join(' ')).not.toMatch(/matching\./);
    // The bar's width follows the score (set through CSSOM, which the CSP allows).
    const [topPct, secondPct] = await Promise.all(
      [0, 1].map((i) =>
        cards
          .nth(i)
          .locator('.score__fill')
          .evaluate((el) => (el as HTMLElement).style.inlineSize),
      ),
    );
    expect(Number.parseFloat(topPct ?? '')).toBeGreaterThan(Number.parseFloat(secondPct ?? ''));
    await top.scrollIntoViewIfNeeded();
    await check('match-01-matches-tab', matches());
  });

  it('invites the top suggestion in one click; the engagement exists', async () => {
    const top = matches().locator('.match-card').first();
    await top.getByRole('button', { name: 'Uitnodigen' }).click();
    await expect.poll(() => top.getByText('Uitgenodigd', { exact: true }).isVisible()).toBe(true);
    const link = top.getByRole('link', { name: 'Bekijk de uitnodiging' });
    const engagementHref = await link.getAttribute('href');
    expect(engagementHref).toMatch(/^\/engagements\/.+/);

    const list = await call('GET', `/engagements?role=organization&needId=${needId}`);
    const items = list.items as {
      id: string;
      offerId: string | null;
      proposedBy: string;
      status: string;
      worker: { displayName: string };
    }[];
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      offerId: fatimaOffer,
      proposedBy: 'organization',
      status: 'proposed',
      worker: { displayName: 'Fatima' },
    });
    expect(engagementHref).toBe(`/engagements/${items[0]?.id}`);

    // After a reload the card still says so, instead of offering a second invitation.
    await page.reload();
    await expect
      .poll(() => matches().locator('.match-card').first().getByText('Uitgenodigd', { exact: true }).isVisible(), {
        timeout: 15_000,
      })
      .toBe(true);
    expect(await matches().locator('.match-card').first().getByRole('button', { name: 'Uitnodigen' }).count()).toBe(0);
    await check('match-02-invited', matches().locator('.match-card').first());
  });

  it('lets the volunteer find the invitation on /engagements', async () => {
    await signInAs(fatima);
    await page.goto(`${suite.server.url}/engagements`);
    await settled(page);
    await expect.poll(() => page.getByText(needTitle).first().isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await page.getByRole('main').textContent()).toContain('Buurttuin De Wilg');
    await check('match-03-volunteer-engagements');
  });

  it('shows "Voor jou" on the start page with the top reasons, and nothing for someone without suggestions', async () => {
    await page.goto(`${suite.server.url}/`);
    const forYou = page.getByRole('region', { name: 'Voor jou' });
    await expect.poll(() => forYou.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await forYou.textContent()).toContain('Bladeren harken in het park');
    expect(await forYou.locator('.score__text').first().textContent()).toMatch(/^Past goed: \d{1,3}%$/);
    expect(await forYou.locator('.match-card').first().locator('.reason-chip').count()).toBeLessThanOrEqual(2);
    // Not in the header: she runs no public organisation.
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Matchrondes' }).count()).toBe(0);
    await check('match-04-voor-jou', forYou);

    // Noor runs the organisation: its needs are never suggested to her. An empty "Voor jou" says
    // why: her profile lacks what suggestions are made from (issue 10).
    await signInAs(noor);
    await page.goto(`${suite.server.url}/`);
    await settled(page);
    const empty = page.locator('.for-you-empty');
    await expect.poll(() => empty.count()).toBe(1);
    expect(await empty.locator('li').allTextContents()).toEqual([
      'wat je kunt (vaardigheden)',
      'je postcode',
      'welke talen je spreekt',
    ]);
    expect(await empty.getByRole('link', { name: 'Profiel aanvullen' }).count()).toBe(1);
    await check('match-05-voor-jou-empty', empty);
  });

  it('lets a municipality coordinator run a match round and send the proposals in one click', async () => {
    await register(wethouder, 'Sanne van de gemeente');
    const municipality = await call('POST', '/organizations', {
      name: 'Gemeente Utrecht',
      type: 'public',
      postcode: '3511AB',
      domains: ['greening'],
    });
    // Only a verified public body runs rounds: the platform admin (ADMIN_EMAILS) verifies it first.
    await register(beheer, 'Beheer');
    await call('POST', `/admin/organizations/${(municipality.organization as { id: string }).id}/verification`, {
      method: 'note',
      note: 'Telefonisch bevestigd door de gemeente',
    });
    await signInAs(wethouder);
    await page.goto(`${suite.server.url}/`);
    const navLink = page.getByRole('navigation').getByRole('link', { name: 'Matchrondes' });
    await expect.poll(() => navLink.isVisible(), { timeout: 15_000 }).toBe(true);
    await navLink.click();
    await settled(page);
    expect(await page.getByText('Je hebt nog geen rondes gedaan.').isVisible()).toBe(true);

    // A wrong postcode is explained next to the field, before anything is sent.
    await page.getByLabel('Postcode van het midden').fill('12');
    await page.getByRole('button', { name: 'Ronde starten' }).click();
    await expect.poll(() => page.locator('#round-near').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Postcode van het midden').fill('3511 AB');
    await page.getByLabel('Straal in km').fill('15');
    await page.getByRole('button', { name: 'Ronde starten' }).click();
    const result = page.getByRole('region', { name: 'Uitkomst van de ronde' });
    await expect.poll(() => result.isVisible(), { timeout: 15_000 }).toBe(true);
    const proposals = result.locator('.proposal');
    await expect.poll(() => proposals.count()).toBeGreaterThan(0);
    const proposalCount = await proposals.count();
    expect(await result.locator('.round-in-words').isVisible()).toBe(true);
    const round = await call('GET', '/match-rounds?limit=1');
    const roundId = (round.items as { id: string }[])[0]?.id ?? '';
    const full = (await call('GET', `/match-rounds/${roundId}`)).round as {
      proposals: { id: string; needId: string; offerId: string; preselected: boolean }[];
    };
    // Strong proposals start ticked, weaker ones not; each shows its reasons.
    expect(await result.locator('.proposal input[type="checkbox"]:checked').count()).toBe(
      full.proposals.filter((p) => p.preselected).length,
    );
    expect(await result.locator('.proposal .reason-chips').count()).toBe(proposalCount);
    await result.getByRole('button', { name: 'Alles kiezen' }).click();
    // A round may propose the pair already invited from the Matches tab; its invitation is then refused, in words.
    const alreadyInvited = full.proposals.find((p) => p.needId === needId && p.offerId === fatimaOffer);
    await check('match-05-round-result', result);

    await result.getByRole('button', { name: 'Gekozen voorstellen uitnodigen' }).click();
    const sent = result.locator('.alert--success');
    await expect.poll(() => sent.isVisible(), { timeout: 15_000 }).toBe(true);
    const after = (await call('GET', `/match-rounds/${roundId}`)).round as {
      proposals: { engagementId: string | null }[];
    };
    const invited = after.proposals.filter((p) => p.engagementId !== null).length;
    expect(invited).toBe(proposalCount - (alreadyInvited ? 1 : 0));
    expect(invited).toBeGreaterThan(0);
    expect(await sent.textContent()).toBe(
      `Verstuurd: ${invited}. Voorgelegd aan de organisatie zelf: 0. Al eerder verstuurd: 0. Niet gelukt: ${alreadyInvited ? 1 : 0}.`,
    );
    expect(await result.getByText('Uitgenodigd', { exact: true }).count()).toBe(invited);
    if (alreadyInvited) {
      const row = result.locator('.proposal').filter({ has: page.locator(`#proposal-${alreadyInvited.id}`) });
      expect(await row.locator('.alert--error').textContent()).toBe(
        'Niet gelukt: Deze persoon heeft al een uitnodiging of aanmelding voor deze vraag.',
      );
    }
    expect(await page.getByRole('region', { name: 'Eerdere rondes' }).getByRole('listitem').count()).toBe(1);
    await check('match-06-round-invited', result);
  });

  it('reads right to left in Arabic on the Matches tab', async () => {
    await signInAs(noor);
    await page.goto(`${suite.server.url}/needs/${needId}`);
    await settled(page);
    await page.getByLabel('Taal', { exact: true }).selectOption('ar');
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    const section = page.getByRole('region', { name: 'من يناسب هذا الطلب؟' });
    await expect.poll(() => section.locator('.match-card').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await section.locator('.score__text').first().textContent()).toMatch(/^مناسب جيدًا: \d{1,3}%$/);
    await section.scrollIntoViewIfNeeded();
    await check('match-07-ar-matches-tab', section);
  });
});
