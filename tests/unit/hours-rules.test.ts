import { describe, expect, it } from 'vitest';
import { addDays, hoursDateIssue, overDayLimit } from '../../server/modules/engagements/hours-rules.ts';

describe('plausible hours', () => {
  const days = { today: '2026-03-02', acceptedOn: '2026-03-01' };

  it('allows days from a week before acceptance up to today', () => {
    expect(hoursDateIssue('2026-02-22', days)).toBeNull();
    expect(hoursDateIssue('2026-03-02', days)).toBeNull();
    expect(hoursDateIssue('2026-02-21', days)).toEqual({ problem: 'before_engagement', earliest: '2026-02-22' });
    expect(hoursDateIssue('1900-01-01', days)).toMatchObject({ problem: 'before_engagement' });
    expect(hoursDateIssue('2026-03-03', days)).toEqual({ problem: 'future', latest: '2026-03-02' });
  });

  it('counts calendar days across month and year ends', () => {
    expect(addDays('2026-03-01', -7)).toBe('2026-02-22');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2026-01-03', -7)).toBe('2025-12-27');
  });

  it('holds a person to 24 hours a day', () => {
    expect(overDayLimit(0, 24 * 60)).toBe(false);
    expect(overDayLimit(24 * 60, 1)).toBe(true);
    expect(overDayLimit(20 * 60, 5 * 60)).toBe(true);
  });
});
