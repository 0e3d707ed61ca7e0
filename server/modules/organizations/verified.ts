/**
 * What verification grants (issue 9, RELIABILITY 15), asked by other modules through index.ts:
 * powers that need a verified organisation call `requireVerifiedOrganization`; the ledger gives an
 * organisation's TIME account its floor by `organizationTimeFloor`; match rounds reach as far as
 * `verifiedPublicBodyArea` says. The admins' acts (verify, withdraw) are in verification.ts.
 */
import type { AppContext } from '../../context.ts';
import type { Db } from '../../db/create-db.ts';
import { AppError } from '../../errors.ts';
import * as repo from './repository.ts';

/** 403 `organization_unverified` unless an admin has verified the organisation. `power` names what was refused. */
export async function requireVerifiedOrganization(
  _ctx: AppContext,
  db: Db,
  organizationId: string,
  power: string,
): Promise<void> {
  if (!(await repo.isVerified(db, organizationId))) {
    throw new AppError(
      403,
      'organization_unverified',
      `Only a verified organisation may ${power}; ask Waardewerk to verify yours`,
      undefined,
      { power },
    );
  }
}

/** The TIME floor an organisation's account should have: the configured one once verified, the small one before. */
export async function organizationTimeFloor(ctx: AppContext, db: Db, organizationId: string): Promise<number> {
  return (await repo.isVerified(db, organizationId))
    ? ctx.config.ledger.organizationTimeFloorMinutes
    : ctx.config.ledger.unverifiedOrganizationTimeFloorMinutes;
}

/**
 * The first of these organisations (in the order given) that is a verified public body, with its
 * postcode and the area the verifying admin granted (municipality unless they said province).
 */
export async function verifiedPublicBodyArea(
  db: Db,
  organizationIds: readonly string[],
): Promise<{ organizationId: string; postcode: string; scope: 'municipality' | 'province' } | undefined> {
  const bodies = await repo.verifiedPublicBodies(db, organizationIds);
  const body = organizationIds.map((id) => bodies.find((b) => b.id === id)).find((b) => b !== undefined);
  return (
    body && {
      organizationId: body.id,
      postcode: body.postcode,
      scope: body.verification_area === 'province' ? 'province' : 'municipality',
    }
  );
}
