/** Who may act on an engagement: the actor's standing (sides, reading), the acting side for an action, and who is on the other side. */
import { isManagingRole } from '../../../shared/roles.ts';
import type { EngagementAction, EngagementStatus } from '../../../shared/engagement-vocabulary.ts';
import type { Engagement } from '../../../shared/schemas/engagements.ts';
import type { Actor } from '../../context.ts';
import type { Db } from '../../db/create-db.ts';
import { AppError, conflict, forbidden, notFound } from '../../errors.ts';
import { managersOf, rolesOf as organizationRolesOf } from '../organizations/index.ts';
import * as repo from './repository.ts';
import { decide, type EngagementState } from './state-machine.ts';

export type Side = 'worker' | 'organization';

export interface Standing {
  /** Sides the actor may act for on this engagement (usually one). */
  sides: Side[];
  /** May read it: a party, any member of either organisation, or an admin. */
  canView: boolean;
  viewerSide: Engagement['viewerSide'];
}

/** The actor's roles by organisation id: read once per request, then every standing is computed without queries. */
export type Roles = ReadonlyMap<string, string>;
export const rolesOf = (db: Db, userId: string): Promise<Roles> => organizationRolesOf(db, userId);

export const manages = (roles: Roles, organizationId: string | null): boolean =>
  organizationId !== null && isManagingRole(roles.get(organizationId));

/**
 * How the actor stands to an engagement. Worker side: the worker, or a manager of the business
 * they work for. Organisation side: an owner or coordinator of the need's organisation. Plain
 * members of either organisation (and admins) may read along but not act.
 */
export function standingOf(
  roles: Roles,
  actor: Actor,
  e: Pick<repo.EngagementView, 'organization_id' | 'worker_user_id' | 'worker_organization_id'>,
): Standing {
  const sides: Side[] = [];
  if (actor.userId === e.worker_user_id || manages(roles, e.worker_organization_id)) sides.push('worker');
  if (manages(roles, e.organization_id)) sides.push('organization');
  const needOrgMember = roles.has(e.organization_id);
  const workerOrgMember = e.worker_organization_id !== null && roles.has(e.worker_organization_id);
  const viewerSide: Engagement['viewerSide'] =
    sides[0] ?? (needOrgMember ? 'organization' : workerOrgMember ? 'worker' : 'admin');
  return { sides, canView: sides.length > 0 || needOrgMember || workerOrgMember || actor.isAdmin, viewerSide };
}

export const stateOf = (e: Pick<repo.EngagementView, 'status' | 'kind' | 'proposed_by'>): EngagementState => ({
  status: e.status,
  kind: e.kind,
  proposedBy: e.proposed_by as EngagementState['proposedBy'],
});

/**
 * Which side the actor acts for, if the machine allows the action at all: 403 when they are not a
 * party or it is the other side's turn, 409 invalid_transition when the state does not allow it.
 */
export function actingSide(e: repo.EngagementView, standing: Standing, action: EngagementAction): Side {
  if (standing.sides.length === 0) throw forbidden('Only the people involved in this engagement may do this');
  let refusal: { reason: string; message: string } | undefined;
  for (const side of standing.sides) {
    const d = decide(stateOf(e), action, side);
    if (d.ok) return side;
    refusal ??= d;
  }
  if (!refusal) throw forbidden();
  if (refusal.reason === 'wrong_side') throw forbidden(refusal.message);
  throw new AppError(409, 'invalid_transition', refusal.message, undefined, { status: e.status, action });
}

export async function loadForActor(db: Db, actor: Actor, id: string) {
  const e = await repo.findEngagement(db, id);
  if (!e) throw notFound('Engagement');
  const standing = standingOf(await rolesOf(db, actor.userId), actor, e);
  if (!standing.canView) throw forbidden('Only the people involved in this engagement may see it');
  return { e, standing };
}

export const managerIds = async (db: Db, organizationId: string): Promise<string[]> =>
  (await managersOf(db, [organizationId])).get(organizationId) ?? [];

/** The people on the other side of `side`, to notify after a step. */
export async function otherSideIds(
  db: Db,
  e: Pick<repo.EngagementView, 'organization_id' | 'worker_user_id'>,
  side: Side | 'system',
): Promise<string[]> {
  if (side === 'worker') return managerIds(db, e.organization_id);
  if (side === 'organization') return [e.worker_user_id];
  return [e.worker_user_id, ...(await managerIds(db, e.organization_id))];
}

export const stale = () =>
  conflict('Someone changed this engagement at the same moment; reload it and try again', 'invalid_transition');

/** Statuses in which an engagement still holds what acceptance reserved. */
export const RESERVING: readonly EngagementStatus[] = ['accepted', 'hours_logged', 'delivered', 'disputed'];
