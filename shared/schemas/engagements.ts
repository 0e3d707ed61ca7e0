import { z } from 'zod';
import { engagementActions, engagementKinds, engagementStatuses } from '../engagement-vocabulary.ts';
import { compensationTypes, listingKinds } from './listings.ts';
import { ledgerUnits } from './ledger.ts';
import { id, isoDate, isoDateTime } from './common.ts';

/**
 * Engagements: a person applies to a need (or an organisation invites an offer), the other side
 * answers, the worker logs hours or delivers materials, the organisation confirms — and the
 * confirmation posts linked ledger transfers. The rules are in server/modules/engagements.
 */

const message = z.string().trim().min(1, 'Write a message').max(2000, 'At most 2000 characters');
const reason = z.string().trim().min(3, 'Say briefly why').max(1000, 'At most 1000 characters');
const minutes = z
  .number()
  .int('Use whole minutes')
  .min(1, 'At least 1 minute')
  .max(24 * 60, 'At most 24 hours on one day');
const quantity = z.number().int('Use a whole number').min(1, 'At least 1').max(1_000_000);

export const createEngagementBody = z.strictObject({
  needId: id,
  /** Set when an organisation invites an offer, or a person applies with their offer. */
  offerId: id.optional(),
  /** Set when an organisation invites a findable person directly (a need's match that is a person); not with `offerId`. */
  personId: id.optional(),
  message: message.optional(),
  /** Materials: how much is pledged (default: what the need asks, or what the offer holds). */
  quantity: quantity.optional(),
});
export type CreateEngagementBody = z.infer<typeof createEngagementBody>;

/** Accept, decline or cancel: an optional note that is kept as a message to the other side. */
/** A POST without a body arrives as null: the same as an empty object for bodies that are all optional. */
const optionalBody = <T extends z.ZodType>(schema: T) => z.preprocess((v) => v ?? {}, schema);

export const answerBody = optionalBody(z.strictObject({ message: message.optional() }));
export type AnswerBody = z.infer<typeof answerBody>;

export const logHoursBody = z.strictObject({
  minutes,
  date: isoDate,
  note: z.string().trim().max(500, 'At most 500 characters').optional(),
});
export type LogHoursBody = z.infer<typeof logHoursBody>;

export const deliverBody = z.strictObject({
  quantity,
  note: z.string().trim().max(500, 'At most 500 characters').optional(),
});
export type DeliverBody = z.infer<typeof deliverBody>;

export const confirmBody = optionalBody(
  z.strictObject({
    /** Work: the minutes confirmed, at most those logged (default: all logged). */
    minutes: z.number().int('Use whole minutes').min(1, 'At least 1 minute').max(1_000_000).optional(),
    /** Materials: the quantity received, at most what was delivered (default: all delivered). */
    quantity: quantity.optional(),
    /** Materials: the value in kind of what was received, in cents (default 0: not valued). */
    inkindValueCents: z.number().int('Use whole cents').min(0).max(100_000_000).optional(),
    /**
     * Allowance over the tax-free limits: record it anyway, as taxable pay (the organisation
     * then handles payroll tax). Without it such a confirmation is refused (422 allowance_limit).
     */
    recordAsTaxable: z.boolean().optional(),
    /**
     * Business-to-Community work: the employees who took part and their minutes, adding up to the
     * confirmed minutes (default: the business's contact person did all of it). Each gets a personal record.
     */
    participants: z
      .array(
        z.strictObject({
          userId: z.string().min(1).max(64),
          minutes: z.number().int('Use whole minutes').min(1).max(1_000_000),
        }),
      )
      .min(1)
      .max(200)
      .optional(),
  }),
);
export type ConfirmBody = z.infer<typeof confirmBody>;

export const disputeBody = z.strictObject({ reason });
export type DisputeBody = z.infer<typeof disputeBody>;

export const previewQuery = z.object({
  minutes: z.coerce.number().int('Use whole minutes').min(1).max(1_000_000).optional(),
  quantity: z.coerce.number().int().min(1).max(1_000_000).optional(),
  inkindValueCents: z.coerce.number().int().min(0).max(100_000_000).optional(),
  recordAsTaxable: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export type PreviewQuery = z.infer<typeof previewQuery>;

export const engagementListQuery = z.object({
  /** worker: engagements where I work or give; organization: those of organisations I belong to. */
  role: z.enum(['worker', 'organization']).default('worker'),
  status: z
    .union([z.string(), z.array(z.string())])
    .transform((v) =>
      (Array.isArray(v) ? v : [v])
        .flatMap((s) => s.split(','))
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    )
    .pipe(z.array(z.enum(engagementStatuses)).max(9))
    .optional(),
  /** With role=organization: only this organisation's. */
  organizationId: id.optional(),
  needId: id.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
});
export type EngagementListQuery = z.infer<typeof engagementListQuery>;

export const messageBody = z.strictObject({
  text: z.string().trim().min(1, 'Write a message').max(4000, 'At most 4000 characters'),
});

const party = z.object({ type: z.enum(['person', 'organization']), id: z.string(), name: z.string() });

export const hourLog = z.object({
  id: z.string(),
  minutes: z.number(),
  date: z.string(),
  note: z.string().nullable(),
  createdAt: isoDateTime,
});

export const ledgerLine = z.object({
  /** Deterministic per engagement step: a retried confirmation posts nothing twice. */
  transferId: z.string(),
  /** posted: moves now · pending: reserved · post: posts (part of) a reservation · void: releases it. */
  type: z.enum(['posted', 'pending', 'post', 'void']),
  unit: z.enum(ledgerUnits),
  amount: z.number(),
  kind: z.string(),
  from: party,
  to: party,
  /** For post/void: the reservation resolved. */
  pendingId: z.string().nullable(),
});
export type LedgerLine = z.infer<typeof ledgerLine>;

const allowanceFacts = z.object({
  amountCents: z.number(),
  minutes: z.number(),
  hourlyMaxCents: z.number().nullable(),
  hourlyCapCents: z.number().nullable(),
  perMonthMaxCents: z.number().nullable(),
  perYearMaxCents: z.number().nullable(),
  monthToDateCents: z.number(),
  yearToDateCents: z.number(),
  monthAfterCents: z.number(),
  yearAfterCents: z.number(),
  maxTaxFreeCents: z.number(),
  validFrom: z.string().nullable(),
  source: z.object({ publisher: z.string(), title: z.string(), url: z.string() }).nullable(),
  unconfirmed: z.string().nullable(),
});

export const allowanceCheck = z.object({
  verdict: z.enum(['ok', 'warn', 'refuse']),
  /** refuse: the limits the allowance would cross (hourly, month, year, no_figures). */
  exceeded: z.array(z.string()),
  /** warn: age_unknown, near_month_limit, near_year_limit. */
  warnings: z.array(z.string()),
  facts: allowanceFacts,
  /** The month the limits were counted for (Dutch calendar), `YYYY-MM`. */
  month: z.string(),
});
export type AllowanceCheck = z.infer<typeof allowanceCheck>;

export const engagement = z.object({
  id: z.string(),
  kind: z.enum(engagementKinds),
  status: z.enum(engagementStatuses),
  proposedBy: z.enum(['worker', 'organization']),
  /**
   * Who proposed it: the person who applied or invited, and the public body whose match round
   * invited on the organisation's behalf, if one did. Null for engagements from before this was kept.
   */
  proposer: z
    .object({
      userId: z.string(),
      displayName: z.string(),
      via: z.object({ id: z.string(), name: z.string() }).nullable(),
    })
    .nullable(),
  need: z.object({
    id: z.string(),
    title: z.string(),
    kind: z.enum(listingKinds),
    organizationId: z.string(),
    organizationName: z.string(),
    /** A platform admin verified the organisation (issue 9). */
    organizationVerified: z.boolean(),
  }),
  offerId: z.string().nullable(),
  /** The person who works or gives. */
  worker: z.object({ userId: z.string(), displayName: z.string() }),
  /** Set when the worker acts for a business (a Business-to-Community offer): the ledger credits it. */
  workerOrganization: z.object({ id: z.string(), name: z.string() }).nullable(),
  compensation: z.object({
    type: z.enum(compensationTypes),
    hourlyRateCents: z.number().nullable(),
    allowanceCents: z.number().nullable(),
  }),
  estimateMinutes: z.number().nullable(),
  /** Time credits reserved at acceptance (pending), until confirmation or cancellation. */
  reservedMinutes: z.number(),
  loggedMinutes: z.number(),
  confirmedMinutes: z.number().nullable(),
  hours: z.array(hourLog),
  unit: z.string().nullable(),
  pledgedQuantity: z.number().nullable(),
  deliveredQuantity: z.number().nullable(),
  confirmedQuantity: z.number().nullable(),
  inkindValueCents: z.number().nullable(),
  /** EUR recorded at confirmation: allowance, taxable allowance or wage. */
  eurCents: z.number().nullable(),
  eurKind: z.enum(['allowance', 'taxable_allowance', 'wage']).nullable(),
  disputeReason: z.string().nullable(),
  /**
   * Why it ended, as a message key the web translates (e.g. `engagement.ended.need_filled`,
   * with a kind text: the places were filled by others, thank you for offering).
   */
  endReasonKey: z.string().nullable(),
  /** How the person asking relates to it, and the actions they may take now. */
  viewerSide: z.enum(['worker', 'organization', 'admin']),
  allowedActions: z.array(z.enum(engagementActions)),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  acceptedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
});
export type Engagement = z.infer<typeof engagement>;
export const engagementResponse = z.object({ engagement });
export const engagementPage = z.object({ items: z.array(engagement), nextCursor: z.string().nullable() });

export const confirmResponse = z.object({
  engagement,
  transfers: z.array(ledgerLine),
  allowanceCheck: allowanceCheck.nullable(),
});

export const previewResponse = z.object({
  lines: z.array(ledgerLine),
  allowanceCheck: allowanceCheck.nullable(),
  /** Set when confirming like this would be refused, e.g. `allowance_limit`; the web shows why. */
  refusal: z.object({ code: z.string(), message: z.string() }).nullable(),
});

export const engagementMessage = z.object({
  id: z.string(),
  author: z.object({ userId: z.string(), displayName: z.string() }).nullable(),
  /** `person` for a written message; `system` for a step (accepted, hours logged …) with a message key. */
  type: z.enum(['person', 'system']),
  text: z.string(),
  createdAt: isoDateTime,
});
export const messagePage = z.object({ items: z.array(engagementMessage), nextCursor: z.string().nullable() });
export const messageResponse = z.object({ message: engagementMessage });
