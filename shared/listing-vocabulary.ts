/**
 * The listing codes as plain lists, without zod: the web app's start page reads them (search
 * chips, the address bar) before any schema is needed. `schemas/listings.ts` builds its enums
 * from these and exports them again, so the contract keeps one source.
 */
export const listingKinds = ['hands', 'materials', 'knowledge'] as const;
export const compensationTypes = ['unpaid', 'time_credits', 'allowance', 'paid'] as const;
/** `expired` is never stored: an open listing whose end has passed reads as expired. */
export const listingStatuses = ['open', 'filled', 'closed', 'expired'] as const;
export const materialsModes = ['give', 'lend'] as const;
/** Business-to-Community offer types. */
export const b2cTypes = [
  'employee_volunteering',
  'pro_bono',
  'materials',
  'paid_assignment',
  'accepts_time_credits',
] as const;
export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const searchSorts = ['relevance', 'distance', 'newest'] as const;
