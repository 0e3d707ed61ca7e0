import { z } from 'zod';
import { localeCodes } from '../locales.ts';
import { domainCodes } from '../vocabulary.ts';
import { id, isoDate, isoDateTime, postcode, skill } from './common.ts';

/** The organisation's reference after confirmation (`POST /api/engagements/:id/reference`). */
export const referenceBody = z.strictObject({
  text: z.string().trim().min(1, 'Write a few words').max(1000, 'At most 1000 characters'),
  skills: z.array(skill).max(20).default([]),
  /** Business-to-Community work: which participating employee the reference is for (default: the worker). */
  userId: id.optional(),
});
export type ReferenceBody = z.infer<typeof referenceBody>;

/** The person decides whether a reference is public (`PATCH /api/me/references/:engagementId`). */
export const referenceVisibilityBody = z.strictObject({ public: z.boolean() });

export const reference = z.object({
  engagementId: z.string(),
  organization: z.object({ id: z.string(), name: z.string() }),
  text: z.string(),
  skills: z.array(z.string()),
  public: z.boolean(),
  createdAt: isoDateTime,
});
export type Reference = z.infer<typeof reference>;
export const referenceResponse = z.object({ reference });

export const badgeIdParam = z.object({
  badgeId: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9_]+$/, 'Not a badge id'),
});

/** One ledger entry a badge rests on, with its public page. */
export const evidence = z.object({ transferId: z.string(), url: z.string() });

export const badge = z.object({
  id: z.string(),
  earnedOn: isoDate,
  evidence: z.array(evidence),
});
export type BadgeDto = z.infer<typeof badge>;

/** Measured figures come from the ledger; nothing self-reported is in here. */
export const recognition = z.object({
  userId: z.string(),
  displayName: z.string(),
  badges: z.array(badge),
  totalMinutes: z.number().int(),
  minutesByDomain: z.partialRecord(z.enum(domainCodes), z.number().int()),
  references: z.array(reference),
});
export type Recognition = z.infer<typeof recognition>;

export const certificateQuery = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
});
export type CertificateQuery = z.infer<typeof certificateQuery>;

export const certificateCode = z.object({ code: z.string().min(1).max(64) });

const minutesRow = z.object({
  key: z.string(),
  label: z.string(),
  paidMinutes: z.number().int(),
  unpaidMinutes: z.number().int(),
});

/** What a certificate states; signed as canonical JSON by the platform key. */
export const certificateContent = z.object({
  version: z.literal(1),
  code: z.string(),
  holderName: z.string(),
  locale: z.enum(localeCodes),
  from: isoDate.nullable(),
  to: isoDate,
  issuedAt: isoDateTime,
  totalMinutes: z.number().int(),
  paidMinutes: z.number().int(),
  unpaidMinutes: z.number().int(),
  byOrganization: z.array(minutesRow),
  byDomain: z.array(minutesRow),
  byPeriod: z.array(minutesRow),
  skills: z.array(z.string()),
  references: z.array(z.object({ organizationName: z.string(), text: z.string(), skills: z.array(z.string()) })),
  evidence: z.array(z.string()),
});
export type CertificateContent = z.infer<typeof certificateContent>;

export const certificateVerification = z.object({
  valid: z.boolean(),
  code: z.string(),
  /** Why not valid: unknown code or a signature that does not match the content. */
  reason: z.enum(['unknown_code', 'bad_signature']).nullable(),
  holderName: z.string().nullable(),
  minutesByOrganization: z.array(z.object({ organizationName: z.string(), minutes: z.number().int() })),
  certificate: certificateContent.nullable(),
  issuedAt: isoDateTime.nullable(),
  kid: z.string().nullable(),
});

export const credentialVerifyBody = z.strictObject({ credential: z.string().min(1).max(20_000) });
export const credentialVerification = z.object({
  valid: z.boolean(),
  reason: z.string().nullable(),
  /** Whether the holder still has the badge (a correction can take the work away). */
  stillHeld: z.boolean().nullable(),
  credential: z.record(z.string(), z.unknown()).nullable(),
});

/** A ledger entry's public page: opaque ids, amount, unit, time, domains — no personal data. */
export const publicLedgerEntry = z.object({
  id: z.string(),
  unit: z.string(),
  amount: z.number().int(),
  kind: z.string(),
  createdAt: isoDateTime,
  domains: z.array(z.string()),
  corrected: z.boolean(),
  seq: z.number().int(),
});

// ——— impact ———

export const impactScopes = ['country', 'province', 'municipality', 'radius'] as const;

/** docs/API.md's `near` + `radiusKm` without a scope mean a radius; no scope at all means the country. */
const effectiveScope = (q: {
  scope?: (typeof impactScopes)[number] | undefined;
  near?: string | undefined;
  postcode?: string | undefined;
}) => q.scope ?? ((q.near ?? q.postcode) ? 'radius' : 'country');

export const impactQuery = z
  .object({
    scope: z.enum(impactScopes).optional(),
    /** Province or municipality name as in the PC4 data (`Utrecht`, `'s-Hertogenbosch`). */
    area: z.string().trim().min(1).max(80).optional(),
    /** Radius: the centre (also accepted as the docs/API.md `near`). */
    postcode: postcode.optional(),
    near: postcode.optional(),
    radiusKm: z.coerce.number().min(0.5).max(300).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    /** Time series: per day, month or year. */
    interval: z.enum(['day', 'month', 'year']).default('month'),
  })
  .superRefine((q, ctx) => {
    const scope = effectiveScope(q);
    if ((scope === 'province' || scope === 'municipality') && !q.area)
      ctx.addIssue({ code: 'custom', path: ['area'], message: 'Name the province or municipality' });
    if (scope === 'radius' && !(q.postcode ?? q.near))
      ctx.addIssue({ code: 'custom', path: ['postcode'], message: 'Give a postcode for the centre' });
    if (scope === 'radius' && q.radiusKm === undefined)
      ctx.addIssue({ code: 'custom', path: ['radiusKm'], message: 'Give a radius' });
    if (q.from && q.to && q.from > q.to)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'The end lies before the start' });
  })
  .transform((q) => ({ ...q, scope: effectiveScope(q) }));
export type ImpactQuery = z.infer<typeof impactQuery>;

const source = z.object({
  publisher: z.string(),
  title: z.string(),
  url: z.string().nullable(),
  date: z.string().nullable(),
});

/** Every figure says how it is known: `measured` (ledger) or `selfReported` (profiles). */
const measured = <T extends z.ZodType>(value: T) => z.object({ value, basis: z.literal('measured') });
const selfReported = <T extends z.ZodType>(value: T) =>
  z.object({ value, basis: z.literal('selfReported'), reportedBy: z.number().int() });

export const impactResponse = z.object({
  scope: z.object({
    type: z.enum(impactScopes),
    area: z.string().nullable(),
    postcode: z.string().nullable(),
    radiusKm: z.number().nullable(),
    pc4Count: z.number().int(),
  }),
  period: z.object({
    from: isoDate.nullable(),
    to: isoDate,
    months: z.object({ from: z.string().nullable(), to: z.string() }),
  }),
  initiatives: z.number().int(),
  initiativesWithConfirmedWork: z.number().int(),
  volunteers: z.number().int(),
  newcomers: z.number().int(),
  workMinutes: z.number().int(),
  paidMinutes: z.number().int(),
  unpaidMinutes: z.number().int(),
  minutesByDomain: z.partialRecord(z.enum(domainCodes), z.number().int()),
  timeCreditsExchanged: z.number().int(),
  inkindCents: z.number().int(),
  businessContributions: z.object({
    businesses: z.number().int(),
    workMinutes: z.number().int(),
    inkindCents: z.number().int(),
  }),
  /** Input value: what the work would cost at the rate (not impact). */
  socialValueCents: z.number().int(),
  method: z.object({
    rateCents: z.number().int().nullable(),
    rateSource: z.string(),
    text: z.string(),
    activeCounting: z.string(),
    domains: z.string(),
    timeCredits: z.string(),
  }),
  incomeMix: z.object({
    basis: z.literal('selfReported'),
    initiativesReporting: z.number().int(),
    /** Share of reporting initiatives that earn some income from own products and services (report: "ruim 80%"). */
    withOwnIncomePct: z.number().nullable(),
    /** Their average own-income share of total income (report: 21%). */
    averageOwnIncomePct: z.number().nullable(),
    averageSubsidiesPct: z.number().nullable(),
    averageDonationsPct: z.number().nullable(),
    distribution: z.array(
      z.object({ fromPct: z.number().int(), toPct: z.number().int(), initiatives: z.number().int() }),
    ),
  }),
  peopleReached: selfReported(z.number().int()),
  volunteersReported: selfReported(z.number().int()),
  paidStaffReported: selfReported(z.number().int()),
  measured: z.object({ workMinutes: measured(z.number().int()), volunteers: measured(z.number().int()) }),
  series: z.array(
    z.object({
      period: z.string(),
      workMinutes: z.number().int(),
      paidMinutes: z.number().int(),
      unpaidMinutes: z.number().int(),
      timeMinutes: z.number().int(),
      inkindCents: z.number().int(),
    }),
  ),
  reference: z.object({
    source,
    initiatives: z.number().int(),
    peopleReached: z.number().int(),
    volunteers: z.number().int(),
    paidStaff: z.number().int(),
    withOwnIncomePct: z.number(),
    averageOwnIncomePct: z.number(),
  }),
});
export type ImpactResponse = z.infer<typeof impactResponse>;

/** An initiative's profile figures, each marked: measured from the ledger, or self-reported. */
export const organizationImpact = z.object({
  organizationId: z.string(),
  measured: z.object({
    basis: z.literal('measured'),
    volunteersActive: z.number().int(),
    volunteersActiveLast12Months: z.number().int(),
    workMinutes: z.number().int(),
    minutesByDomain: z.partialRecord(z.enum(domainCodes), z.number().int()),
    inkindReceivedCents: z.number().int(),
    businessSupport: z.object({
      businesses: z.number().int(),
      workMinutes: z.number().int(),
      inkindCents: z.number().int(),
    }),
  }),
  selfReported: z.object({
    basis: z.literal('selfReported'),
    volunteers: z.number().int().nullable(),
    paidStaff: z.number().int().nullable(),
    peopleReachedPerYear: z.number().int().nullable(),
    incomeMix: z.object({ subsidiesPct: z.number(), donationsPct: z.number(), ownIncomePct: z.number() }).nullable(),
    mainFunders: z.array(z.string()).nullable(),
    lifePhase: z.string().nullable(),
    currentNeeds: z.array(z.string()).nullable(),
  }),
});
export type OrganizationImpact = z.infer<typeof organizationImpact>;
