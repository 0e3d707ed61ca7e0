import { IntlMessageFormat } from 'intl-messageformat';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { defaultLocale, localeCodes, type Locale } from '../../../../shared/locales.ts';

/**
 * One language's messages, flattened: `auth.login.title` → ICU MessageFormat text, or (in the web
 * build) the message already parsed, for messages with plurals or selects (`web/vite/precompile-messages.ts`).
 */
export type Message = string | MessageFormatElement[];
export type Catalogue = ReadonlyMap<string, Message>;
export type MessageParams = Record<string, string | number>;

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function flatten(prefix: string, value: Json, into: Map<string, Message>): void {
  if (typeof value === 'string') {
    into.set(prefix, value);
    return;
  }
  if (Array.isArray(value)) {
    into.set(prefix, value as unknown as MessageFormatElement[]); // parsed at build time
    return;
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(`${prefix}.${k}`, v, into);
    return;
  }
  throw new Error(`Message ${prefix} must be text or a group of messages`);
}

/** Adds one namespace file's messages (`content`) to a language's catalogue, as `namespace.path` keys. */
export function addNamespace(into: Map<string, Message>, namespace: string, content: unknown): void {
  flatten(namespace, content as Json, into);
}

/** The namespace of a message key: `listings.need.title` → `listings` (its file, locales/<lang>/listings.json). */
export function namespaceOf(key: string): string {
  const dot = key.indexOf('.');
  return dot === -1 ? key : key.slice(0, dot);
}

/**
 * Merges per-namespace files (`locales/<lang>/<namespace>.json`, as `import.meta.glob` returns
 * them) into one catalogue per language. Each namespace is its own file so engineers adding a
 * feature never edit the same file.
 */
export function buildCatalogues(files: Record<string, unknown>): Record<Locale, Catalogue> {
  const out = Object.fromEntries(localeCodes.map((l) => [l, new Map<string, Message>()])) as Record<
    Locale,
    Map<string, Message>
  >;
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

/**
 * Tags like `<b>` are plain text here: messages are text, never markup (user content is never
 * rendered as HTML either).
 */
const parseOptions = { ignoreTag: true } as const;

/**
 * A message that is plain text with `{name}` arguments only, which ICU formats exactly like
 * replacing each `{name}`: no plural, select or number, no quoting (`'{`, `''`). The web build
 * keeps these as text and parses the others ahead of time, so the browser needs no ICU parser.
 */
export function isSimpleMessage(message: string): boolean {
  return !/'[{}'#|]/.test(message) && /^[^{}]*(?:\{\w+\}[^{}]*)*$/.test(message);
}

const simpleArgument = /\{(\w+)\}/g;

/** Parses an ICU message; throws a SyntaxError naming the problem when it is not valid ICU. */
export function parseMessage(message: string): MessageFormatElement[] {
  return parse(message, parseOptions);
}

function collectArguments(elements: readonly MessageFormatElement[], into: Set<string>): void {
  for (const el of elements) {
    if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
    if (el.type === TYPE.tag) {
      collectArguments(el.children, into);
      continue;
    }
    into.add(el.value);
    if (el.type === TYPE.plural || el.type === TYPE.select) {
      for (const option of Object.values(el.options)) collectArguments(option.value, into);
    }
  }
}

/** The arguments a message takes (`{name}`, `{count, plural, …}`, nested ones too), sorted. */
export function placeholders(message: Message): string[] {
  const names = new Set<string>();
  collectArguments(typeof message === 'string' ? parseMessage(message) : message, names);
  return [...names].sort();
}

/**
 * The locale Intl formats with: Arabic and Persian keep Latin digits, like the postcodes, phone
 * numbers and amounts around them (and as newcomers' Dutch documents show them). Persian keeps the
 * Gregorian calendar too (Intl's default for `fa` is the Solar Hijri one): a task on 12 December must
 * read as the day the coordinator, the municipality's letter and the IND appointment all name.
 */
export function intlTag(locale: Locale): string {
  if (locale === 'fa') return 'fa-u-ca-gregory-nu-latn';
  return locale === 'ar' ? 'ar-u-nu-latn' : locale;
}

interface Compiled {
  format: IntlMessageFormat;
  args: string[];
}
/** Items as a list in the language (CLDR): "a, b en c", Arabic "a وb وc", Persian "a، b، و c"; never a Latin comma in Arabic script. */
export function formatList(locale: Locale, items: readonly string[]): string {
  return new Intl.ListFormat(intlTag(locale), { style: 'long', type: 'conjunction' }).format(items);
}

const compiled = new Map<string, Compiled>();

function compile(locale: Locale, key: string, message: Message): Compiled {
  const id = `${locale}\u0000${key}`;
  let c = compiled.get(id);
  if (!c) {
    const ast = typeof message === 'string' ? parseMessage(message) : message;
    const names = new Set<string>();
    collectArguments(ast, names);
    c = { format: new IntlMessageFormat(ast, intlTag(locale)), args: [...names] };
    compiled.set(id, c);
  }
  return c;
}

/**
 * The message for `key` in `catalogue`, falling back to the default language and at last to the key
 * itself (visible, so a missing translation is noticed rather than hidden). Counts choose their
 * plural form by the language's rules (Arabic has six); a parameter without a value stays visible
 * as `{name}`.
 */
export function translate(
  catalogues: Record<Locale, Catalogue>,
  locale: Locale,
  key: string,
  params?: MessageParams,
): string {
  const own = catalogues[locale].get(key);
  const source: Locale = own === undefined ? defaultLocale : locale;
  const message = own ?? catalogues[defaultLocale].get(key);
  if (message === undefined) return key;
  if (typeof message === 'string' && isSimpleMessage(message)) {
    return message.replace(simpleArgument, (whole, name: string) =>
      params?.[name] === undefined ? whole : String(params[name]),
    );
  }
  try {
    const { format, args } = compile(source, key, message);
    const values: MessageParams = {};
    for (const name of args) values[name] = params?.[name] ?? `{${name}}`;
    return String(format.format(values));
  } catch {
    return typeof message === 'string' ? message : key; // not valid ICU, or a count that is not a number (the catalogue test refuses the first)
  }
}
