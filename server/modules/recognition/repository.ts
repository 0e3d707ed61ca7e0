import type { Db } from '../../db/create-db.ts';
import { amsterdamDay } from '../impact/record.ts';
import type { WorkEntry } from './badge-rules.ts';

/**
 * Ids of transfers whose net effect is undone: corrected an odd number of times (a correction of
 * a correction puts the work back). Walks the chains the corrections form.
 */
async function undone(db: Db, transferIds: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  let level = new Map(transferIds.map((id) => [id, id]));
  for (let depth = 1; level.size > 0; depth++) {
    const rows = await db.selectFrom('ledger_transfers').select(['id', 'corrects_id']).where('corrects_id', 'in', [...level.keys()]).execute();
    const next = new Map<string, string>();
    for (const r of rows) {
      const root = level.get(r.corrects_id ?? '')!;
      if (depth % 2 === 1) out.add(root);
      else out.delete(root);
      next.set(r.id, root);
    }
    level = next;
  }
  return out;
}

/**
 * A person's confirmed work: each engagement where they are on the personal record, joined to its
 * posted WORK transfer (net of corrections) and the need (domains, kind) and organisation.
 */
export async function confirmedWorkOf(db: Db, userId: string): Promise<(WorkEntry & { organizationName: string; createdAt: string })[]> {
  const rows = await db
    .selectFrom('engagement_participants as p')
    .innerJoin('engagements as e', 'e.id', 'p.engagement_id')
    .innerJoin('needs as n', 'n.id', 'e.need_id')
    .innerJoin('organizations as o', 'o.id', 'e.organization_id')
    .innerJoin('ledger_transfers as t', (j) => j.onRef('t.reference_id', '=', 'e.id').on('t.reference_type', '=', 'engagement').on('t.unit', '=', 'WORK').on('t.phase', '=', 'posted').on('t.corrects_id', 'is', null))
    .select(['t.id as transfer_id', 't.created_at', 'e.id as engagement_id', 'p.minutes', 'n.domains', 'n.kind as need_kind', 'e.compensation_type', 'e.organization_id', 'o.name as organization_name'])
    .where('p.user_id', '=', userId)
    .execute();
  const gone = await undone(db, rows.map((r) => r.transfer_id));
  return rows
    .filter((r) => !gone.has(r.transfer_id))
    .map((r) => ({
      transferId: r.transfer_id,
      engagementId: r.engagement_id,
      minutes: Number(r.minutes),
      day: amsterdamDay(r.created_at),
      createdAt: r.created_at,
      domains: JSON.parse(r.domains) as string[],
      organizationId: r.organization_id,
      organizationName: r.organization_name,
      needKind: r.need_kind,
      paid: r.compensation_type === 'paid',
    }));
}

export const findReferencesOf = (db: Db, userId: string) =>
  db
    .selectFrom('engagement_references as r')
    .innerJoin('organizations as o', 'o.id', 'r.organization_id')
    .select(['r.engagement_id', 'r.user_id', 'r.organization_id', 'o.name as organization_name', 'r.text', 'r.skills', 'r.public', 'r.created_at', 'r.updated_at'])
    .where('r.user_id', '=', userId)
    .orderBy('r.created_at', 'desc')
    .orderBy('r.engagement_id')
    .execute();

export type ReferenceRow = Awaited<ReturnType<typeof findReferencesOf>>[number];
