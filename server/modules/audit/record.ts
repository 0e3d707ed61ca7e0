import type { AuditAction } from '../../../shared/schemas/trust.ts';
import type { AppContext } from '../../context.ts';
import type { Db } from '../../db/create-db.ts';
import { invalid } from '../../errors.ts';
import { newId } from '../../ids.ts';
import * as repo from './repository.ts';

export interface AuditInput {
  actorId: string;
  action: AuditAction;
  objectType: string;
  objectId: string;
  organizationId?: string | null;
  reason: string;
  details?: Record<string, unknown>;
}

/** Writes the act's row inside the act's own transaction (`trx`), so an act without its row cannot exist. */
export async function recordAudit(ctx: AppContext, trx: Db, input: AuditInput): Promise<void> {
  await repo.insertAudit(trx, {
    id: newId(),
    actor_id: input.actorId,
    action: input.action,
    object_type: input.objectType,
    object_id: input.objectId,
    organization_id: input.organizationId ?? null,
    reason: input.reason,
    details: JSON.stringify(input.details ?? {}),
    created_at: ctx.clock.now().toISOString(),
  });
}

/** The reason an admin gives, required wherever an admin acts outside their own affairs. */
export function requireReason(reason: string | undefined): string {
  const text = reason?.trim() ?? '';
  if (text.length < 5) throw invalid('reason', 'Say why, in at least 5 characters');
  return text;
}
