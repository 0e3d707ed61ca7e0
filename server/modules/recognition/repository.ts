/**
 * Recognition's tables (engagement_participants, engagement_references, certificates), and the
 * facts of confirmed work it reads beside them: engagements, needs, organisations and WORK transfers.
 */
import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/create-db.ts';
import { amsterdamDay } from '../impact/index.ts';
import type { WorkEntry } from './badge-rules.ts';
import type { CertificatesTable, EngagementReferencesTable } from './tables.ts';

/**
 * Ids of transfers whose net effect is undone: corrected an odd number of times (a correction of
 * a correction puts the work back). Walks the chains the corrections form.
 */
async function undone(db: Db, transferIds: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  let level = new Map(transferIds.map((id) => [id, id]));
  for (let depth = 1; level.size > 0; depth++) {
    const rows = await db
      .selectFrom('ledger_transfers')
      .select(['id', 'corrects_id'])
      .where('corrects_id', 'in', [...level.keys()])
      .execute();
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
export async function confirmedWorkOf(
  db: Db,
  userId: string,
): Promise<(WorkEntry & { organizationName: string; createdAt: string })[]> {
  const rows = await db
    .selectFrom('engagement_participants as p')
    .innerJoin('engagements as e', 'e.id', 'p.engagement_id')
    .innerJoin('needs as n', 'n.id', 'e.need_id')
    .innerJoin('organizations as o', 'o.id', 'e.organization_id')
    .innerJoin('ledger_transfers as t', (j) =>
      j
        .onRef('t.reference_id', '=', 'e.id')
        .on('t.reference_type', '=', 'engagement')
        .on('t.unit', '=', 'WORK')
        .on('t.phase', '=', 'posted')
        .on('t.corrects_id', 'is', null),
    )
    .select([
      't.id as transfer_id',
      't.created_at',
      'e.id as engagement_id',
      'p.minutes',
      'n.domains',
      'n.kind as need_kind',
      'e.compensation_type',
      'e.organization_id',
      'o.name as organization_name',
    ])
    .where('p.user_id', '=', userId)
    .execute();
  const gone = await undone(
    db,
    rows.map((r) => r.transfer_id),
  );
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
    .select([
      'r.engagement_id',
      'r.user_id',
      'r.organization_id',
      'o.name as organization_name',
      'r.text',
      'r.skills',
      'r.public',
      'r.created_at',
      'r.updated_at',
    ])
    .where('r.user_id', '=', userId)
    .orderBy('r.created_at', 'desc')
    .orderBy('r.engagement_id')
    .execute();

export type ReferenceRow = Awaited<ReturnType<typeof findReferencesOf>>[number];

/** The person a recognition page or certificate is about. */
export const findPerson = (db: Db, userId: string) =>
  db
    .selectFrom('users')
    .select(['id', 'display_name', 'locale', 'count_as_newcomer', 'email'])
    .where('id', '=', userId)
    .executeTakeFirst();

export const findEngagement = (db: Db, id: string) =>
  db
    .selectFrom('engagements')
    .select(['id', 'organization_id', 'status', 'worker_user_id'])
    .where('id', '=', id)
    .executeTakeFirst();

/** Whether the person is on the engagement's personal record of work. */
export const isParticipant = async (db: Db, engagementId: string, userId: string): Promise<boolean> =>
  (await db
    .selectFrom('engagement_participants')
    .select('user_id')
    .where('engagement_id', '=', engagementId)
    .where('user_id', '=', userId)
    .executeTakeFirst()) !== undefined;

export const referenceExists = async (db: Db, engagementId: string, userId: string): Promise<boolean> =>
  (await db
    .selectFrom('engagement_references')
    .select('engagement_id')
    .where('engagement_id', '=', engagementId)
    .where('user_id', '=', userId)
    .executeTakeFirst()) !== undefined;

export async function insertReference(db: Db, row: Insertable<EngagementReferencesTable>): Promise<void> {
  await db.insertInto('engagement_references').values(row).execute();
}

export async function updateReference(
  db: Db,
  engagementId: string,
  userId: string,
  changes: Updateable<EngagementReferencesTable>,
): Promise<void> {
  await db
    .updateTable('engagement_references')
    .set(changes)
    .where('engagement_id', '=', engagementId)
    .where('user_id', '=', userId)
    .execute();
}

/** Answers how many references changed (0: none about this person on this engagement). */
export async function setReferencePublic(
  db: Db,
  engagementId: string,
  userId: string,
  isPublic: boolean,
  now: string,
): Promise<number> {
  const changed = await db
    .updateTable('engagement_references')
    .set({ public: isPublic ? 1 : 0, updated_at: now })
    .where('engagement_id', '=', engagementId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(changed.numUpdatedRows);
}

export async function insertCertificate(db: Db, row: Insertable<CertificatesTable>): Promise<void> {
  await db.insertInto('certificates').values(row).execute();
}

export const findCertificate = (db: Db, code: string) =>
  db.selectFrom('certificates').selectAll().where('code', '=', code).executeTakeFirst();

/** A transfer as the public entry page shows it. */
export const findTransfer = (db: Db, id: string) =>
  db
    .selectFrom('ledger_transfers')
    .select(['id', 'seq', 'unit', 'amount', 'kind', 'created_at', 'reference_type', 'reference_id', 'phase'])
    .where('id', '=', id)
    .executeTakeFirst();

export const needDomainsOfEngagement = (db: Db, engagementId: string) =>
  db
    .selectFrom('engagements as e')
    .innerJoin('needs as n', 'n.id', 'e.need_id')
    .select('n.domains')
    .where('e.id', '=', engagementId)
    .executeTakeFirst();

export const findCorrectionOf = (db: Db, transferId: string) =>
  db.selectFrom('ledger_transfers').select('id').where('corrects_id', '=', transferId).executeTakeFirst();

/** For the GDPR export: the personal record of work, references about the person, certificates issued. */
export const personalRecordOf = (db: Db, userId: string) =>
  Promise.all([
    db
      .selectFrom('engagement_participants')
      .select(['engagement_id', 'minutes', 'newcomer'])
      .where('user_id', '=', userId)
      .orderBy('engagement_id')
      .execute(),
    db
      .selectFrom('engagement_references')
      .select(['engagement_id', 'organization_id', 'text', 'skills', 'public', 'created_at', 'updated_at'])
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .execute(),
    db
      .selectFrom('certificates')
      .select(['code', 'issued_at', 'payload'])
      .where('user_id', '=', userId)
      .orderBy('issued_at')
      .execute(),
  ]);

/** Erasure: references about the person and their certificates. */
export async function deleteReferencesAndCertificates(trx: Db, userId: string): Promise<void> {
  await trx.deleteFrom('engagement_references').where('user_id', '=', userId).execute();
  await trx.deleteFrom('certificates').where('user_id', '=', userId).execute();
}
