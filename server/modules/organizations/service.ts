import type { Insertable, Updateable } from 'kysely';
import { z } from 'zod';
import type {
  CreateOrganizationBody,
  Organization,
  UpdateOrganizationBody,
} from '../../../shared/schemas/organizations.ts';
import { isManagingRole, managingRoles, type MemberRole } from '../../../shared/roles.ts';
import { memberRoles } from '../../../shared/vocabulary.ts';
import type { Actor, AppContext } from '../../context.ts';
import { decodeCursor, toPage } from '../../cursor.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { findUserByEmail, findUserById, isErased } from '../accounts/index.ts';
import { recordAudit, requireReason } from '../audit/index.ts';
import { toOrganizationDto } from './dto.ts';
import * as repo from './repository.ts';
import { requireVerifiedOrganization } from './verified.ts';

export { getForAdmin, verificationQueue, verifyOrganization, withdrawVerification } from './verification.ts';
export { listScreeningRecords, recordUwv, recordVog } from './screening.ts';
import type { OrganizationsTable } from './tables.ts';
import { requirePlace } from '../postcodes/index.ts';

/**
 * Authorisation for acting on behalf of an organisation: the actor must hold one of `roles`
 * there (admins always may). Returns the actor's role. 403 otherwise; 404 when no such organisation.
 */
export async function requireOrganizationRole(
  ctx: AppContext,
  actor: Actor,
  organizationId: string,
  roles: readonly MemberRole[] = managingRoles,
): Promise<MemberRole | 'admin'> {
  const role = await repo.findRole(ctx.db, organizationId, actor.userId);
  if (role && roles.includes(role)) return role;
  if (actor.isAdmin) return 'admin';
  if (!(await repo.findOrganization(ctx.db, organizationId))) throw notFound('Organisation');
  throw forbidden(
    role
      ? `Only a ${roles.join(' or ')} of this organisation may do this`
      : 'You are not a member of this organisation',
  );
}

function requireKnownPostcode(ctx: AppContext, postcode: string): void {
  requirePlace(ctx.postcodes, postcode);
}

export async function getOrganization(ctx: AppContext, id: string): Promise<Organization> {
  const row = await repo.findOrganization(ctx.db, id);
  if (!row) throw notFound('Organisation');
  return toOrganizationDto(ctx, row);
}

/**
 * Anyone signed in may found an organisation (and owns it), a few a day (config `ORGANIZATIONS_PER_PERSON_PER_DAY`):
 * organisations start unverified, with a small TIME floor and without powers, so founding many buys nothing.
 * Platform admins hold no roles in organisations (they could otherwise spend or act for them): refused.
 */
export async function createOrganization(
  ctx: AppContext,
  actor: Actor,
  body: CreateOrganizationBody,
): Promise<Organization> {
  requireKnownPostcode(ctx, body.postcode);
  if (actor.isAdmin)
    throw new AppError(403, 'admin_role_refused', 'Platform administrators do not found or run organisations');
  // An organisation is answerable through its founder's address: it must be one they proved is theirs.
  if ((await findUserById(ctx.db, actor.userId))?.email_verified_at == null) {
    throw new AppError(403, 'email_unverified', 'Confirm your e-mail address before you create an organisation');
  }
  const nowDate = ctx.clock.now();
  const now = nowDate.toISOString();
  const limit = ctx.config.trust.organizationsPerPersonPerDay;
  const dayAgo = new Date(nowDate.getTime() - 24 * 60 * 60 * 1000).toISOString();
  if ((await repo.countCreatedSince(ctx.db, actor.userId, dayAgo)) >= limit) {
    throw new AppError(
      429,
      'too_many_organizations',
      `You can create at most ${limit} organisations a day`,
      undefined,
      { limit },
    );
  }
  const id = newId();
  const row: Insertable<OrganizationsTable> = {
    id,
    name: body.name,
    type: body.type,
    description: body.description,
    postcode: body.postcode,
    domains: JSON.stringify([...new Set(body.domains)]),
    kvk_number: body.kvkNumber ?? null,
    volunteer_declaration_date: body.volunteerDeclarationDate ?? null,
    verified_at: null,
    volunteers: body.volunteers ?? null,
    paid_staff: body.paidStaff ?? null,
    people_reached_per_year: body.peopleReachedPerYear ?? null,
    income_mix: body.incomeMix ? JSON.stringify(body.incomeMix) : null,
    created_by: actor.userId,
    main_funders: body.mainFunders ? JSON.stringify([...new Set(body.mainFunders)]) : null,
    life_phase: body.lifePhase ?? null,
    current_needs: body.currentNeeds ? JSON.stringify([...new Set(body.currentNeeds)]) : null,
    created_at: now,
    updated_at: now,
  };
  await ctx.db.transaction().execute(async (trx) => {
    await repo.insertOrganization(trx, row);
    await repo.upsertMembership(trx, { organization_id: id, user_id: actor.userId, role: 'owner', created_at: now });
  });
  ctx.log.info({ organizationId: id, userId: actor.userId }, 'organisation created');
  return getOrganization(ctx, id);
}

export async function updateOrganization(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: UpdateOrganizationBody,
): Promise<Organization> {
  await requireOrganizationRole(ctx, actor, id);
  if (body.postcode) requireKnownPostcode(ctx, body.postcode);
  const changes: Updateable<OrganizationsTable> = { updated_at: ctx.clock.now().toISOString() };
  if (body.name !== undefined) changes.name = body.name;
  if (body.description !== undefined) changes.description = body.description;
  if (body.postcode !== undefined) changes.postcode = body.postcode;
  if (body.domains !== undefined) changes.domains = JSON.stringify([...new Set(body.domains)]);
  if (body.kvkNumber !== undefined) changes.kvk_number = body.kvkNumber;
  if (body.volunteerDeclarationDate !== undefined) changes.volunteer_declaration_date = body.volunteerDeclarationDate;
  if (body.volunteers !== undefined) changes.volunteers = body.volunteers;
  if (body.paidStaff !== undefined) changes.paid_staff = body.paidStaff;
  if (body.peopleReachedPerYear !== undefined) changes.people_reached_per_year = body.peopleReachedPerYear;
  if (body.incomeMix !== undefined) changes.income_mix = body.incomeMix ? JSON.stringify(body.incomeMix) : null;
  if (body.allowRoundInvitations !== undefined) changes.round_invites_allowed = body.allowRoundInvitations ? 1 : 0;
  if (body.mainFunders !== undefined)
    changes.main_funders = body.mainFunders ? JSON.stringify([...new Set(body.mainFunders)]) : null;
  if (body.lifePhase !== undefined) changes.life_phase = body.lifePhase;
  if (body.currentNeeds !== undefined)
    changes.current_needs = body.currentNeeds ? JSON.stringify([...new Set(body.currentNeeds)]) : null;
  await repo.updateOrganization(ctx.db, id, changes);
  return getOrganization(ctx, id);
}

const cursorSchema = z.object({ name: z.string(), id: z.string() });

export async function listOrganizations(
  ctx: AppContext,
  query: { q?: string; type?: OrganizationsTable['type']; limit: number; cursor?: string },
) {
  const after = decodeCursor(query.cursor, cursorSchema);
  const rows = await repo.listOrganizations(ctx.db, { ...query, ...(after ? { after } : {}) });
  return toPage(
    rows,
    query.limit,
    (r) => toOrganizationDto(ctx, r),
    (r) => ({ name: r.name, id: r.id }),
  );
}

export async function listMembers(ctx: AppContext, actor: Actor, organizationId: string) {
  await requireOrganizationRole(ctx, actor, organizationId, memberRoles);
  const rows = await repo.listMembers(ctx.db, organizationId);
  return rows.map((r) => ({ userId: r.user_id, displayName: r.display_name, role: r.role, since: r.created_at }));
}

/** Membership by consent: invitations, answers, leaving and role changes (invitations.ts). */
export {
  acceptInvitation,
  changeMemberRole,
  declineInvitation,
  inviteMember,
  leaveOrganization,
  listMyInvitations,
} from './invitations.ts';
