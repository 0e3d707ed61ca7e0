import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  daysOfUse,
  decideLoan,
  dueAt,
  loanActionsFor,
  reminderDue,
  useValue,
} from '../../server/modules/loans/rules.ts';

describe('loans: the steps', () => {
  it.each([
    ['requested', null, 'lender', ['hand_over', 'decline']],
    ['requested', null, 'borrower', ['cancel']],
    ['handed_over', null, 'lender', ['return', 'propose_settlement']],
    ['handed_over', null, 'borrower', ['propose_settlement']],
    ['overdue', 'borrower', 'lender', ['return', 'propose_settlement', 'agree_settlement']],
    ['overdue', 'borrower', 'borrower', ['propose_settlement']],
    ['returned', null, 'lender', []],
    ['lost', 'lender', 'borrower', []],
  ] as const)('%s (proposed by %s), %s may %j', (status, proposedBy, side, actions) => {
    expect(loanActionsFor({ status, settlementProposedBy: proposedBy }, side)).toEqual(actions);
  });
  it('names why', () => {
    expect(decideLoan({ status: 'handed_over', settlementProposedBy: null }, 'return', 'borrower')).toMatchObject({
      ok: false,
      reason: 'wrong_side',
    });
    expect(decideLoan({ status: 'returned', settlementProposedBy: null }, 'return', 'lender')).toMatchObject({
      ok: false,
      reason: 'wrong_state',
    });
  });
});

describe('loans: days of use, due dates and reminders', () => {
  it('counts started days, at least one', () => {
    expect(daysOfUse('2026-03-02T10:00:00.000Z', '2026-03-04T09:00:00.000Z')).toBe(2);
    expect(daysOfUse('2026-03-02T10:00:00.000Z', '2026-03-02T10:05:00.000Z')).toBe(1);
    expect(useValue(450, '2026-03-02T10:00:00.000Z', '2026-03-05T09:59:00.000Z')).toBe(1350);
  });
  it('the value of use grows with time and is a whole number of days', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 90 * 24 * 60 }),
        fc.integer({ min: 0, max: 24 * 60 }),
        (perDay, minutes, more) => {
          const start = '2026-03-02T10:00:00.000Z';
          const at = (m: number) => new Date(new Date(start).getTime() + m * 60_000).toISOString();
          const a = useValue(perDay, start, at(minutes));
          const b = useValue(perDay, start, at(minutes + more));
          return a <= b && a % Math.max(1, perDay) === 0 && a >= perDay;
        },
      ),
    );
  });
  it('falls due after the loan period, reminds once it passed, then once a day', () => {
    const due = dueAt('2026-03-02T10:00:00.000Z', 7);
    expect(due).toBe('2026-03-09T10:00:00.000Z');
    const loan = { status: 'handed_over' as const, dueAt: due, remindedAt: null };
    expect(reminderDue(loan, '2026-03-09T09:59:00.000Z')).toBe(false);
    expect(reminderDue(loan, '2026-03-09T10:01:00.000Z')).toBe(true);
    expect(
      reminderDue({ ...loan, status: 'overdue', remindedAt: '2026-03-09T10:01:00.000Z' }, '2026-03-10T09:00:00.000Z'),
    ).toBe(false);
    expect(
      reminderDue({ ...loan, status: 'overdue', remindedAt: '2026-03-09T10:01:00.000Z' }, '2026-03-10T10:01:00.000Z'),
    ).toBe(true);
    expect(reminderDue({ ...loan, status: 'returned' }, '2026-04-01T00:00:00.000Z')).toBe(false);
  });
});
