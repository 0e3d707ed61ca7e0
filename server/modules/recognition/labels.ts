/**
 * Words of the certificate and the badges in the interface languages (nl is the reference;
 * the web catalogues hold the same badge names under `recognition.badge.*`). Domain names come
 * from the web catalogues so both say the same.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fromRoot } from '../../paths.ts';
import type { Locale } from '../../../shared/locales.ts';
import type { BadgeId } from './badge-rules.ts';
import { DOMAIN_BADGE_HOURS } from './badge-rules.ts';

export interface CertificateWords {
  title: string;
  intro: (name: string) => string;
  period: (from: string | null, to: string) => string;
  total: string;
  paid: string;
  unpaid: string;
  hours: string;
  /** Between items of a list: Arabic has its own comma. */
  comma: string;
  byOrganization: string;
  byDomain: string;
  byPeriod: string;
  skills: string;
  references: string;
  noReferences: string;
  verify: string;
  code: string;
  signed: string;
  issued: (date: string) => string;
}

export const certificateWords: Record<Locale, CertificateWords> = {
  nl: {
    title: 'Bewijs van werk',
    intro: (name) =>
      `Waardewerk verklaart dat ${name} het volgende werk deed, bevestigd door de organisaties waarvoor het werk werd gedaan.`,
    period: (from, to) => (from ? `Periode: ${from} tot en met ${to}` : `Tot en met ${to}`),
    total: 'Bevestigde uren',
    paid: 'betaald',
    unpaid: 'onbetaald',
    hours: 'uur',
    comma: ', ',
    byOrganization: 'Per organisatie',
    byDomain: 'Per domein',
    byPeriod: 'Per maand',
    skills: 'Bevestigde vaardigheden',
    references: 'Referenties',
    noReferences: 'Geen referenties gekozen.',
    verify: 'Controleer dit bewijs op',
    code: 'Controlecode',
    signed: 'De inhoud is ondertekend met de Ed25519-sleutel van Waardewerk.',
    issued: (date) => `Uitgegeven op ${date}`,
  },
  en: {
    title: 'Certificate of work',
    intro: (name) =>
      `Waardewerk states that ${name} did the following work, confirmed by the organisations it was done for.`,
    period: (from, to) => (from ? `Period: ${from} to ${to}` : `Up to ${to}`),
    total: 'Confirmed hours',
    paid: 'paid',
    unpaid: 'unpaid',
    hours: 'hours',
    comma: ', ',
    byOrganization: 'By organisation',
    byDomain: 'By domain',
    byPeriod: 'By month',
    skills: 'Confirmed skills',
    references: 'References',
    noReferences: 'No references chosen.',
    verify: 'Check this certificate at',
    code: 'Verification code',
    signed: 'The content is signed with the Ed25519 key of Waardewerk.',
    issued: (date) => `Issued on ${date}`,
  },
  ar: {
    title: 'شهادة عمل',
    intro: (name) => `تشهد Waardewerk بأن ${name} قام بالعمل التالي، وقد أكدته المنظمات التي أُنجز العمل لصالحها.`,
    period: (from, to) => (from ? `الفترة: من ${from} إلى ${to}` : `حتى ${to}`),
    total: 'الساعات المؤكدة',
    paid: 'مدفوع',
    unpaid: 'غير مدفوع',
    hours: 'ساعة',
    comma: '، ',
    byOrganization: 'حسب المنظمة',
    byDomain: 'حسب المجال',
    byPeriod: 'حسب الشهر',
    skills: 'المهارات المؤكدة',
    references: 'التوصيات',
    noReferences: 'لم يتم اختيار توصيات.',
    verify: 'تحقق من هذه الشهادة على',
    code: 'رمز التحقق',
    signed: 'المحتوى موقّع بمفتاح Ed25519 الخاص بـ Waardewerk.',
    issued: (date) => `صدرت في ${date}`,
  },
  // The four below are not yet reviewed by native speakers (web/src/locales/status.json).
  ti: {
    title: 'ምስክር ወረቐት ስራሕ',
    intro: (name) => `Waardewerk ${name} ነዚ ዝስዕብ ስራሕ ከም ዝሰርሐ፣ እቲ ስራሕ ዝተሰርሓሎም ትካላት ድማ ከም ዘረጋገጽዎ ይምስክር።`,
    period: (from, to) => (from ? `ግዜ፦ ካብ ${from} ክሳብ ${to}` : `ክሳብ ${to}`),
    total: 'ዝተረጋገጹ ሰዓታት',
    paid: 'ብደሞዝ',
    unpaid: 'ብዘይ ደሞዝ',
    hours: 'ሰዓት',
    comma: '፣ ',
    byOrganization: 'ብትካል',
    byDomain: 'ብዓውዲ',
    byPeriod: 'ብወርሒ',
    skills: 'ዝተረጋገጹ ክእለታት',
    references: 'መወከሲታት',
    noReferences: 'ዝተመርጸ መወከሲ የለን።',
    verify: 'ነዚ ምስክር ወረቐት ኣብዚ ኣረጋግጽዎ፦',
    code: 'ናይ ምርግጋጽ ኮድ',
    signed: 'እቲ ትሕዝቶ ብናይ Waardewerk Ed25519 መፍትሕ ተፈሪሙ እዩ።',
    issued: (date) => `ዝተዋህበሉ ዕለት፦ ${date}`,
  },
  tr: {
    title: 'Çalışma belgesi',
    intro: (name) =>
      `Waardewerk, ${name} adlı kişinin aşağıdaki işi yaptığını ve işin yapıldığı kuruluşların bunu onayladığını beyan eder.`,
    period: (from, to) => (from ? `Dönem: ${from} – ${to}` : `${to} tarihine kadar`),
    total: 'Onaylanmış saatler',
    paid: 'ücretli',
    unpaid: 'ücretsiz',
    hours: 'saat',
    comma: ', ',
    byOrganization: 'Kuruluşa göre',
    byDomain: 'Alana göre',
    byPeriod: 'Aya göre',
    skills: 'Onaylanmış beceriler',
    references: 'Referanslar',
    noReferences: 'Referans seçilmedi.',
    verify: 'Bu belgeyi doğrulayın:',
    code: 'Doğrulama kodu',
    signed: 'İçerik, Waardewerk’ün Ed25519 anahtarıyla imzalanmıştır.',
    issued: (date) => `Düzenlenme tarihi: ${date}`,
  },
  uk: {
    title: 'Підтвердження роботи',
    intro: (name) =>
      `Waardewerk засвідчує, що ${name} виконує таку роботу, підтверджену організаціями, для яких її виконано.`,
    period: (from, to) => (from ? `Період: з ${from} по ${to}` : `По ${to}`),
    total: 'Підтверджені години',
    paid: 'оплачувана',
    unpaid: 'неоплачувана',
    hours: 'год',
    comma: ', ',
    byOrganization: 'За організаціями',
    byDomain: 'За сферами',
    byPeriod: 'За місяцями',
    skills: 'Підтверджені навички',
    references: 'Рекомендації',
    noReferences: 'Рекомендацій не вибрано.',
    verify: 'Перевірте це підтвердження на',
    code: 'Код перевірки',
    signed: 'Вміст підписано ключем Ed25519 Waardewerk.',
    issued: (date) => `Видано ${date}`,
  },
  fa: {
    title: 'گواهی کار',
    intro: (name) =>
      `Waardewerk گواهی می کند که ${name} کارهای زیر را انجام داده است و سازمان هایی که کار برایشان انجام شده آن را تأیید کرده اند.`,
    period: (from, to) => (from ? `دوره: از ${from} تا ${to}` : `تا ${to}`),
    total: 'ساعت های تأیید شده',
    paid: 'با دستمزد',
    unpaid: 'بدون دستمزد',
    hours: 'ساعت',
    comma: '، ',
    byOrganization: 'بر اساس سازمان',
    byDomain: 'بر اساس حوزه',
    byPeriod: 'بر اساس ماه',
    skills: 'مهارت های تأیید شده',
    references: 'توصیه نامه ها',
    noReferences: 'توصیه نامه ای انتخاب نشده است.',
    verify: 'این گواهی را بررسی کنید در',
    code: 'کد بررسی',
    signed: 'محتوا با کلید Ed25519 متعلق به Waardewerk امضا شده است.',
    issued: (date) => `صادر شده در ${date}`,
  },
};

const domainNames = new Map<Locale, Record<string, string>>();
/** The domain's name in a language, from the web catalogue. */
export function domainName(locale: Locale, code: string): string {
  let names = domainNames.get(locale);
  if (!names) {
    // A language whose web catalogue has not arrived yet names domains in Dutch.
    const file = (l: Locale) => fromRoot('web', 'src', 'locales', l, 'domains.json');
    names = JSON.parse(readFileSync(existsSync(file(locale)) ? file(locale) : file('nl'), 'utf8')) as Record<
      string,
      string
    >;
    domainNames.set(locale, names);
  }
  return names[code] ?? code;
}

/** A badge's name and what earns it, in Dutch and English (Open Badges carry both). */
export function badgeText(id: BadgeId, locale: 'nl' | 'en'): { name: string; criteria: string } {
  const nl = locale === 'nl';
  if (id.startsWith('hours_')) {
    const h = id.slice('hours_'.length);
    return nl
      ? {
          name: `${h} uur bevestigd werk`,
          criteria: `Minstens ${h} uur werk, bevestigd door de organisaties en geboekt in het grootboek van Waardewerk.`,
        }
      : {
          name: `${h} hours of confirmed work`,
          criteria: `At least ${h} hours of work, confirmed by the organisations and posted in the Waardewerk ledger.`,
        };
  }
  if (id.startsWith('domain_')) {
    const d = domainName(locale, id.slice('domain_'.length));
    return nl
      ? {
          name: `${DOMAIN_BADGE_HOURS} uur: ${d}`,
          criteria: `Minstens ${DOMAIN_BADGE_HOURS} uur bevestigd werk in het domein ${d}.`,
        }
      : {
          name: `${DOMAIN_BADGE_HOURS} hours: ${d}`,
          criteria: `At least ${DOMAIN_BADGE_HOURS} hours of confirmed work in the domain ${d}.`,
        };
  }
  const fixed: Record<string, [string, string, string, string]> = {
    first_contribution: [
      'Eerste bijdrage',
      'Het eerste bevestigde werk.',
      'First contribution',
      'The first confirmed work.',
    ],
    three_domains: [
      'Breed inzetbaar',
      'Bevestigd werk in drie of meer domeinen.',
      'Across domains',
      'Confirmed work in three or more domains.',
    ],
    knowledge_shared: [
      'Kennis gedeeld',
      'Bevestigd werk voor een kennisvraag.',
      'Knowledge shared',
      'Confirmed work on a request for knowledge.',
    ],
    six_months: [
      'Zes maanden actief',
      'Bevestigd werk in zes verschillende maanden.',
      'Six months active',
      'Confirmed work in six different months.',
    ],
    first_work_nl: [
      'Eerste werk in Nederland',
      'Het eerste bevestigde werk in Nederland, voor wie meetelt als nieuwkomer.',
      'First work in the Netherlands',
      'The first confirmed work in the Netherlands, for people who count as a newcomer.',
    ],
  };
  const [nlName, nlCriteria, enName, enCriteria] = fixed[id] ?? [id, id, id, id];
  return nl ? { name: nlName, criteria: nlCriteria } : { name: enName, criteria: enCriteria };
}
