import { describe, expect, it } from 'vitest';
import {
  describeSource,
  figuresAt,
  formatEuro,
  minimumWageHistory,
  volunteerAllowanceHistory,
} from '../../shared/figures.ts';

describe('figuresAt', () => {
  it('switches the minimum wage on 1 July 2025 and 1 January 2026', () => {
    expect(figuresAt('2025-06-30').minimumWage).toBeUndefined();
    expect(figuresAt('2025-07-01').minimumWage?.hourly21PlusCents).toBe(1440);
    expect(figuresAt('2025-12-31').minimumWage?.hourly21PlusCents).toBe(1440);
    expect(figuresAt('2026-01-01').minimumWage?.hourly21PlusCents).toBe(1471);
    expect(figuresAt('2030-05-05').minimumWage?.hourly21PlusCents).toBe(1471);
  });

  it('gives the volunteer allowance limits of 2024 and 2025, and 2025 again for unconfirmed 2026', () => {
    const y2024 = figuresAt('2024-06-15').volunteerAllowance;
    expect(y2024).toMatchObject({
      hourlyMax21PlusCents: 550,
      hourlyMaxUnder21Cents: 325,
      perMonthMaxCents: 21_000,
      perYearMaxCents: 210_000,
    });
    expect(y2024?.unconfirmed).toBeUndefined();
    const y2025 = figuresAt('2025-01-01').volunteerAllowance;
    expect(y2025).toMatchObject({
      hourlyMax21PlusCents: 560,
      hourlyMaxUnder21Cents: 330,
      perMonthMaxCents: 21_000,
      perYearMaxCents: 210_000,
    });
    const y2026 = figuresAt('2026-03-02').volunteerAllowance;
    expect(y2026?.validFrom).toBe('2026-01-01');
    expect(y2026?.unconfirmed).toMatch(/not yet confirmed/);
    expect({ ...y2026, validFrom: '', unconfirmed: undefined }).toEqual({
      ...y2025,
      validFrom: '',
      unconfirmed: undefined,
    });
    expect(figuresAt('2023-12-31').volunteerAllowance).toBeUndefined();
  });

  it('looks up by the UTC day of a Date or an ISO date-time', () => {
    expect(figuresAt(new Date('2025-12-31T23:30:00.000Z')).minimumWage?.hourly21PlusCents).toBe(1440);
    expect(figuresAt('2025-12-31T23:30:00-01:00').minimumWage?.hourly21PlusCents).toBe(1471);
    expect(figuresAt('2026-01-01T00:00:00.000Z').date).toBe('2026-01-01');
    expect(() => figuresAt('not a date')).toThrow(RangeError);
  });

  it('keeps every history sorted and every figure sourced', () => {
    for (const history of [minimumWageHistory, volunteerAllowanceHistory]) {
      const dates = history.map((e) => e.validFrom);
      expect([...dates].sort()).toEqual(dates);
      expect(new Set(dates).size).toBe(dates.length);
      for (const e of history) expect(e.source.url).toMatch(/^https:\/\/www\.(rijksoverheid|belastingdienst)\.nl\//);
    }
  });

  it('formats euros and sources for explanations', () => {
    expect(formatEuro(1471)).toBe('€14.71');
    expect(formatEuro(560)).toBe('€5.60');
    const wage = figuresAt('2026-02-01').minimumWage;
    expect(wage && describeSource(wage)).toMatch(/^Rijksoverheid, Bedragen minimumloon, from 2026-01-01 \(https:/);
    const allowance = figuresAt('2026-02-01').volunteerAllowance;
    expect(allowance && describeSource(allowance)).toContain('(unconfirmed)');
  });
});
