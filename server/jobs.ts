import { expirePendingTransfers } from './modules/ledger/service.ts';
import { verifyLedgerJob } from './modules/ledger/verify-publish.ts';
import type { Job } from './plugins/jobs.ts';

const MINUTE = 60_000;

/** The periodic jobs of every instance (once across instances on PostgreSQL). Adding one is a line. */
export const defaultJobs: readonly Job[] = [
  { name: 'ledger-expiry-sweep', everyMs: MINUTE, run: (ctx) => expirePendingTransfers(ctx) },
  { name: 'ledger-verify', everyMs: 24 * 60 * MINUTE, run: verifyLedgerJob },
];
