import { z } from 'zod';
import { id, isoDateTime } from './common.ts';

/**
 * Asking someone for time credits, as in a timebank (issue 10, item 6): the requester asks a
 * findable person for an amount; that person accepts (the credits go, one ledger transfer) or
 * declines. Rules in server/modules/ledger/credit-requests.ts.
 */
export const creditRequestStatuses = ['pending', 'accepted', 'declined'] as const;

export const createCreditRequestBody = z.strictObject({
  /** Who is asked to pay: a person who switched on "others may find me". */
  toUserId: id,
  /** Minutes of time credit. */
  amount: z
    .number()
    .int('Use whole minutes')
    .min(1, 'At least 1 minute')
    .max(100 * 60, 'At most 100 hours'),
  memo: z.string().trim().max(500, 'At most 500 characters').optional(),
});
export type CreateCreditRequestBody = z.infer<typeof createCreditRequestBody>;

const personRef = z.object({ userId: z.string(), displayName: z.string() });

export const creditRequest = z.object({
  id: z.string(),
  /** Who asked, and who is asked to pay. */
  requester: personRef,
  payer: personRef,
  /** From the reader's side: `incoming` asks them to pay, `outgoing` is their own request. */
  direction: z.enum(['incoming', 'outgoing']),
  amount: z.number(),
  memo: z.string().nullable(),
  status: z.enum(creditRequestStatuses),
  /** The ledger transfer that paid it, once accepted. */
  transferId: z.string().nullable(),
  createdAt: isoDateTime,
  answeredAt: z.string().nullable(),
});
export type CreditRequest = z.infer<typeof creditRequest>;
export const creditRequestResponse = z.object({ request: creditRequest });
export const creditRequestPage = z.object({ items: z.array(creditRequest), nextCursor: z.string().nullable() });
export const creditRequestsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
});
