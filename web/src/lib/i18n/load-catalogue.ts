import { messageLoaders } from 'virtual:messages';
import type { Locale } from '../../../../shared/locales.ts';

/**
 * Every message file (`locales/<lang>/<namespace>.json`) is fetched when a page that shows its
 * messages opens, in the language being shown: the start page downloads only the namespaces it
 * renders (issue 13: its JavaScript ≤ 60 KB, those in one chunk per language), a page brings its
 * own with its code. The loaders come from web/vite/message-chunks.ts.
 */
export function loadNamespace(locale: Locale, namespace: string): Promise<Record<string, unknown>> {
  const load = messageLoaders[locale]?.[namespace];
  return load ? load() : Promise.reject(new Error(`There are no messages ${locale}/${namespace}`));
}
