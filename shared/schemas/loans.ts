import { z } from 'zod';
import { id, isoDateTime, listQuery, postcode } from './common.ts';

/**
 * Lending that comes back (issue 14, item 3): a library of things. An item has a loan period and a
 * value per day of use; a loan goes requested → handed over (date, condition) → returned (condition),
 * or overdue (reminders to both); the use is recorded as in-kind value (days × value per day) without
 * transferring ownership; a lost item is settled in time credits or written off, by agreement of both.
 */
export const loanStatuses = [
  'requested',
  'handed_over',
  'overdue',
  'returned',
  'lost',
  'declined',
  'cancelled',
] as const;
export type LoanStatus = (typeof loanStatuses)[number];
export const loanActions = [
  'hand_over',
  'return',
  'decline',
  'cancel',
  'propose_settlement',
  'agree_settlement',
] as const;
export type LoanAction = (typeof loanActions)[number];
export const settlementOutcomes = ['time_credits', 'write_off'] as const;

const cents = z.number().int().min(0).max(10_000_000);

export const createItemBody = z.strictObject({
  /** A library of things kept by an organisation (its managers); absent = the person's own item. */
  organizationId: id.optional(),
  title: z.string().trim().min(3).max(120),
  description: z.string().trim().max(2000).default(''),
  /** The in-kind value of one day of use (what renting it would cost). */
  valuePerDayCents: cents,
  loanDays: z.number().int().min(1).max(90),
  postcode,
});

export const itemQuery = listQuery.extend({ organizationId: id.optional(), near: postcode.optional() });

export const lendableItem = z.object({
  id,
  owner: z.object({ type: z.enum(['person', 'organization']), id, name: z.string() }),
  title: z.string(),
  description: z.string(),
  valuePerDayCents: z.number().int(),
  loanDays: z.number().int(),
  pc4: z.string(),
  place: z.string(),
  status: z.enum(['available', 'on_loan', 'retired']),
  canEdit: z.boolean(),
  createdAt: isoDateTime,
});
export type LendableItem = z.infer<typeof lendableItem>;
export const itemResponse = z.object({ item: lendableItem });

const optionalBody = <T extends z.ZodType>(schema: T) => z.preprocess((v) => v ?? {}, schema);
export const requestLoanBody = optionalBody(z.strictObject({ message: z.string().trim().max(1000).default('') }));
export const conditionBody = z.strictObject({ condition: z.string().trim().min(2).max(500) });
export const loanMessageBody = optionalBody(z.strictObject({ message: z.string().trim().max(1000).optional() }));
export const proposeSettlementBody = z
  .strictObject({
    outcome: z.enum(settlementOutcomes),
    minutes: z.number().int().min(1).max(6000).optional(),
    note: z.string().trim().max(500).default(''),
  })
  .refine((b) => (b.outcome === 'time_credits') === (b.minutes !== undefined), {
    message: 'Time credits need minutes; a write-off has none',
    path: ['minutes'],
  });

export const loanListQuery = listQuery.extend({ role: z.enum(['borrower', 'lender']), organizationId: id.optional() });

export const loan = z.object({
  id,
  item: z.object({ id, title: z.string(), valuePerDayCents: z.number().int(), loanDays: z.number().int() }),
  owner: z.object({ type: z.enum(['person', 'organization']), id, name: z.string() }),
  borrower: z.object({ id, name: z.string() }),
  status: z.enum(loanStatuses),
  message: z.string(),
  handedOverAt: isoDateTime.nullable(),
  handoverCondition: z.string().nullable(),
  dueAt: isoDateTime.nullable(),
  returnedAt: isoDateTime.nullable(),
  returnCondition: z.string().nullable(),
  reminders: z.number().int(),
  /** In-kind value of the use, recorded at return or settlement. */
  inkindCents: z.number().int().nullable(),
  settlement: z
    .object({
      outcome: z.enum(settlementOutcomes),
      minutes: z.number().int().nullable(),
      note: z.string(),
      proposedBy: z.enum(['lender', 'borrower']),
      agreed: z.boolean(),
    })
    .nullable(),
  side: z.enum(['lender', 'borrower']),
  actions: z.array(z.enum(loanActions)),
  createdAt: isoDateTime,
});
export type Loan = z.infer<typeof loan>;
export const loanResponse = z.object({ loan });
