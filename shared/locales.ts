/** Interface languages, with writing direction. The first is the default. */
export const locales = [
  { code: 'nl', name: 'Nederlands', dir: 'ltr' },
  { code: 'en', name: 'English', dir: 'ltr' },
  { code: 'ar', name: 'العربية', dir: 'rtl' },
] as const;

export type Locale = (typeof locales)[number]['code'];
export const localeCodes = locales.map((l) => l.code) as [Locale, ...Locale[]];
export const defaultLocale: Locale = 'nl';
