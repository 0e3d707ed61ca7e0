/**
 * The audit log (issue 9, RELIABILITY 16): one append-only row per admin or coordinator act —
 * verification, VOG records, role changes, floor changes, ledger corrections, moderation — with who,
 * what, on which object, when and why. Written in the same transaction as the act itself
 * (`recordAudit`, record.ts). Admins read everything; an organisation's owners read its rows.
 */
import { z } from 'zod';
import type { AuditEntry } from '../../../shared/schemas/trust.ts';
import type { Actor, AppContext } from '../../context.ts';
import { decodeCursor, toPage } from '../../cursor.ts';
import { forbidden, notFound } from '../../errors.ts';
import { findOrganization, roleIn } from '../organizations/index.ts';
import * as repo from './repository.ts';
import type { AuditRow } from './tables.ts';

const toDto = (r: AuditRow): AuditEntry => ({
  id: r.id,
  actorId: r.actor_id,
  action: r.action as AuditEntry['action'],
  objectType: r.object_type,
  objectId: r.object_id,
  organizationId: r.organization_id,
  reason: r.reason,
  details: JSON.parse(r.details) as Record<string, unknown>,
  createdAt: r.created_at,
});

const cursorSchema = z.object({ c: z.string(), id: z.string() });

/** Newest first. Without `organizationId` only admins may read; with it, admins and that organisation's owners. */
export async function listAudit(
  ctx: AppContext,
  actor: Actor,
  query: { organizationId?: string | undefined; limit: number; cursor?: string | undefined },
) {
  if (query.organizationId === undefined) {
    if (!actor.isAdmin)
      throw forbidden('Only administrators read the whole audit log; owners read their organisation’s');
  } else if (!actor.isAdmin) {
    if ((await roleIn(ctx.db, actor.userId, query.organizationId)) !== 'owner') {
      if (!(await findOrganization(ctx.db, query.organizationId))) throw notFound('Organisation');
      throw forbidden('Only the owners of this organisation read its audit log');
    }
  }
  const rows = await repo.listAudit(ctx.db, {
    organizationId: query.organizationId,
    after: decodeCursor(query.cursor, cursorSchema),
    limit: query.limit,
  });
  return toPage(rows, query.limit, toDto, (r) => ({ c: r.created_at, id: r.id }));
}
