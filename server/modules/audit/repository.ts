import type { Db } from '../../db/create-db.ts';
import type { AuditLogTable, AuditRow } from './tables.ts';

export async function insertAudit(trx: Db, row: AuditLogTable): Promise<void> {
  await trx.insertInto('audit_log').values(row).execute();
}

/** Newest first, keyset-paged by (created_at, id); one organisation's rows when given. */
export function listAudit(
  db: Db,
  q: { organizationId?: string | undefined; after?: { c: string; id: string } | undefined; limit: number },
): Promise<AuditRow[]> {
  let query = db.selectFrom('audit_log').selectAll();
  if (q.organizationId !== undefined) query = query.where('organization_id', '=', q.organizationId);
  const after = q.after;
  if (after)
    query = query.where((eb) =>
      eb.or([eb('created_at', '<', after.c), eb.and([eb('created_at', '=', after.c), eb('id', '<', after.id)])]),
    );
  return query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit + 1)
    .execute();
}
