/**
 * Interface languages, with their names in their own script and writing direction. The first is
 * the default. Persian carries Dari too (the same written language, as Afghan newcomers read it).
 */
export const locales = [
  { code: 'nl', name: 'Nederlands', dir: 'ltr' },
  { code: 'en', name: 'English', dir: 'ltr' },
  { code: 'ar', name: 'العربية', dir: 'rtl' },
  { code: 'ti', name: 'ትግርኛ', dir: 'ltr' },
  { code: 'tr', name: 'Türkçe', dir: 'ltr' },
  { code: 'uk', name: 'Українська', dir: 'ltr' },
  { code: 'fa', name: 'فارسی / دری', dir: 'rtl' },
] as const;

export type Locale = (typeof locales)[number]['code'];
export const localeCodes = locales.map((l) => l.code) as [Locale, ...Locale[]];
export const defaultLocale: Locale = 'nl';

/** A browser that asks for none of our languages gets English (unless it asks for Dutch: then Dutch matched). */
export const fallbackBrowserLocale: Locale = 'en';

/** Language tags that mean one of ours under another code: Dari (`prs`) and Iranian Persian (`pes`) read `fa`. */
const aliases: Record<string, Locale> = { prs: 'fa', pes: 'fa' };

/**
 * The interface language for a first visit: the first of the browser's languages (in its order of
 * preference) that we offer, by primary subtag (`ar-MA` → `ar`, `fa-AF` → `fa`), else English.
 */
export function pickLocale(browserLanguages: readonly string[]): Locale {
  for (const tag of browserLanguages) {
    const base = tag.split(/[-_]/)[0]?.toLowerCase() ?? '';
    const code = aliases[base] ?? base;
    const found = locales.find((l) => l.code === code);
    if (found) return found.code;
  }
  return fallbackBrowserLocale;
}
