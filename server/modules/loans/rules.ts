/**
 * Loans without I/O: who may take which step, the days of use and their in-kind value, and when a
 * loan is due a reminder.
 *
 * | from                  | action              | who                         | to          |
 * |-----------------------|---------------------|-----------------------------|-------------|
 * | requested             | hand_over           | lender                      | handed_over |
 * | requested             | decline             | lender                      | declined    |
 * | requested             | cancel              | borrower                    | cancelled   |
 * | handed_over, overdue  | return              | lender (it is back)         | returned    |
 * | handed_over, overdue  | propose_settlement  | either (the item is lost)   | (unchanged) |
 * | handed_over, overdue  | agree_settlement    | the side that did not propose | lost      |
 *
 * The sweep moves `handed_over` past its due date to `overdue`. Returned, lost, declined and cancelled are final.
 */
import type { LoanAction, LoanStatus } from '../../../shared/schemas/loans.ts';

export type LoanSide = 'lender' | 'borrower';
const DAY_MS = 24 * 60 * 60 * 1000;

export function decideLoan(
  loan: { status: LoanStatus; settlementProposedBy: LoanSide | null },
  action: LoanAction,
  side: LoanSide,
): { ok: true; next: LoanStatus } | { ok: false; reason: 'wrong_state' | 'wrong_side'; message: string } {
  const out = loan.status === 'handed_over' || loan.status === 'overdue';
  const refuse = (reason: 'wrong_state' | 'wrong_side', message: string) => ({ ok: false as const, reason, message });
  switch (action) {
    case 'hand_over':
    case 'decline':
      if (loan.status !== 'requested')
        return refuse(
          'wrong_state',
          `You cannot ${action.replace('_', ' ')} a loan that is ${loan.status.replace('_', ' ')}`,
        );
      return side === 'lender'
        ? { ok: true, next: action === 'hand_over' ? 'handed_over' : 'declined' }
        : refuse('wrong_side', 'Only the lender may do this');
    case 'cancel':
      if (loan.status !== 'requested') return refuse('wrong_state', 'Only a request can be withdrawn');
      return side === 'borrower'
        ? { ok: true, next: 'cancelled' }
        : refuse('wrong_side', 'Only the borrower may withdraw the request');
    case 'return':
      if (!out) return refuse('wrong_state', 'Only a lent item can come back');
      return side === 'lender'
        ? { ok: true, next: 'returned' }
        : refuse('wrong_side', 'The lender confirms that the item is back');
    case 'propose_settlement':
      if (!out) return refuse('wrong_state', 'Only a lent item can be settled as lost');
      return { ok: true, next: loan.status };
    case 'agree_settlement':
      if (!out || !loan.settlementProposedBy) return refuse('wrong_state', 'There is no proposal to agree to');
      return side !== loan.settlementProposedBy
        ? { ok: true, next: 'lost' }
        : refuse('wrong_side', 'The other side agrees to a proposal');
  }
}

export const loanActionsFor = (loan: Parameters<typeof decideLoan>[0], side: LoanSide): LoanAction[] =>
  (['hand_over', 'return', 'decline', 'cancel', 'propose_settlement', 'agree_settlement'] as const).filter(
    (a) => decideLoan(loan, a, side).ok,
  );

/** Days of use, started days counted, at least one. Example: handed over Monday 10:00, back Wednesday 09:00 → 2. */
export const daysOfUse = (handedOverAt: string, end: string): number =>
  Math.max(1, Math.ceil((new Date(end).getTime() - new Date(handedOverAt).getTime()) / DAY_MS));

/** In-kind value of the use: days × value per day. Example: 3 days of a €4.50 drill → 1350. */
export const useValue = (valuePerDayCents: number, handedOverAt: string, end: string): number =>
  valuePerDayCents * daysOfUse(handedOverAt, end);

export const dueAt = (handedOverAt: string, loanDays: number): string =>
  new Date(new Date(handedOverAt).getTime() + loanDays * DAY_MS).toISOString();

/** Whether the sweep reminds now: past due and never reminded, or the last reminder a day old. */
export function reminderDue(
  loan: { status: LoanStatus; dueAt: string | null; remindedAt: string | null },
  now: string,
): boolean {
  if (loan.status !== 'handed_over' && loan.status !== 'overdue') return false;
  if (!loan.dueAt || loan.dueAt >= now) return false;
  return loan.remindedAt === null || new Date(now).getTime() - new Date(loan.remindedAt).getTime() >= DAY_MS;
}

export const loanTransferIds = (loanId: string) => ({
  inkind: `loan.${loanId}.inkind`,
  time: `loan.${loanId}.lost-time`,
});
