import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { errorCodes } from '../../shared/error-codes.ts';
import { defaultLocale, localeCodes, locales, type Locale } from '../../shared/locales.ts';
import { domainCodes, memberRoles, organizationTypes, paidWorkAnswers } from '../../shared/vocabulary.ts';
import { buildCatalogues, parseMessage, placeholders, type Message } from '../../web/src/lib/i18n/catalogue.ts';

const root = fileURLToPath(new URL('../../web/src/locales/', import.meta.url));
const repo = fileURLToPath(new URL('../../', import.meta.url));

/** The catalogue files as import.meta.glob hands them to the web app. */
function readCatalogueFiles(): Record<string, unknown> {
  const files: Record<string, unknown> = {};
  for (const lang of languageFolders()) {
    for (const file of readdirSync(`${root}${lang}`)) {
      files[`../locales/${lang}/${file}`] = JSON.parse(readFileSync(`${root}${lang}/${file}`, 'utf8'));
    }
  }
  return files;
}

function languageFolders(): string[] {
  return readdirSync(root).filter((f) => statSync(join(root, f)).isDirectory());
}

const checked = localeCodes;

/** The files as written hold text only (the web build parses some messages ahead of time, tests read them as written). */
function text(message: Message): string {
  if (typeof message !== 'string') throw new Error('a catalogue file holds text only');
  return message;
}
const catalogues = buildCatalogues(readCatalogueFiles());
const reference = catalogues[defaultLocale];
const status = JSON.parse(readFileSync(`${root}status.json`, 'utf8')) as Record<
  string,
  { reviewed: boolean; reviewedBy: string | null; role: string }
>;

describe('translation catalogues', () => {
  it('has catalogues for every interface language', () => {
    expect(localeCodes.filter((l) => !existsSync(`${root}${l}`))).toEqual([]);
  });

  it('has folders only for interface languages, and status.json and README.md beside them', () => {
    expect(languageFolders().filter((f) => !(localeCodes as readonly string[]).includes(f))).toEqual([]);
    expect(
      readdirSync(root)
        .filter((f) => !languageFolders().includes(f))
        .sort(),
    ).toEqual(['README.md', 'status.json']);
  });

  it('says for every interface language whether a native speaker reviewed it', () => {
    expect(Object.keys(status).sort()).toEqual([...localeCodes].sort());
    for (const l of localeCodes) {
      expect(typeof status[l]?.reviewed, l).toBe('boolean');
      if (status[l]?.reviewed) expect(status[l]?.reviewedBy, `${l} reviewed by whom`).toBeTruthy();
    }
  });

  it('names every language in its own script, with its direction', () => {
    expect(locales.map((l) => [l.code, l.dir])).toEqual([
      ['nl', 'ltr'],
      ['en', 'ltr'],
      ['ar', 'rtl'],
      ['ti', 'ltr'],
      ['tr', 'ltr'],
      ['uk', 'ltr'],
      ['fa', 'rtl'],
    ]);
    const script: Record<Locale, RegExp> = {
      nl: /^[A-Za-z]+$/,
      en: /^[A-Za-z]+$/,
      ar: /^[\u0600-\u06FF]+$/,
      ti: /^[\u1200-\u137F]+$/,
      tr: /^[A-Za-zçÇğĞıİöÖşŞüÜ]+$/,
      uk: /^[\u0400-\u04FF]+$/,
      fa: /^[\u0600-\u06FF /]+$/,
    };
    for (const l of locales) expect(l.name, l.code).toMatch(script[l.code]);
  });

  for (const lang of checked.filter((l) => l !== defaultLocale)) {
    it(`${lang}: has the same namespaces (files) as Dutch`, () => {
      expect(readdirSync(`${root}${lang}`).sort()).toEqual(readdirSync(`${root}${defaultLocale}`).sort());
    });

    it(`${lang}: every Dutch key exists, and no key exists only in ${lang}`, () => {
      const keys = catalogues[lang];
      expect(
        [...reference.keys()].filter((k) => !keys.has(k)),
        'missing',
      ).toEqual([]);
      expect(
        [...keys.keys()].filter((k) => !reference.has(k)),
        'extra',
      ).toEqual([]);
    });

    it(`${lang}: every message takes the same arguments as Dutch`, () => {
      const mismatches = [...reference].filter(([key, nl]) => {
        const other = catalogues[lang].get(key);
        return other !== undefined && placeholders(other).join() !== placeholders(nl).join();
      });
      expect(mismatches.map(([k]) => k)).toEqual([]);
    });
  }

  for (const lang of checked) {
    it(`${lang}: every message is valid ICU MessageFormat, with the plural forms its language has`, () => {
      const broken: string[] = [];
      for (const [key, message] of catalogues[lang]) {
        try {
          parseMessage(text(message));
        } catch (err) {
          broken.push(`${key}: ${(err as Error).message}`);
        }
      }
      expect(broken).toEqual([]);
      const needed = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
      const plural = /\{\s*\w+\s*,\s*plural\s*,/;
      const incomplete = [...catalogues[lang]]
        .filter(([, m]) => plural.test(text(m)) && needed.some((c) => !new RegExp(`[\\s}]${c}\\s*\\{`).test(text(m))))
        .map(([k]) => k);
      expect(incomplete, `plurals without every form of ${lang} (${needed.join(', ')})`).toEqual([]);
    });

    it(`${lang}: has no empty message`, () => {
      expect([...catalogues[lang]].filter(([, v]) => text(v).trim() === '').map(([k]) => k)).toEqual([]);
    });
  }

  it('Arabic and Persian are written in Arabic script, not copied from English', () => {
    const arabicScript = /[\u0600-\u06FF]/;
    for (const lang of checked.filter((l) => l === 'ar' || l === 'fa')) {
      expect(
        [...catalogues[lang]].filter(([, v]) => !arabicScript.test(text(v))).map(([k]) => k),
        lang,
      ).toEqual([]);
    }
  });

  it('uses every Dutch key somewhere in the code', () => {
    const unused = [...reference.keys()].filter((k) => !usedInCode(k));
    expect(unused).toEqual([]);
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

function sources(dir: string, out: string[] = []): string[] {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) {
      if (f !== 'locales') sources(p, out);
    } else if (/\.(ts|svelte)$/.test(f)) out.push(readFileSync(p, 'utf8'));
  }
  return out;
}

/**
 * Keys named in the code: literally (`'search.count.all'`), or by a template whose `${…}` parts
 * stand for codes (`errors.${code}` covers `errors.conflict`). A template that is only
 * `namespace.${code}` (error codes, texts the server writes like `engagement.event.applied`)
 * covers a key only when the rest of the key is itself written in the code. Matching's reason texts are checked
 * against what the scorer emits in matching-scoring.test.ts.
 */
const code = ['web/src', 'shared', 'server'].flatMap((d) => sources(join(repo, d))).join('\n');
const literals = new Set([...code.matchAll(/(['"`])([a-zA-Z][\w.-]*)\1/g)].map((m) => m[2] ?? ''));
const templates = [...code.matchAll(/`([a-zA-Z][\w-]*\.[^`]*?\$\{[^`]*)`/g)].map((m) => m[1] ?? '');
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const patterns = templates.map((tpl) => {
  const parts = tpl.split(/\$\{[^}]*\}/);
  const namespaceOnly = parts.length === 2 && /^[a-zA-Z]+\.$/.test(parts[0] ?? '') && parts[1] === '';
  return { namespaceOnly, prefix: parts[0] ?? '', regex: new RegExp(`^${parts.map(escape).join('[\\w.-]+')}$`) };
});

function usedInCode(key: string): boolean {
  if (key.startsWith('matching.')) return true;
  if (literals.has(key)) return true;
  return patterns.some((p) =>
    p.namespaceOnly ? key.startsWith(p.prefix) && literals.has(key.slice(p.prefix.length)) : p.regex.test(key),
  );
}
