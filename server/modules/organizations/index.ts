/**
 * The face of `organizations` for other modules. This module is the only reader and writer of
 * memberships: whoever needs to know who runs an organisation asks here.
 */
import { managingRoles, type MemberRole } from '../../../shared/roles.ts';
import { memberRoles, type organizationTypes } from '../../../shared/vocabulary.ts';
import type { AppContext } from '../../context.ts';
import type { Db } from '../../db/create-db.ts';
import * as repo from './repository.ts';

export { requireOrganizationRole } from './service.ts';
export {
  findOrganization,
  founderOf,
  initiativeProfiles,
  managersOf,
  membersAmong,
  rolesOf,
  selfReportOf,
} from './repository.ts';
/** What verification grants: powers, the ledger floor, a public body's area for match rounds. */
export { organizationTimeFloor, requireVerifiedOrganization, verifiedPublicBodyArea } from './verified.ts';
/** VOG and UWV records per person per organisation, checked again at acceptance. */
export { hasCountingRecord, recordVog, volunteerDeclarationCounts } from './screening.ts';
export { counts as certificateCounts } from './screening-rules.ts';

/** The person's role in one organisation, if any. */
export const roleIn = (db: Db, userId: string, organizationId: string): Promise<MemberRole | undefined> =>
  repo.findRole(db, organizationId, userId);

/** Organisations the person manages (owner or coordinator), of one type when given; oldest membership first. */
export const managedOrganizationIds = (
  db: Db,
  userId: string,
  type?: (typeof organizationTypes)[number],
): Promise<string[]> => repo.organizationIdsWithRole(db, userId, managingRoles, type);

/** Organisations the person belongs to in any role. */
export const memberOrganizationIds = (db: Db, userId: string): Promise<string[]> =>
  repo.organizationIdsWithRole(db, userId, memberRoles);

/** A person's memberships with the organisations' names (their own page, their data export). */
export const membershipsOf = repo.membershipsOf;

export async function personalData(ctx: AppContext, userId: string) {
  const memberships = await repo.membershipsOf(ctx.db, userId);
  const screening = await repo.screeningRecordsAbout(ctx.db, userId);
  return {
    memberships: memberships.map((m) => ({
      organizationId: m.organization_id,
      organizationName: m.name,
      role: m.role,
    })),
    screeningRecords: screening.map((r) => ({
      organizationName: r.name,
      kind: r.kind,
      certificateDate: r.certificate_date,
      screeningProfile: r.screening_profile,
      recordedAt: r.recorded_at,
    })),
  };
}

/**
 * Erasure: the person leaves every organisation. One left without an owner goes to the admins'
 * queue (`orphaned_at`), and its needs leave search and matching until an admin finds a new owner.
 */
export async function erasePersonalData(ctx: AppContext, trx: Db, userId: string): Promise<void> {
  await repo.orphanSoleOwnedBy(trx, userId, ctx.clock.now().toISOString());
  await repo.deleteMembershipsOf(trx, userId);
  await repo.deleteScreeningRecordsAbout(trx, userId);
}
