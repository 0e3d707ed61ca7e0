/**
 * The audit log (issue 9, RELIABILITY 16): one append-only row per admin or coordinator act —
 * verification, VOG records, role changes, floor changes, ledger corrections, moderation — with who,
 * what, on which object, when and why. Written in the same transaction as the act itself, so an act
 * without its row cannot exist. Admins read everything; an organisation's owners read its rows.
 */
import { z } from 'zod';
import type { AuditAction, AuditEntry } from '../../../shared/schemas/trust.ts';
import type { Actor, AppContext } from '../../context.ts';
import { decodeCursor, toPage } from '../../cursor.ts';
import type { Db } from '../../db/create-db.ts';
import { forbidden, invalid, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import type { AuditRow } from './tables.ts';

export interface AuditInput {
  actorId: string;
  action: AuditAction;
  objectType: string;
  objectId: string;
  organizationId?: string | null;
  reason: string;
  details?: Record<string, unknown>;
}

export async function recordAudit(ctx: AppContext, trx: Db, input: AuditInput): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      id: newId(),
      actor_id: input.actorId,
      action: input.action,
      object_type: input.objectType,
      object_id: input.objectId,
      organization_id: input.organizationId ?? null,
      reason: input.reason,
      details: JSON.stringify(input.details ?? {}),
      created_at: ctx.clock.now().toISOString(),
    })
    .execute();
}

/** The reason an admin gives, required wherever an admin acts outside their own affairs. */
export function requireReason(reason: string | undefined): string {
  const text = reason?.trim() ?? '';
  if (text.length < 5) throw invalid('reason', 'Say why, in at least 5 characters');
  return text;
}

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
export async function listAudit(ctx: AppContext, actor: Actor, query: { organizationId?: string | undefined; limit: number; cursor?: string | undefined }) {
  if (query.organizationId === undefined) {
    if (!actor.isAdmin) throw forbidden('Only administrators read the whole audit log; owners read their organisation’s');
  } else if (!actor.isAdmin) {
    const membership = await ctx.db
      .selectFrom('memberships')
      .select('role')
      .where('organization_id', '=', query.organizationId)
      .where('user_id', '=', actor.userId)
      .executeTakeFirst();
    if (membership?.role !== 'owner') {
      if (!(await ctx.db.selectFrom('organizations').select('id').where('id', '=', query.organizationId).executeTakeFirst())) throw notFound('Organisation');
      throw forbidden('Only the owners of this organisation read its audit log');
    }
  }
  const after = decodeCursor(query.cursor, cursorSchema);
  let q = ctx.db.selectFrom('audit_log').selectAll();
  if (query.organizationId !== undefined) q = q.where('organization_id', '=', query.organizationId);
  if (after) q = q.where((eb) => eb.or([eb('created_at', '<', after.c), eb.and([eb('created_at', '=', after.c), eb('id', '<', after.id)])]));
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit + 1).execute();
  return toPage(rows, query.limit, toDto, (r) => ({ c: r.created_at, id: r.id }));
}
