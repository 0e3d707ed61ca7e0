/** What a certificate states, from the person's confirmed work (pure; the service signs and renders it). */
import type { Locale } from '../../../shared/locales.ts';
import type { CertificateContent } from '../../../shared/schemas/recognition.ts';
import type { WorkEntry } from './badge-rules.ts';
import { domainName } from './labels.ts';

type Row = CertificateContent['byOrganization'][number];

function addTo(rows: Map<string, Row>, key: string, label: string, e: WorkEntry): void {
  const row = rows.get(key) ?? { key, label, paidMinutes: 0, unpaidMinutes: 0 };
  if (e.paid) row.paidMinutes += e.minutes;
  else row.unpaidMinutes += e.minutes;
  rows.set(key, row);
}

const sortedRows = (rows: Map<string, Row>, by: 'key' | 'minutes') =>
  [...rows.values()].sort((a, b) =>
    by === 'key'
      ? a.key < b.key
        ? -1
        : 1
      : b.paidMinutes + b.unpaidMinutes - (a.paidMinutes + a.unpaidMinutes) || (a.key < b.key ? -1 : 1),
  );

/**
 * Example: two entries (Buurttuin, greening, 90 min unpaid, 2026-01; Voedselbank, food, 60 min paid,
 * 2026-02) → total 150, paid 60, unpaid 90, one row per organisation, domain and month.
 */
export function certificateContent(input: {
  code: string;
  holderName: string;
  locale: Locale;
  from: string | null;
  to: string;
  issuedAt: string;
  entries: readonly (WorkEntry & { organizationName: string })[];
  skills: readonly string[];
  references: readonly { organizationName: string; text: string; skills: readonly string[] }[];
}): CertificateContent {
  const entries = input.entries.filter(
    (e) => (input.from === null || e.day >= input.from) && e.day <= input.to && e.minutes > 0,
  );
  const byOrganization = new Map<string, Row>();
  const byDomain = new Map<string, Row>();
  const byPeriod = new Map<string, Row>();
  let paid = 0;
  let unpaid = 0;
  for (const e of entries) {
    if (e.paid) paid += e.minutes;
    else unpaid += e.minutes;
    addTo(byOrganization, e.organizationId, e.organizationName, e);
    for (const d of new Set(e.domains)) addTo(byDomain, d, domainName(input.locale, d), e);
    addTo(byPeriod, e.day.slice(0, 7), e.day.slice(0, 7), e);
  }
  return {
    version: 1,
    code: input.code,
    holderName: input.holderName,
    locale: input.locale,
    from: input.from,
    to: input.to,
    issuedAt: input.issuedAt,
    totalMinutes: paid + unpaid,
    paidMinutes: paid,
    unpaidMinutes: unpaid,
    byOrganization: sortedRows(byOrganization, 'minutes'),
    byDomain: sortedRows(byDomain, 'minutes'),
    byPeriod: sortedRows(byPeriod, 'key'),
    skills: [...new Set(input.skills)].sort(),
    references: input.references.map((r) => ({
      organizationName: r.organizationName,
      text: r.text,
      skills: [...r.skills],
    })),
    evidence: entries.map((e) => e.transferId).sort(),
  };
}

/** "12:30" style hours from minutes, so no rounding hides work: 150 → "2:30". */
export const hoursText = (minutes: number): string =>
  `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
