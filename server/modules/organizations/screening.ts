import type { ScreeningRecord } from '../../../shared/schemas/organizations.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/create-db.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { recordVogCheck } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import * as repo from './repository.ts';
import { certificateDateProblem, counts, EXPIRY_WARNING_DAYS, screeningStatus, validUntil } from './screening-rules.ts';
import { requireOrganizationRole } from './service.ts';
import type { ScreeningRecordsTable } from './tables.ts';
import { requireVerifiedOrganization } from './verified.ts';

type Kind = ScreeningRecordsTable['kind'];
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * VOG and UWV records per person per organisation (issue 9, item 4). A coordinator of a verified
 * organisation records a certificate they saw — never their own, and only for people the
 * organisation works with (members, or people with an engagement there), so nobody can mark
 * strangers. A record counts for that organisation only, for `SCREENING_VALID_YEARS` from the date on
 * the certificate, and is checked again when an engagement is accepted (engagements/service.ts).
 */
async function recordScreening(
  ctx: AppContext,
  actor: Actor,
  organizationId: string,
  kind: Kind,
  body: { userId: string; checkedOn: string; screeningProfile?: string | undefined },
): Promise<{ certificateDate: string; validUntil: string }> {
  // Platform admins pass role checks to correct things; a certificate is recorded by whoever saw it.
  if ((await requireOrganizationRole(ctx, actor, organizationId)) === 'admin')
    throw forbidden('Only the organisation’s own coordinators record certificates they have seen');
  await requireVerifiedOrganization(
    ctx,
    ctx.db,
    organizationId,
    kind === 'vog' ? 'record VOGs' : 'record UWV declarations',
  );
  if (body.userId === actor.userId) throw forbidden(`Nobody records a ${kind.toUpperCase()} for themselves`);
  const now = ctx.clock.now();
  const years = ctx.config.trust.screeningValidYears;
  const problem = certificateDateProblem(body.checkedOn, years, now);
  if (problem) {
    const message =
      problem === 'In the future'
        ? 'The date on the certificate cannot be in the future'
        : `This certificate is more than ${years} years old; ask for a new one`;
    throw new AppError(400, 'invalid_input', message, { checkedOn: problem });
  }
  const worksWith =
    (await repo.findRole(ctx.db, organizationId, body.userId)) !== undefined ||
    (await repo.hasEngagementWith(ctx.db, organizationId, body.userId));
  if (!worksWith) throw notFound('Volunteer of this organisation');
  const recordedAt = now.toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const id = newId();
    await repo.insertScreeningRecord(trx, {
      id,
      organization_id: organizationId,
      user_id: body.userId,
      kind,
      certificate_date: body.checkedOn,
      screening_profile: body.screeningProfile ?? null,
      recorded_by: actor.userId,
      recorded_at: recordedAt,
    });
    // The person's own "has a VOG" fact, which matching reads to suggest VOG work at all.
    if (kind === 'vog')
      await recordVogCheck(trx, body.userId, {
        checkedAt: `${body.checkedOn}T00:00:00.000Z`,
        recordedBy: actor.userId,
        now: recordedAt,
      });
    await recordAudit(ctx, trx, {
      actorId: actor.userId,
      action: kind === 'vog' ? 'vog.record' : 'uwv.record',
      objectType: 'person',
      objectId: body.userId,
      organizationId,
      reason: `${kind.toUpperCase()} shown, dated ${body.checkedOn}`,
      details: {
        checkedOn: body.checkedOn,
        ...(body.screeningProfile ? { screeningProfile: body.screeningProfile } : {}),
      },
    });
  });
  ctx.log.info({ organizationId, userId: body.userId, by: actor.userId, kind }, 'screening recorded');
  return { certificateDate: body.checkedOn, validUntil: validUntil(body.checkedOn, years) };
}

export async function recordVog(
  ctx: AppContext,
  actor: Actor,
  organizationId: string,
  body: { userId: string; checkedOn: string; screeningProfile?: string | undefined },
) {
  const recorded = await recordScreening(ctx, actor, organizationId, 'vog', body);
  return {
    userId: body.userId,
    vogVerified: true as const,
    checkedOn: recorded.certificateDate,
    validUntil: recorded.validUntil,
  };
}

export async function recordUwv(
  ctx: AppContext,
  actor: Actor,
  organizationId: string,
  body: { userId: string; checkedOn: string },
): Promise<ScreeningRecord> {
  await recordScreening(ctx, actor, organizationId, 'uwv', body);
  const [record] = (await listScreeningRecords(ctx, actor, organizationId, { userId: body.userId })).filter(
    (r) => r.kind === 'uwv' && r.certificateDate === body.checkedOn,
  );
  if (!record) throw notFound('UWV record');
  return record;
}

/**
 * The organisation's VOG and UWV records for its managers, oldest certificate first; with
 * `expiring`, only those that stopped counting or will within the warning weeks: the reminder list.
 */
export async function listScreeningRecords(
  ctx: AppContext,
  actor: Actor,
  organizationId: string,
  query: { userId?: string | undefined; expiring?: boolean | undefined },
): Promise<ScreeningRecord[]> {
  await requireOrganizationRole(ctx, actor, organizationId);
  const now = ctx.clock.now();
  const years = ctx.config.trust.screeningValidYears;
  // A certificate dated before this day ends within the warning weeks (or has ended).
  const warnFrom = new Date(now.getTime() + EXPIRY_WARNING_DAYS * DAY_MS);
  warnFrom.setUTCFullYear(warnFrom.getUTCFullYear() - years);
  const rows = await repo.screeningRecordsOf(ctx.db, organizationId, {
    userId: query.userId,
    certificateBefore: query.expiring ? warnFrom.toISOString().slice(0, 10) : undefined,
  });
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    person: { userId: r.user_id, displayName: r.display_name },
    certificateDate: r.certificate_date,
    screeningProfile: r.screening_profile,
    validUntil: validUntil(r.certificate_date, years),
    status: screeningStatus(r.certificate_date, years, now),
    recordedBy: { userId: r.recorded_by, displayName: r.recorded_by_name },
    recordedAt: r.recorded_at,
  }));
}

/** Whether a certificate of `kind` that this organisation recorded for the person still counts. */
export async function hasCountingRecord(
  ctx: AppContext,
  db: Db,
  organizationId: string,
  userId: string,
  kind: Kind,
): Promise<boolean> {
  const latest = await repo.latestCertificateDate(db, organizationId, userId, kind);
  return latest !== undefined && counts(latest, ctx.config.trust.screeningValidYears, ctx.clock.now());
}

/**
 * Whether volunteering by asylum seekers at this organisation is covered by a UWV
 * vrijwilligersverklaring that still counts: the organisation's own, or one recorded for the person.
 */
export async function volunteerDeclarationCounts(
  ctx: AppContext,
  db: Db,
  organizationId: string,
  userId: string,
): Promise<boolean> {
  const org = await repo.findOrganization(db, organizationId);
  const declared = org?.volunteer_declaration_date ?? null;
  if (declared !== null && counts(declared, ctx.config.trust.screeningValidYears, ctx.clock.now())) return true;
  return hasCountingRecord(ctx, db, organizationId, userId, 'uwv');
}
