import { describe, expect, it } from 'vitest';
import { IntlMessageFormat } from 'intl-messageformat';
import { mailKinds } from '../../shared/schemas/mail.ts';
import { ar } from '../../server/modules/mail/catalogue/ar.ts';
import { en } from '../../server/modules/mail/catalogue/en.ts';
import { nl } from '../../server/modules/mail/catalogue/nl.ts';
import { lastDigestTime } from '../../server/modules/mail/digest-schedule.ts';
import { message, renderAccountMail, renderDigestMail, renderImmediateMail } from '../../server/modules/mail/render.ts';
import { engagementMailKind } from '../../server/modules/mail/triggers.ts';

/** An element of a parsed ICU message (intl-messageformat's AST), as far as finding its arguments needs. */
interface Element {
  type: number;
  value?: unknown;
  options?: Record<string, { value: Element[] }>;
}
/** The AST's element types that name an argument: argument, number, select, plural (TYPE in @formatjs/icu-messageformat-parser). */
const argumentTypes = new Set([1, 2, 5, 6]);

/** The argument names a message uses, sorted (with what plural and select branches use). */
function argumentsOf(text: string): string[] {
  const names = new Set<string>();
  const walk = (elements: Element[]) => {
    for (const e of elements) {
      if (argumentTypes.has(e.type) && typeof e.value === 'string') names.add(e.value);
      for (const option of Object.values(e.options ?? {})) walk(option.value);
    }
  };
  walk(new IntlMessageFormat(text, 'en').getAst() as Element[]);
  return [...names].sort();
}

describe('mail catalogues', () => {
  it('have the same keys and the same arguments in nl, en and ar, and a line, subject and name for every kind', () => {
    for (const catalogue of [en, ar]) {
      expect(Object.keys(catalogue).sort()).toEqual(Object.keys(nl).sort());
      for (const [key, text] of Object.entries(nl))
        expect(argumentsOf(catalogue[key as keyof typeof nl]), key).toEqual(argumentsOf(text));
    }
    for (const kind of mailKinds)
      for (const part of ['subject', 'line']) expect(nl).toHaveProperty([`${kind}.${part}`]);
    for (const kind of mailKinds) expect(nl).toHaveProperty([`kind.${kind}`]);
  });

  it('write counts as plurals of the language: Arabic has its own forms', () => {
    expect(message('nl', 'digest.subject', { count: 1 })).toBe('1 nieuw bericht op Waardewerk');
    expect(message('nl', 'digest.subject', { count: 3 })).toBe('3 nieuwe berichten op Waardewerk');
    expect(message('ar', 'digest.subject', { count: 2 })).toBe('تحديثان جديدان في Waardewerk');
    expect(message('ar', 'digest.subject', { count: 5 })).toBe('5 تحديثات جديدة في Waardewerk');
    expect(message('ar', 'digest.subject', { count: 11 })).toBe('11 تحديثًا جديدًا في Waardewerk');
    expect(message('en', 'digest.subject', { count: 1 })).toBe('1 new update on Waardewerk');
  });

  it('falls back to Dutch for a language without a mail catalogue yet', () => {
    expect(message('ti', 'greeting', { name: 'Yonas' })).toBe('Hallo Yonas,');
  });
});

describe('rendering a mail', () => {
  const line = {
    kind: 'engagement_update' as const,
    title: 'Help\nin de <moestuin>',
    url: 'https://waardewerk.example/engagements/e1',
    event: 'cancelled',
  };

  it('gives a text part and the same text as HTML, escaped, with links, in the language’s direction', () => {
    const mail = renderImmediateMail('ar', {
      name: 'Samira',
      line,
      unsubscribeUrl: 'https://w.example/unsubscribe?token=a.b.c',
      settingsUrl: 'https://w.example/profile#mail',
    });
    expect(mail.subject).toBe('أخبار عن «Help in de <moestuin>»');
    expect(mail.text).toContain('أُلغي «Help in de <moestuin>».');
    expect(mail.text).toContain('https://w.example/unsubscribe?token=a.b.c');
    expect(mail.html).toContain('dir="rtl"');
    expect(mail.html).toContain('&lt;moestuin&gt;');
    expect(mail.html).not.toContain('<moestuin>');
    expect(mail.html).toContain('<a href="https://waardewerk.example/engagements/e1">');
  });

  it('keeps subjects on one line whatever a title holds', () => {
    const mail = renderImmediateMail('nl', {
      name: 'A',
      line: { ...line, title: 'a\r\nBcc: x@example.org' },
      unsubscribeUrl: 'u',
      settingsUrl: 's',
    });
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });

  it('lists every line of a digest with one unsubscribe link per kind', () => {
    const mail = renderDigestMail('en', {
      name: 'Kees',
      lines: [
        { kind: 'engagement_proposed', title: 'Soup', url: 'https://w.example/engagements/1' },
        { kind: 'engagement_proposed', title: 'Bikes', url: 'https://w.example/engagements/2' },
        { kind: 'new_match', title: 'Garden', url: 'https://w.example/needs/3' },
      ],
      unsubscribeUrls: new Map([
        ['engagement_proposed', 'https://w.example/unsubscribe?token=p'],
        ['new_match', 'https://w.example/unsubscribe?token=m'],
      ]),
      settingsUrl: 'https://w.example/profile#mail',
    });
    expect(mail.subject).toBe('3 new updates on Waardewerk');
    expect(mail.text).toContain('• Someone applied for “Soup”: https://w.example/engagements/1');
    expect(mail.text).toContain('• A new task fits your offer: “Garden”. https://w.example/needs/3');
    expect(mail.text).toContain('No more mails about “new applications”: https://w.example/unsubscribe?token=p');
    expect(mail.text).toContain('No more mails about “new tasks that fit you”: https://w.example/unsubscribe?token=m');
  });

  it('says how long an account link works', () => {
    expect(
      renderAccountMail('nl', {
        purpose: 'password_reset',
        name: 'Noor',
        url: 'https://w.example/reset-password?token=x',
        validMinutes: 30,
      }).text,
    ).toContain('hij werkt 30 minuten en één keer');
    expect(
      renderAccountMail('en', {
        purpose: 'verify_email',
        name: 'Noor',
        url: 'https://w.example/verify-email?token=x',
        validMinutes: 24 * 60,
      }).text,
    ).toContain('works for 24 hours');
  });
});

describe('which engagement steps are mailed, and as what', () => {
  it('reads a step per side', () => {
    expect(engagementMailKind('proposed', true)).toEqual({ kind: 'engagement_invited' });
    expect(engagementMailKind('proposed', false)).toEqual({ kind: 'engagement_proposed' });
    expect(engagementMailKind('invited_by_round', true)).toEqual({ kind: 'engagement_invited' });
    expect(engagementMailKind('accepted', true)).toEqual({ kind: 'engagement_accepted' });
    expect(engagementMailKind('accepted', false)).toEqual({ kind: 'engagement_update', event: 'accepted' });
    expect(engagementMailKind('not_selected', true)).toEqual({ kind: 'not_selected' });
    expect(engagementMailKind('hours_logged', false)).toEqual({ kind: 'hours_to_confirm' });
    expect(engagementMailKind('message', false)).toEqual({ kind: 'engagement_message' });
    expect(engagementMailKind('confirmed', true)).toEqual({ kind: 'engagement_update', event: 'confirmed' });
    expect(engagementMailKind('reference', true)).toBeNull();
  });
});

describe('the digest time', () => {
  it('is 08:00 in Amsterdam, in winter and in summer time', () => {
    expect(lastDigestTime(new Date('2026-01-15T07:30:00Z')).toISOString()).toBe('2026-01-15T07:00:00.000Z');
    expect(lastDigestTime(new Date('2026-01-15T06:59:00Z')).toISOString()).toBe('2026-01-14T07:00:00.000Z');
    expect(lastDigestTime(new Date('2026-07-15T06:30:00Z')).toISOString()).toBe('2026-07-15T06:00:00.000Z');
    expect(lastDigestTime(new Date('2026-07-15T05:59:00Z')).toISOString()).toBe('2026-07-14T06:00:00.000Z');
  });

  it('follows the switch to and from summer time', () => {
    // 29 March 2026: clocks go forward at 02:00; the day before was winter time.
    expect(lastDigestTime(new Date('2026-03-29T06:30:00Z')).toISOString()).toBe('2026-03-29T06:00:00.000Z');
    expect(lastDigestTime(new Date('2026-03-29T05:30:00Z')).toISOString()).toBe('2026-03-28T07:00:00.000Z');
    // 25 October 2026: back to winter time at 03:00.
    expect(lastDigestTime(new Date('2026-10-25T07:30:00Z')).toISOString()).toBe('2026-10-25T07:00:00.000Z');
    expect(lastDigestTime(new Date('2026-10-25T06:30:00Z')).toISOString()).toBe('2026-10-24T06:00:00.000Z');
  });
});
