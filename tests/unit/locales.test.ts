import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { errorCodes } from '../../shared/error-codes.ts';
import { defaultLocale, localeCodes } from '../../shared/locales.ts';
import { domainCodes, memberRoles, organizationTypes, paidWorkAnswers } from '../../shared/vocabulary.ts';
import { buildCatalogues, placeholders } from '../../web/src/lib/i18n/catalogue.ts';

const root = fileURLToPath(new URL('../../web/src/locales/', import.meta.url));

/** The catalogue files as import.meta.glob hands them to the web app. */
function readCatalogueFiles(): Record<string, unknown> {
  const files: Record<string, unknown> = {};
  for (const lang of readdirSync(root)) {
    for (const file of readdirSync(`${root}${lang}`)) {
      files[`../locales/${lang}/${file}`] = JSON.parse(readFileSync(`${root}${lang}/${file}`, 'utf8'));
    }
  }
  return files;
}

const catalogues = buildCatalogues(readCatalogueFiles());
const reference = catalogues[defaultLocale];

describe('translation catalogues', () => {
  it('has a folder for every interface language and nothing else', () => {
    expect(readdirSync(root).sort()).toEqual([...localeCodes].sort());
  });

  it('has the same namespaces (files) in every language', () => {
    const namespaces = (lang: string) => readdirSync(`${root}${lang}`).sort();
    for (const lang of localeCodes) expect(namespaces(lang), lang).toEqual(namespaces(defaultLocale));
  });

  for (const lang of localeCodes.filter((l) => l !== defaultLocale)) {
    it(`${lang}: every Dutch key exists, and no key exists only in ${lang}`, () => {
      const keys = catalogues[lang];
      expect([...reference.keys()].filter((k) => !keys.has(k)), 'missing').toEqual([]);
      expect([...keys.keys()].filter((k) => !reference.has(k)), 'extra').toEqual([]);
    });

    it(`${lang}: every message uses the same {placeholders} as Dutch`, () => {
      const mismatches = [...reference].filter(([key, nl]) => {
        const other = catalogues[lang].get(key);
        return other !== undefined && placeholders(other).join() !== placeholders(nl).join();
      });
      expect(mismatches.map(([k]) => k)).toEqual([]);
    });
  }

  it('has no empty message', () => {
    for (const lang of localeCodes) {
      const empty = [...catalogues[lang]].filter(([, v]) => v.trim() === '').map(([k]) => k);
      expect(empty, lang).toEqual([]);
    }
  });

  it('Arabic is written in Arabic, not copied from English', () => {
    const arabicScript = /[\u0600-\u06FF]/;
    const notArabic = [...catalogues.ar].filter(([, v]) => !arabicScript.test(v)).map(([k]) => k);
    expect(notArabic).toEqual([]);
  });

  it('translates every API error code, and the web-only network error', () => {
    for (const code of [...errorCodes, 'network']) expect(reference.has(`errors.${code}`), code).toBe(true);
  });

  it('translates the shared vocabulary (domains, organisation types, roles, paid-work answers)', () => {
    const keys = [
      ...domainCodes.map((c) => `domains.${c}`),
      ...organizationTypes.flatMap((c) => [`organizations.types.${c}`, `organizations.typeHints.${c}`]),
      ...memberRoles.map((c) => `organizations.roles.${c}`),
      ...paidWorkAnswers.map((c) => `profile.paidWork.${c}`),
    ];
    expect(keys.filter((k) => !reference.has(k))).toEqual([]);
  });
});
