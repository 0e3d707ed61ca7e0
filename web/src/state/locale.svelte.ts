import { defaultLocale, locales, type Locale } from '../../../shared/locales.ts';
import { buildCatalogues, isLocale, translate, type MessageParams } from '../lib/i18n/catalogue.ts';

const catalogues = buildCatalogues(import.meta.glob('../locales/*/*.json', { eager: true, import: 'default' }));
const STORAGE_KEY = 'waardewerk.locale';

function storedLocale(): Locale | null {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v && isLocale(v) ? v : null;
  } catch {
    return null; // storage blocked (private mode): the choice lasts for this visit only
  }
}

/** The first language the browser prefers that we offer, else Dutch. */
function browserLocale(): Locale {
  for (const tag of navigator.languages ?? []) {
    const base = tag.slice(0, 2).toLowerCase();
    if (isLocale(base)) return base;
  }
  return defaultLocale;
}

/** The interface language. Changing it updates `<html lang dir>` and is remembered on this device. */
class LocaleState {
  #current = $state<Locale>(storedLocale() ?? browserLocale());

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

  set(locale: Locale): void {
    this.#current = locale;
    try {
      localStorage.setItem(STORAGE_KEY, locale);
    } catch {
      // see storedLocale
    }
    this.apply();
  }

  apply(): void {
    document.documentElement.lang = this.#current;
    document.documentElement.dir = this.dir;
  }

  /** Numbers in the interface language (Latin digits also in Arabic, like postcodes and phone numbers). */
  number(n: number): string {
    return new Intl.NumberFormat(this.#intlTag()).format(n);
  }
  date(iso: string, withTime = false): string {
    const options: Intl.DateTimeFormatOptions = withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'long' };
    return new Intl.DateTimeFormat(this.#intlTag(), options).format(new Date(iso));
  }
  /** A language's name in the interface language: `ti` → "Tigrinya" / "Tigrinya" / "التيغرينية". */
  languageName(code: string): string {
    try {
      return new Intl.DisplayNames([this.#intlTag()], { type: 'language' }).of(code) ?? code;
    } catch {
      return code;
    }
  }
  #intlTag(): string {
    return this.#current === 'ar' ? 'ar-u-nu-latn' : this.#current;
  }
}

export const locale = new LocaleState();

/** The message `key` (`namespace.path`) in the current language, with `{param}`s filled in. */
export function t(key: string, params?: MessageParams): string {
  return translate(catalogues, locale.current, key, params);
}

/** Whether a message exists (for optional, data-driven keys). */
export function hasMessage(key: string): boolean {
  return catalogues[defaultLocale].has(key);
}
