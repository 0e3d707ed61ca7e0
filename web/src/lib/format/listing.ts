import type { CompensationType } from '../../../../shared/schemas/listings.ts';
import { locale } from '../../state/locale.svelte.ts';
import { intlTag as tagOf } from '../i18n/catalogue.ts';

/** Intl tag for the interface language; Arabic and Persian keep Latin digits, like amounts on Dutch documents. */
function intlTag(): string {
  return tagOf(locale.current);
}

/** `€ 19,50` (nl), `€19.50` (en): euros from integer cents, at the edge of the interface. */
export function euro(cents: number): string {
  return new Intl.NumberFormat(intlTag(), {
    style: 'currency',
    currency: 'EUR',
    minimumFractionDigits: cents % 100 === 0 && cents >= 10_000 ? 0 : 2,
  }).format(cents / 100);
}

/** `1,2` under 10 km, whole kilometres above: precise enough for PC4 centroids. */
export function kilometres(km: number): string {
  const digits = km < 10 ? 1 : 0;
  return new Intl.NumberFormat(intlTag(), { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(km);
}

/** A day without time, in the interface language (`12 december 2026`). */
export function day(iso: string): string {
  return new Intl.DateTimeFormat(intlTag(), { dateStyle: 'long', timeZone: 'Europe/Amsterdam' }).format(new Date(iso));
}

/** Paid work and the three kinds of volunteer reward look different, so they are told apart at a glance. */
export const compensationTone: Record<CompensationType, string> = {
  paid: 'comp--paid',
  allowance: 'comp--allowance',
  time_credits: 'comp--credits',
  unpaid: 'comp--unpaid',
};

/** A need's pay as a short badge text: "Betaald · € 19,50 per uur". */
export function compensationParams(c: {
  type: CompensationType;
  hourlyRateCents?: number | undefined;
  allowanceCents?: number | undefined;
}): {
  key: string;
  params?: Record<string, string>;
} {
  if (c.type === 'paid' && c.hourlyRateCents !== undefined)
    return { key: 'listings.compensation.badge.paid', params: { amount: euro(c.hourlyRateCents) } };
  if (c.type === 'allowance' && c.allowanceCents !== undefined)
    return { key: 'listings.compensation.badge.allowance', params: { amount: euro(c.allowanceCents) } };
  return { key: `listings.compensation.types.${c.type}` };
}

/** Euros as typed (`4,50`, `4.50`, `€ 12`) to integer cents; NaN when it is not an amount. */
export function parseEuroInput(text: string): number {
  const cleaned = text.replace(/[€\s]/g, '').replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return Number.NaN;
  return Math.round(Number(cleaned) * 100);
}

/** Cents to the text a person would type in their language (`4,50` in Dutch). */
export function euroInput(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return '';
  const text = (cents / 100).toFixed(2);
  return locale.current === 'nl' ? text.replace('.', ',') : text;
}
