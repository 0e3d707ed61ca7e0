/**
 * Mails as text (and the same text as simple HTML), in the person's language: pure, no I/O. The
 * catalogues are server-side (catalogue/*.ts): mails are written by the server in the recipient's
 * language, not by the browser, so they stay out of the web bundle and out of the web catalogues.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import { defaultLocale, locales, type Locale } from '../../../shared/locales.ts';
import type { MailKind } from '../../../shared/schemas/mail.ts';
import { ar } from './catalogue/ar.ts';
import { en } from './catalogue/en.ts';
import { nl, type MailCatalogue, type MailMessageKey } from './catalogue/nl.ts';

/** Languages without a mail catalogue yet are written in the platform's default language. */
const catalogues: Partial<Record<Locale, MailCatalogue>> = { nl, en, ar };

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** What one notification says: its kind, the need's title and the page to open. */
export interface MailLine {
  kind: MailKind;
  title: string;
  url: string;
  /** engagement_update: which change (declined, cancelled, confirmed, delivered, disputed). */
  event?: string;
}

const compiled = new Map<string, IntlMessageFormat>();

/** The message `key` in `locale` (or the default language) with `values` filled in. */
export function message(locale: string, key: MailMessageKey, values: Record<string, string | number> = {}): string {
  const lang: Locale = locale in catalogues ? (locale as Locale) : defaultLocale;
  const cacheKey = `${lang}|${key}`;
  let format = compiled.get(cacheKey);
  if (!format) {
    format = new IntlMessageFormat((catalogues[lang] ?? nl)[key], lang);
    compiled.set(cacheKey, format);
  }
  return String(format.format(values));
}

/** Text typed by people (a need's title) on one line: a subject has no line breaks, and neither does a line. */
const oneLine = (text: string) =>
  text
    .replace(/[\r\n\t]+/g, ' ')
    .trim()
    .slice(0, 120);

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** The HTML part: the same paragraphs, links made clickable, in the language's direction. */
function toHtml(locale: string, paragraphs: string[]): string {
  const dir = locales.find((l) => l.code === locale)?.dir ?? 'ltr';
  const body = paragraphs
    .map(
      (p) =>
        `<p>${escapeHtml(p)
          .replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`)
          .replace(/\n/g, '<br>')}</p>`,
    )
    .join('\n');
  return `<!doctype html>\n<html lang="${escapeHtml(locale)}" dir="${dir}"><head><meta charset="utf-8"></head><body>\n${body}\n</body></html>\n`;
}

function assemble(locale: string, subject: string, paragraphs: string[]): RenderedMail {
  return { subject: oneLine(subject), text: `${paragraphs.join('\n\n')}\n`, html: toHtml(locale, paragraphs) };
}

const lineValues = (line: MailLine) => ({ title: oneLine(line.title), url: line.url, event: line.event ?? 'other' });

/** A mail about the account itself: the verification or reset link. */
export function renderAccountMail(
  locale: string,
  input: { purpose: 'verify_email' | 'password_reset'; name: string; url: string; validMinutes: number },
): RenderedMail {
  const body =
    input.purpose === 'verify_email'
      ? message(locale, 'verify_email.body', { url: input.url, hours: Math.round(input.validMinutes / 60) })
      : message(locale, 'password_reset.body', { url: input.url, minutes: input.validMinutes });
  return assemble(locale, message(locale, `${input.purpose}.subject`), [
    message(locale, 'greeting', { name: oneLine(input.name) }),
    body,
    message(locale, 'signature'),
  ]);
}

/** One notification at once, with how to stop this kind of mail and where the settings are. */
export function renderImmediateMail(
  locale: string,
  input: { name: string; line: MailLine; unsubscribeUrl: string; settingsUrl: string },
): RenderedMail {
  const values = lineValues(input.line);
  return assemble(locale, message(locale, `${input.line.kind}.subject`, values), [
    message(locale, 'greeting', { name: oneLine(input.name) }),
    message(locale, `${input.line.kind}.line`, values),
    `${message(locale, 'unsubscribe', { kind: message(locale, `kind.${input.line.kind}`), url: input.unsubscribeUrl })}\n${message(locale, 'settings', { url: input.settingsUrl })}`,
  ]);
}

/** The daily digest: one line per notification, and an unsubscribe link for each kind in it. */
export function renderDigestMail(
  locale: string,
  input: {
    name: string;
    lines: readonly MailLine[];
    unsubscribeUrls: ReadonlyMap<MailKind, string>;
    settingsUrl: string;
  },
): RenderedMail {
  const lines = input.lines.map((line) => `• ${message(locale, `${line.kind}.line`, lineValues(line))}`);
  const unsubscribe = [...input.unsubscribeUrls].map(([kind, url]) =>
    message(locale, 'unsubscribe', { kind: message(locale, `kind.${kind}`), url }),
  );
  return assemble(locale, message(locale, 'digest.subject', { count: input.lines.length }), [
    message(locale, 'greeting', { name: oneLine(input.name) }),
    `${message(locale, 'digest.intro')}\n${lines.join('\n')}`,
    [...unsubscribe, message(locale, 'settings', { url: input.settingsUrl })].join('\n'),
  ]);
}
