import { expirePendingTransfers, verifyLedgerJob } from './modules/ledger/index.ts';
import { sweepOverdueLoans } from './modules/loans/index.ts';
import { retryUnsentMail, sendDigests } from './modules/mail/index.ts';
import type { Job } from './plugins/jobs.ts';

const MINUTE = 60_000;

/** The periodic jobs of every instance (once across instances on PostgreSQL). Adding one is a line. */
export const defaultJobs: readonly Job[] = [
  { name: 'ledger-expiry-sweep', everyMs: MINUTE, run: (ctx) => expirePendingTransfers(ctx) },
  // Loans past their due date: overdue, and a reminder to both sides (then one a day).
  { name: 'loans-overdue-sweep', everyMs: 15 * MINUTE, run: (ctx) => sweepOverdueLoans(ctx) },
  // Also soon after start, so a restarted instance reports a recent verification in its metrics.
  { name: 'ledger-verify', everyMs: 24 * 60 * MINUTE, startAfterMs: 5 * MINUTE, run: verifyLedgerJob },
  { name: 'mail-retry', everyMs: MINUTE, run: retryUnsentMail },
  // Hourly: whoever has lines waiting and got no digest since 08:00 Amsterdam gets one.
  { name: 'mail-digest', everyMs: 60 * MINUTE, run: sendDigests },
];
