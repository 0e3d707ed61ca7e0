/** Listing rows → the API's Need and Offer, as seen by a viewer (who may edit; full postcode or only the area). */
import { managedOrganizationIds } from '../organizations/index.ts';
import type {
  Compensation,
  CompensationType,
  ListingStatus,
  Need,
  Offer,
  Availability,
} from '../../../shared/schemas/listings.ts';
import type { DomainCode } from '../../../shared/vocabulary.ts';
import type { Actor, AppContext } from '../../context.ts';
import type * as repo from './repository.ts';
import type { ListingColumns, NeedsTable } from './tables.ts';

const parseList = <T extends string>(text: string) => JSON.parse(text) as T[];

/** Who is looking: decides `canEdit` and whether the full postcode is shown. */
export interface Viewer {
  actor: Actor | null;
  editableOrganizations: ReadonlySet<string>;
}

export async function viewerOf(ctx: AppContext, actor: Actor | null): Promise<Viewer> {
  if (!actor) return { actor, editableOrganizations: new Set() };
  return { actor, editableOrganizations: new Set(await managedOrganizationIds(ctx.db, actor.userId)) };
}

/** An open listing whose end has passed reads as expired; nothing needs to sweep it first. */
export function effectiveStatus(row: { status: string; ends_at: string | null }, now: Date): ListingStatus {
  if (row.status === 'open' && row.ends_at !== null && row.ends_at <= now.toISOString()) return 'expired';
  return row.status as ListingStatus;
}

function placeOf(ctx: AppContext, postcode: string | null) {
  if (!postcode) return { postcode: null, place: null };
  return { postcode: postcode.slice(0, 4), place: ctx.postcodes.lookup(postcode)?.place ?? null };
}

const roundKm = (km: number) => Math.round(km * 10) / 10;

export function compensationOf(
  row: Pick<NeedsTable, 'compensation_type' | 'hourly_rate_cents' | 'allowance_cents'>,
): Compensation {
  const type = row.compensation_type;
  if (type === 'paid') return { type, hourlyRateCents: row.hourly_rate_cents ?? 0 };
  if (type === 'allowance') return { type, allowanceCents: row.allowance_cents ?? 0 };
  return { type };
}

/** What needs and offers show alike: their text, lists and public place (PC4 and town). */
function listingTextOf(
  ctx: AppContext,
  row: Pick<ListingColumns, 'kind' | 'title' | 'description' | 'domains' | 'skills' | 'languages' | 'postcode'>,
) {
  return {
    kind: row.kind,
    title: row.title,
    description: row.description,
    domains: parseList<DomainCode>(row.domains),
    skills: parseList(row.skills),
    languages: parseList(row.languages),
    ...placeOf(ctx, row.postcode),
  };
}

/** Status and times, the distance when searched `near`, and what only an editor sees (the full postcode). */
function listingStateOf(
  ctx: AppContext,
  row: Pick<ListingColumns, 'status' | 'ends_at' | 'created_at' | 'updated_at' | 'closed_at' | 'postcode'>,
  canEdit: boolean,
  distance: number | null | undefined,
) {
  return {
    status: effectiveStatus(row, ctx.clock.now()),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    closedAt: row.closed_at,
    ...(distance !== undefined ? { distanceKm: distance === null ? null : roundKm(distance) } : {}),
    canEdit,
    ...(canEdit ? { fullPostcode: row.postcode } : {}),
  };
}

export const canEditNeed = (viewer: Viewer, row: { organization_id: string }) =>
  viewer.actor !== null && (viewer.actor.isAdmin || viewer.editableOrganizations.has(row.organization_id));

export function toNeedDto(
  ctx: AppContext,
  viewer: Viewer,
  row: repo.NeedWithOrganization,
  distance?: number | null,
): Need {
  const canEdit = canEditNeed(viewer, row);
  return {
    id: row.id,
    organization: {
      id: row.organization_id,
      name: row.organization_name,
      type: row.organization_type,
      verified: row.organization_verified_at !== null,
    },
    ...listingTextOf(ctx, row),
    remote: row.remote === 1,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    flexible: row.starts_at === null && row.ends_at === null,
    hoursEstimate: row.hours_estimate,
    peopleNeeded: row.people_needed,
    quantity: row.quantity,
    unit: row.unit,
    materialsMode: row.materials_mode,
    compensation: compensationOf(row),
    requirements: { vog: row.requires_vog === 1, minAge: row.min_age },
    newcomerFriendly: row.newcomer_friendly === 1,
    openToAsylumSeekers: row.open_to_asylum_seekers === 1,
    workPermitArranged: row.work_permit_arranged === 1,
    ...listingStateOf(ctx, row, canEdit, distance),
    placesLeft: placesLeft(row),
    ...(canEdit ? { applicantsWaiting: Number(row.applicants_waiting ?? 0) } : {}),
  };
}

/** People (work) or quantity (materials) still free; never below zero, null when the need sets no number. */
export function placesLeft(
  row: Pick<repo.NeedWithOrganization, 'kind' | 'people_needed' | 'quantity' | 'people_taken' | 'quantity_taken'>,
): number | null {
  const [wanted, taken] =
    row.kind === 'materials' ? [row.quantity, row.quantity_taken] : [row.people_needed, row.people_taken];
  return wanted === null ? null : Math.max(0, wanted - Number(taken ?? 0));
}

export const canEditOffer = (viewer: Viewer, row: { owner_user_id: string | null; organization_id: string | null }) =>
  viewer.actor !== null &&
  (viewer.actor.isAdmin ||
    (row.owner_user_id !== null && row.owner_user_id === viewer.actor.userId) ||
    (row.organization_id !== null && viewer.editableOrganizations.has(row.organization_id)));

export function toOfferDto(ctx: AppContext, viewer: Viewer, row: repo.OfferWithOwner, distance?: number | null): Offer {
  const canEdit = canEditOffer(viewer, row);
  return {
    id: row.id,
    owner:
      row.organization_id !== null
        ? {
            type: 'organization',
            organizationId: row.organization_id,
            name: row.organization_name ?? '',
            verified: row.organization_verified_at != null,
          }
        : { type: 'person', userId: row.owner_user_id ?? '', displayName: row.owner_display_name ?? '' },
    b2cType: row.b2c_type,
    ...listingTextOf(ctx, row),
    radiusKm: row.radius_km,
    remote: row.remote === 1,
    availability: row.availability ? (JSON.parse(row.availability) as Availability) : null,
    availableUntil: row.available_until,
    compensationAccepted: parseList<CompensationType>(row.compensation_accepted),
    capacityHoursPerMonth: row.capacity_hours_per_month,
    quantity: row.quantity,
    unit: row.unit,
    materialsMode: row.materials_mode,
    newcomerFriendly: row.newcomer_friendly === 1,
    ...listingStateOf(ctx, row, canEdit, distance),
  };
}
