/**
 * Plausible hours (issue 9, item 10), pure: a day of work lies within the engagement — not in the
 * future, not more than a week before it was accepted (work is sometimes logged for a trial day just
 * before the agreement) — and one person logs at most 24 hours on one calendar day, summed over all
 * their engagements. Days are `YYYY-MM-DD` in Europe/Amsterdam, as the allowance periods are.
 */

export const HOURS_DAY_LIMIT_MINUTES = 24 * 60;
export const HOURS_DAYS_BEFORE_ACCEPTANCE = 7;

/** `day` moved by `days` calendar days. */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export type HoursDateIssue = { problem: 'future'; latest: string } | { problem: 'before_engagement'; earliest: string };

/** Why `date` cannot carry hours of an engagement accepted on `acceptedOn`, seen on `today`; null when it can. */
export function hoursDateIssue(date: string, days: { today: string; acceptedOn: string }): HoursDateIssue | null {
  if (date > days.today) return { problem: 'future', latest: days.today };
  const earliest = addDays(days.acceptedOn, -HOURS_DAYS_BEFORE_ACCEPTANCE);
  if (date < earliest) return { problem: 'before_engagement', earliest };
  return null;
}

/** Whether adding `minutes` to what the person already logged that day passes the 24-hour day. */
export const overDayLimit = (loggedThatDay: number, minutes: number): boolean =>
  loggedThatDay + minutes > HOURS_DAY_LIMIT_MINUTES;
