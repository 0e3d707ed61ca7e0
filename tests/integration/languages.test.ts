import { execFileSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { localeCodes } from '../../shared/locales.ts';
import { describeEachDialect } from '../helpers/app.ts';
import { confirmWork, createOrganization, expectStatus, hasPoppler } from '../helpers/recognition.ts';

describeEachDialect('interface languages', (t) => {
  it('registers people in each of the seven languages and stores it in the profile', async () => {
    for (const locale of localeCodes) {
      const res = await t().inject({
        method: 'POST',
        url: '/api/auth/register',
        payload: { email: `lang-${locale}@example.org`, password: 'tulpen in de lente', displayName: locale, locale },
      });
      expect(res.statusCode, locale).toBe(201);
      expect(res.json().user.locale).toBe(locale);
    }
    expect(localeCodes).toEqual(['nl', 'en', 'ar', 'ti', 'tr', 'uk', 'fa']);
  });

  it('switches the profile to Persian and refuses a language we do not offer', async () => {
    const person = await t().register();
    const res = await person.inject({ method: 'PATCH', url: '/api/me', payload: { locale: 'fa' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().user.locale).toBe('fa');
    const refused = await person.inject({ method: 'PATCH', url: '/api/me', payload: { locale: 'de' } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({ code: 'invalid_input', fields: { locale: expect.any(String) } });
  });

  it('issues the certificate in Tigrinya (Ethiopic script) and Persian (right to left), then in Dutch', async () => {
    const coordinator = await t().register({ displayName: 'Coördinator' });
    const org = await createOrganization(coordinator, { name: 'Buurttuin De Wilg' });
    for (const [locale, title] of [
      ['ti', 'ምስክር ወረቐት ስራሕ'],
      ['fa', 'گواهی کار'],
    ] as const) {
      const person = await t().register({ displayName: `Persoon ${locale}` });
      await expectStatus(await person.inject({ method: 'PATCH', url: '/api/me', payload: { locale } }), 200);
      await confirmWork({ coordinator, organizationId: org, worker: person, minutes: 90 });
      const res = await person.inject({ method: 'GET', url: '/api/me/certificate.pdf' });
      await expectStatus(res, 200);
      if (!hasPoppler) continue;
      const text = execFileSync('pdftotext', ['-', '-'], { input: res.rawPayload }).toString('utf8');
      expect(text).toContain('Bewijs van werk');
      if (locale === 'ti') expect(text).toContain(title);
    }
  });
});
