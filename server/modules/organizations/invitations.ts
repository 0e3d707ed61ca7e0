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
import { findUserById } from '../accounts/repository.ts';
import { recordAudit, requireReason } from '../audit/service.ts';
import * as repo from './repository.ts';
import { MANAGING_ROLES, requireOrganizationRole, type MemberRole } from './service.ts';

/** Invitations one person, or one organisation, may send in an hour. */
export const INVITATIONS_PER_HOUR = 20;
/** How long an invitation can be answered. */
export const INVITATION_VALID_DAYS = 14;

const HOUR = 60 * 60 * 1000;

export const emailDigest = (email: string): string => createHash('sha256').update(email.trim().toLowerCase()).digest('hex');

async function requireUser(db: Db, userId: string) {
  const user = await findUserById(db, userId);
  if (!user) throw notFound('Person');
  return user;
}

/** On PostgreSQL the organisation's row is locked, so two owners leaving at once cannot both pass the last-owner check. */
async function lockOrganization(ctx: AppContext, trx: Db, organizationId: string): Promise<void> {
  let q = trx.selectFrom('organizations').select('id').where('id', '=', organizationId);
  if (ctx.dialect === 'postgres') q = q.forUpdate();
  if (!(await q.executeTakeFirst())) throw notFound('Organisation');
}

async function refuseLastOwner(trx: Db, organizationId: string, currentRole: string | undefined, newRole: MemberRole | null): Promise<void> {
  if (currentRole === 'owner' && newRole !== 'owner' && (await repo.countOwners(trx, organizationId)) <= 1) {
    throw new AppError(409, 'last_owner', 'An organisation keeps at least one owner; make someone else owner first');
  }
}

/**
 * Owners invite for any role; coordinators for member or coordinator. Platform admins only with a
 * `reason` and never themselves (their own address is no secret to them); whether an admin may
 * take a managing role is decided when they accept, so the answer here never depends on the address.
 */
export async function inviteMember(ctx: AppContext, actor: Actor, organizationId: string, body: { email: string; role: MemberRole; reason?: string | undefined }): Promise<{ invited: true }> {
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
    const sent = await countInvitationsSince(trx, hourAgo, { invited_by: actor.userId });
    const toOrganization = await countInvitationsSince(trx, hourAgo, { organization_id: organizationId });
    if (sent >= INVITATIONS_PER_HOUR || toOrganization >= INVITATIONS_PER_HOUR) {
      throw new AppError(429, 'too_many_invitations', `At most ${INVITATIONS_PER_HOUR} invitations an hour`, undefined, { limit: INVITATIONS_PER_HOUR });
    }
    const id = newId();
    await trx
      .insertInto('organization_invitations')
      .values({
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
      })
      .execute();
    await recordAudit(ctx, trx, { actorId: actor.userId, action: 'organization.member_invite', objectType: 'invitation', objectId: id, organizationId, reason, details: { role: body.role, as: actorRole } });
  });
  ctx.log.info({ organizationId, by: actor.userId, role: body.role }, 'member invited');
  return { invited: true };
}

async function countInvitationsSince(db: Db, since: string, by: { invited_by: string } | { organization_id: string }): Promise<number> {
  let q = db.selectFrom('organization_invitations').select((eb) => eb.fn.countAll<number>().as('n')).where('created_at', '>', since);
  q = 'invited_by' in by ? q.where('invited_by', '=', by.invited_by) : q.where('organization_id', '=', by.organization_id);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

const pendingFor = (db: Db, emailHash: string, now: string) =>
  db
    .selectFrom('organization_invitations as i')
    .innerJoin('organizations as o', 'o.id', 'i.organization_id')
    .innerJoin('users as u', 'u.id', 'i.invited_by')
    .select(['i.id', 'i.organization_id', 'i.role', 'i.reason', 'i.invited_by', 'i.created_at', 'i.expires_at', 'o.name', 'o.type', 'o.verified_at', 'u.display_name'])
    .where('i.email_hash', '=', emailHash)
    .where('i.status', '=', 'pending')
    .where('i.expires_at', '>', now);

/** The signed-in person's open invitations, newest first. */
export async function listMyInvitations(ctx: AppContext, actor: Actor): Promise<Invitation[]> {
  const me = await requireUser(ctx.db, actor.userId);
  const rows = await pendingFor(ctx.db, emailDigest(me.email), ctx.clock.now().toISOString()).orderBy('i.created_at', 'desc').orderBy('i.id').limit(100).execute();
  return rows.map((r) => ({
    id: r.id,
    organization: { id: r.organization_id, name: r.name, type: r.type as Invitation['organization']['type'], verified: r.verified_at !== null },
    role: r.role as MemberRole,
    invitedBy: { displayName: r.display_name },
    createdAt: r.created_at,
    expiresAt: r.expires_at,
  }));
}

/** An invitation addressed to the actor and still open; anyone else's (or a closed one) is 404. */
async function findMine(ctx: AppContext, db: Db, actor: Actor, invitationId: string) {
  const me = await requireUser(db, actor.userId);
  const row = await pendingFor(db, emailDigest(me.email), ctx.clock.now().toISOString()).where('i.id', '=', invitationId).executeTakeFirst();
  if (!row) throw notFound('Invitation');
  return { me, row };
}

export async function acceptInvitation(ctx: AppContext, actor: Actor, invitationId: string) {
  const now = ctx.clock.now().toISOString();
  const member = await ctx.db.transaction().execute(async (trx) => {
    const { me, row } = await findMine(ctx, trx, actor, invitationId);
    const role = row.role as MemberRole;
    if (me.is_admin === 1 && MANAGING_ROLES.includes(role)) {
      throw new AppError(403, 'admin_role_refused', 'Platform administrators hold no managing role in an organisation');
    }
    await lockOrganization(ctx, trx, row.organization_id);
    const existing = await repo.findRole(trx, row.organization_id, me.id);
    await refuseLastOwner(trx, row.organization_id, existing, role);
    await repo.upsertMembership(trx, { organization_id: row.organization_id, user_id: me.id, role, created_at: now });
    // Every open invitation of this organisation to this address is answered by joining.
    await trx
      .updateTable('organization_invitations')
      .set({ status: 'accepted', answered_at: now })
      .where('organization_id', '=', row.organization_id)
      .where('email_hash', '=', emailDigest(me.email))
      .where('status', '=', 'pending')
      .execute();
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
  ctx.log.info({ userId: member.userId, invitationId, role: member.role }, 'invitation accepted');
  return member;
}

export async function declineInvitation(ctx: AppContext, actor: Actor, invitationId: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await findMine(ctx, trx, actor, invitationId);
    await trx.updateTable('organization_invitations').set({ status: 'declined', answered_at: ctx.clock.now().toISOString() }).where('id', '=', invitationId).execute();
  });
}

/** A member leaves; the last owner cannot (409 `last_owner`): the organisation would have nobody to run it. */
export async function leaveOrganization(ctx: AppContext, actor: Actor, organizationId: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await lockOrganization(ctx, trx, organizationId);
    const role = await repo.findRole(trx, organizationId, actor.userId);
    if (!role) throw notFound('Membership');
    await refuseLastOwner(trx, organizationId, role, null);
    await trx.deleteFrom('memberships').where('organization_id', '=', organizationId).where('user_id', '=', actor.userId).execute();
    await recordAudit(ctx, trx, { actorId: actor.userId, action: 'organization.member_leave', objectType: 'person', objectId: actor.userId, organizationId, reason: '', details: { previousRole: role } });
  });
}

/**
 * An existing member's role changes: owners change anyone's; coordinators only between member and
 * coordinator, never an owner's; admins with a reason, never their own. No admin gets a managing
 * role; the last owner stays owner. Audit-logged.
 */
export async function changeMemberRole(ctx: AppContext, actor: Actor, organizationId: string, userId: string, body: { role: MemberRole; reason?: string | undefined }) {
  const actorRole = await requireOrganizationRole(ctx, actor, organizationId);
  const reason = actorRole === 'admin' ? requireReason(body.reason) : (body.reason ?? '');
  if (actorRole === 'admin' && userId === actor.userId) throw new AppError(403, 'admin_role_refused', 'Administrators cannot give themselves a role');
  const now = ctx.clock.now().toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    await lockOrganization(ctx, trx, organizationId);
    const existing = await repo.findRole(trx, organizationId, userId);
    if (!existing) throw notFound('Member');
    if (actorRole === 'coordinator' && (existing === 'owner' || body.role === 'owner')) throw forbidden('Only an owner may make or change an owner');
    const person = await requireUser(trx, userId);
    if (person.is_admin === 1 && MANAGING_ROLES.includes(body.role)) {
      throw new AppError(403, 'admin_role_refused', 'Platform administrators hold no managing role in an organisation');
    }
    await refuseLastOwner(trx, organizationId, existing, body.role);
    await repo.upsertMembership(trx, { organization_id: organizationId, user_id: userId, role: body.role, created_at: now });
    await recordAudit(ctx, trx, {
      actorId: actor.userId,
      action: 'organization.member_set',
      objectType: 'person',
      objectId: userId,
      organizationId,
      reason,
      details: { role: body.role, previousRole: existing, as: actorRole },
    });
    const since = (await trx.selectFrom('memberships').select('created_at').where('organization_id', '=', organizationId).where('user_id', '=', userId).executeTakeFirstOrThrow()).created_at;
    return { userId, displayName: person.display_name, role: body.role, since };
  });
}
