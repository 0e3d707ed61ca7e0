import { z } from 'zod';
import { id, isoDateTime } from './common.ts';
import { organization } from './organizations.ts';

/**
 * Trust (issue 9): organisation verification, the audit log, reports and moderation.
 * Every admin act that touches membership, money, verification or content carries a `reason`.
 */
export const reason = z.string().trim().min(5, 'Say why, in at least 5 characters').max(1000);

export const verificationMethods = ['kvk', 'oin', 'note'] as const;
export type VerificationMethod = (typeof verificationMethods)[number];
export const verificationAreas = ['municipality', 'province'] as const;
export type VerificationArea = (typeof verificationAreas)[number];

/**
 * How an admin verified an organisation: KvK number (8 digits) for initiatives and businesses,
 * OIN (20 digits) or a written note for public bodies. `note` is the why, always required.
 * `area`: for public bodies, how far their match rounds reach (default: their municipality).
 */
export const verifyOrganizationBody = z
  .strictObject({
    method: z.enum(verificationMethods),
    reference: z.string().trim().max(40).optional(),
    note: reason,
    area: z.enum(verificationAreas).optional(),
  })
  .superRefine((b, ctx) => {
    if (b.method === 'kvk' && !/^\d{8}$/.test(b.reference ?? ''))
      ctx.addIssue({ code: 'custom', path: ['reference'], message: 'A KvK number has 8 digits' });
    if (b.method === 'oin' && !/^\d{20}$/.test(b.reference ?? ''))
      ctx.addIssue({ code: 'custom', path: ['reference'], message: 'An OIN has 20 digits' });
  });
export type VerifyOrganizationBody = z.infer<typeof verifyOrganizationBody>;

export const withdrawVerificationBody = z.strictObject({ reason });

export const verification = z.object({
  method: z.enum(verificationMethods),
  reference: z.string().nullable(),
  note: z.string(),
  area: z.enum(verificationAreas).nullable(),
  verifiedBy: z.string(),
  verifiedAt: isoDateTime,
});

/**
 * An organisation as admins see it in the verification queue: with how it was verified, and since
 * when it has no owner (its only owner erased their account; its needs are paused meanwhile).
 */
export const adminOrganization = organization.extend({
  verification: verification.nullable(),
  orphanedAt: isoDateTime.nullable(),
});
export const adminOrganizationResponse = z.object({ organization: adminOrganization });

export const adminOrganizationsQuery = z.object({
  verified: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  orphaned: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
});

// ——— audit log ———

export const auditActions = [
  'organization.verify',
  'organization.withdraw_verification',
  'organization.member_set',
  'organization.member_invite',
  'organization.member_join',
  'organization.member_leave',
  'vog.record',
  'uwv.record',
  'ledger.floor_set',
  'ledger.correction',
  'moderation.hide',
  'moderation.restore',
] as const;
export type AuditAction = (typeof auditActions)[number];

export const auditEntry = z.object({
  id: z.string(),
  actorId: z.string(),
  action: z.enum(auditActions),
  objectType: z.string(),
  objectId: z.string(),
  organizationId: z.string().nullable(),
  reason: z.string(),
  details: z.record(z.string(), z.unknown()),
  createdAt: isoDateTime,
});
export type AuditEntry = z.infer<typeof auditEntry>;

/** Admins read everything (or one organisation's); owners must name their organisation. */
export const auditQuery = z.object({
  organizationId: id.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
});

// ——— reports and moderation ———

export const reportTargetTypes = ['listing', 'message', 'profile', 'organization'] as const;
export type ReportTargetType = (typeof reportTargetTypes)[number];
export const reportStatuses = ['open', 'hidden', 'restored'] as const;
export type ReportStatus = (typeof reportStatuses)[number];

export const createReportBody = z.strictObject({
  targetType: z.enum(reportTargetTypes),
  targetId: id,
  reason: z.string().trim().min(5, 'Say what is wrong, in at least 5 characters').max(1000),
});
export type CreateReportBody = z.infer<typeof createReportBody>;

/** What the reporter sees of their report: the outcome and why, never who decided. */
export const report = z.object({
  id: z.string(),
  targetType: z.enum(reportTargetTypes),
  targetId: z.string(),
  reason: z.string(),
  status: z.enum(reportStatuses),
  decisionReason: z.string().nullable(),
  decidedAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
});
export type Report = z.infer<typeof report>;
export const reportResponse = z.object({ report });

/** What the author of reported content sees: only decided reports, without the reporter or their reason. */
export const moderationNotice = z.object({
  id: z.string(),
  targetType: z.enum(reportTargetTypes),
  targetId: z.string(),
  status: z.enum(['hidden', 'restored']),
  decisionReason: z.string(),
  decidedAt: isoDateTime,
});

/** The admin's queue: the report with who reported and who wrote the content. */
export const queuedReport = report.extend({
  reporterId: z.string(),
  authorId: z.string().nullable(),
  decidedBy: z.string().nullable(),
});
export const queuedReportResponse = z.object({ report: queuedReport });

export const myReportsQuery = z.object({
  as: z.enum(['reporter', 'author']).default('reporter'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
});

export const reportQueueQuery = z.object({
  status: z.enum(reportStatuses).default('open'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
});

export const moderationDecisionBody = z.strictObject({ reason });
