import { z } from 'zod';
import { id, isoDate, isoDateTime } from './common.ts';

/**
 * Social return statements for businesses (issue 14, item 2). A business registers an obligation
 * from a public contract (buyer, contract reference, an amount or a percentage of the contract value,
 * a period) and sees, from confirmed ledger entries only, what counts toward it, valued by rules it
 * sets per buyer (defaults documented with their source; configurable; not legal advice). A signed
 * statement per obligation is verifiable like the certificate (the platform's one signing key).
 */
const cents = z.number().int().min(0).max(10_000_000_000);

export const createObligationBody = z
  .strictObject({
    buyerName: z.string().trim().min(2).max(200),
    contractReference: z.string().trim().min(1).max(100),
    targetCents: cents.min(1).optional(),
    targetPct: z.number().min(0.1).max(100).optional(),
    contractValueCents: cents.min(1).optional(),
    periodFrom: isoDate,
    periodTo: isoDate,
  })
  .refine((b) => (b.targetCents !== undefined) !== (b.targetPct !== undefined), {
    message: 'Give an amount or a percentage, one of them',
    path: ['targetCents'],
  })
  .refine((b) => b.targetPct === undefined || b.contractValueCents !== undefined, {
    message: 'A percentage needs the contract value',
    path: ['contractValueCents'],
  })
  .refine((b) => b.periodFrom <= b.periodTo, { message: 'The period ends before it starts', path: ['periodTo'] });

export const valuationRulesBody = z.strictObject({
  buyerName: z.string().trim().min(2).max(200),
  volunteerHourCents: cents.max(100_000),
  proBonoHourCents: cents.max(100_000),
  purchasePct: z.number().int().min(0).max(100),
  materialsPct: z.number().int().min(0).max(100),
});

export const valuationRules = z.object({
  volunteerHourCents: z.number().int(),
  proBonoHourCents: z.number().int(),
  purchasePct: z.number().int(),
  materialsPct: z.number().int(),
  /** `default`: the platform's documented defaults; `buyer`: set by the business for this buyer. */
  basis: z.enum(['default', 'buyer']),
  source: z.string(),
  note: z.string(),
});
export type ValuationRules = z.infer<typeof valuationRules>;

export const obligation = z.object({
  id,
  organizationId: id,
  buyerName: z.string(),
  contractReference: z.string(),
  targetCents: z.number().int(),
  targetPct: z.number().nullable(),
  contractValueCents: z.number().int().nullable(),
  periodFrom: isoDate,
  periodTo: isoDate,
  createdAt: isoDateTime,
});
export type Obligation = z.infer<typeof obligation>;

export const tallyLine = z.object({
  category: z.enum(['purchases', 'volunteering', 'pro_bono', 'materials']),
  /** Minutes for hours, cents for purchases and materials. */
  quantity: z.number().int(),
  entries: z.number().int(),
  valueCents: z.number().int(),
});
export const tally = z.object({
  lines: z.array(tallyLine),
  totalCents: z.number().int(),
  targetCents: z.number().int(),
  reachedPct: z.number(),
});
export type Tally = z.infer<typeof tally>;

export const obligationResponse = z.object({ obligation });
export const obligationDetail = z.object({ obligation, rules: valuationRules, tally });

export const statementContent = z.object({
  code: z.string(),
  businessName: z.string(),
  obligation,
  rules: valuationRules,
  tally,
  /** The transfers counted: ids of confirmed ledger entries, so a buyer can ask to see them. */
  transferIds: z.array(z.string()),
  issuedAt: isoDateTime,
});
export type StatementContent = z.infer<typeof statementContent>;
export const statementResponse = z.object({
  statement: z.object({
    code: z.string(),
    totalCents: z.number().int(),
    issuedAt: isoDateTime,
    verifyUrl: z.string(),
    pdfUrl: z.string(),
  }),
});
export const statementCode = z.object({ code: z.string().trim().min(1).max(40) });
export const statementVerification = z.object({
  valid: z.boolean(),
  code: z.string(),
  reason: z.enum(['unknown_code', 'bad_signature']).nullable(),
  statement: statementContent.nullable(),
  kid: z.string().nullable(),
});
