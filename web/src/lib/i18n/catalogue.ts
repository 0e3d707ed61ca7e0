import { defaultLocale, localeCodes, type Locale } from '../../../../shared/locales.ts';

/** One language's messages, flattened: `auth.login.title` → text. */
export type Catalogue = ReadonlyMap<string, string>;
export type MessageParams = Record<string, string | number>;

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function flatten(prefix: string, value: Json, into: Map<string, string>): void {
  if (typeof value === 'string') {
    into.set(prefix, value);
    return;
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(`${prefix}.${k}`, v, into);
    return;
  }
  throw new Error(`Message ${prefix} must be text or a group of messages`);
}

/**
 * Merges per-namespace files (`locales/<lang>/<namespace>.json`, as `import.meta.glob` returns
 * them) into one catalogue per language. Each namespace is its own file so engineers adding a
 * feature never edit the same file.
 */
export function buildCatalogues(files: Record<string, unknown>): Record<Locale, Catalogue> {
  const out = Object.fromEntries(localeCodes.map((l) => [l, new Map<string, string>()])) as Record<Locale, Map<string, string>>;
  for (const [path, content] of Object.entries(files)) {
    const match = /\/locales\/([a-z]{2})\/([a-z][a-zA-Z0-9_-]*)\.json$/.exec(path);
    if (!match) throw new Error(`Unexpected catalogue file ${path}`);
    const [, lang = '', namespace = ''] = match;
    if (!isLocale(lang)) continue; // a language being prepared but not offered yet
    flatten(namespace, content as Json, out[lang]);
  }
  return out;
}

export function isLocale(value: string): value is Locale {
  return (localeCodes as readonly string[]).includes(value);
}

const placeholder = /\{(\w+)\}/g;

/** `{name}` placeholders in a message. */
export function placeholders(message: string): string[] {
  return [...message.matchAll(placeholder)].map((m) => m[1] ?? '').sort();
}

/**
 * The message for `key` in `catalogue`, falling back to the default language and at last to the key
 * itself (visible, so a missing translation is noticed rather than hidden).
 */
export function translate(catalogues: Record<Locale, Catalogue>, locale: Locale, key: string, params?: MessageParams): string {
  const message = catalogues[locale].get(key) ?? catalogues[defaultLocale].get(key);
  if (message === undefined) return key;
  if (!params) return message;
  return message.replace(placeholder, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
