import type { LedgerUnit } from '../../../../shared/schemas/ledger.ts';

/**
 * Amounts at the edge of the interface, without state: the caller passes the Intl tag of the
 * interface language (`ar-u-nu-latn` keeps Latin digits in Arabic). Minutes read as hours and
 * minutes in the person's language, with its plural rules ("1 uur en 30 minuten", "ساعتان").
 */

/** 150 → { hours: 2, minutes: 30 }; the sign is left to the caller. */
export function splitMinutes(total: number): { hours: number; minutes: number } {
  const abs = Math.abs(Math.trunc(total));
  return { hours: Math.floor(abs / 60), minutes: abs % 60 };
}

/** `2 uur en 30 minuten`, `45 minuten`, `0 minuten`; negative amounts get a minus sign in front. */
export function formatDuration(total: number, tag: string): string {
  const { hours, minutes } = splitMinutes(total);
  const h = new Intl.NumberFormat(tag, { style: 'unit', unit: 'hour', unitDisplay: 'long' });
  const m = new Intl.NumberFormat(tag, { style: 'unit', unit: 'minute', unitDisplay: 'long' });
  const parts = [hours > 0 ? h.format(hours) : '', minutes > 0 || hours === 0 ? m.format(minutes) : ''].filter(Boolean);
  const text = new Intl.ListFormat(tag, { type: 'conjunction', style: 'long' }).format(parts);
  return total < 0 ? `−${text}` : text;
}

/** Euros from integer cents: `€ 1.234,50` in Dutch. */
export function formatEuro(cents: number, tag: string): string {
  return new Intl.NumberFormat(tag, { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

/** An amount in its unit: minutes for TIME and WORK, cents for EUR and INKIND. */
export function formatAmount(unit: LedgerUnit, amount: number, tag: string): string {
  return unit === 'TIME' || unit === 'WORK' ? formatDuration(amount, tag) : formatEuro(amount, tag);
}

/** With a sign, for a history: `+2 uur`, `−€ 5,00`. */
export function formatSigned(unit: LedgerUnit, amount: number, tag: string): string {
  const text = formatAmount(unit, Math.abs(amount), tag);
  return amount > 0 ? `+${text}` : amount < 0 ? `−${text}` : text;
}

/**
 * Hours and minutes as typed in two fields to whole minutes; NaN when either is not a whole
 * number (so the shared schema reports it), an empty field counts as 0.
 */
export function toMinutes(hours: string, minutes: string): number {
  const read = (s: string) => (s.trim() === '' ? 0 : /^\d{1,4}$/.test(s.trim()) ? Number(s.trim()) : Number.NaN);
  return read(hours) * 60 + read(minutes);
}
