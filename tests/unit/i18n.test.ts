import { describe, expect, it } from 'vitest';
import { pickLocale } from '../../shared/locales.ts';
import { shownText } from '../../web/src/lib/i18n/shown-text.ts';
import {
  buildCatalogues,
  formatList,
  intlTag,
  isSimpleMessage,
  parseMessage,
  placeholders,
  translate,
} from '../../web/src/lib/i18n/catalogue.ts';
import { firstPageMessages, initialChunks } from '../../web/vite/precompress.ts';
import { onBehalfHeader, setActingFor } from '../../web/src/lib/api/on-behalf.ts';
import ar from '../../web/src/locales/ar/listings.json' with { type: 'json' };
import nl from '../../web/src/locales/nl/listings.json' with { type: 'json' };
import en from '../../web/src/locales/en/listings.json' with { type: 'json' };

const catalogues = buildCatalogues({
  '../locales/nl/listings.json': nl,
  '../locales/en/listings.json': en,
  '../locales/ar/listings.json': ar,
});

describe('ICU messages', () => {
  it('gives Arabic its six plural forms', () => {
    const people = (count: number) => translate(catalogues, 'ar', 'listings.people', { count });
    expect([0, 1, 2, 4, 11, 100].map(people)).toEqual([
      'مطلوب 0 شخص',
      'مطلوب شخص واحد',
      'مطلوب شخصان',
      'مطلوب 4 أشخاص',
      'مطلوب 11 شخصًا',
      'مطلوب 100 شخص',
    ]);
    expect(translate(catalogues, 'ar', 'listings.hours', { hours: 4 })).toBe('حوالي 4 ساعات');
  });

  it('says one person in Dutch and English, and formats the number in the language', () => {
    expect(translate(catalogues, 'nl', 'listings.people', { count: 1 })).toBe('1 persoon gezocht');
    expect(translate(catalogues, 'nl', 'listings.people', { count: 2 })).toBe('2 mensen gezocht');
    expect(translate(catalogues, 'nl', 'listings.offer.capacity', { hours: 1200 })).toBe(
      'Ongeveer 1.200 uur per maand',
    );
    expect(translate(catalogues, 'en', 'listings.hours', { hours: 1 })).toBe('About 1 hour');
    expect(translate(catalogues, 'ar', 'listings.offer.capacity', { hours: 1200 })).toBe('حوالي 1,200 ساعة في الشهر');
  });

  it('finds the arguments of nested plurals', () => {
    expect(
      placeholders('{total, plural, one {{matched} van # ding: {skills}} other {{matched} van #: {skills}}}'),
    ).toEqual(['matched', 'skills', 'total']);
  });

  it('treats an apostrophe and angle brackets as text', () => {
    const c = buildCatalogues({ '../locales/nl/x.json': { a: "auto's <b>en</b> {name}" } });
    expect(translate(c, 'nl', 'x.a', { name: 'Sara' })).toBe("auto's <b>en</b> Sara");
  });

  it('dates Persian and Arabic in the Gregorian calendar with Latin digits, as Dutch letters and appointments are', () => {
    const day = new Date('2026-12-12T12:00:00Z');
    const date = (locale: 'fa' | 'ar') =>
      new Intl.DateTimeFormat(intlTag(locale), { day: 'numeric', month: 'long', year: 'numeric' }).format(day);
    expect(date('fa')).toMatch(/^12 .+ 2026$/);
    expect(date('ar')).toMatch(/^12 .+ 2026$/);
  });

  it('writes lists with the language\'s own comma and "and"', () => {
    expect(formatList('nl', ['Arabisch', 'Engels', 'Nederlands'])).toBe('Arabisch, Engels en Nederlands');
    // CLDR's Arabic joins every item with و; Persian uses the Arabic comma. Never a Latin comma.
    expect(formatList('ar', ['أ', 'ب', 'ج'])).toBe('أ وب وج');
    expect(formatList('fa', ['الف', 'ب', 'پ'])).toContain('،');
    expect(formatList('fa', ['الف', 'ب', 'پ'])).not.toContain(',');
  });
});

describe('first-visit language', () => {
  it('takes the first browser language we offer, by primary subtag', () => {
    expect(pickLocale(['de-DE', 'ti-ER', 'en'])).toBe('ti');
    expect(pickLocale(['fa-AF'])).toBe('fa');
    expect(pickLocale(['prs'])).toBe('fa');
    expect(pickLocale(['uk-UA', 'ru'])).toBe('uk');
    expect(pickLocale(['tr'])).toBe('tr');
    expect(pickLocale(['ar-MA', 'fr'])).toBe('ar');
  });
  it('gives English to a browser in none of them, Dutch only when it asks for Dutch', () => {
    expect(pickLocale(['de-DE', 'fr'])).toBe('en');
    expect(pickLocale([])).toBe('en');
    expect(pickLocale(['de', 'nl-BE'])).toBe('nl');
  });
});

describe("a listing in the reader's language", () => {
  const original = { title: 'Hulp in de moestuin', description: 'Wieden.' };
  const texts = {
    originalLanguage: 'nl',
    translations: [
      {
        language: 'ar',
        title: 'مساعدة في الحديقة',
        description: 'إزالة الأعشاب.',
        translatedBy: { id: 'u1', displayName: 'Amal' },
        translatedAt: '2026-12-06T07:00:00.000Z',
      },
    ],
    mayTranslate: [] as string[],
  };
  it("shows the translation into the reader's language, marked with its language", () => {
    expect(shownText(original, texts, 'ar', false)).toMatchObject({
      title: 'مساعدة في الحديقة',
      lang: 'ar',
      translated: true,
      translation: { translatedBy: { displayName: 'Amal' } },
    });
  });
  it('shows the original on request, and to readers without a translation, in its own language', () => {
    expect(shownText(original, texts, 'ar', true)).toMatchObject({
      title: 'Hulp in de moestuin',
      lang: 'nl',
      translated: true,
      translation: null,
    });
    expect(shownText(original, texts, 'tr', false)).toMatchObject({
      title: 'Hulp in de moestuin',
      lang: 'nl',
      translated: false,
    });
    expect(shownText(original, null, 'ar', false)).toMatchObject({
      title: 'Hulp in de moestuin',
      lang: undefined,
      translated: false,
    });
  });
});

describe('messages parsed at build time', () => {
  it('keeps only plain {name} messages as text; the rest become the AST the browser formats without a parser', () => {
    expect(isSimpleMessage('Hallo {name}, welkom.')).toBe(true);
    expect(isSimpleMessage("Auto's van {name}")).toBe(true);
    expect(isSimpleMessage('{count, plural, one {# uur} other {# uur}}')).toBe(false);
    expect(isSimpleMessage("Gebruik '{' niet")).toBe(false);
    expect(isSimpleMessage("it''s")).toBe(false);
  });

  it('formats every Dutch, English and Arabic message the same from text and from the parsed form', () => {
    const values = { count: 3, hours: 2, age: 18, min: 8, max: 5, total: 4, matched: 1, name: 'Sara' };
    for (const [lang, files] of [
      ['nl', { nl }],
      ['en', { en }],
      ['ar', { ar }],
    ] as const) {
      const raw = buildCatalogues({ [`../locales/${lang}/listings.json`]: Object.values(files)[0] });
      const parsed = buildCatalogues({
        [`../locales/${lang}/listings.json`]: JSON.parse(
          JSON.stringify(precompiled(Object.values(files)[0])),
        ) as unknown,
      });
      for (const key of raw[lang].keys()) {
        expect(translate(parsed, lang, key, values), `${lang} ${key}`).toBe(translate(raw, lang, key, values));
      }
    }
  });

  it("counts the start page's initial chunks: the entry and what it imports, not what it loads later", () => {
    const chunks = [
      { fileName: 'index.js', isEntry: true, imports: ['a.js'] },
      { fileName: 'a.js', isEntry: false, imports: ['b.js'] },
      { fileName: 'b.js', isEntry: false, imports: ['a.js'] },
      { fileName: 'lazy-page.js', isEntry: false, imports: ['a.js'] },
    ];
    expect(initialChunks(chunks).sort()).toEqual(['a.js', 'b.js', 'index.js']);
  });

  it("finds each language's first-page messages, which the start page fetches before its results too", () => {
    const chunks = [
      { fileName: 'index.js', isEntry: true, imports: [], facadeModuleId: '/web/src/main.ts' },
      { fileName: 'first-page-ar.js', isEntry: false, imports: [], facadeModuleId: '\0virtual:messages/first-page-ar' },
      { fileName: 'listings.js', isEntry: false, imports: [], facadeModuleId: '/web/src/locales/ar/listings.json' },
    ];
    expect([...firstPageMessages(chunks)]).toEqual([['ar', 'first-page-ar.js']]);
  });
});

/** What web/vite/precompile-messages.ts does to a catalogue file. */
function precompiled(value: unknown): unknown {
  if (typeof value === 'string') return isSimpleMessage(value) ? value : parseMessage(value);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, precompiled(v)]));
  return value;
}

describe('acting for someone', () => {
  it('adds the on-behalf header only to the acts a helper may do, and only while acting', () => {
    expect(onBehalfHeader('POST', '/offers')).toEqual({});
    setActingFor('person-1');
    expect(onBehalfHeader('POST', '/offers')).toEqual({ 'x-on-behalf-of': 'person-1' });
    expect(onBehalfHeader('POST', '/engagements/e1/hours')).toEqual({ 'x-on-behalf-of': 'person-1' });
    expect(onBehalfHeader('POST', '/engagements/e1/confirm')).toEqual({});
    expect(onBehalfHeader('PATCH', '/me')).toEqual({});
    expect(onBehalfHeader('GET', '/engagements')).toEqual({});
    setActingFor(null);
    expect(onBehalfHeader('POST', '/engagements')).toEqual({});
  });
});
