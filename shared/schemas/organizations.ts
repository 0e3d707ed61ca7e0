import { z } from 'zod';
import { currentNeedKinds, domainCodes, funderKinds, lifePhases, memberRoles, organizationTypes } from '../vocabulary.ts';
import { isoDate, isoDateTime, postcode } from './common.ts';
import { email } from './accounts.ts';

const percent = z.number().int().min(0).max(100);

/** The profile MAEX asked initiatives for: who carries the work, whom it reaches, how it is funded. */
export const incomeMix = z
  .strictObject({ subsidiesPct: percent, donationsPct: percent, ownIncomePct: percent })
  .refine((m) => m.subsidiesPct + m.donationsPct + m.ownIncomePct === 100, {
    message: 'The percentages must add up to 100',
    path: ['ownIncomePct'],
  });

const organizationFields = {
  name: z.string().trim().min(2, 'Enter a name of at least 2 characters').max(120),
  type: z.enum(organizationTypes),
  description: z.string().trim().max(4000).default(''),
  postcode,
  domains: z.array(z.enum(domainCodes)).max(13).default([]),
  kvkNumber: z.string().trim().regex(/^\d{8}$/, 'A KvK number has 8 digits').nullable().optional(),
  /** Date of the UWV vrijwilligersverklaring, needed before volunteer needs open to asylum seekers. */
  volunteerDeclarationDate: isoDate.nullable().optional(),
  volunteers: z.number().int().min(0).max(1_000_000).nullable().optional(),
  paidStaff: z.number().int().min(0).max(1_000_000).nullable().optional(),
  peopleReachedPerYear: z.number().int().min(0).max(100_000_000).nullable().optional(),
  incomeMix: incomeMix.nullable().optional(),
  mainFunders: z.array(z.enum(funderKinds)).max(funderKinds.length).nullable().optional(),
  lifePhase: z.enum(lifePhases).nullable().optional(),
  currentNeeds: z.array(z.enum(currentNeedKinds)).max(currentNeedKinds.length).nullable().optional(),
};

export const createOrganizationBody = z.strictObject(organizationFields);
export type CreateOrganizationBody = z.infer<typeof createOrganizationBody>;

export const updateOrganizationBody = z.strictObject({
  name: organizationFields.name.optional(),
  description: z.string().trim().max(4000).optional(),
  postcode: postcode.optional(),
  domains: organizationFields.domains.optional(),
  kvkNumber: organizationFields.kvkNumber,
  volunteerDeclarationDate: organizationFields.volunteerDeclarationDate,
  volunteers: organizationFields.volunteers,
  paidStaff: organizationFields.paidStaff,
  peopleReachedPerYear: organizationFields.peopleReachedPerYear,
  incomeMix: organizationFields.incomeMix,
  mainFunders: organizationFields.mainFunders,
  lifePhase: organizationFields.lifePhase,
  currentNeeds: organizationFields.currentNeeds,
});
export type UpdateOrganizationBody = z.infer<typeof updateOrganizationBody>;

export const organization = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(organizationTypes),
  description: z.string(),
  postcode: z.string(),
  place: z.string(),
  domains: z.array(z.enum(domainCodes)),
  kvkNumber: z.string().nullable(),
  volunteerDeclarationDate: z.string().nullable(),
  verified: z.boolean(),
  volunteers: z.number().nullable(),
  paidStaff: z.number().nullable(),
  peopleReachedPerYear: z.number().nullable(),
  incomeMix: z.object({ subsidiesPct: z.number(), donationsPct: z.number(), ownIncomePct: z.number() }).nullable(),
  mainFunders: z.array(z.enum(funderKinds)).nullable(),
  lifePhase: z.enum(lifePhases).nullable(),
  currentNeeds: z.array(z.enum(currentNeedKinds)).nullable(),
  memberCount: z.number(),
  createdAt: isoDateTime,
});
export type Organization = z.infer<typeof organization>;
export const organizationResponse = z.object({ organization });

export const organizationListQuery = z.object({
  q: z.string().trim().max(100).optional(),
  type: z.enum(organizationTypes).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
});

/** `reason`: required when a platform admin acts (audit-logged); optional for the organisation's own managers. */
export const addMemberBody = z.strictObject({ email, role: z.enum(memberRoles), reason: z.string().trim().min(5).max(1000).optional() });
export const member = z.object({
  userId: z.string(),
  displayName: z.string(),
  role: z.enum(memberRoles),
  since: isoDateTime,
});
export const membersResponse = z.object({ items: z.array(member) });

/** A coordinator records that a volunteer showed a valid VOG (Verklaring Omtrent het Gedrag). */
export const recordVogBody = z.strictObject({ userId: z.string().min(1).max(64), checkedOn: isoDate });
export const vogRecordResponse = z.object({ userId: z.string(), vogVerified: z.literal(true), checkedOn: z.string() });
export const memberResponse = z.object({ member });
