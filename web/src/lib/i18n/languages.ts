/**
 * Languages people pick from for their profile (ISO 639-1): the interface languages first, then
 * those most spoken by newcomers and neighbours in the Netherlands (docs/DOMAIN.md, Languages).
 * Names come from the browser (Intl.DisplayNames) in the interface language.
 */
export const spokenLanguages = [
  'nl',
  'en',
  'ar',
  'ti',
  'tr',
  'uk',
  'fa',
  'ps',
  'so',
  'ku',
  'am',
  'pl',
  'ro',
  'bg',
  'ru',
  'de',
  'fr',
  'es',
  'pt',
  'it',
  'zh',
  'hi',
  'ur',
  'sr',
  'hr',
  'bs',
] as const;
