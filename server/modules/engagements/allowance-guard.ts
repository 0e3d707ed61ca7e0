import type { VolunteerAllowanceFigures } from '../../../shared/figures.ts';

/**
 * The volunteer allowance guard (vrijwilligersvergoeding, docs/DOMAIN.md). Pure: the service sums what
 * was already recorded and passes the figures in force.
 *
 * The Belastingdienst's three limits apply together, summed over ALL organisations, and crossing any
 * one makes the person's WHOLE allowance for the year taxable income. So an allowance that would
 * cross a limit is refused (the organisation may still record it explicitly as taxable pay), and
 * one that stays inside but leaves little room, or whose hourly rate is only allowed from age 21,
 * passes with a warning.
 */

export type AgeBand = '21_plus' | 'under_21' | 'unknown';

export interface AllowanceCheckInput {
  /** The allowance about to be recorded, in cents. */
  amountCents: number;
  /** The minutes of work it pays for (the confirmed minutes). */
  minutes: number;
  /** Tax-free allowances already recorded to this person in the same calendar month, all organisations. */
  monthToDateCents: number;
  /** The same for the calendar year. */
  yearToDateCents: number;
  ageBand: AgeBand;
  /** The figures in force on the day of the allowance; undefined when none are known. */
  figures: VolunteerAllowanceFigures | undefined;
}

export type AllowanceLimit = 'hourly' | 'month' | 'year' | 'no_figures';
export type AllowanceWarning = 'age_unknown' | 'near_month_limit' | 'near_year_limit';

/** The facts behind a verdict, shown next to it with the source. */
export interface AllowanceFacts {
  amountCents: number;
  minutes: number;
  /** The limit per hour that applies (21+ unless the person is known to be younger). */
  hourlyMaxCents: number | null;
  /** The most these minutes may pay tax-free at that hourly limit: floor(hourlyMax × minutes / 60). */
  hourlyCapCents: number | null;
  perMonthMaxCents: number | null;
  perYearMaxCents: number | null;
  monthToDateCents: number;
  yearToDateCents: number;
  monthAfterCents: number;
  yearAfterCents: number;
  /** The largest allowance that would stay inside all three limits now (0 when none). */
  maxTaxFreeCents: number;
  validFrom: string | null;
  source: VolunteerAllowanceFigures['source'] | null;
  unconfirmed: string | null;
}

export type AllowanceVerdict =
  | { verdict: 'ok'; facts: AllowanceFacts }
  | { verdict: 'warn'; warnings: AllowanceWarning[]; facts: AllowanceFacts }
  | { verdict: 'refuse'; exceeded: AllowanceLimit[]; facts: AllowanceFacts };

/** Warn when, after this allowance, less than this share of a month or year limit is left. */
const NEAR_LIMIT_REMAINING = 0.1;

/**
 * Example (2025 figures: €5.60/h, €210/month, €2,100/year): 4 hours (240 min) for €22.40 with
 * €190.00 already this month → hourly cap 2240 ok, month after 21,240 > 21,000 → refuse, month;
 * maxTaxFreeCents = 2,000.
 */
export function checkAllowance(input: AllowanceCheckInput): AllowanceVerdict {
  const { amountCents, minutes, monthToDateCents, yearToDateCents, ageBand, figures } = input;
  if (!Number.isInteger(amountCents) || amountCents <= 0)
    throw new RangeError('amountCents must be a positive integer');
  if (!Number.isInteger(minutes) || minutes <= 0) throw new RangeError('minutes must be a positive integer');

  const monthAfterCents = monthToDateCents + amountCents;
  const yearAfterCents = yearToDateCents + amountCents;
  if (!figures) {
    const facts: AllowanceFacts = {
      amountCents,
      minutes,
      hourlyMaxCents: null,
      hourlyCapCents: null,
      perMonthMaxCents: null,
      perYearMaxCents: null,
      monthToDateCents,
      yearToDateCents,
      monthAfterCents,
      yearAfterCents,
      maxTaxFreeCents: 0,
      validFrom: null,
      source: null,
      unconfirmed: null,
    };
    return { verdict: 'refuse', exceeded: ['no_figures'], facts };
  }

  const hourlyMaxCents = ageBand === 'under_21' ? figures.hourlyMaxUnder21Cents : figures.hourlyMax21PlusCents;
  // Integer arithmetic throughout: amount / (minutes / 60) > max  ⇔  amount × 60 > max × minutes.
  const hourlyCapCents = Math.floor((hourlyMaxCents * minutes) / 60);
  const facts: AllowanceFacts = {
    amountCents,
    minutes,
    hourlyMaxCents,
    hourlyCapCents,
    perMonthMaxCents: figures.perMonthMaxCents,
    perYearMaxCents: figures.perYearMaxCents,
    monthToDateCents,
    yearToDateCents,
    monthAfterCents,
    yearAfterCents,
    maxTaxFreeCents: Math.max(
      0,
      Math.min(hourlyCapCents, figures.perMonthMaxCents - monthToDateCents, figures.perYearMaxCents - yearToDateCents),
    ),
    validFrom: figures.validFrom,
    source: figures.source,
    unconfirmed: figures.unconfirmed ?? null,
  };

  const exceeded: AllowanceLimit[] = [];
  if (amountCents * 60 > hourlyMaxCents * minutes) exceeded.push('hourly');
  if (monthAfterCents > figures.perMonthMaxCents) exceeded.push('month');
  if (yearAfterCents > figures.perYearMaxCents) exceeded.push('year');
  if (exceeded.length > 0) return { verdict: 'refuse', exceeded, facts };

  const warnings: AllowanceWarning[] = [];
  if (ageBand === 'unknown' && amountCents * 60 > figures.hourlyMaxUnder21Cents * minutes) warnings.push('age_unknown');
  if (figures.perMonthMaxCents - monthAfterCents < figures.perMonthMaxCents * NEAR_LIMIT_REMAINING)
    warnings.push('near_month_limit');
  if (figures.perYearMaxCents - yearAfterCents < figures.perYearMaxCents * NEAR_LIMIT_REMAINING)
    warnings.push('near_year_limit');
  return warnings.length > 0 ? { verdict: 'warn', warnings, facts } : { verdict: 'ok', facts };
}

const amsterdamDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Amsterdam',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * The Dutch calendar month and year an allowance falls in. Limits count per calendar month in the
 * Netherlands, so 31 January 23:30 UTC (00:30 on 1 February in Amsterdam) belongs to February.
 */
export function allowancePeriod(at: Date): { day: string; month: string; year: string } {
  const day = amsterdamDay.format(at); // en-CA formats as YYYY-MM-DD
  return { day, month: day.slice(0, 7), year: day.slice(0, 4) };
}
