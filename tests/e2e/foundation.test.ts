import { describe, expect, it } from 'vitest';
import { browserSuite, emailsOf, mailedLink, PASSWORD, settled } from './helpers.ts';

/** Issue 2: a person registers, signs out and in, switches to Arabic, and registers an initiative. */
describe('foundation: accounts, languages and organisations in a real browser', () => {
  const suite = browserSuite();
  const { page, check, html, h1 } = suite;
  const { sara: email } = emailsOf('sara');
  let organizationPath = '';
  /** The welcoming start page (the marketplace search is the home page at `/`). */
  const aboutPath = '/about';

  it('shows the start page, registration and sign-in in plain Dutch', async () => {
    await page.goto(`${suite.server.url}${aboutPath}`);
    await expect.poll(html).toEqual({ lang: 'nl', dir: 'ltr' });
    await expect.poll(h1).toContain('Werk dat waarde heeft');
    await expect.poll(() => page.getByText('Er staan nog geen initiatieven').count()).toBe(1);
    await check('nl-home');

    await page.getByRole('navigation').getByRole('link', { name: 'Account maken' }).click();
    await expect.poll(() => page.url()).toBe(`${suite.server.url}/register`);
    await check('nl-register');

    await page.getByRole('navigation').getByRole('link', { name: 'Inloggen' }).click();
    await check('nl-login');
  });

  it('checks the registration form instantly with the shared schema, before sending', async () => {
    await page.goto(`${suite.server.url}/register`);
    await settled(page);
    let posted = false;
    page.on('request', (r) => {
      if (r.url().endsWith('/api/auth/register')) posted = true;
    });
    await page.getByLabel('E-mailadres').fill('niet-een-adres');
    await page.getByLabel('Wachtwoord').fill('kort');
    await page.getByRole('button', { name: 'Account maken' }).click();
    await expect.poll(() => page.getByText('Niet alles is goed ingevuld').count()).toBe(1);
    expect(await page.getByText('Vul dit in.').count()).toBe(1);
    expect(await page.getByText('Vul een geldig e-mailadres in').count()).toBe(1);
    expect(await page.getByText('Gebruik minstens 8 tekens.').count()).toBe(1);
    expect(await page.getByLabel('Je naam').getAttribute('aria-invalid')).toBe('true');
    expect(posted).toBe(false);
    await check('nl-register-errors');
  });

  it('registers a person who lands on the welcome steps, leaves them for later and fills in the profile', async () => {
    await page.getByLabel('Je naam').fill('Sara');
    await page.getByLabel('E-mailadres').fill(email);
    await page.getByLabel('Wachtwoord').fill(PASSWORD);
    await page.getByRole('button', { name: 'Account maken' }).click();
    await expect.poll(() => page.url()).toBe(`${suite.server.url}/welcome`);
    await page.getByRole('link', { name: 'Later invullen' }).click();
    await expect.poll(() => page.url()).toBe(`${suite.server.url}/profile`);
    await expect.poll(() => page.getByText('Hallo Sara').count()).toBe(1);

    await page.getByLabel('Postcode').fill('1012 AB');
    await expect.poll(() => page.getByText('Plaats: Amsterdam').count()).toBe(1);
    await page.getByLabel('Talen die je spreekt').selectOption('ar');
    await page.getByRole('button', { name: 'Toevoegen' }).first().click();
    await page.getByRole('textbox', { name: 'Wat kun je goed?' }).fill('Koken');
    await page.getByRole('textbox', { name: 'Wat kun je goed?' }).press('Enter');
    await page.getByRole('textbox', { name: 'Wat kun je goed?' }).fill('fietsen repareren');
    await page.getByRole('textbox', { name: 'Wat kun je goed?' }).press('Enter');
    await page.getByLabel('Weet ik niet').check();
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await expect.poll(() => page.getByText('Je gegevens zijn opgeslagen.').count()).toBe(1);
    expect(await page.getByRole('list', { name: 'Wat kun je goed?: gekozen' }).textContent()).toContain('koken');
    await check('nl-profile');

    const me = await page.evaluate(async () => (await fetch('/api/me')).json());
    expect(me.user).toMatchObject({
      postcode: '1012AB',
      place: 'Amsterdam',
      languages: ['ar'],
      skills: ['koken', 'fietsen repareren'],
      mayDoPaidWork: 'unknown',
    });

    // The address waits for its confirmation: the profile says so, and the mailed link confirms it.
    expect(await page.getByRole('heading', { name: 'Bevestig je e-mailadres' }).count()).toBe(1);
    await page.goto(await mailedLink(suite.server, email, '/verify-email'));
    await expect.poll(h1).toBe('E-mailadres bevestigen');
    await check('nl-verify-email');
    await page.getByRole('button', { name: 'Ja, dit is mijn adres' }).click();
    await expect.poll(() => page.getByText('Dank je wel. Je e-mailadres is bevestigd.').count()).toBe(1);
    await page.getByRole('link', { name: 'Naar je profiel' }).click();
    await expect.poll(() => page.getByText('Hallo Sara').count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Bevestig je e-mailadres' }).count()).toBe(0);
  });

  it('signs out and signs in again', async () => {
    await page.getByRole('button', { name: 'Uitloggen' }).last().click();
    await expect.poll(() => page.url()).toBe(`${suite.server.url}/`);
    await expect.poll(() => page.getByRole('navigation').getByRole('link', { name: 'Inloggen' }).count()).toBe(1);

    // A page for members sends a visitor to sign in, and back afterwards.
    await page.goto(`${suite.server.url}/profile`);
    await expect.poll(() => page.url()).toBe(`${suite.server.url}/login?next=%2Fprofile`);
    await page.getByLabel('E-mailadres').fill(email);
    await page.getByLabel('Wachtwoord').fill('niet het goede wachtwoord');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await expect.poll(() => page.getByText('Het e-mailadres of het wachtwoord klopt niet.').count()).toBe(1);
    suite.browser.problems.splice(0); // the refused sign-in is a 401 the browser logs; it was meant

    await page.getByLabel('Wachtwoord').fill(PASSWORD);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await expect.poll(() => page.url()).toBe(`${suite.server.url}/profile`);
    await expect.poll(() => page.getByText('Hallo Sara').count()).toBe(1);
    suite.browser.expectNoProblems();
  });

  it('switches to Arabic: right-to-left, remembered on the device and in the profile', async () => {
    await page.getByLabel('Taal', { exact: true }).selectOption('ar');
    await expect.poll(html).toEqual({ lang: 'ar', dir: 'rtl' });
    await expect.poll(h1).toBe('ملفي الشخصي');
    await expect
      .poll(async () => (await page.evaluate(async () => (await fetch('/api/me')).json())).user.locale)
      .toBe('ar');
    await page.reload();
    await expect.poll(html).toEqual({ lang: 'ar', dir: 'rtl' });
    await check('ar-profile');
  });

  it('registers an initiative and shows it, in Arabic', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'منظمة جديدة' }).click();
    await expect.poll(() => page.url()).toBe(`${suite.server.url}/organizations/new`);
    await check('ar-organization-new');

    await page.getByLabel('الاسم').fill('Buurtkeuken De Pijp');
    await page
      .getByLabel('ماذا تفعلون؟')
      .fill('Elke woensdag koken buurtbewoners samen een gezonde maaltijd.\nIedereen is welkom.');
    await page.getByLabel('الرمز البريدي').fill('1072');
    await expect.poll(() => page.getByText('المكان: Amsterdam').count()).toBe(1);
    await page.getByText('الغذاء', { exact: true }).click();
    await page.getByText('رعاية بعضنا بعضًا', { exact: true }).click();
    await page.getByText('المزيد عنكم').click();
    await page.getByLabel('تاريخ إقرار التطوع من UWV').fill('2025-03-01');
    await page.getByLabel('عدد المتطوعين').fill('24');
    await page.getByLabel('عدد الأشخاص الذين تصلون إليهم سنويًا').fill('600');
    await page.getByLabel('الإعانات الحكومية').fill('50');
    await page.getByLabel('التبرعات والصناديق').fill('30');
    await page.getByLabel('المبيعات والخدمات الخاصة').fill('10');
    await page.getByRole('button', { name: 'تسجيل', exact: true }).click();
    // The shared schema refuses an income mix that does not add up to 100, before sending.
    await expect.poll(() => page.getByText('يجب أن يكون مجموع النسب 100.').count()).toBe(1);
    await page.getByLabel('المبيعات والخدمات الخاصة').fill('20');
    await page.getByRole('button', { name: 'تسجيل', exact: true }).click();

    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/organizations\/(?!new$)[^/]+$/);
    organizationPath = new URL(page.url()).pathname;
    await expect.poll(h1).toBe('Buurtkeuken De Pijp');
    expect(await page.getByText('دورك هنا: مالك').count()).toBe(1);
    expect(await page.getByRole('listitem').filter({ hasText: 'الغذاء' }).count()).toBeGreaterThan(0);
    expect(await page.getByText('يُسمح لطالبي اللجوء بالتطوع هنا.').count()).toBe(1);
    await expect.poll(() => page.getByRole('heading', { name: 'الأعضاء' }).count()).toBe(1);
    await check('ar-organization');

    // The owner can change it; the change shows.
    await page.getByRole('link', { name: 'تعديل البيانات' }).click();
    await check('ar-organization-edit');
    await page.getByLabel('عدد المتطوعين').fill('30');
    await page.getByRole('button', { name: 'حفظ التغييرات' }).click();
    await expect.poll(() => page.url()).toBe(`${suite.server.url}${organizationPath}`);
    await expect.poll(() => page.locator('.facts dd').first().textContent()).toBe('30');
  });

  it('looks right in Arabic and Dutch on every signed-in page', async () => {
    await page.goto(`${suite.server.url}${aboutPath}`);
    await expect.poll(() => page.getByText('Buurtkeuken De Pijp').count()).toBe(1);
    await check('ar-home');

    await page.getByLabel('اللغة', { exact: true }).selectOption('nl');
    await expect.poll(html).toEqual({ lang: 'nl', dir: 'ltr' });
    await check('nl-home-signed-in');
    for (const [path, name] of [
      [organizationPath, 'nl-organization'],
      [`${organizationPath}/edit`, 'nl-organization-edit'],
      ['/organizations/new', 'nl-organization-new'],
    ] as const) {
      await page.goto(`${suite.server.url}${path}`);
      await check(name);
    }
  });

  it('shows registration and sign-in in Arabic to a visitor', async () => {
    await page.goto(`${suite.server.url}/profile`);
    await page.getByRole('button', { name: 'Uitloggen' }).last().click();
    await expect.poll(() => page.url()).toBe(`${suite.server.url}/`);
    await page.getByLabel('Taal', { exact: true }).selectOption('ar');
    await expect.poll(html).toEqual({ lang: 'ar', dir: 'rtl' });
    await page.getByRole('navigation').getByRole('link', { name: 'إنشاء حساب' }).click();
    await check('ar-register');
    await page.getByRole('navigation').getByRole('link', { name: 'تسجيل الدخول' }).click();
    await check('ar-login');
    // The organisation is public; members and editing are not.
    await page.goto(`${suite.server.url}${organizationPath}`);
    await settled(page);
    expect(await page.getByRole('heading', { name: 'الأعضاء' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'تعديل البيانات' }).count()).toBe(0);
    await check('ar-organization-visitor');

    // Mobile first, and a wide screen still reads well.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${suite.server.url}${aboutPath}`);
    await check('ar-home-desktop');
  });
});
