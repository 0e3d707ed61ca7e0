import type { Locale } from '../../../../shared/locales.ts';
import { buildCatalogues, type Catalogue } from './catalogue.ts';

/**
 * One chunk per language, so a visitor downloads only the messages they read (plus Dutch, the
 * fallback). Literal imports, so Vite sees each chunk; a language without catalogue files yet is an
 * empty chunk and shows the Dutch fallback.
 */
const bundles: Record<Locale, () => Promise<{ default: Record<string, unknown> }>> = {
  nl: () => import('./bundles/nl.ts'),
  en: () => import('./bundles/en.ts'),
  ar: () => import('./bundles/ar.ts'),
  ti: () => import('./bundles/ti.ts'),
  tr: () => import('./bundles/tr.ts'),
  uk: () => import('./bundles/uk.ts'),
  fa: () => import('./bundles/fa.ts'),
};

export async function loadCatalogue(locale: Locale): Promise<Catalogue> {
  const files = (await bundles[locale]()).default;
  return buildCatalogues(files)[locale];
}
