import { z } from 'zod';
import { isoDateTime } from './common.ts';

/** TIME: minutes of time credit · WORK: minutes of work of value · EUR: cents recorded · INKIND: cents of materials value. */
export const ledgerUnits = ['TIME', 'WORK', 'EUR', 'INKIND'] as const;
export type LedgerUnit = (typeof ledgerUnits)[number];
export const ownerTypes = ['person', 'organization', 'system'] as const;
export type OwnerType = (typeof ownerTypes)[number];
export const transferStatuses = ['pending', 'posted', 'voided'] as const;

/** `me` or `org:<id>`. */
export const ownerParam = z
  .string()
  .max(80)
  .regex(/^(me|org:[A-Za-z0-9-]{1,64})$/, 'Use me or org:<organisation id>');

export const balance = z.object({
  accountId: z.string().nullable(),
  unit: z.enum(ledgerUnits),
  /** credits − debits, posted. */
  posted: z.number(),
  /** credits − debits, pending. */
  pending: z.number(),
  /** TIME only: the lowest balance allowed, pending debits counted. */
  floor: z.number().optional(),
  /** TIME only: what can still be sent (posted − pending debits − floor). */
  available: z.number().optional(),
});
export const balancesQuery = z.object({ owner: ownerParam.default('me') });
export const balancesResponse = z.object({ balances: z.array(balance) });
export type Balance = z.infer<typeof balance>;

const ownerRef = z.object({ type: z.enum(ownerTypes), id: z.string() });

export const transfer = z.object({
  id: z.string(),
  seq: z.number(),
  groupId: z.string(),
  /** posted | pending | post_pending | void_pending: how the row came about (rows never change). */
  phase: z.enum(['posted', 'pending', 'post_pending', 'void_pending']),
  /** For a pending row: whether it was since posted or voided. */
  status: z.enum(transferStatuses),
  from: ownerRef,
  to: ownerRef,
  debitAccountId: z.string(),
  creditAccountId: z.string(),
  amount: z.number(),
  unit: z.enum(ledgerUnits),
  kind: z.string(),
  pendingId: z.string().nullable(),
  correctsId: z.string().nullable(),
  expiresAt: z.string().nullable(),
  reference: z.object({ type: z.string(), id: z.string() }).nullable(),
  /** Shown to the parties only; null once erased. */
  memo: z.string().nullable(),
  createdAt: isoDateTime,
});
export type Transfer = z.infer<typeof transfer>;
export const transferResponse = z.object({ transfer });

export const transfersQuery = z.object({
  owner: ownerParam.default('me'),
  unit: z.enum(ledgerUnits).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
});

const memo = z.string().trim().max(500, 'Use at most 500 characters');

const NIL_OR_MAX_UUID = /^(0{8}-0{4}-0{4}-0{4}-0{12}|f{8}-f{4}-f{4}-f{4}-f{12})$/;
/**
 * A transfer id the client makes: one canonical form (lower case), so `ABC…` and `abc…` are one
 * transfer; the nil and max UUIDs are refused — they are what broken clients send, and would clash.
 */
export const clientTransferId = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(
    z
      .uuid('Use a UUID made by the client')
      .refine((v) => !NIL_OR_MAX_UUID.test(v), 'Use a random UUID, not the nil UUID'),
  );

/** A timebank exchange: the browser makes `id` and keeps it until it has an answer. */
export const createTransferBody = z
  .strictObject({
    id: clientTransferId,
    toUserId: z.string().min(1).max(64).optional(),
    toOrganizationId: z.string().min(1).max(64).optional(),
    /** Send on behalf of an organisation you coordinate. */
    fromOrganizationId: z.string().min(1).max(64).optional(),
    unit: z.literal('TIME'),
    amount: z.number().int('Use whole minutes').min(1, 'Send at least 1 minute').max(100_000),
    memo: memo.optional(),
  })
  .superRefine((b, ctx) => {
    if ((b.toUserId === undefined) === (b.toOrganizationId === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['toUserId'],
        message: 'Give exactly one of toUserId and toOrganizationId',
      });
    }
  });
export type CreateTransferBody = z.infer<typeof createTransferBody>;

/** An admin act on money: the reason is kept in the audit log. */
export const setFloorBody = z.strictObject({
  floor: z.number().int().min(-1_000_000).max(0, 'A floor is 0 or below'),
  reason: z.string().trim().min(5, 'Say why, in at least 5 characters').max(1000),
});

export const correctionBody = z.strictObject({
  id: clientTransferId,
  transferId: z.string().min(1).max(64),
  reason: z.string().trim().min(3, 'Say why').max(500),
});

export const verifyResponse = z.object({
  ok: z.boolean(),
  entries: z.number(),
  headHash: z.string(),
  /** Sequence number of the first entry that does not verify. */
  firstBadEntry: z.number().optional(),
  problems: z.array(z.string()),
  checkedAt: isoDateTime,
});
export type VerifyResult = z.infer<typeof verifyResponse>;

export const exportQuery = z.object({ format: z.enum(['hledger', 'csv']).default('hledger') });
