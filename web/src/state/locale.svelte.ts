import { defaultLocale, locales, pickLocale, type Locale } from '../../../shared/locales.ts';
import { buildCatalogues, formatList, intlTag, isLocale, translate, type Catalogue, type MessageParams } from '../lib/i18n/catalogue.ts';
import { loadCatalogue } from '../lib/i18n/load-catalogue.ts';
import status from '../locales/status.json' with { type: 'json' };

/** Loaded catalogues; a language not loaded yet is empty (only languages being shown are loaded). */
const catalogues: Record<Locale, Catalogue> = buildCatalogues({});
const loading = new Map<Locale, Promise<void>>();
const STORAGE_KEY = 'waardewerk.locale';

function storedLocale(): Locale | null {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v && isLocale(v) ? v : null;
  } catch {
    return null; // storage blocked (private mode): the choice lasts for this visit only
  }
}

function ensureLoaded(l: Locale): Promise<void> {
  let p = loading.get(l);
  if (!p) {
    p = loadCatalogue(l).then((c) => {
      catalogues[l] = c;
    });
    // A failed download (offline) may be tried again on the next switch.
    p.catch(() => loading.delete(l));
    loading.set(l, p);
  }
  return p;
}

/** Its messages and Dutch (the fallback for a message not translated yet). */
const loadWithFallback = (l: Locale) => Promise.all([ensureLoaded(l), ensureLoaded(defaultLocale)]).then(() => undefined);

/** The interface language. Changing it updates `<html lang dir>` and is remembered on this device. */
class LocaleState {
  /** Stored choice, else the browser's first language we offer, else English. */
  #current = $state<Locale>(storedLocale() ?? pickLocale(navigator.languages ?? [navigator.language]));

  get current(): Locale {
    return this.#current;
  }
  get dir(): 'ltr' | 'rtl' {
    return locales.find((l) => l.code === this.#current)?.dir ?? 'ltr';
  }
  /** Whether the person chose a language on this device (then it wins over the profile's). */
  get chosenOnDevice(): boolean {
    return storedLocale() !== null;
  }
  /** False while no native speaker has checked this language's messages (web/src/locales/status.json). */
  get reviewed(): boolean {
    return status[this.#current].reviewed;
  }

  /** Loads the current language's messages; the app mounts after this. */
  ready(): Promise<void> {
    return loadWithFallback(this.#current);
  }

  /** Switches once the language's messages are here, so nothing shows in a half-loaded language. */
  async set(next: Locale): Promise<void> {
    await loadWithFallback(next);
    this.#current = next;
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // see storedLocale
    }
    this.apply();
  }

  apply(): void {
    document.documentElement.lang = this.#current;
    document.documentElement.dir = this.dir;
  }

  /** Numbers in the interface language (Latin digits also in Arabic and Persian, like postcodes and phone numbers). */
  number(n: number): string {
    return new Intl.NumberFormat(intlTag(this.#current)).format(n);
  }
  date(iso: string, withTime = false): string {
    const options: Intl.DateTimeFormatOptions = withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'long' };
    return new Intl.DateTimeFormat(intlTag(this.#current), options).format(new Date(iso));
  }
  /** Items as a list in the interface language (`formatList`). */
  list(items: readonly string[]): string {
    return formatList(this.#current, items);
  }
  /** A language's name in the interface language: `ti` → "Tigrinya" / "Tigrinya" / "التيغرينية". */
  languageName(code: string): string {
    try {
      return new Intl.DisplayNames([intlTag(this.#current)], { type: 'language' }).of(code) ?? code;
    } catch {
      return code;
    }
  }
}

export const locale = new LocaleState();

/** The message `key` (`namespace.path`) in the current language: ICU plurals and selects, `{param}`s filled in. */
export function t(key: string, params?: MessageParams): string {
  return translate(catalogues, locale.current, key, params);
}

/** Whether a message exists (for optional, data-driven keys). */
export function hasMessage(key: string): boolean {
  return catalogues[defaultLocale].has(key);
}
