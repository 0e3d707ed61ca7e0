/**
 * Where a public body's match rounds may reach (issue 9, RELIABILITY 15): only a verified public
 * body runs rounds, only centred inside its own municipality (or province, when the admin who
 * verified it said so), and only over needs placed there — from the PC4 data's `gemeente`/`provincie`.
 */
import type { AppContext } from '../../context.ts';
import type { Db } from '../../db/create-db.ts';
import { AppError, forbidden } from '../../errors.ts';
import type { Place } from '../../../shared/schemas/common.ts';
import { verifiedPublicBodyArea } from '../organizations/index.ts';

export interface RoundArea {
  organizationId: string;
  scope: 'municipality' | 'province';
  name: string;
  contains(place: Place | undefined): boolean;
}

/** The area of the first verified public body the person runs; 403 when they run none (or none verified). */
export async function roundAreaOf(ctx: AppContext, db: Db, organizationIds: readonly string[]): Promise<RoundArea> {
  if (organizationIds.length === 0)
    throw forbidden('Match rounds are run by owners and coordinators of a verified public organisation');
  const body = await verifiedPublicBodyArea(db, organizationIds);
  if (!body)
    throw new AppError(
      403,
      'organization_unverified',
      'Only a verified public organisation may run match rounds; ask Waardewerk to verify yours',
      undefined,
      { power: 'run match rounds' },
    );
  const home = ctx.postcodes.lookup(body.postcode);
  if (!home) throw forbidden('The organisation’s postcode is unknown, so its area is too');
  const { scope } = body;
  const name = home[scope];
  return {
    organizationId: body.organizationId,
    scope,
    name,
    contains: (place) => place !== undefined && place[scope] === name,
  };
}

/** 403 `outside_area` when the round's centre lies outside the body's area. */
export function requireInside(area: RoundArea, centre: Place): void {
  if (!area.contains(centre)) {
    throw new AppError(
      403,
      'outside_area',
      `A match round of this organisation stays within its ${area.scope} ${area.name}`,
      { near: `Outside ${area.name}` },
      { scope: area.scope, area: area.name },
    );
  }
}

/** Whether a need lies inside the area, judged by its postcode (a remote need without one does not). */
export function needInside(ctx: AppContext, area: RoundArea, need: { postcode: string | null }): boolean {
  return need.postcode !== null && area.contains(ctx.postcodes.lookup(need.postcode));
}
