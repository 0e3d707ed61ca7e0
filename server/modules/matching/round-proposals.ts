/**
 * Nobody acts in another organisation's name (issue 9, item 3). A match round pairs needs of many
 * organisations; for a need of organisation X the round's body may invite the helper itself only
 * when X said so (`allowRoundInvitations`) or X is the body's own organisation. Otherwise the pairing
 * becomes a proposal to X's managers (`proposed_to_organization_at`): the helper sees nothing until
 * an owner or coordinator of X sends it with one click, as X's own invitation.
 */
import type { Actor, AppContext } from '../../context.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import { managingRoles } from '../../../shared/roles.ts';
import { createEngagement } from '../engagements/index.ts';
import { publishNotifications, recordNotifications } from '../notifications/index.ts';
import { managersOf, requireOrganizationRole } from '../organizations/index.ts';
import * as repo from './repository.ts';

/** Whether a round run for `roundOrganizationId` may invite for a need of `needOrganizationId` itself. */
export async function roundMayInviteFor(
  ctx: AppContext,
  roundOrganizationId: string | null,
  needOrganizationId: string,
): Promise<boolean> {
  if (roundOrganizationId === needOrganizationId) return true;
  return repo.roundInvitesAllowed(ctx.db, needOrganizationId);
}

export async function needOrganizationOf(ctx: AppContext, needId: string): Promise<string> {
  const organizationId = await repo.organizationOfNeed(ctx.db, needId);
  if (!organizationId) throw notFound('Need');
  return organizationId;
}

/** Hands a pairing to the need's organisation; its managers are told. */
export async function proposeToOrganization(
  ctx: AppContext,
  proposalId: string,
  organizationId: string,
  roundId: string,
): Promise<void> {
  const notified = await ctx.db.transaction().execute(async (trx) => {
    await repo.setProposedToOrganizationAt(trx, proposalId, ctx.clock.now().toISOString());
    const managers = (await managersOf(trx, [organizationId])).get(organizationId) ?? [];
    return recordNotifications(ctx, trx, {
      userIds: managers,
      kind: 'engagement.proposed_by_round',
      data: { roundId, proposalId, organizationId },
    });
  });
  publishNotifications(ctx, notified);
}

/** The pairings waiting for an organisation's managers, oldest first. Managers only (admins act for nobody). */
export async function listRoundProposals(ctx: AppContext, actor: Actor, organizationId: string) {
  await requireManager(ctx, actor, organizationId);
  const rows = await repo.waitingRoundProposals(ctx.db, organizationId);
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
  if ((await requireOrganizationRole(ctx, actor, organizationId, managingRoles)) === 'admin') {
    throw forbidden('Only the organisation’s own owners and coordinators send invitations for it');
  }
}

/**
 * A manager of the need's organisation sends a waiting pairing: the engagement is their own
 * invitation. Claimed first (the marker cleared where still set), so it is sent once; a refusal
 * puts it back so it can be sent later.
 */
export async function sendRoundProposal(ctx: AppContext, actor: Actor, proposalId: string) {
  const row = await repo.waitingRoundProposal(ctx.db, proposalId);
  if (!row) throw notFound('Proposal');
  await requireManager(ctx, actor, row.organization_id);
  if (!(await repo.claimRoundProposal(ctx.db, proposalId, row.proposed_to_organization_at)))
    throw new AppError(409, 'conflict', 'This proposal was sent already');
  try {
    const engagement = await createEngagement(ctx, actor, { needId: row.need_id, offerId: row.offer_id });
    await repo.setProposalEngagement(ctx.db, proposalId, engagement.id);
    return engagement;
  } catch (error) {
    await repo.setProposedToOrganizationAt(ctx.db, proposalId, row.proposed_to_organization_at);
    throw error;
  }
}
