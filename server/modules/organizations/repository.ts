import { sql, type Insertable, type Updateable } from 'kysely';
import type { Db } from '../../db/create-db.ts';
import type { OrganizationsTable } from './tables.ts';

const columns = [
  'organizations.id', 'organizations.name', 'organizations.type', 'organizations.description', 'organizations.postcode',
  'organizations.domains', 'organizations.kvk_number', 'organizations.volunteer_declaration_date', 'organizations.verified_at',
  'organizations.volunteers', 'organizations.paid_staff', 'organizations.people_reached_per_year', 'organizations.income_mix',
  'organizations.main_funders', 'organizations.life_phase', 'organizations.current_needs',
  'organizations.created_at', 'organizations.updated_at', 'organizations.verified_by', 'organizations.verification_method',
  'organizations.verification_reference', 'organizations.verification_note', 'organizations.verification_area', 'organizations.hidden_at',
  'organizations.round_invites_allowed',
] as const;

const withMemberCount = (db: Db) =>
  db
    .selectFrom('organizations')
    .select(columns)
    .select((eb) =>
      eb.selectFrom('memberships').select(eb.fn.countAll<number>().as('n')).whereRef('memberships.organization_id', '=', 'organizations.id').as('member_count'),
    );

export type OrganizationWithCount = Awaited<ReturnType<typeof findOrganization>> & {};

export const findOrganization = (db: Db, id: string) => withMemberCount(db).where('organizations.id', '=', id).executeTakeFirst();

export async function listOrganizations(db: Db, filter: { q?: string; type?: string; after?: { name: string; id: string }; limit: number }) {
  // Hidden by a moderator: out of the public list.
  let q = withMemberCount(db).where('organizations.hidden_at', 'is', null);
  if (filter.q) q = q.where(sql<boolean>`lower(organizations.name) like ${`%${filter.q.toLowerCase().replace(/[%_\\]/g, '\\$&')}%`} escape '\\'`);
  if (filter.type) q = q.where('organizations.type', '=', filter.type);
  if (filter.after) {
    const { name, id } = filter.after;
    q = q.where((eb) => eb.or([eb('organizations.name', '>', name), eb.and([eb('organizations.name', '=', name), eb('organizations.id', '>', id)])]));
  }
  return q.orderBy('organizations.name').orderBy('organizations.id').limit(filter.limit + 1).execute();
}

export async function insertOrganization(db: Db, row: Insertable<OrganizationsTable>): Promise<void> {
  await db.insertInto('organizations').values(row).execute();
}

export async function updateOrganization(db: Db, id: string, changes: Updateable<OrganizationsTable>): Promise<void> {
  await db.updateTable('organizations').set(changes).where('id', '=', id).execute();
}

export const findRole = async (db: Db, organizationId: string, userId: string): Promise<string | undefined> =>
  (
    await db
      .selectFrom('memberships')
      .select('role')
      .where('organization_id', '=', organizationId)
      .where('user_id', '=', userId)
      .executeTakeFirst()
  )?.role;

export async function upsertMembership(db: Db, row: { organization_id: string; user_id: string; role: string; created_at: string }): Promise<void> {
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

/** The admins' verification queue: oldest first, so nobody waits behind newcomers. */
export function listForVerification(db: Db, filter: { verified?: boolean | undefined; after?: { c: string; id: string } | undefined; limit: number }) {
  let q = withMemberCount(db);
  if (filter.verified !== undefined) q = q.where('organizations.verified_at', filter.verified ? 'is not' : 'is', null);
  if (filter.after) {
    const { c, id } = filter.after;
    q = q.where((eb) => eb.or([eb('organizations.created_at', '>', c), eb.and([eb('organizations.created_at', '=', c), eb('organizations.id', '>', id)])]));
  }
  return q.orderBy('organizations.created_at').orderBy('organizations.id').limit(filter.limit + 1).execute();
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
