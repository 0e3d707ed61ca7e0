import type { Locale } from '../../../../shared/locales.ts';

/**
 * Every message file (`locales/<lang>/<namespace>.json`) is a chunk of its own, fetched when a page
 * that shows its messages is opened, in the language being shown: the start page downloads only the
 * namespaces it renders (issue 13: its JavaScript ≤ 60 KB), a page brings its own with its code.
 */
const files = import.meta.glob<Record<string, unknown>>('../../locales/*/*.json', { import: 'default' });

/** The messages of one namespace in one language, as the file holds them (messages parsed at build time). */
export function loadNamespace(locale: Locale, namespace: string): Promise<Record<string, unknown>> {
  const load = files[`../../locales/${locale}/${namespace}.json`];
  return load ? load() : Promise.reject(new Error(`There are no messages ${locale}/${namespace}`));
}
