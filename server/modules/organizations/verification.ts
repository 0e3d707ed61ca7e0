/**
 * Organisation verification (issue 9 items 1–2, RELIABILITY 15). Organisations start unverified;
 * a platform admin verifies one from the queue, recording how — KvK number for initiatives and
 * businesses, OIN or a written note for public bodies — who, when and why (audit-logged), and can
 * withdraw it with a reason. Powers that need verification call `requireVerifiedOrganization`
 * (verified.ts): VOG records, needs open to asylum seekers or with a work permit arranged, match
 * rounds, and the larger TIME floor (an unverified organisation keeps the small one; the floor
 * moves, journalled, when verification is granted or withdrawn). Routes reach these through service.ts.
 */
import { z } from 'zod';
import type { VerifyOrganizationBody } from '../../../shared/schemas/trust.ts';
import type { Actor, AppContext } from '../../context.ts';
import { decodeCursor, toPage } from '../../cursor.ts';
import type { Db } from '../../db/create-db.ts';
import { AppError, conflict, forbidden, notFound } from '../../errors.ts';
import { recordAudit, type AuditInput } from '../audit/index.ts';
import { alignTimeFloor, organizationOwner, withLedgerTransaction } from '../ledger/index.ts';
import * as repo from './repository.ts';
import { toOrganizationDto } from './dto.ts';
import { organizationTimeFloor } from './verified.ts';

function requireAdmin(actor: Actor): void {
  if (!actor.isAdmin) throw forbidden('Only a platform administrator verifies organisations');
}

type OrganizationRow = NonNullable<repo.OrganizationWithCount>;

function toAdminDto(ctx: AppContext, row: OrganizationRow) {
  return {
    ...toOrganizationDto(ctx, row),
    verification:
      row.verified_at !== null && row.verified_by && row.verification_method
        ? {
            method: row.verification_method,
            reference: row.verification_reference ?? null,
            note: row.verification_note ?? '',
            area: row.verification_area ?? null,
            verifiedBy: row.verified_by,
            verifiedAt: row.verified_at,
          }
        : null,
    orphanedAt: row.orphaned_at ?? null,
  };
}

/** Moves an existing organisation TIME account to the floor its verification gives (journalled); none yet: set at creation. */
async function alignFloor(ctx: AppContext, trx: Db, organizationId: string, actorId: string): Promise<void> {
  await alignTimeFloor(
    ctx,
    trx,
    organizationOwner(organizationId),
    await organizationTimeFloor(ctx, trx, organizationId),
    { userId: actorId },
  );
}

/**
 * Grants or withdraws verification in one transaction: the organisation's columns, the TIME floor
 * that follows from them (journalled), and the audit row with the admin's reason.
 */
async function changeVerification(
  ctx: AppContext,
  actor: Actor,
  organizationId: string,
  changes: Parameters<typeof repo.updateOrganization>[2],
  audit: Pick<AuditInput, 'action' | 'reason' | 'details'>,
): Promise<void> {
  await withLedgerTransaction(ctx, async (trx) => {
    await repo.updateOrganization(trx, organizationId, changes);
    await alignFloor(ctx, trx, organizationId, actor.userId);
    await recordAudit(ctx, trx, {
      actorId: actor.userId,
      objectType: 'organization',
      objectId: organizationId,
      organizationId,
      ...audit,
    });
  });
}

async function loadRow(ctx: AppContext, organizationId: string): Promise<OrganizationRow> {
  const row = await repo.findOrganization(ctx.db, organizationId);
  if (!row) throw notFound('Organisation');
  return row;
}

export async function verifyOrganization(
  ctx: AppContext,
  actor: Actor,
  organizationId: string,
  body: VerifyOrganizationBody,
) {
  requireAdmin(actor);
  const row = await loadRow(ctx, organizationId);
  const isPublic = row.type === 'public';
  const area = isPublic ? (body.area ?? 'municipality') : null;
  if (isPublic ? body.method === 'kvk' : body.method !== 'kvk') {
    const expected = isPublic ? 'an OIN or a written note' : 'a KvK number';
    throw new AppError(400, 'invalid_input', `A ${row.type} organisation is verified with ${expected}`, {
      method: `Use ${expected}`,
    });
  }
  if (!isPublic && body.area !== undefined)
    throw new AppError(400, 'invalid_input', 'Only public bodies have an area', { area: 'Only for public bodies' });
  const now = ctx.clock.now().toISOString();
  const changes = {
    verified_at: now,
    verified_by: actor.userId,
    verification_method: body.method,
    verification_reference: body.method === 'note' ? null : (body.reference ?? null),
    verification_note: body.note,
    verification_area: area,
    ...(body.method === 'kvk' && body.reference ? { kvk_number: body.reference } : {}),
    updated_at: now,
  };
  await changeVerification(ctx, actor, organizationId, changes, {
    action: 'organization.verify',
    reason: body.note,
    details: { method: body.method, reference: body.reference ?? null, area },
  });
  ctx.log.info({ organizationId, by: actor.userId, method: body.method }, 'organisation verified');
  return toAdminDto(ctx, await loadRow(ctx, organizationId));
}

export async function withdrawVerification(ctx: AppContext, actor: Actor, organizationId: string, reason: string) {
  requireAdmin(actor);
  const row = await loadRow(ctx, organizationId);
  if (row.verified_at === null) throw conflict('This organisation is not verified');
  const now = ctx.clock.now().toISOString();
  const changes = {
    verified_at: null,
    verified_by: null,
    verification_method: null,
    verification_reference: null,
    verification_note: null,
    verification_area: null,
    updated_at: now,
  };
  const details = { method: row.verification_method ?? null, reference: row.verification_reference ?? null };
  await changeVerification(ctx, actor, organizationId, changes, {
    action: 'organization.withdraw_verification',
    reason,
    details,
  });
  ctx.log.info({ organizationId, by: actor.userId }, 'organisation verification withdrawn');
  return toAdminDto(ctx, await loadRow(ctx, organizationId));
}

const queueCursor = z.object({ c: z.string(), id: z.string() });

export async function verificationQueue(
  ctx: AppContext,
  actor: Actor,
  query: { verified?: boolean | undefined; orphaned?: boolean | undefined; limit: number; cursor?: string | undefined },
) {
  requireAdmin(actor);
  const after = decodeCursor(query.cursor, queueCursor);
  const rows = await repo.listForVerification(ctx.db, {
    verified: query.verified,
    orphaned: query.orphaned,
    after,
    limit: query.limit,
  });
  return toPage(
    rows,
    query.limit,
    (r) => toAdminDto(ctx, r),
    (r) => ({ c: r.created_at, id: r.id }),
  );
}

export async function getForAdmin(ctx: AppContext, actor: Actor, organizationId: string) {
  requireAdmin(actor);
  return toAdminDto(ctx, await loadRow(ctx, organizationId));
}
