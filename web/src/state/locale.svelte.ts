import { localeCodes, locales, pickLocale, type Locale } from '../../../shared/locales.ts';
import {
  addNamespace,
  formatList,
  intlTag,
  isLocale,
  namespaceOf,
  translate,
  type Message,
  type MessageParams,
} from '../lib/i18n/catalogue.ts';
import { loadNamespace } from '../lib/i18n/load-catalogue.ts';
import status from '../locales/status.json' with { type: 'json' };

/**
 * The messages loaded so far: per language, the namespaces (message files) pages have asked for.
 * Only the language shown is loaded — the catalogue test keeps every language complete, so the
 * Dutch fallback of `translate` is not downloaded beside it.
 */
const catalogues = Object.fromEntries(localeCodes.map((l) => [l, new Map<string, Message>()])) as Record<
  Locale,
  Map<string, Message>
>;
const arrivedIn = Object.fromEntries(localeCodes.map((l) => [l, new Set<string>()])) as Record<Locale, Set<string>>;
const loading = Object.fromEntries(localeCodes.map((l) => [l, new Map<string, Promise<void>>()])) as Record<
  Locale,
  Map<string, Promise<void>>
>;
/** Namespaces whose download failed (offline): their keys show until a page asks for them again. */
const failedIn = Object.fromEntries(localeCodes.map((l) => [l, new Set<string>()])) as Record<Locale, Set<string>>;
/** The namespaces this visit has shown: a language switch loads all of them before it switches. */
const shown = new Set<string>();
/** Counts namespaces arrived (or failed), so messages asked for before they were here show once they are. */
let arrivals = $state(0);
const STORAGE_KEY = 'waardewerk.locale';

function storedLocale(): Locale | null {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v && isLocale(v) ? v : null;
  } catch {
    return null; // storage blocked (private mode): the choice lasts for this visit only
  }
}

/** Fetches a namespace in a language once; a failed download (offline) is tried again when a page asks for it. */
function fetchNamespace(l: Locale, namespace: string): Promise<void> {
  let p = loading[l].get(namespace);
  if (!p) {
    failedIn[l].delete(namespace);
    p = loadNamespace(l, namespace).then((content) => {
      addNamespace(catalogues[l], namespace, content);
      arrivedIn[l].add(namespace);
      arrivals += 1;
    });
    p.catch(() => {
      loading[l].delete(namespace);
      failedIn[l].add(namespace);
      arrivals += 1;
    });
    loading[l].set(namespace, p);
  }
  return p;
}

function fetchAll(l: Locale, namespaces: Iterable<string>): Promise<void> {
  return Promise.all([...namespaces].map((ns) => fetchNamespace(l, ns))).then(() => undefined);
}

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

  /** Loads these namespaces in the current language (the shell's before the app mounts, a page's with its code). */
  load(namespaces: Iterable<string>): Promise<void> {
    for (const ns of namespaces) shown.add(ns);
    return fetchAll(this.#current, namespaces);
  }

  /** Whether these namespaces are here in the current language (then a page can show at once). */
  has(namespaces: Iterable<string>): boolean {
    void arrivals;
    return [...namespaces].every((ns) => arrivedIn[this.#current].has(ns));
  }

  /** Switches once what is shown has its messages in the new language, so nothing shows half-translated. */
  async set(next: Locale): Promise<void> {
    await fetchAll(next, shown);
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
    const options: Intl.DateTimeFormatOptions = withTime
      ? { dateStyle: 'medium', timeStyle: 'short' }
      : { dateStyle: 'long' };
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

/**
 * Whether the namespace of `key` is here in the current language. If not, it is fetched — a
 * message outside what its page declared (routes.ts, route-messages.ts) still shows, a moment later.
 */
function present(key: string): boolean {
  void arrivals; // a caller in a template or $derived reads the message again when it arrives
  const namespace = namespaceOf(key);
  if (arrivedIn[locale.current].has(namespace)) return true;
  if (!failedIn[locale.current].has(namespace)) {
    shown.add(namespace);
    fetchNamespace(locale.current, namespace).catch(() => undefined);
  }
  return false;
}

/**
 * The message `key` (`namespace.path`) in the current language: ICU plurals and selects, `{param}`s
 * filled in. Empty while its namespace is on its way; the key itself when it could not be fetched.
 */
export function t(key: string, params?: MessageParams): string {
  if (!present(key) && loading[locale.current].has(namespaceOf(key))) return '';
  return translate(catalogues, locale.current, key, params);
}

/** Whether a message exists (for optional, data-driven keys). */
export function hasMessage(key: string): boolean {
  return present(key) && catalogues[locale.current].has(key);
}
