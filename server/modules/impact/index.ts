/**
 * The face of `impact`: the facts written inside the commit that confirms work (engagements) or
 * corrects a transfer (ledger), and the Amsterdam day the figures count by.
 */
export { amsterdamDay, recordConfirmation, recordCorrections } from './record.ts';
