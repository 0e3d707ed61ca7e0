import type { LedgerUnit } from '../../../../shared/schemas/ledger.ts';
import { locale } from '../../state/locale.svelte.ts';
import { intlTag } from '../i18n/catalogue.ts';
import { formatAmount, formatDuration, formatEuro, formatSigned } from './units.ts';

/** Intl tag of the interface language; Arabic and Persian keep Latin digits, like amounts on Dutch documents. */
const tag = () => intlTag(locale.current);

/** Minutes as hours and minutes in the interface language: `2 uur en 30 minuten`. */
export const duration = (minutes: number): string => formatDuration(minutes, tag());
/** Cents as euros: `€ 11,20` in Dutch. */
export const euros = (cents: number): string => formatEuro(cents, tag());
/** A share in per cent (`21` → `21%`; in Arabic with direction marks so it reads right inside RTL text). */
export const percent = (pct: number): string =>
  new Intl.NumberFormat(tag(), { style: 'percent', maximumFractionDigits: 0 }).format(pct / 100);
export const amount = (unit: LedgerUnit, value: number): string => formatAmount(unit, value, tag());
export const signed = (unit: LedgerUnit, value: number): string => formatSigned(unit, value, tag());
/** `2026-11` → `november 2026`. */
export const monthName = (month: string): string =>
  new Intl.DateTimeFormat(tag(), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${month}-15T12:00:00Z`),
  );
/** A moment with date and time, in the Dutch time zone. */
export const when = (iso: string): string =>
  new Intl.DateTimeFormat(tag(), { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Amsterdam' }).format(
    new Date(iso),
  );
