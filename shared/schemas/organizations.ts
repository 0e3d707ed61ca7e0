import { z } from 'zod';
import {
  currentNeedKinds,
  domainCodes,
  funderKinds,
  lifePhases,
  memberRoles,
  organizationTypes,
} from '../vocabulary.ts';
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
  kvkNumber: z
    .string()
    .trim()
    .regex(/^\d{8}$/, 'A KvK number has 8 digits')
    .nullable()
    .optional(),
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
  /** Lets verified public bodies' match rounds invite people on this organisation's behalf; otherwise their pairings come to its managers to send. */
  allowRoundInvitations: z.boolean().optional(),
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
  allowRoundInvitations: z.boolean(),
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
export const addMemberBody = z.strictObject({
  email,
  role: z.enum(memberRoles),
  reason: z.string().trim().min(5).max(1000).optional(),
});
export const member = z.object({
  userId: z.string(),
  displayName: z.string(),
  role: z.enum(memberRoles),
  since: isoDateTime,
});
export const membersResponse = z.object({ items: z.array(member) });

/**
 * A coordinator records that a volunteer showed a valid VOG (Verklaring Omtrent het Gedrag): the date
 * on it and, when the certificate names one, its screening profile (e.g. "45 Onderwijs").
 */
export const recordVogBody = z.strictObject({
  userId: z.string().min(1).max(64),
  checkedOn: isoDate,
  screeningProfile: z.string().trim().min(2).max(100).optional(),
});
export const vogRecordResponse = z.object({
  userId: z.string(),
  vogVerified: z.literal(true),
  checkedOn: z.string(),
  validUntil: isoDate,
});

/** A coordinator records the date of the UWV vrijwilligersverklaring that covers this person's volunteering. */
export const recordUwvBody = z.strictObject({ userId: z.string().min(1).max(64), checkedOn: isoDate });

export const screeningKinds = ['vog', 'uwv'] as const;
export const screeningStatuses = ['valid', 'expiring', 'expired'] as const;

/** One VOG or UWV record as the organisation's managers see it, with when it stops counting. */
export const screeningRecord = z.object({
  id: z.string(),
  kind: z.enum(screeningKinds),
  person: z.object({ userId: z.string(), displayName: z.string() }),
  certificateDate: isoDate,
  screeningProfile: z.string().nullable(),
  validUntil: isoDate,
  status: z.enum(screeningStatuses),
  recordedBy: z.object({ userId: z.string(), displayName: z.string().nullable() }),
  recordedAt: isoDateTime,
});
export type ScreeningRecord = z.infer<typeof screeningRecord>;
export const screeningRecordResponse = z.object({ record: screeningRecord });
export const screeningRecordsResponse = z.object({ items: z.array(screeningRecord) });
/** `expiring=true`: only records that have stopped counting or will within the warning weeks (the reminder list). */
export const screeningRecordsQuery = z.object({
  userId: z.string().min(1).max(64).optional(),
  expiring: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export const memberResponse = z.object({ member });

/** The answer to an invitation, the same whether or not the address has an account (no account oracle). */
export const invitedResponse = z.object({ invited: z.literal(true) });

/** A pending invitation as its addressee sees it (`GET /api/me/invitations`). */
export const invitation = z.object({
  id: z.string(),
  organization: z.object({ id: z.string(), name: z.string(), type: z.enum(organizationTypes), verified: z.boolean() }),
  role: z.enum(memberRoles),
  invitedBy: z.object({ displayName: z.string() }),
  createdAt: isoDateTime,
  expiresAt: isoDateTime,
});
export type Invitation = z.infer<typeof invitation>;
export const invitationsResponse = z.object({ items: z.array(invitation) });

/** Changing an existing member's role; `reason` as for invitations. */
export const changeMemberRoleBody = z.strictObject({
  role: z.enum(memberRoles),
  reason: z.string().trim().min(5).max(1000).optional(),
});
