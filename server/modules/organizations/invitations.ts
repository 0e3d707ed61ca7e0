/**
 * Membership by consent (issue 9, item 5). Managers invite an e-mail address; nobody becomes a
 * member until they accept. The invitation is answered `{ invited: true }` whatever the address:
 * the invite path never looks the address up (it stores its SHA-256 digest), so neither the answer
 * nor its timing tells whether an account exists. The addressee finds it by the digest of their own
 * address — also after registering later. Limited per inviter and per organisation (a count over
 * this very table, so every instance on one database counts alike). An organisation keeps at least
 * one owner: nobody leaves or demotes the last one (409 `last_owner`).
 */
import { createHash } from 'node:crypto';
import type { Invitation } from '../../../shared/schemas/organizations.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/create-db.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { findUserById } from '../accounts/index.ts';
import { recordAudit, requireReason } from '../audit/index.ts';
import * as repo from './repository.ts';
import { isManagingRole, type MemberRole } from '../../../shared/roles.ts';
import { requireOrganizationRole } from './service.ts';

/** Invitations one person, or one organisation, may send in an hour. */
export const INVITATIONS_PER_HOUR = 20;
/** How long an invitation can be answered. */
export const INVITATION_VALID_DAYS = 14;

const HOUR = 60 * 60 * 1000;

export const emailDigest = (email: string): string =>
  createHash('sha256').update(email.trim().toLowerCase()).digest('hex');

async function requireUser(db: Db, userId: string) {
  const user = await findUserById(db, userId);
  if (!user) throw notFound('Person');
  return user;
}

/** On PostgreSQL the organisation's row is locked, so two owners leaving at once cannot both pass the last-owner check. */
async function lockOrganization(ctx: AppContext, trx: Db, organizationId: string): Promise<void> {
  if (!(await repo.lockOrganizationRow(trx, organizationId, ctx.dialect === 'postgres')))
    throw notFound('Organisation');
}

async function refuseLastOwner(
  trx: Db,
  organizationId: string,
  currentRole: string | undefined,
  newRole: MemberRole | null,
): Promise<void> {
  if (currentRole === 'owner' && newRole !== 'owner' && (await repo.countOwners(trx, organizationId)) <= 1) {
    throw new AppError(409, 'last_owner', 'An organisation keeps at least one owner; make someone else owner first');
  }
}

/**
 * Owners invite for any role; coordinators for member or coordinator. Platform admins only with a
 * `reason` and never themselves (their own address is no secret to them); whether an admin may
 * take a managing role is decided when they accept, so the answer here never depends on the address.
 */
export async function inviteMember(
  ctx: AppContext,
  actor: Actor,
  organizationId: string,
  body: { email: string; role: MemberRole; reason?: string | undefined },
): Promise<{ invited: true }> {
  const actorRole = await requireOrganizationRole(ctx, actor, organizationId);
  if (body.role === 'owner' && actorRole === 'coordinator') throw forbidden('Only an owner may invite another owner');
  const reason = actorRole === 'admin' ? requireReason(body.reason) : (body.reason ?? '');
  const emailHash = emailDigest(body.email);
  const inviter = await requireUser(ctx.db, actor.userId);
  if (actorRole === 'admin' && emailDigest(inviter.email) === emailHash) {
    throw new AppError(403, 'admin_role_refused', 'Administrators cannot give themselves a role');
  }
  const now = ctx.clock.now();
  const hourAgo = new Date(now.getTime() - HOUR).toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const sent = await repo.countInvitationsSince(trx, hourAgo, { invited_by: actor.userId });
    const toOrganization = await repo.countInvitationsSince(trx, hourAgo, { organization_id: organizationId });
    if (sent >= INVITATIONS_PER_HOUR || toOrganization >= INVITATIONS_PER_HOUR) {
      throw new AppError(
        429,
        'too_many_invitations',
        `At most ${INVITATIONS_PER_HOUR} invitations an hour`,
        undefined,
        { limit: INVITATIONS_PER_HOUR },
      );
    }
    const id = newId();
    await repo.insertInvitation(trx, {
      id,
      organization_id: organizationId,
      email_hash: emailHash,
      role: body.role,
      invited_by: actor.userId,
      reason,
      status: 'pending',
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + INVITATION_VALID_DAYS * 24 * HOUR).toISOString(),
      answered_at: null,
    });
    await recordAudit(ctx, trx, {
      actorId: actor.userId,
      action: 'organization.member_invite',
      objectType: 'invitation',
      objectId: id,
      organizationId,
      reason,
      details: { role: body.role, as: actorRole },
    });
  });
  ctx.log.info({ organizationId, by: actor.userId, role: body.role }, 'member invited');
  return { invited: true };
}

/** The signed-in person's open invitations, newest first. */
export async function listMyInvitations(ctx: AppContext, actor: Actor): Promise<Invitation[]> {
  const me = await requireUser(ctx.db, actor.userId);
  const rows = await repo.pendingInvitations(ctx.db, emailDigest(me.email), ctx.clock.now().toISOString());
  return rows.map((r) => ({
    id: r.id,
    organization: { id: r.organization_id, name: r.name, type: r.type, verified: r.verified_at !== null },
    role: r.role,
    invitedBy: { displayName: r.display_name },
    createdAt: r.created_at,
    expiresAt: r.expires_at,
  }));
}

/** An invitation addressed to the actor and still open; anyone else's (or a closed one) is 404. */
async function findMine(ctx: AppContext, db: Db, actor: Actor, invitationId: string) {
  const me = await requireUser(db, actor.userId);
  const row = await repo.pendingInvitation(db, emailDigest(me.email), ctx.clock.now().toISOString(), invitationId);
  if (!row) throw notFound('Invitation');
  return { me, row };
}

export async function acceptInvitation(ctx: AppContext, actor: Actor, invitationId: string) {
  const now = ctx.clock.now().toISOString();
  let organizationId = '';
  const member = await ctx.db.transaction().execute(async (trx) => {
    const { me, row } = await findMine(ctx, trx, actor, invitationId);
    organizationId = row.organization_id;
    const role = row.role;
    if (me.is_admin === 1 && isManagingRole(role)) {
      throw new AppError(403, 'admin_role_refused', 'Platform administrators hold no managing role in an organisation');
    }
    await lockOrganization(ctx, trx, row.organization_id);
    const existing = await repo.findRole(trx, row.organization_id, me.id);
    await refuseLastOwner(trx, row.organization_id, existing, role);
    await repo.upsertMembership(trx, { organization_id: row.organization_id, user_id: me.id, role, created_at: now });
    // An organisation left without owner (its owner erased their account) is run again once a new owner joins.
    if (role === 'owner') await repo.updateOrganization(trx, row.organization_id, { orphaned_at: null });
    // Every open invitation of this organisation to this address is answered by joining.
    await repo.acceptInvitationsTo(trx, row.organization_id, emailDigest(me.email), now);
    await recordAudit(ctx, trx, {
      actorId: me.id,
      action: 'organization.member_join',
      objectType: 'person',
      objectId: me.id,
      organizationId: row.organization_id,
      reason: row.reason,
      details: { role, previousRole: existing ?? null, invitedBy: row.invited_by, invitationId },
    });
    return { userId: me.id, displayName: me.display_name, role, since: now };
  });
  // A new owner of an orphaned organisation brings its listings back into search.
  if (member.role === 'owner') ctx.events.emit('listings.changed', { organizationIds: [organizationId] });
  ctx.log.info({ userId: member.userId, invitationId, role: member.role }, 'invitation accepted');
  return member;
}

export async function declineInvitation(ctx: AppContext, actor: Actor, invitationId: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await findMine(ctx, trx, actor, invitationId);
    await repo.declineInvitation(trx, invitationId, ctx.clock.now().toISOString());
  });
}

/** A member leaves; the last owner cannot (409 `last_owner`): the organisation would have nobody to run it. */
export async function leaveOrganization(ctx: AppContext, actor: Actor, organizationId: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await lockOrganization(ctx, trx, organizationId);
    const role = await repo.findRole(trx, organizationId, actor.userId);
    if (!role) throw notFound('Membership');
    await refuseLastOwner(trx, organizationId, role, null);
    await repo.deleteMembership(trx, organizationId, actor.userId);
    await recordAudit(ctx, trx, {
      actorId: actor.userId,
      action: 'organization.member_leave',
      objectType: 'person',
      objectId: actor.userId,
      organizationId,
      reason: '',
      details: { previousRole: role },
    });
  });
}

/**
 * An existing member's role changes: owners change anyone's; coordinators only between member and
 * coordinator, never an owner's; admins with a reason, never their own. No admin gets a managing
 * role; the last owner stays owner. Audit-logged.
 */
export async function changeMemberRole(
  ctx: AppContext,
  actor: Actor,
  organizationId: string,
  userId: string,
  body: { role: MemberRole; reason?: string | undefined },
) {
  const actorRole = await requireOrganizationRole(ctx, actor, organizationId);
  const reason = actorRole === 'admin' ? requireReason(body.reason) : (body.reason ?? '');
  if (actorRole === 'admin' && userId === actor.userId)
    throw new AppError(403, 'admin_role_refused', 'Administrators cannot give themselves a role');
  const now = ctx.clock.now().toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    await lockOrganization(ctx, trx, organizationId);
    const existing = await repo.findRole(trx, organizationId, userId);
    if (!existing) throw notFound('Member');
    if (actorRole === 'coordinator' && (existing === 'owner' || body.role === 'owner'))
      throw forbidden('Only an owner may make or change an owner');
    const person = await requireUser(trx, userId);
    if (person.is_admin === 1 && isManagingRole(body.role)) {
      throw new AppError(403, 'admin_role_refused', 'Platform administrators hold no managing role in an organisation');
    }
    await refuseLastOwner(trx, organizationId, existing, body.role);
    await repo.upsertMembership(trx, {
      organization_id: organizationId,
      user_id: userId,
      role: body.role,
      created_at: now,
    });
    await recordAudit(ctx, trx, {
      actorId: actor.userId,
      action: 'organization.member_set',
      objectType: 'person',
      objectId: userId,
      organizationId,
      reason,
      details: { role: body.role, previousRole: existing, as: actorRole },
    });
    const since = await repo.membershipSince(trx, organizationId, userId);
    return { userId, displayName: person.display_name, role: body.role, since };
  });
}
