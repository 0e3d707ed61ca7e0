import { z } from 'zod';
import { engagementActions, engagementStatuses } from '../engagement-vocabulary.ts';
import { id, isoDate, isoDateTime, listQuery, postcode } from './common.ts';

/**
 * Neighbours helping neighbours (issue 14, item 4): a personal request without an organisation, paid
 * only in time credits. The body may say it wants euros (`payment: 'euros'`, `euroCents`), so that the
 * service can refuse it with its own code (`euros_between_persons`) instead of a shape error.
 */
export const helpCategories = ['practical', 'company', 'transport', 'language', 'digital', 'other'] as const;
export type HelpCategory = (typeof helpCategories)[number];

export const helpRequestStatuses = ['open', 'filled', 'closed'] as const;

export const createHelpRequestBody = z.strictObject({
  title: z.string().trim().min(3).max(120),
  description: z.string().trim().max(2000).default(''),
  category: z.enum(helpCategories),
  /** Any Dutch postcode: only its PC4 area is kept and shown. */
  postcode,
  /** How long the help takes, as the requester guesses: reserved from their time credits at acceptance. */
  minutesEstimate: z
    .number()
    .int()
    .min(15)
    .max(8 * 60),
  /** Time credits only; `euros` is refused by the service (never euros between private persons). */
  payment: z.enum(['time_credits', 'euros']).default('time_credits'),
  euroCents: z.number().int().min(0).max(10_000_000).optional(),
  /** Work that needs a VOG (care for children or vulnerable people alone) is refused between neighbours. */
  needsVog: z.boolean().default(false),
});
export type CreateHelpRequestBody = z.input<typeof createHelpRequestBody>;

export const helpRequestQuery = listQuery.extend({
  /** PC4 or full postcode: only requests in that PC4 area. */
  near: postcode.optional(),
});

export const helpPerson = z.object({ id, displayName: z.string() });

export const helpRequest = z.object({
  id,
  title: z.string(),
  description: z.string(),
  category: z.enum(helpCategories),
  /** PC4 only: a neighbour's street is nobody's business until they agree to meet. */
  pc4: z.string(),
  place: z.string(),
  minutesEstimate: z.number().int(),
  status: z.enum(helpRequestStatuses),
  requester: helpPerson,
  createdAt: isoDateTime,
  /** Whether the viewer asked for this help. */
  mine: z.boolean(),
});
export type HelpRequest = z.infer<typeof helpRequest>;
export const helpRequestResponse = z.object({ request: helpRequest });

/** A body-less POST (no JSON at all) counts as `{}`. */
const optionalBody = <T extends z.ZodType>(schema: T) => z.preprocess((v) => v ?? {}, schema);
export const offerHelpBody = optionalBody(z.strictObject({ message: z.string().trim().max(1000).default('') }));
export const helpMessageBody = optionalBody(z.strictObject({ message: z.string().trim().max(1000).default('') }));
export const helpHoursBody = z.strictObject({
  minutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  date: isoDate,
});
export const helpConfirmBody = optionalBody(
  z.strictObject({
    minutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .optional(),
  }),
);

export const helpEngagement = z.object({
  id,
  requestId: id,
  request: z.object({ id, title: z.string(), pc4: z.string(), place: z.string(), minutesEstimate: z.number().int() }),
  requester: helpPerson,
  helper: helpPerson,
  status: z.enum(engagementStatuses),
  message: z.string(),
  reservedMinutes: z.number().int(),
  loggedMinutes: z.number().int(),
  loggedDate: isoDate.nullable(),
  confirmedMinutes: z.number().int().nullable(),
  /** The viewer's side: `requester` (the organisation side of the engagement flow) or `helper` (the worker). */
  side: z.enum(['requester', 'helper']),
  /** What the viewer may do now: the web shows exactly these buttons. */
  actions: z.array(z.enum(engagementActions)),
  createdAt: isoDateTime,
});
export type HelpEngagement = z.infer<typeof helpEngagement>;
export const helpEngagementResponse = z.object({ engagement: helpEngagement });

export const helpRequestDetail = z.object({ request: helpRequest, engagements: z.array(helpEngagement) });

export const myHelp = z.object({ requests: z.array(helpRequest), engagements: z.array(helpEngagement) });

/** Organisations sponsor time credits to people who cannot earn them (e.g. elderly), from their own balance. */
export const createSponsorshipBody = z.strictObject({
  recipientUserId: id,
  minutes: z.number().int().min(1).max(6000),
  reason: z.string().trim().min(3).max(500),
});
export const sponsorship = z.object({
  id,
  organizationId: id,
  recipient: helpPerson,
  minutes: z.number().int(),
  reason: z.string(),
  transferId: z.string(),
  createdAt: isoDateTime,
});
export type Sponsorship = z.infer<typeof sponsorship>;
export const sponsorshipResponse = z.object({ sponsorship });
