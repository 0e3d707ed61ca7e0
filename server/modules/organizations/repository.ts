import { sql, type Insertable, type Updateable } from 'kysely';
import { managingRoles, type MemberRole } from '../../../shared/roles.ts';
import type { Db } from '../../db/create-db.ts';
import type { OrganizationInvitationsTable, OrganizationsTable, ScreeningRecordsTable } from './tables.ts';

const columns = [
  'organizations.id',
  'organizations.name',
  'organizations.type',
  'organizations.description',
  'organizations.postcode',
  'organizations.domains',
  'organizations.kvk_number',
  'organizations.volunteer_declaration_date',
  'organizations.verified_at',
  'organizations.volunteers',
  'organizations.paid_staff',
  'organizations.people_reached_per_year',
  'organizations.income_mix',
  'organizations.main_funders',
  'organizations.life_phase',
  'organizations.current_needs',
  'organizations.created_at',
  'organizations.updated_at',
  'organizations.verified_by',
  'organizations.verification_method',
  'organizations.verification_reference',
  'organizations.verification_note',
  'organizations.verification_area',
  'organizations.hidden_at',
  'organizations.orphaned_at',
  'organizations.round_invites_allowed',
] as const;

const withMemberCount = (db: Db) =>
  db
    .selectFrom('organizations')
    .select(columns)
    .select((eb) =>
      eb
        .selectFrom('memberships')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('memberships.organization_id', '=', 'organizations.id')
        .as('member_count'),
    );

export type OrganizationWithCount = Awaited<ReturnType<typeof findOrganization>> & {};

export const findOrganization = (db: Db, id: string) =>
  withMemberCount(db).where('organizations.id', '=', id).executeTakeFirst();

export async function listOrganizations(
  db: Db,
  filter: { q?: string; type?: OrganizationsTable['type']; after?: { name: string; id: string }; limit: number },
) {
  // Hidden by a moderator: out of the public list.
  let q = withMemberCount(db).where('organizations.hidden_at', 'is', null);
  if (filter.q)
    q = q.where(
      sql<boolean>`lower(organizations.name) like ${`%${filter.q.toLowerCase().replace(/[%_\\]/g, '\\$&')}%`} escape '\\'`,
    );
  if (filter.type) q = q.where('organizations.type', '=', filter.type);
  if (filter.after) {
    const { name, id } = filter.after;
    q = q.where((eb) =>
      eb.or([
        eb('organizations.name', '>', name),
        eb.and([eb('organizations.name', '=', name), eb('organizations.id', '>', id)]),
      ]),
    );
  }
  return q
    .orderBy('organizations.name')
    .orderBy('organizations.id')
    .limit(filter.limit + 1)
    .execute();
}

export async function insertOrganization(db: Db, row: Insertable<OrganizationsTable>): Promise<void> {
  await db.insertInto('organizations').values(row).execute();
}

export async function updateOrganization(db: Db, id: string, changes: Updateable<OrganizationsTable>): Promise<void> {
  await db.updateTable('organizations').set(changes).where('id', '=', id).execute();
}

export const findRole = async (db: Db, organizationId: string, userId: string): Promise<MemberRole | undefined> =>
  (
    await db
      .selectFrom('memberships')
      .select('role')
      .where('organization_id', '=', organizationId)
      .where('user_id', '=', userId)
      .executeTakeFirst()
  )?.role;

export async function upsertMembership(
  db: Db,
  row: { organization_id: string; user_id: string; role: MemberRole; created_at: string },
): Promise<void> {
  await db
    .insertInto('memberships')
    .values(row)
    .onConflict((oc) => oc.columns(['organization_id', 'user_id']).doUpdateSet({ role: row.role }))
    .execute();
}

export const listMembers = (db: Db, organizationId: string) =>
  db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['memberships.user_id', 'users.display_name', 'memberships.role', 'memberships.created_at'])
    .where('memberships.organization_id', '=', organizationId)
    .orderBy('memberships.created_at')
    .execute();

export const countOwners = async (db: Db, organizationId: string): Promise<number> =>
  Number(
    (
      await db
        .selectFrom('memberships')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('organization_id', '=', organizationId)
        .where('role', '=', 'owner')
        .executeTakeFirstOrThrow()
    ).n,
  );

/** A person's role in each organisation they belong to. */
export const rolesOf = async (db: Db, userId: string): Promise<Map<string, MemberRole>> =>
  new Map(
    (
      await db.selectFrom('memberships').select(['organization_id', 'role']).where('user_id', '=', userId).execute()
    ).map((m) => [m.organization_id, m.role]),
  );

/** A person's memberships with the organisation's name, by name. */
export const membershipsOf = (db: Db, userId: string) =>
  db
    .selectFrom('memberships')
    .innerJoin('organizations', 'organizations.id', 'memberships.organization_id')
    .select(['memberships.organization_id', 'organizations.name', 'memberships.role'])
    .where('memberships.user_id', '=', userId)
    .orderBy('organizations.name')
    .execute();

/** Organisations where the person holds one of the roles (of one type, when given), oldest membership first. */
export const organizationIdsWithRole = async (
  db: Db,
  userId: string,
  roles: readonly MemberRole[],
  type?: OrganizationsTable['type'],
): Promise<string[]> => {
  let q = db
    .selectFrom('memberships')
    .innerJoin('organizations', 'organizations.id', 'memberships.organization_id')
    .select('organizations.id')
    .where('memberships.user_id', '=', userId)
    .where('memberships.role', 'in', [...roles]);
  if (type !== undefined) q = q.where('organizations.type', '=', type);
  return (await q.orderBy('memberships.created_at').orderBy('organizations.id').execute()).map((r) => r.id);
};

/** Owners and coordinators of each organisation. */
export async function managersOf(db: Db, organizationIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (organizationIds.length === 0) return out;
  const rows = await db
    .selectFrom('memberships')
    .select(['organization_id', 'user_id'])
    .where('organization_id', 'in', [...organizationIds])
    .where('role', 'in', [...managingRoles])
    .execute();
  for (const r of rows) out.set(r.organization_id, [...(out.get(r.organization_id) ?? []), r.user_id]);
  return out;
}

/** Whether the person has ever had an engagement with the organisation (a VOG may be recorded for them). */
export const hasEngagementWith = async (db: Db, organizationId: string, userId: string): Promise<boolean> =>
  (await db
    .selectFrom('engagements')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('worker_user_id', '=', userId)
    .executeTakeFirst()) !== undefined;

/** Marks the organisations this person is the only owner of as orphaned (before their memberships go). */
export async function orphanSoleOwnedBy(db: Db, userId: string, now: string): Promise<void> {
  await db
    .updateTable('organizations')
    .set({ orphaned_at: now })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('memberships as m')
        .select('m.organization_id')
        .where('m.user_id', '=', userId)
        .where('m.role', '=', 'owner')
        .where((inner) =>
          inner.not(
            inner.exists(
              inner
                .selectFrom('memberships as other')
                .select('other.user_id')
                .whereRef('other.organization_id', '=', 'm.organization_id')
                .where('other.role', '=', 'owner')
                .where('other.user_id', '<>', userId),
            ),
          ),
        ),
    )
    .execute();
}

export async function deleteMembershipsOf(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('memberships').where('user_id', '=', userId).execute();
}

/** The admins' verification queue: oldest first, so nobody waits behind newcomers. */
export function listForVerification(
  db: Db,
  filter: {
    verified?: boolean | undefined;
    orphaned?: boolean | undefined;
    after?: { c: string; id: string } | undefined;
    limit: number;
  },
) {
  let q = withMemberCount(db);
  if (filter.verified !== undefined) q = q.where('organizations.verified_at', filter.verified ? 'is not' : 'is', null);
  if (filter.orphaned !== undefined) q = q.where('organizations.orphaned_at', filter.orphaned ? 'is not' : 'is', null);
  if (filter.after) {
    const { c, id } = filter.after;
    q = q.where((eb) =>
      eb.or([
        eb('organizations.created_at', '>', c),
        eb.and([eb('organizations.created_at', '=', c), eb('organizations.id', '>', id)]),
      ]),
    );
  }
  return q
    .orderBy('organizations.created_at')
    .orderBy('organizations.id')
    .limit(filter.limit + 1)
    .execute();
}

/** Organisations the person created since `since`: the per-person creation limit. */
export const countCreatedSince = async (db: Db, userId: string, since: string): Promise<number> =>
  Number(
    (
      await db
        .selectFrom('organizations')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('created_by', '=', userId)
        .where('created_at', '>', since)
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Whether an admin has verified the organisation. */
export const isVerified = async (db: Db, organizationId: string): Promise<boolean> =>
  (await db.selectFrom('organizations').select('verified_at').where('id', '=', organizationId).executeTakeFirst())
    ?.verified_at != null;

/** The verified public bodies among these organisations, with where their verification lets them act. */
export const verifiedPublicBodies = (db: Db, organizationIds: readonly string[]) =>
  organizationIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('organizations')
        .select(['id', 'postcode', 'verification_area'])
        .where('id', 'in', [...organizationIds])
        .where('type', '=', 'public')
        .where('verified_at', 'is not', null)
        .execute();

/** The organisation's earliest owner (the author of an organisation, for moderation). */
export const founderOf = async (db: Db, organizationId: string): Promise<string | undefined> =>
  (
    await db
      .selectFrom('memberships')
      .select('user_id')
      .where('organization_id', '=', organizationId)
      .where('role', '=', 'owner')
      .orderBy('created_at')
      .executeTakeFirst()
  )?.user_id;

/** Which of these people belong to the organisation (any role). */
export async function membersAmong(db: Db, organizationId: string, userIds: readonly string[]): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .selectFrom('memberships')
    .select('user_id')
    .where('organization_id', '=', organizationId)
    .where('user_id', 'in', [...userIds])
    .execute();
  return rows.map((r) => r.user_id);
}

/** What initiatives report about themselves (the impact page's self-reported figures). */
export const initiativeProfiles = (db: Db) =>
  db
    .selectFrom('organizations')
    .select(['postcode', 'volunteers', 'paid_staff', 'people_reached_per_year', 'income_mix'])
    .where('type', '=', 'initiative')
    .execute();

/** What one organisation reports about itself, beside its measured impact. */
export const selfReportOf = (db: Db, organizationId: string) =>
  db
    .selectFrom('organizations')
    .select([
      'id',
      'volunteers',
      'paid_staff',
      'people_reached_per_year',
      'income_mix',
      'main_funders',
      'life_phase',
      'current_needs',
    ])
    .where('id', '=', organizationId)
    .executeTakeFirst();

// ---------- invitations (membership by consent) ----------

/** Locks the organisation's row on PostgreSQL (`FOR UPDATE`); false when it does not exist. */
export async function lockOrganizationRow(trx: Db, organizationId: string, forUpdate: boolean): Promise<boolean> {
  let q = trx.selectFrom('organizations').select('id').where('id', '=', organizationId);
  if (forUpdate) q = q.forUpdate();
  return (await q.executeTakeFirst()) !== undefined;
}

export async function insertInvitation(trx: Db, row: Insertable<OrganizationInvitationsTable>): Promise<void> {
  await trx.insertInto('organization_invitations').values(row).execute();
}

export async function countInvitationsSince(
  db: Db,
  since: string,
  by: { invited_by: string } | { organization_id: string },
): Promise<number> {
  let q = db
    .selectFrom('organization_invitations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('created_at', '>', since);
  q =
    'invited_by' in by
      ? q.where('invited_by', '=', by.invited_by)
      : q.where('organization_id', '=', by.organization_id);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

const pendingInvitationsQuery = (db: Db, emailHash: string, now: string) =>
  db
    .selectFrom('organization_invitations as i')
    .innerJoin('organizations as o', 'o.id', 'i.organization_id')
    .innerJoin('users as u', 'u.id', 'i.invited_by')
    .select([
      'i.id',
      'i.organization_id',
      'i.role',
      'i.reason',
      'i.invited_by',
      'i.created_at',
      'i.expires_at',
      'o.name',
      'o.type',
      'o.verified_at',
      'u.display_name',
    ])
    .where('i.email_hash', '=', emailHash)
    .where('i.status', '=', 'pending')
    .where('i.expires_at', '>', now);

/** Open invitations to an address (by its digest), newest first. */
export const pendingInvitations = (db: Db, emailHash: string, now: string) =>
  pendingInvitationsQuery(db, emailHash, now).orderBy('i.created_at', 'desc').orderBy('i.id').limit(100).execute();

export const pendingInvitation = (db: Db, emailHash: string, now: string, invitationId: string) =>
  pendingInvitationsQuery(db, emailHash, now).where('i.id', '=', invitationId).executeTakeFirst();

/** Every open invitation of the organisation to this address is answered by joining. */
export async function acceptInvitationsTo(
  trx: Db,
  organizationId: string,
  emailHash: string,
  now: string,
): Promise<void> {
  await trx
    .updateTable('organization_invitations')
    .set({ status: 'accepted', answered_at: now })
    .where('organization_id', '=', organizationId)
    .where('email_hash', '=', emailHash)
    .where('status', '=', 'pending')
    .execute();
}

export async function declineInvitation(trx: Db, invitationId: string, now: string): Promise<void> {
  await trx
    .updateTable('organization_invitations')
    .set({ status: 'declined', answered_at: now })
    .where('id', '=', invitationId)
    .execute();
}

export async function deleteMembership(trx: Db, organizationId: string, userId: string): Promise<void> {
  await trx
    .deleteFrom('memberships')
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .execute();
}

export async function membershipSince(db: Db, organizationId: string, userId: string): Promise<string> {
  return (
    await db
      .selectFrom('memberships')
      .select('created_at')
      .where('organization_id', '=', organizationId)
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow()
  ).created_at;
}

export async function insertScreeningRecord(trx: Db, row: Insertable<ScreeningRecordsTable>): Promise<void> {
  await trx.insertInto('screening_records').values(row).execute();
}

/** The newest certificate date of a kind for a person at an organisation, if any was recorded. */
export const latestCertificateDate = async (
  db: Db,
  organizationId: string,
  userId: string,
  kind: ScreeningRecordsTable['kind'],
): Promise<string | undefined> =>
  (
    await db
      .selectFrom('screening_records')
      .select((eb) => eb.fn.max('certificate_date').as('latest'))
      .where('organization_id', '=', organizationId)
      .where('user_id', '=', userId)
      .where('kind', '=', kind)
      .executeTakeFirst()
  )?.latest ?? undefined;

/** An organisation's records with the names of the person and of who recorded it, oldest certificate first. */
export const screeningRecordsOf = (
  db: Db,
  organizationId: string,
  filter: { userId?: string | undefined; certificateBefore?: string | undefined },
) => {
  let q = db
    .selectFrom('screening_records as s')
    .innerJoin('users as p', 'p.id', 's.user_id')
    .leftJoin('users as r', 'r.id', 's.recorded_by')
    .select([
      's.id',
      's.user_id',
      's.kind',
      's.certificate_date',
      's.screening_profile',
      's.recorded_by',
      's.recorded_at',
      'p.display_name',
      'r.display_name as recorded_by_name',
    ])
    .where('s.organization_id', '=', organizationId);
  if (filter.userId !== undefined) q = q.where('s.user_id', '=', filter.userId);
  if (filter.certificateBefore !== undefined) q = q.where('s.certificate_date', '<', filter.certificateBefore);
  return q.orderBy('s.certificate_date').orderBy('s.id').limit(500).execute();
};

/** A person's records at every organisation (their data export). */
export const screeningRecordsAbout = (db: Db, userId: string) =>
  db
    .selectFrom('screening_records as s')
    .innerJoin('organizations as o', 'o.id', 's.organization_id')
    .select(['s.kind', 's.certificate_date', 's.screening_profile', 's.recorded_at', 'o.name'])
    .where('s.user_id', '=', userId)
    .orderBy('s.recorded_at')
    .execute();

export async function deleteScreeningRecordsAbout(trx: Db, userId: string): Promise<void> {
  await trx.deleteFrom('screening_records').where('user_id', '=', userId).execute();
}
