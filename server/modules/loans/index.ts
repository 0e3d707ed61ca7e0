/** The face of `loans`: the overdue sweep that server/jobs.ts schedules. */
export { sweepOverdueLoans } from './service.ts';
