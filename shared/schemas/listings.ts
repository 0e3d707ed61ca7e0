import { z } from 'zod';
import {
  b2cTypes,
  compensationTypes,
  listingKinds,
  listingStatuses,
  materialsModes,
  searchSorts,
  weekdays,
} from '../listing-vocabulary.ts';
import { domainCodes } from '../vocabulary.ts';
import { id, isoDate, isoDateTime, languageCode, page, postcode, skill } from './common.ts';

/**
 * Needs (posted by organisations) and offers (by people or businesses): the API contract.
 * Rules that depend on stored data or on the date (minimum wage, allowance limits, the
 * organisation's UWV vrijwilligersverklaring, ownership) are checked in the listings service.
 */

export { b2cTypes, compensationTypes, listingKinds, listingStatuses, materialsModes, searchSorts, weekdays };

export type ListingKind = (typeof listingKinds)[number];
export type CompensationType = (typeof compensationTypes)[number];
export type ListingStatus = (typeof listingStatuses)[number];
export type B2cType = (typeof b2cTypes)[number];

/** Unpaid, time credits and allowances are volunteer work; only `paid` is employment. */
export const isVolunteerCompensation = (type: CompensationType): boolean => type !== 'paid';

const cents = z.number().int().min(1, 'Enter an amount above zero').max(100_000, 'At most €1,000 per hour');

/** What a need pays. Amounts are per hour, in cents; each type carries only its own amount. */
export const compensation = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('unpaid') }),
  z.strictObject({ type: z.literal('time_credits') }),
  /** A flat volunteer allowance per hour, at most the tax-free hourly maximum on the work's dates. */
  z.strictObject({ type: z.literal('allowance'), allowanceCents: cents }),
  /** An hourly wage, at least the statutory minimum wage (21+) on the work's dates. */
  z.strictObject({ type: z.literal('paid'), hourlyRateCents: cents }),
]);
export type Compensation = z.infer<typeof compensation>;

export const requirements = z.strictObject({
  /** A VOG (certificate of conduct) is required, e.g. for work with children. */
  vog: z.boolean().default(false),
  minAge: z.number().int().min(12, 'At least 12').max(99).nullable().default(null),
});

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use a time such as 09:30');

export const weeklySlot = z
  .strictObject({ day: z.enum(weekdays), from: timeOfDay, to: timeOfDay })
  .refine((s) => s.from < s.to, { message: 'The end time must be after the start time', path: ['to'] });

/** When an offer can be used: recurring weekly slots, or specific dates. */
export const availability = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('weekly'),
    slots: z.array(weeklySlot).min(1, 'Add at least one time slot').max(21),
  }),
  z.strictObject({ type: z.literal('dates'), dates: z.array(isoDate).min(1, 'Add at least one date').max(60) }),
]);
export type Availability = z.infer<typeof availability>;

const title = z.string().trim().min(3, 'Enter a title of at least 3 characters').max(120, 'At most 120 characters');
const description = z.string().trim().max(5000, 'At most 5000 characters');
const domainList = z.array(z.enum(domainCodes)).max(13);
const skillList = z.array(skill).max(20, 'At most 20 skills');
const languageList = z.array(languageCode).max(10, 'At most 10 languages');
const quantity = z.number().int().min(1, 'At least 1').max(1_000_000);
const unit = z.string().trim().min(1).max(30);
const hoursEstimate = z.number().int().min(1, 'At least 1 hour').max(10_000);
const peopleNeeded = z.number().int().min(1, 'At least 1 person').max(1000);
const radiusKm = z.number().min(1, 'At least 1 km').max(300, 'At most 300 km');
const capacityHoursPerMonth = z.number().int().min(1, 'At least 1 hour').max(744, 'A month has at most 744 hours');

type Issue = { path: string; message: string };

/** The fields a need's cross-field rules look at (a created need, or a stored one with changes). */
export interface NeedShape {
  kind: ListingKind;
  postcode?: string | null | undefined;
  remote: boolean;
  startsAt?: string | null | undefined;
  endsAt?: string | null | undefined;
  quantity?: number | null | undefined;
  unit?: string | null | undefined;
  materialsMode?: string | null | undefined;
  compensation: Compensation;
  openToAsylumSeekers: boolean;
  workPermitArranged: boolean;
}

/** Rules across fields of a need; used by the create schema and, after merging, by PATCH. */
export function needIssues(n: NeedShape): Issue[] {
  const issues: Issue[] = [];
  if (!n.postcode && !n.remote)
    issues.push({ path: 'postcode', message: 'Give a postcode, or mark the work as remote' });
  if (n.startsAt && n.endsAt && Date.parse(n.endsAt) <= Date.parse(n.startsAt)) {
    issues.push({ path: 'endsAt', message: 'The end must be after the start' });
  }
  issues.push(...materialsIssues(n));
  if (n.kind === 'materials' && (n.compensation.type === 'paid' || n.compensation.type === 'allowance')) {
    issues.push({ path: 'compensation.type', message: 'Materials are given or lent: choose unpaid or time credits' });
  }
  if (n.openToAsylumSeekers && n.compensation.type === 'paid' && !n.workPermitArranged) {
    issues.push({
      path: 'workPermitArranged',
      message:
        'Paid work by asylum seekers needs a work permit (TWV) applied for by the employer: confirm that you arrange it',
    });
  }
  return issues;
}

function materialsIssues(l: {
  kind: ListingKind;
  quantity?: number | null | undefined;
  unit?: string | null | undefined;
  materialsMode?: string | null | undefined;
}): Issue[] {
  const issues: Issue[] = [];
  if (l.kind === 'materials') {
    if (!l.materialsMode)
      issues.push({ path: 'materialsMode', message: 'Say whether the materials are given or lent' });
    if (l.unit && l.quantity == null) issues.push({ path: 'quantity', message: 'Give a quantity for this unit' });
  } else {
    for (const key of ['quantity', 'unit', 'materialsMode'] as const) {
      if (l[key] != null) issues.push({ path: key, message: 'Only for materials' });
    }
  }
  return issues;
}

/** The fields an offer's cross-field rules look at. */
export interface OfferShape {
  organizationId?: string | null | undefined;
  b2cType?: B2cType | null | undefined;
  kind: ListingKind;
  postcode?: string | null | undefined;
  radiusKm?: number | null | undefined;
  remote: boolean;
  compensationAccepted: readonly CompensationType[];
  capacityHoursPerMonth?: number | null | undefined;
  quantity?: number | null | undefined;
  unit?: string | null | undefined;
  materialsMode?: string | null | undefined;
}

export function offerIssues(o: OfferShape): Issue[] {
  const issues: Issue[] = [];
  if (!o.postcode && !o.remote)
    issues.push({ path: 'postcode', message: 'Give a postcode, or mark the offer as remote' });
  if (o.radiusKm != null && !o.postcode) issues.push({ path: 'radiusKm', message: 'A travel radius needs a postcode' });
  issues.push(...materialsIssues(o));
  if (o.kind === 'materials' && o.capacityHoursPerMonth != null) {
    issues.push({ path: 'capacityHoursPerMonth', message: 'For materials, give a quantity instead of hours' });
  }
  if (o.organizationId && !o.b2cType) issues.push({ path: 'b2cType', message: 'Choose the kind of business offer' });
  if (!o.organizationId && o.b2cType)
    issues.push({ path: 'b2cType', message: 'Only business offers have a business offer type' });
  if (o.b2cType === 'materials' && o.kind !== 'materials')
    issues.push({ path: 'kind', message: 'A materials offer has kind materials' });
  if (o.b2cType === 'paid_assignment' && !o.compensationAccepted.includes('paid')) {
    issues.push({ path: 'compensationAccepted', message: 'A paid assignment accepts paid compensation' });
  }
  if (o.b2cType === 'accepts_time_credits' && !o.compensationAccepted.includes('time_credits')) {
    issues.push({ path: 'compensationAccepted', message: 'This offer type accepts time credits' });
  }
  return issues;
}

const addIssues = (issues: Issue[], ctx: z.core.$RefinementCtx) => {
  for (const i of issues) ctx.addIssue({ code: 'custom', path: i.path.split('.'), message: i.message });
};

// ---------- needs ----------

const needFields = {
  kind: z.enum(listingKinds),
  title,
  description: description.default(''),
  domains: domainList.min(1, 'Choose at least one domain'),
  skills: skillList.default([]),
  /** Languages the work can be done in; empty means no particular language. */
  languages: languageList.default([]),
  /** Stored in full; shown publicly only as the PC4 area and place. */
  postcode: postcode.nullable().optional(),
  remote: z.boolean().default(false),
  /** Both absent: flexible. An open need whose end has passed reads as expired. */
  startsAt: isoDateTime.nullable().optional(),
  endsAt: isoDateTime.nullable().optional(),
  hoursEstimate: hoursEstimate.nullable().optional(),
  peopleNeeded: peopleNeeded.nullable().optional(),
  quantity: quantity.nullable().optional(),
  unit: unit.nullable().optional(),
  materialsMode: z.enum(materialsModes).nullable().optional(),
  compensation,
  requirements: requirements.default({ vog: false, minAge: null }),
  /** No Dutch needed, or guidance in another language is given. */
  newcomerFriendly: z.boolean().default(false),
  /**
   * Volunteer needs: only when the organisation declared a UWV vrijwilligersverklaring.
   * Paid needs: only with `workPermitArranged`.
   */
  openToAsylumSeekers: z.boolean().default(false),
  /** The employer confirms it arranges the work permit (TWV) or UWV notification when the worker needs one. */
  workPermitArranged: z.boolean().default(false),
};

export const createNeedBody = z
  .strictObject({ organizationId: id, ...needFields })
  .superRefine((n, ctx) => addIssues(needIssues(n), ctx));
export type CreateNeedBody = z.infer<typeof createNeedBody>;

/** Every field optional; `null` clears. The merged need is checked against the same rules. */
export const updateNeedBody = z.strictObject({
  kind: needFields.kind.optional(),
  title: title.optional(),
  description: description.optional(),
  domains: needFields.domains.optional(),
  skills: skillList.optional(),
  languages: languageList.optional(),
  postcode: needFields.postcode,
  remote: z.boolean().optional(),
  startsAt: needFields.startsAt,
  endsAt: needFields.endsAt,
  hoursEstimate: needFields.hoursEstimate,
  peopleNeeded: needFields.peopleNeeded,
  quantity: needFields.quantity,
  unit: needFields.unit,
  materialsMode: needFields.materialsMode,
  compensation: compensation.optional(),
  requirements: requirements.optional(),
  newcomerFriendly: z.boolean().optional(),
  openToAsylumSeekers: z.boolean().optional(),
  workPermitArranged: z.boolean().optional(),
});
export type UpdateNeedBody = z.infer<typeof updateNeedBody>;

const compensationOut = z.object({
  type: z.enum(compensationTypes),
  hourlyRateCents: z.number().optional(),
  allowanceCents: z.number().optional(),
});

/** What a need and an offer answer alike: their text, lists and public place. */
const listingTextOut = {
  kind: z.enum(listingKinds),
  title: z.string(),
  description: z.string(),
  domains: z.array(z.enum(domainCodes)),
  skills: z.array(z.string()),
  languages: z.array(z.string()),
  /** PC4 area only (`1012`), never the full postcode; null when remote only. */
  postcode: z.string().nullable(),
  place: z.string().nullable(),
};

/** Status and times, the distance when searched `near`, and what only an editor sees. */
const listingStateOut = {
  status: z.enum(listingStatuses),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  closedAt: z.string().nullable(),
  /** Great-circle km between PC4 centroids, when searched with `near`; null for remote-only. */
  distanceKm: z.number().nullable().optional(),
  /** Whether the person asking may change or close it. */
  canEdit: z.boolean(),
  /** The full postcode, only for those who may edit. */
  fullPostcode: z.string().nullable().optional(),
};

export const need = z.object({
  id: z.string(),
  /** `verified`: a platform admin verified the organisation (issue 9). */
  organization: z.object({ id: z.string(), name: z.string(), type: z.string(), verified: z.boolean() }),
  ...listingTextOut,
  remote: z.boolean(),
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  /** No start and no end date. */
  flexible: z.boolean(),
  hoursEstimate: z.number().nullable(),
  peopleNeeded: z.number().nullable(),
  quantity: z.number().nullable(),
  unit: z.string().nullable(),
  materialsMode: z.enum(materialsModes).nullable(),
  compensation: compensationOut,
  requirements: z.object({ vog: z.boolean(), minAge: z.number().nullable() }),
  newcomerFriendly: z.boolean(),
  openToAsylumSeekers: z.boolean(),
  workPermitArranged: z.boolean(),
  ...listingStateOut,
  /**
   * Places still free: people (work) or quantity (materials) minus what accepted engagements hold;
   * null when the need sets no number.
   */
  placesLeft: z.number().nullable(),
  /** Applications waiting for an answer, only for those who may edit (they answer them). */
  applicantsWaiting: z.number().optional(),
});
export type Need = z.infer<typeof need>;
export const needResponse = z.object({ need });

// ---------- offers ----------

const offerFields = {
  kind: z.enum(listingKinds),
  title,
  description: description.default(''),
  domains: domainList.default([]),
  skills: skillList.default([]),
  languages: languageList.default([]),
  postcode: postcode.nullable().optional(),
  /** How far the offerer travels from the postcode. */
  radiusKm: radiusKm.nullable().optional(),
  remote: z.boolean().default(false),
  availability: availability.nullable().optional(),
  /** After this moment the offer reads as expired (for dated availability: the day after the last date). */
  availableUntil: isoDateTime.nullable().optional(),
  compensationAccepted: z
    .array(z.enum(compensationTypes))
    .min(1, 'Choose at least one kind of compensation')
    .max(4)
    .transform((list) => [...new Set(list)]),
  capacityHoursPerMonth: capacityHoursPerMonth.nullable().optional(),
  quantity: quantity.nullable().optional(),
  unit: unit.nullable().optional(),
  materialsMode: z.enum(materialsModes).nullable().optional(),
  /** Happy to work with newcomers: no Dutch needed, or guidance given. */
  newcomerFriendly: z.boolean().default(false),
};

export const createOfferBody = z
  .strictObject({
    /** Set for a business offer (Business-to-Community); absent for a person's own offer. */
    organizationId: id.nullable().optional(),
    b2cType: z.enum(b2cTypes).nullable().optional(),
    ...offerFields,
  })
  .superRefine((o, ctx) => addIssues(offerIssues(o), ctx));
export type CreateOfferBody = z.infer<typeof createOfferBody>;

export const updateOfferBody = z.strictObject({
  b2cType: z.enum(b2cTypes).nullable().optional(),
  kind: offerFields.kind.optional(),
  title: title.optional(),
  description: description.optional(),
  domains: domainList.optional(),
  skills: skillList.optional(),
  languages: languageList.optional(),
  postcode: offerFields.postcode,
  radiusKm: offerFields.radiusKm,
  remote: z.boolean().optional(),
  availability: offerFields.availability,
  availableUntil: offerFields.availableUntil,
  compensationAccepted: offerFields.compensationAccepted.optional(),
  capacityHoursPerMonth: offerFields.capacityHoursPerMonth,
  quantity: offerFields.quantity,
  unit: offerFields.unit,
  materialsMode: offerFields.materialsMode,
  newcomerFriendly: z.boolean().optional(),
});
export type UpdateOfferBody = z.infer<typeof updateOfferBody>;

export const offerOwner = z.discriminatedUnion('type', [
  z.object({ type: z.literal('person'), userId: z.string(), displayName: z.string() }),
  z.object({ type: z.literal('organization'), organizationId: z.string(), name: z.string(), verified: z.boolean() }),
]);

export const offer = z.object({
  id: z.string(),
  owner: offerOwner,
  b2cType: z.enum(b2cTypes).nullable(),
  ...listingTextOut,
  radiusKm: z.number().nullable(),
  remote: z.boolean(),
  availability: availability.nullable(),
  availableUntil: z.string().nullable(),
  compensationAccepted: z.array(z.enum(compensationTypes)),
  capacityHoursPerMonth: z.number().nullable(),
  quantity: z.number().nullable(),
  unit: z.string().nullable(),
  materialsMode: z.enum(materialsModes).nullable(),
  newcomerFriendly: z.boolean(),
  ...listingStateOut,
});
export type Offer = z.infer<typeof offer>;
export const offerResponse = z.object({ offer });

// ---------- search ----------

/** `a,b` or a repeated parameter (`?domain=a&domain=b`): any of the values matches. */
const anyOf = <T extends z.ZodType<string, string>>(item: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) =>
      (Array.isArray(v) ? v : [v])
        .flatMap((s) => s.split(','))
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    )
    .pipe(z.array(item).max(20))
    .optional();

const queryBoolean = z.enum(['true', 'false']).transform((v) => v === 'true');

const searchFields = {
  /** Free text: every word must occur in the title or description, as a word or word prefix. */
  q: z.string().trim().max(200).optional(),
  kind: anyOf(z.enum(listingKinds)),
  domain: anyOf(z.enum(domainCodes)),
  /** Needs: what the need pays. Offers: any of these is accepted. */
  compensation: anyOf(z.enum(compensationTypes)),
  language: anyOf(languageCode),
  skill: anyOf(skill),
  newcomerFriendly: queryBoolean.optional(),
  organizationId: id.optional(),
  /** A postcode (PC4 or full) to measure distance from. */
  near: postcode.optional(),
  /** With `near`: only listings within this distance (default 10 km). */
  radiusKm: z.coerce.number().min(0.1).max(300).optional(),
  /** With `near`: also listings that can be done remotely, wherever they are. */
  includeRemote: queryBoolean.optional(),
  /** Default `open`. Filled, closed and expired listings appear only when asked for. */
  status: anyOf(z.enum(listingStatuses)),
  /** Default: relevance with `q`, else distance with `near`, else newest. */
  sort: z.enum(searchSorts).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
};

type SearchShape = {
  q?: string | undefined;
  near?: string | undefined;
  radiusKm?: number | undefined;
  includeRemote?: boolean | undefined;
  sort?: string | undefined;
};
const searchIssues = (s: SearchShape): Issue[] => {
  const issues: Issue[] = [];
  if (s.near === undefined && (s.radiusKm !== undefined || s.includeRemote !== undefined)) {
    issues.push({
      path: s.radiusKm !== undefined ? 'radiusKm' : 'includeRemote',
      message: 'Give a postcode in near as well',
    });
  }
  if (s.sort === 'distance' && s.near === undefined)
    issues.push({ path: 'sort', message: 'Sorting by distance needs a postcode in near' });
  if (s.sort === 'relevance' && !s.q)
    issues.push({ path: 'sort', message: 'Sorting by relevance needs search words in q' });
  return issues;
};

export const needSearchQuery = z
  .object({ ...searchFields, openToAsylumSeekers: queryBoolean.optional() })
  .superRefine((s, ctx) => addIssues(searchIssues(s), ctx));
export type NeedSearchQuery = z.infer<typeof needSearchQuery>;

export const offerSearchQuery = z
  .object({ ...searchFields, b2cType: anyOf(z.enum(b2cTypes)) })
  .superRefine((s, ctx) => addIssues(searchIssues(s), ctx));
export type OfferSearchQuery = z.infer<typeof offerSearchQuery>;

export const needPage = page(need);
export const offerPage = page(offer);

/** The signed-in person's own offers and their organisations' needs, every status, newest first. */
export const myListingsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  needsCursor: z.string().max(500).optional(),
  offersCursor: z.string().max(500).optional(),
});
export const myListingsResponse = z.object({ needs: needPage, offers: offerPage });
