import { describe, expect, it } from 'vitest';
import { figuresAt, volunteerAllowanceHistory } from '../../shared/figures.ts';
import {
  allowancePeriod,
  checkAllowance,
  type AllowanceCheckInput,
} from '../../server/modules/engagements/allowance-guard.ts';

// 2025: €5.60/h (21+), €3.30/h (< 21), €210/month, €2,100/year.
const figures2025 = figuresAt('2025-06-15').volunteerAllowance;
const base: AllowanceCheckInput = {
  amountCents: 1120,
  minutes: 120,
  monthToDateCents: 0,
  yearToDateCents: 0,
  ageBand: '21_plus',
  figures: figures2025,
};
const check = (over: Partial<AllowanceCheckInput>) => checkAllowance({ ...base, ...over });

describe('volunteer allowance guard', () => {
  it('uses the figures in force', () => {
    expect(figures2025).toMatchObject({
      hourlyMax21PlusCents: 560,
      hourlyMaxUnder21Cents: 330,
      perMonthMaxCents: 21_000,
      perYearMaxCents: 210_000,
    });
    expect(figuresAt('2024-12-31').volunteerAllowance?.hourlyMax21PlusCents).toBe(550);
  });

  it('allows exactly the hourly limit and refuses one cent more', () => {
    // 2 hours at €5.60 = €11.20 exactly.
    expect(check({ amountCents: 1120 })).toMatchObject({
      verdict: 'ok',
      facts: { hourlyCapCents: 1120, maxTaxFreeCents: 1120 },
    });
    expect(check({ amountCents: 1121 })).toMatchObject({ verdict: 'refuse', exceeded: ['hourly'] });
    // Odd minutes: 7 minutes at €5.60/h = 65.33 cents → 65 allowed, 66 not (66 × 60 = 3960 > 560 × 7 = 3920).
    expect(check({ amountCents: 65, minutes: 7 }).verdict).toBe('ok');
    expect(check({ amountCents: 66, minutes: 7 })).toMatchObject({ verdict: 'refuse', exceeded: ['hourly'] });
  });

  it('applies the under-21 hourly limit when the person is known to be younger', () => {
    expect(check({ amountCents: 660, ageBand: 'under_21' }).verdict).toBe('ok');
    expect(check({ amountCents: 661, ageBand: 'under_21' })).toMatchObject({
      verdict: 'refuse',
      exceeded: ['hourly'],
      facts: { hourlyMaxCents: 330 },
    });
  });

  it('warns when the age is unknown and the rate is only allowed from 21', () => {
    expect(check({ amountCents: 660, ageBand: 'unknown' }).verdict).toBe('ok');
    expect(check({ amountCents: 661, ageBand: 'unknown' })).toMatchObject({
      verdict: 'warn',
      warnings: ['age_unknown'],
    });
  });

  it('adds up the month across organisations: exactly €210 passes, one cent more is refused', () => {
    const atLimit = check({ amountCents: 1000, monthToDateCents: 20_000 });
    expect(atLimit).toMatchObject({
      verdict: 'warn',
      warnings: ['near_month_limit'],
      facts: { monthAfterCents: 21_000 },
    });
    const over = check({ amountCents: 1001, monthToDateCents: 20_000 });
    expect(over).toMatchObject({
      verdict: 'refuse',
      exceeded: ['month'],
      facts: { maxTaxFreeCents: 1000, perMonthMaxCents: 21_000 },
    });
  });

  it('adds up the year: exactly €2,100 passes, one cent more is refused', () => {
    expect(check({ amountCents: 1000, yearToDateCents: 209_000 })).toMatchObject({
      verdict: 'warn',
      warnings: ['near_year_limit'],
    });
    expect(check({ amountCents: 1001, yearToDateCents: 209_000 })).toMatchObject({
      verdict: 'refuse',
      exceeded: ['year'],
      facts: { maxTaxFreeCents: 1000 },
    });
  });

  it('names every limit crossed at once, and offers nothing when no room is left', () => {
    const r = check({ amountCents: 5000, minutes: 60, monthToDateCents: 21_000, yearToDateCents: 210_000 });
    expect(r).toMatchObject({
      verdict: 'refuse',
      exceeded: ['hourly', 'month', 'year'],
      facts: { maxTaxFreeCents: 0 },
    });
  });

  it('warns when less than a tenth of the month limit would be left, not at exactly a tenth', () => {
    // 21,000 − 18,900 = 2,100 left = exactly 10% → ok; 18,901 → 2,099 left → warn.
    expect(check({ amountCents: 1000, monthToDateCents: 17_900 }).verdict).toBe('ok');
    expect(check({ amountCents: 1000, monthToDateCents: 17_901 })).toMatchObject({
      verdict: 'warn',
      warnings: ['near_month_limit'],
    });
    expect(check({ amountCents: 1000, yearToDateCents: 188_000 }).verdict).toBe('ok');
    expect(check({ amountCents: 1000, yearToDateCents: 188_001 })).toMatchObject({
      verdict: 'warn',
      warnings: ['near_year_limit'],
    });
  });

  it('refuses when no figures are known (fails closed) and shows the source otherwise', () => {
    expect(check({ figures: undefined })).toMatchObject({ verdict: 'refuse', exceeded: ['no_figures'] });
    const r = check({ figures: figuresAt('2026-03-01').volunteerAllowance });
    expect(r.facts.validFrom).toBe('2026-01-01');
    expect(r.facts.unconfirmed).toMatch(/not yet confirmed/);
    expect(r.facts.source?.publisher).toBe('Belastingdienst');
    expect(volunteerAllowanceHistory.length).toBeGreaterThan(0);
  });

  it('rejects impossible input instead of guessing', () => {
    expect(() => check({ amountCents: 0 })).toThrow(RangeError);
    expect(() => check({ minutes: 0 })).toThrow(RangeError);
    expect(() => check({ amountCents: 10.5 })).toThrow(RangeError);
  });

  it('counts months and years in Dutch time', () => {
    expect(allowancePeriod(new Date('2026-01-31T22:59:59Z'))).toEqual({
      day: '2026-01-31',
      month: '2026-01',
      year: '2026',
    });
    expect(allowancePeriod(new Date('2026-01-31T23:00:00Z'))).toEqual({
      day: '2026-02-01',
      month: '2026-02',
      year: '2026',
    });
    // Summer time: UTC+2.
    expect(allowancePeriod(new Date('2026-06-30T22:00:00Z')).month).toBe('2026-07');
    expect(allowancePeriod(new Date('2025-12-31T23:00:00Z')).year).toBe('2026');
  });
});
