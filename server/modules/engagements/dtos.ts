/** Engagement rows → the API's Engagement, with the viewer's side and the actions open to them. */
import { z } from 'zod';
import type { Engagement } from '../../../shared/schemas/engagements.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/create-db.ts';
import * as repo from './repository.ts';
import { allowedActions } from './state-machine.ts';
import { loadForActor, RESERVING, stateOf, type Standing } from './access.ts';

/** Keyset cursor of engagement and message lists: (created_at, id). */
export const timeCursor = z.object({ createdAt: z.string(), id: z.string() });
export async function toDtos(db: Db, rows: repo.EngagementView[], standings: Standing[]): Promise<Engagement[]> {
  const logs = await repo.listLogs(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((e, i) => {
    const standing = standings[i]!;
    const state = stateOf(e);
    const actions = [...new Set(standing.sides.flatMap((s) => allowedActions(state, s)))];
    return {
      id: e.id,
      kind: state.kind,
      status: state.status,
      proposedBy: state.proposedBy,
      proposer: e.proposer_user_id
        ? {
            userId: e.proposer_user_id,
            displayName: e.proposer_name ?? '',
            via: e.proposed_via_organization_id
              ? { id: e.proposed_via_organization_id, name: e.via_organization_name ?? '' }
              : null,
          }
        : null,
      need: {
        id: e.need_id,
        title: e.need_title,
        kind: e.need_kind as Engagement['need']['kind'],
        organizationId: e.organization_id,
        organizationName: e.organization_name,
        organizationVerified: e.organization_verified_at !== null,
      },
      offerId: e.offer_id,
      worker: { userId: e.worker_user_id, displayName: e.worker_name },
      workerOrganization: e.worker_organization_id
        ? { id: e.worker_organization_id, name: e.worker_organization_name ?? '' }
        : null,
      compensation: {
        type: e.compensation_type,
        hourlyRateCents: e.hourly_rate_cents,
        allowanceCents: e.allowance_cents,
      },
      estimateMinutes: e.estimate_minutes,
      reservedMinutes: RESERVING.includes(state.status) ? e.reserved_minutes : 0,
      loggedMinutes: e.logged_minutes,
      confirmedMinutes: e.confirmed_minutes,
      hours: logs
        .filter((l) => l.engagement_id === e.id && l.kind === 'hours')
        .map((l) => ({ id: l.id, minutes: l.minutes ?? 0, date: l.date, note: l.note, createdAt: l.created_at })),
      unit: e.unit,
      pledgedQuantity: e.pledged_quantity,
      deliveredQuantity: e.delivered_quantity,
      confirmedQuantity: e.confirmed_quantity,
      inkindValueCents: e.inkind_value_cents,
      eurCents: e.eur_cents,
      eurKind: e.eur_kind,
      disputeReason: e.dispute_reason,
      endReasonKey: e.end_reason_key,
      viewerSide: standing.viewerSide,
      // `not_select` is the platform's own step, never a button.
      allowedActions: actions.filter((a) => a !== 'not_select'),
      createdAt: e.created_at,
      updatedAt: e.updated_at,
      acceptedAt: e.accepted_at,
      completedAt: e.completed_at,
    };
  });
}

export async function dto(ctx: AppContext, actor: Actor, id: string): Promise<Engagement> {
  const { e, standing } = await loadForActor(ctx.db, actor, id);
  return (await toDtos(ctx.db, [e], [standing]))[0]!;
}
