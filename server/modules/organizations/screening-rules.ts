/**
 * How long a VOG or UWV certificate counts (issue 9, item 4), without I/O: from the date on the
 * certificate, for a configured number of whole years. A record "expires soon" in its last weeks, so
 * the organisation can ask for a new one before it stops counting.
 */

export type ScreeningStatus = 'valid' | 'expiring' | 'expired';

/** The days before the end in which a record shows on the organisation's reminder list. */
export const EXPIRY_WARNING_DAYS = 60;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The first day a certificate dated `certificateDate` (YYYY-MM-DD) no longer counts. */
export function validUntil(certificateDate: string, years: number): string {
  const end = new Date(`${certificateDate}T00:00:00.000Z`);
  end.setUTCFullYear(end.getUTCFullYear() + years);
  return end.toISOString().slice(0, 10);
}

/** Whether a certificate still counts at `now`. */
export function counts(certificateDate: string, years: number, now: Date): boolean {
  return new Date(`${validUntil(certificateDate, years)}T00:00:00.000Z`).getTime() > now.getTime();
}

export function screeningStatus(certificateDate: string, years: number, now: Date): ScreeningStatus {
  const end = new Date(`${validUntil(certificateDate, years)}T00:00:00.000Z`).getTime();
  if (end <= now.getTime()) return 'expired';
  return end - now.getTime() <= EXPIRY_WARNING_DAYS * DAY_MS ? 'expiring' : 'valid';
}

/**
 * A date on a certificate as a coordinator may record it: not in the future, and still counting
 * today. Returns the reason when it is not, for the field's message.
 */
export function certificateDateProblem(certificateDate: string, years: number, now: Date): string | null {
  if (new Date(`${certificateDate}T00:00:00.000Z`).getTime() > now.getTime()) return 'In the future';
  if (!counts(certificateDate, years, now)) return `Older than ${years} years`;
  return null;
}
