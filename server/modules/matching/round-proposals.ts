/**
 * Nobody acts in another organisation's name (issue 9, item 3). A match round pairs needs of many
 * organisations; for a need of organisation X the round's body may invite the helper itself only
 * when X said so (`allowRoundInvitations`) or X is the body's own organisation. Otherwise the pairing
 * becomes a proposal to X's managers (`proposed_to_organization_at`): the helper sees nothing until
 * an owner or coordinator of X sends it with one click, as X's own invitation.
 */
import type { Actor, AppContext } from '../../context.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import { createEngagement } from '../engagements/service.ts';
import { MANAGING_ROLES, requireOrganizationRole } from '../organizations/service.ts';

/** Whether a round run for `roundOrganizationId` may invite for a need of `needOrganizationId` itself. */
export async function roundMayInviteFor(ctx: AppContext, roundOrganizationId: string | null, needOrganizationId: string): Promise<boolean> {
  if (roundOrganizationId === needOrganizationId) return true;
  const row = await ctx.db.selectFrom('organizations').select('round_invites_allowed').where('id', '=', needOrganizationId).executeTakeFirst();
  return row?.round_invites_allowed === 1;
}

export async function needOrganizationOf(ctx: AppContext, needId: string): Promise<string> {
  const need = await ctx.db.selectFrom('needs').select('organization_id').where('id', '=', needId).executeTakeFirst();
  if (!need) throw notFound('Need');
  return need.organization_id;
}

/** Hands a pairing to the need's organisation; its managers are told. */
export async function proposeToOrganization(ctx: AppContext, proposalId: string, organizationId: string, roundId: string): Promise<void> {
  await ctx.db.updateTable('match_proposals').set({ proposed_to_organization_at: ctx.clock.now().toISOString() }).where('id', '=', proposalId).execute();
  const managers = await ctx.db.selectFrom('memberships').select('user_id').where('organization_id', '=', organizationId).where('role', 'in', [...MANAGING_ROLES]).execute();
  if (managers.length > 0) ctx.events.emit('notify', { userIds: managers.map((m) => m.user_id), payload: { type: 'engagement', event: 'proposed_by_round', roundId, proposalId } });
}

const waiting = (ctx: AppContext) =>
  ctx.db
    .selectFrom('match_proposals as p')
    .innerJoin('needs as n', 'n.id', 'p.need_id')
    .innerJoin('offers as o', 'o.id', 'p.offer_id')
    .innerJoin('match_rounds as r', 'r.id', 'p.round_id')
    .leftJoin('organizations as by', 'by.id', 'r.organization_id')
    .select(['p.id', 'p.round_id', 'p.need_id', 'p.offer_id', 'p.score', 'p.proposed_to_organization_at', 'n.title as need_title', 'n.organization_id', 'o.title as offer_title', 'by.name as proposed_by_name', 'r.organization_id as proposed_by_id'])
    .where('p.proposed_to_organization_at', 'is not', null)
    .where('p.engagement_id', 'is', null);

/** The pairings waiting for an organisation's managers, oldest first. Managers only (admins act for nobody). */
export async function listRoundProposals(ctx: AppContext, actor: Actor, organizationId: string) {
  await requireManager(ctx, actor, organizationId);
  const rows = await waiting(ctx).where('n.organization_id', '=', organizationId).orderBy('p.proposed_to_organization_at').orderBy('p.id').limit(100).execute();
  return rows.map((r) => ({
    id: r.id,
    roundId: r.round_id,
    need: { id: r.need_id, title: r.need_title },
    offer: { id: r.offer_id, title: r.offer_title },
    score: r.score,
    proposedBy: { organizationId: r.proposed_by_id, name: r.proposed_by_name ?? '' },
    proposedAt: r.proposed_to_organization_at ?? '',
  }));
}

async function requireManager(ctx: AppContext, actor: Actor, organizationId: string): Promise<void> {
  if ((await requireOrganizationRole(ctx, actor, organizationId, MANAGING_ROLES)) === 'admin') {
    throw forbidden('Only the organisation’s own owners and coordinators send invitations for it');
  }
}

/**
 * A manager of the need's organisation sends a waiting pairing: the engagement is their own
 * invitation. Claimed first (the marker cleared where still set), so it is sent once; a refusal
 * puts it back so it can be sent later.
 */
export async function sendRoundProposal(ctx: AppContext, actor: Actor, proposalId: string) {
  const row = await waiting(ctx).where('p.id', '=', proposalId).executeTakeFirst();
  if (!row) throw notFound('Proposal');
  await requireManager(ctx, actor, row.organization_id);
  const claim = await ctx.db
    .updateTable('match_proposals')
    .set({ proposed_to_organization_at: null })
    .where('id', '=', proposalId)
    .where('proposed_to_organization_at', '=', row.proposed_to_organization_at)
    .executeTakeFirst();
  if (Number(claim.numUpdatedRows) === 0) throw new AppError(409, 'conflict', 'This proposal was sent already');
  try {
    const engagement = await createEngagement(ctx, actor, { needId: row.need_id, offerId: row.offer_id });
    await ctx.db.updateTable('match_proposals').set({ engagement_id: engagement.id }).where('id', '=', proposalId).execute();
    return engagement;
  } catch (error) {
    await ctx.db.updateTable('match_proposals').set({ proposed_to_organization_at: row.proposed_to_organization_at }).where('id', '=', proposalId).execute();
    throw error;
  }
}
