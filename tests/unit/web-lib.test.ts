import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { registerBody } from '../../shared/schemas/accounts.ts';
import { createOrganizationBody } from '../../shared/schemas/organizations.ts';
import { ApiError, errorCodeOf } from '../../web/src/lib/api/client.ts';
import { countOf, numberText } from '../../web/src/components/listings/form/values.ts';
import { buildCatalogues, translate } from '../../web/src/lib/i18n/catalogue.ts';
import { safeNextPath } from '../../web/src/lib/router/next-path.ts';
import { isInternalHref, matchPath, pathTo } from '../../web/src/lib/router/route-match.ts';
import { fieldErrorsFromApi, fieldErrorsFromZod } from '../../web/src/lib/forms/validation.ts';

describe('route matching', () => {
  it('matches static paths and extracts params', () => {
    expect(matchPath('/', '/')).toEqual({});
    expect(matchPath('/profile', '/profile/')).toEqual({});
    expect(matchPath('/organizations/:id', '/organizations/abc')).toEqual({ id: 'abc' });
    expect(matchPath('/organizations/:id/edit', '/organizations/a%20b/edit')).toEqual({ id: 'a b' });
  });
  it('refuses other lengths, other segments and malformed escapes', () => {
    expect(matchPath('/organizations/:id', '/organizations')).toBeNull();
    expect(matchPath('/organizations/:id', '/organizations/a/edit')).toBeNull();
    expect(matchPath('/profile', '/profiles')).toBeNull();
    expect(matchPath('/organizations/:id', '/organizations/%E0%A4%A')).toBeNull();
  });
  it('builds paths with encoded params', () => {
    expect(pathTo('/organizations/:id/edit', { id: 'a/b' })).toBe('/organizations/a%2Fb/edit');
    expect(pathTo('/profile')).toBe('/profile');
  });
  it('leaves other sites and the API to the browser', () => {
    const origin = 'https://waardewerk.example';
    expect(isInternalHref('/profile', origin)).toBe(true);
    expect(isInternalHref('https://waardewerk.example/organizations/1', origin)).toBe(true);
    expect(isInternalHref('https://other.example/', origin)).toBe(false);
    expect(isInternalHref('/api/me/export', origin)).toBe(false);
  });
  it('only follows ?next= to a path on this site', () => {
    expect(safeNextPath('/organizations/new', '/profile')).toBe('/organizations/new');
    expect(safeNextPath('//evil.example/x', '/profile')).toBe('/profile');
    expect(safeNextPath('https://evil.example', '/profile')).toBe('/profile');
    expect(safeNextPath('/\\evil.example', '/profile')).toBe('/profile');
    expect(safeNextPath(null, '/profile')).toBe('/profile');
  });
});

describe('translate', () => {
  const catalogues = buildCatalogues({
    '../locales/nl/auth.json': {
      login: { title: 'Inloggen', hello: 'Hallo {name}, je hebt {n} berichten' },
      onlyNl: 'Alleen NL',
    },
    '../locales/en/auth.json': { login: { title: 'Sign in', hello: 'Hello {name}, you have {n} messages' } },
    '../locales/ar/auth.json': { login: { title: 'تسجيل الدخول' } },
  });
  it('finds nested keys by namespace and fills placeholders', () => {
    expect(translate(catalogues, 'en', 'auth.login.title')).toBe('Sign in');
    expect(translate(catalogues, 'nl', 'auth.login.hello', { name: 'Sara', n: 3 })).toBe(
      'Hallo Sara, je hebt 3 berichten',
    );
  });
  it('falls back to Dutch, then to the visible key', () => {
    expect(translate(catalogues, 'ar', 'auth.onlyNl')).toBe('Alleen NL');
    expect(translate(catalogues, 'en', 'auth.nope')).toBe('auth.nope');
  });
  it('leaves a placeholder without a value visible', () => {
    expect(translate(catalogues, 'en', 'auth.login.hello', { name: 'Sam' })).toBe('Hello Sam, you have {n} messages');
  });
  it('refuses a catalogue file outside the locales layout', () => {
    expect(() => buildCatalogues({ '../other/nl.json': {} })).toThrow(/Unexpected catalogue file/);
  });
});

describe('field messages', () => {
  it("turns the shared schemas' failures into translatable keys per field", () => {
    const result = registerBody.safeParse({ email: 'not-an-email', password: 'short', displayName: '' });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(fieldErrorsFromZod(result.error)).toEqual({
      email: { key: 'validation.email' },
      password: { key: 'validation.tooShort', params: { min: 8 } },
      displayName: { key: 'validation.required' },
    });
  });
  it('explains postcode, KvK, numbers and the income mix sum', () => {
    const result = createOrganizationBody.safeParse({
      name: 'Buurtkeuken',
      type: 'initiative',
      postcode: '12',
      kvkNumber: '123',
      volunteers: Number.NaN,
      incomeMix: { subsidiesPct: 50, donationsPct: 20, ownIncomePct: 20 },
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(fieldErrorsFromZod(result.error)).toMatchObject({
      postcode: { key: 'validation.pattern.postcode' },
      kvkNumber: { key: 'validation.pattern.kvkNumber' },
      volunteers: { key: 'validation.number' },
      'incomeMix.ownIncomePct': { key: 'validation.incomeMixSum' },
    });
  });
  it('keeps only the first problem of a field', () => {
    const schema = z.object({ a: z.string().min(3).regex(/x/) });
    const result = schema.safeParse({ a: 'b' });
    if (result.success) throw new Error('expected failure');
    expect(Object.keys(fieldErrorsFromZod(result.error))).toEqual(['a']);
  });
  it('translates server field errors by their code', () => {
    expect(fieldErrorsFromApi(new ApiError(409, 'email_taken', 'taken', { email: 'taken' }))).toEqual({
      email: { key: 'errors.email_taken' },
    });
    expect(fieldErrorsFromApi(new ApiError(400, 'invalid_input', 'bad', { name: 'Too long' }))).toEqual({
      name: { key: 'validation.invalid' },
    });
  });
});

describe('errorCodeOf', () => {
  it("keeps the API's code and calls anything else internal", () => {
    expect(errorCodeOf(new ApiError(404, 'not_found', 'Not found'))).toBe('not_found');
    expect(errorCodeOf(new ApiError(0, 'network', 'offline'))).toBe('network');
    expect(errorCodeOf(new TypeError('x is undefined'))).toBe('internal');
    expect(errorCodeOf('a string')).toBe('internal');
  });
});

describe('listing form values', () => {
  it('turns stored numbers into input text and back', () => {
    expect(numberText(null)).toBe('');
    expect(numberText(undefined)).toBe('');
    expect(numberText(0)).toBe('0');
    expect(numberText(12)).toBe('12');
    expect(countOf('')).toBeNull();
    expect(countOf('  ')).toBeNull();
    expect(countOf(' 40 ')).toBe(40);
    expect(countOf('veertig')).toBeNaN();
  });
});
