import { z } from 'zod';
import { managingRoles } from '../../../shared/roles.ts';
import { compensationFigureIssue } from '../../../shared/compensation-figures.ts';
import { describeSource, formatEuro } from '../../../shared/figures.ts';
import { boundingBox, distanceKm } from '../../../shared/geo.ts';
import {
  isVolunteerCompensation,
  needIssues,
  offerIssues,
  type Availability,
  type B2cType,
  type Compensation,
  type CompensationType,
  type CreateNeedBody,
  type CreateOfferBody,
  type ListingKind,
  type ListingStatus,
  type Need,
  type NeedSearchQuery,
  type Offer,
  type OfferSearchQuery,
  type UpdateNeedBody,
  type UpdateOfferBody,
} from '../../../shared/schemas/listings.ts';
import type { DomainCode } from '../../../shared/vocabulary.ts';
import type { Actor, AppContext } from '../../context.ts';
import { decodeCursor, encodeCursor } from '../../cursor.ts';
import type { Db } from '../../db/create-db.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { findOrganization, managedOrganizationIds, memberOrganizationIds, requireOrganizationRole } from '../organizations/index.ts';
import { latStrip } from './location.ts';
import * as repo from './repository.ts';
import { queryWords, relevance, searchText } from './search-text.ts';
import type { NeedsTable, OffersTable } from './tables.ts';

/**
 * Who may change a listing: owners and coordinators of the owning organisation (the roles that act
 * for it elsewhere too), the person who made an own offer, and platform admins. Plain members see
 * their organisation's needs under "my listings" but cannot change them.
 */
export const LISTING_EDIT_ROLES = managingRoles;

/** A UWV vrijwilligersverklaring is valid for three years. */
const VOLUNTEER_DECLARATION_YEARS = 3;
const DEFAULT_RADIUS_KM = 10;

const bool = (v: boolean) => (v ? 1 : 0);
const json = (v: unknown) => JSON.stringify(v);
const parseList = <T extends string>(text: string) => JSON.parse(text) as T[];
const iso = (value: string) => new Date(value).toISOString();

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

function compensationOf(row: Pick<NeedsTable, 'compensation_type' | 'hourly_rate_cents' | 'allowance_cents'>): Compensation {
  const type = row.compensation_type as CompensationType;
  if (type === 'paid') return { type, hourlyRateCents: row.hourly_rate_cents ?? 0 };
  if (type === 'allowance') return { type, allowanceCents: row.allowance_cents ?? 0 };
  return { type };
}

const canEditNeed = (viewer: Viewer, row: { organization_id: string }) =>
  viewer.actor !== null && (viewer.actor.isAdmin || viewer.editableOrganizations.has(row.organization_id));

export function toNeedDto(ctx: AppContext, viewer: Viewer, row: repo.NeedWithOrganization, distance?: number | null): Need {
  const canEdit = canEditNeed(viewer, row);
  return {
    id: row.id,
    organization: { id: row.organization_id, name: row.organization_name, type: row.organization_type },
    kind: row.kind as ListingKind,
    title: row.title,
    description: row.description,
    domains: parseList<DomainCode>(row.domains),
    skills: parseList(row.skills),
    languages: parseList(row.languages),
    ...placeOf(ctx, row.postcode),
    remote: row.remote === 1,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    flexible: row.starts_at === null && row.ends_at === null,
    hoursEstimate: row.hours_estimate,
    peopleNeeded: row.people_needed,
    quantity: row.quantity,
    unit: row.unit,
    materialsMode: row.materials_mode as Need['materialsMode'],
    compensation: compensationOf(row),
    requirements: { vog: row.requires_vog === 1, minAge: row.min_age },
    newcomerFriendly: row.newcomer_friendly === 1,
    openToAsylumSeekers: row.open_to_asylum_seekers === 1,
    workPermitArranged: row.work_permit_arranged === 1,
    status: effectiveStatus(row, ctx.clock.now()),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    closedAt: row.closed_at,
    ...(distance !== undefined ? { distanceKm: distance === null ? null : roundKm(distance) } : {}),
    canEdit,
    ...(canEdit ? { fullPostcode: row.postcode } : {}),
  };
}

const canEditOffer = (viewer: Viewer, row: { owner_user_id: string | null; organization_id: string | null }) =>
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
        ? { type: 'organization', organizationId: row.organization_id, name: row.organization_name ?? '' }
        : { type: 'person', userId: row.owner_user_id ?? '', displayName: row.owner_display_name ?? '' },
    b2cType: row.b2c_type as B2cType | null,
    kind: row.kind as ListingKind,
    title: row.title,
    description: row.description,
    domains: parseList<DomainCode>(row.domains),
    skills: parseList(row.skills),
    languages: parseList(row.languages),
    ...placeOf(ctx, row.postcode),
    radiusKm: row.radius_km,
    remote: row.remote === 1,
    availability: row.availability ? (JSON.parse(row.availability) as Availability) : null,
    availableUntil: row.available_until,
    compensationAccepted: parseList<CompensationType>(row.compensation_accepted),
    capacityHoursPerMonth: row.capacity_hours_per_month,
    quantity: row.quantity,
    unit: row.unit,
    materialsMode: row.materials_mode as Offer['materialsMode'],
    newcomerFriendly: row.newcomer_friendly === 1,
    status: effectiveStatus(row, ctx.clock.now()),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    closedAt: row.closed_at,
    ...(distance !== undefined ? { distanceKm: distance === null ? null : roundKm(distance) } : {}),
    canEdit,
    ...(canEdit ? { fullPostcode: row.postcode } : {}),
  };
}

// ---------- validation that needs data or the date ----------

function locate(ctx: AppContext, postcode: string | null | undefined, field = 'postcode'): Pick<NeedsTable, 'postcode' | 'lat' | 'lng' | 'lat_strip'> {
  if (!postcode) return { postcode: null, lat: null, lng: null, lat_strip: null };
  const place = ctx.postcodes.lookup(postcode);
  if (!place) throw new AppError(400, 'unknown_postcode', `Postcode ${postcode} does not exist`, { [field]: 'Unknown postcode' });
  return { postcode, lat: place.lat, lng: place.lng, lat_strip: latStrip(place.lat) };
}

function refuseIssues(issues: { path: string; message: string }[]): void {
  if (issues.length === 0) return;
  const fields = Object.fromEntries(issues.map((i) => [i.path, i.message]));
  throw new AppError(400, 'invalid_input', issues.map((i) => i.message).join('; '), fields);
}

/**
 * Paid work earns at least the statutory minimum wage (21+) on every day it covers; an allowance
 * stays within the tax-free hourly maximum (21+; the under-21 limit is checked per volunteer when
 * hours are confirmed). The rule is `shared/compensation-figures.ts`, the one the web form checks
 * too; refusals here name the figure and its source.
 */
function checkCompensationFigures(now: Date, compensation: Compensation, startsAt: string | null, endsAt: string | null): void {
  const issue = compensationFigureIssue(now, compensation, startsAt, endsAt);
  if (issue?.code === 'below_minimum_wage') {
    const binding = issue.figures;
    const message = `Paid work earns at least the statutory minimum wage of ${formatEuro(binding.hourly21PlusCents)} per hour (from ${binding.validFrom}; source: ${describeSource(binding)})`;
    throw new AppError(400, 'below_minimum_wage', message, { [issue.path]: message }, {
      minimumCents: binding.hourly21PlusCents,
      validFrom: binding.validFrom,
      source: binding.source,
    });
  }
  if (issue?.code === 'allowance_limit') {
    const binding = issue.figures;
    const message =
      `A volunteer allowance is tax-free up to ${formatEuro(binding.hourlyMax21PlusCents)} per hour ` +
      `(${formatEuro(binding.hourlyMaxUnder21Cents)} under 21, at most ${formatEuro(binding.perMonthMaxCents)} a month and ${formatEuro(binding.perYearMaxCents)} a year); ` +
      `above it the whole allowance becomes taxable income (source: ${describeSource(binding)})`;
    throw new AppError(400, 'allowance_limit', message, { [issue.path]: message }, {
      hourlyMaxCents: binding.hourlyMax21PlusCents,
      hourlyMaxUnder21Cents: binding.hourlyMaxUnder21Cents,
      perMonthMaxCents: binding.perMonthMaxCents,
      perYearMaxCents: binding.perYearMaxCents,
      validFrom: binding.validFrom,
      unconfirmed: binding.unconfirmed ?? null,
      source: binding.source,
    });
  }
}

/** Volunteer needs open to asylum seekers need the organisation's UWV vrijwilligersverklaring, valid for 3 years. */
async function checkVolunteerDeclaration(ctx: AppContext, organizationId: string): Promise<void> {
  const org = await findOrganization(ctx.db, organizationId);
  const declared = org?.volunteer_declaration_date ?? null;
  const now = ctx.clock.now();
  const field = 'openToAsylumSeekers';
  if (!declared) {
    const message = 'Asylum seekers may volunteer only when your organisation holds a UWV vrijwilligersverklaring for this work: record its date in the organisation profile first';
    throw new AppError(400, 'invalid_input', message, { [field]: message });
  }
  const validUntil = new Date(`${declared}T00:00:00.000Z`);
  validUntil.setUTCFullYear(validUntil.getUTCFullYear() + VOLUNTEER_DECLARATION_YEARS);
  if (validUntil <= now) {
    const message = `The UWV vrijwilligersverklaring of ${declared} has expired (valid for ${VOLUNTEER_DECLARATION_YEARS} years): record the date of a new one first`;
    throw new AppError(400, 'invalid_input', message, { [field]: message });
  }
}

// ---------- needs ----------

export async function getNeed(ctx: AppContext, actor: Actor | null, id: string): Promise<Need> {
  const row = await repo.findNeed(ctx.db, id);
  if (!row) throw notFound('Need');
  return toNeedDto(ctx, await viewerOf(ctx, actor), row);
}

export async function createNeed(ctx: AppContext, actor: Actor, body: CreateNeedBody): Promise<Need> {
  await requireOrganizationRole(ctx, actor, body.organizationId, LISTING_EDIT_ROLES);
  const now = ctx.clock.now();
  const place = locate(ctx, body.postcode);
  const startsAt = body.startsAt ? iso(body.startsAt) : null;
  const endsAt = body.endsAt ? iso(body.endsAt) : null;
  checkCompensationFigures(now, body.compensation, startsAt, endsAt);
  if (body.openToAsylumSeekers && isVolunteerCompensation(body.compensation.type)) await checkVolunteerDeclaration(ctx, body.organizationId);
  const at = now.toISOString();
  const row: NeedsTable = {
    id: newId(),
    organization_id: body.organizationId,
    created_by: actor.userId,
    kind: body.kind,
    title: body.title,
    description: body.description,
    domains: json([...new Set(body.domains)]),
    skills: json([...new Set(body.skills)]),
    languages: json([...new Set(body.languages)]),
    ...place,
    remote: bool(body.remote),
    starts_at: startsAt,
    ends_at: endsAt,
    hours_estimate: body.hoursEstimate ?? null,
    people_needed: body.peopleNeeded ?? null,
    quantity: body.quantity ?? null,
    unit: body.unit ?? null,
    materials_mode: body.materialsMode ?? null,
    compensation_type: body.compensation.type,
    hourly_rate_cents: body.compensation.type === 'paid' ? body.compensation.hourlyRateCents : null,
    allowance_cents: body.compensation.type === 'allowance' ? body.compensation.allowanceCents : null,
    requires_vog: bool(body.requirements.vog),
    min_age: body.requirements.minAge,
    newcomer_friendly: bool(body.newcomerFriendly),
    open_to_asylum_seekers: bool(body.openToAsylumSeekers),
    work_permit_arranged: bool(body.workPermitArranged),
    status: 'open',
    search_title: searchText(body.title),
    search_body: searchText(body.description),
    created_at: at,
    updated_at: at,
    closed_at: null,
  };
  await ctx.db.transaction().execute((trx) => repo.insertNeed(trx, row, body));
  ctx.log.info({ needId: row.id, organizationId: row.organization_id, userId: actor.userId }, 'need created');
  ctx.events.emit('need.created', { needId: row.id, organizationId: row.organization_id });
  return getNeed(ctx, actor, row.id);
}

async function requireEditableNeed(ctx: AppContext, actor: Actor, id: string): Promise<repo.NeedWithOrganization> {
  const row = await repo.findNeed(ctx.db, id);
  if (!row) throw notFound('Need');
  await requireOrganizationRole(ctx, actor, row.organization_id, LISTING_EDIT_ROLES);
  return row;
}

export async function updateNeed(ctx: AppContext, actor: Actor, id: string, body: UpdateNeedBody): Promise<Need> {
  const row = await requireEditableNeed(ctx, actor, id);
  const has = <K extends keyof UpdateNeedBody>(k: K) => body[k] !== undefined;
  const compensation = body.compensation ?? compensationOf(row);
  const startsAt = has('startsAt') ? (body.startsAt ? iso(body.startsAt) : null) : row.starts_at;
  const endsAt = has('endsAt') ? (body.endsAt ? iso(body.endsAt) : null) : row.ends_at;
  const merged = {
    kind: body.kind ?? (row.kind as ListingKind),
    postcode: has('postcode') ? body.postcode : row.postcode,
    remote: body.remote ?? row.remote === 1,
    startsAt,
    endsAt,
    quantity: has('quantity') ? body.quantity : row.quantity,
    unit: has('unit') ? body.unit : row.unit,
    materialsMode: has('materialsMode') ? body.materialsMode : row.materials_mode,
    compensation,
    openToAsylumSeekers: body.openToAsylumSeekers ?? row.open_to_asylum_seekers === 1,
    workPermitArranged: body.workPermitArranged ?? row.work_permit_arranged === 1,
  };
  refuseIssues(needIssues(merged));
  // Figures and the declaration are checked when what they judge changes, so that fixing a typo in
  // an older need is not refused because a figure moved on since it was posted.
  if (has('compensation') || has('startsAt') || has('endsAt')) checkCompensationFigures(ctx.clock.now(), compensation, startsAt, endsAt);
  if ((has('openToAsylumSeekers') || has('compensation')) && merged.openToAsylumSeekers && isVolunteerCompensation(compensation.type)) {
    await checkVolunteerDeclaration(ctx, row.organization_id);
  }

  const changes: Partial<NeedsTable> = { updated_at: ctx.clock.now().toISOString() };
  Object.assign(changes, commonListingChanges(ctx, body, has));
  if (body.remote !== undefined) changes.remote = bool(body.remote);
  if (has('startsAt')) changes.starts_at = startsAt;
  if (has('endsAt')) changes.ends_at = endsAt;
  if (has('hoursEstimate')) changes.hours_estimate = body.hoursEstimate ?? null;
  if (has('peopleNeeded')) changes.people_needed = body.peopleNeeded ?? null;
  if (has('quantity')) changes.quantity = body.quantity ?? null;
  if (has('unit')) changes.unit = body.unit ?? null;
  if (has('materialsMode')) changes.materials_mode = body.materialsMode ?? null;
  if (body.compensation) {
    changes.compensation_type = body.compensation.type;
    changes.hourly_rate_cents = body.compensation.type === 'paid' ? body.compensation.hourlyRateCents : null;
    changes.allowance_cents = body.compensation.type === 'allowance' ? body.compensation.allowanceCents : null;
  }
  if (body.requirements) {
    changes.requires_vog = bool(body.requirements.vog);
    changes.min_age = body.requirements.minAge;
  }
  if (body.newcomerFriendly !== undefined) changes.newcomer_friendly = bool(body.newcomerFriendly);
  if (body.openToAsylumSeekers !== undefined) changes.open_to_asylum_seekers = bool(body.openToAsylumSeekers);
  if (body.workPermitArranged !== undefined) changes.work_permit_arranged = bool(body.workPermitArranged);
  await ctx.db.transaction().execute(async (trx) => {
    await repo.updateNeed(trx, id, changes);
    await repo.writeNeedValues(trx, id, body);
  });
  return getNeed(ctx, actor, id);
}

/** Closing is final for search (it shows only with status=closed); closing twice changes nothing. */
export async function closeNeed(ctx: AppContext, actor: Actor, id: string): Promise<Need> {
  const row = await requireEditableNeed(ctx, actor, id);
  if (row.status !== 'closed') {
    const at = ctx.clock.now().toISOString();
    await repo.updateNeed(ctx.db, id, { status: 'closed', closed_at: at, updated_at: at });
    ctx.log.info({ needId: id, userId: actor.userId }, 'need closed');
  }
  return getNeed(ctx, actor, id);
}

// ---------- offers ----------

/** A dated offer reads as expired from the day after its last date, unless it says otherwise. */
function offerEndsAt(availableUntil: string | null, availability: Availability | null | undefined): string | null {
  if (availableUntil) return availableUntil;
  if (availability?.type !== 'dates') return null;
  const last = [...availability.dates].sort().at(-1);
  if (!last) return null;
  const end = new Date(`${last}T00:00:00.000Z`);
  end.setUTCDate(end.getUTCDate() + 1);
  return end.toISOString();
}

/** Only businesses offer as an organisation (Business-to-Community); initiatives post needs. */
async function requireBusinessOffering(ctx: AppContext, actor: Actor, organizationId: string): Promise<void> {
  await requireOrganizationRole(ctx, actor, organizationId, LISTING_EDIT_ROLES);
  const org = await findOrganization(ctx.db, organizationId);
  if (org?.type !== 'business') {
    throw invalid('organizationId', 'Only a business offers as an organisation; initiatives and public bodies post needs');
  }
}

export async function getOffer(ctx: AppContext, actor: Actor | null, id: string): Promise<Offer> {
  const row = await repo.findOffer(ctx.db, id);
  if (!row) throw notFound('Offer');
  return toOfferDto(ctx, await viewerOf(ctx, actor), row);
}

export async function createOffer(ctx: AppContext, actor: Actor, body: CreateOfferBody): Promise<Offer> {
  if (body.organizationId) await requireBusinessOffering(ctx, actor, body.organizationId);
  const place = locate(ctx, body.postcode);
  const at = ctx.clock.now().toISOString();
  const availableUntil = body.availableUntil ? iso(body.availableUntil) : null;
  const row: OffersTable = {
    id: newId(),
    owner_user_id: body.organizationId ? null : actor.userId,
    organization_id: body.organizationId ?? null,
    created_by: actor.userId,
    b2c_type: body.b2cType ?? null,
    kind: body.kind,
    title: body.title,
    description: body.description,
    domains: json([...new Set(body.domains)]),
    skills: json([...new Set(body.skills)]),
    languages: json([...new Set(body.languages)]),
    ...place,
    radius_km: body.radiusKm ?? null,
    remote: bool(body.remote),
    availability: body.availability ? json(body.availability) : null,
    available_until: availableUntil,
    ends_at: offerEndsAt(availableUntil, body.availability),
    compensation_accepted: json(body.compensationAccepted),
    capacity_hours_per_month: body.capacityHoursPerMonth ?? null,
    quantity: body.quantity ?? null,
    unit: body.unit ?? null,
    materials_mode: body.materialsMode ?? null,
    newcomer_friendly: bool(body.newcomerFriendly),
    status: 'open',
    search_title: searchText(body.title),
    search_body: searchText(body.description),
    created_at: at,
    updated_at: at,
    closed_at: null,
  };
  await ctx.db.transaction().execute((trx) => repo.insertOffer(trx, row, { ...body, compensations: body.compensationAccepted }));
  ctx.log.info({ offerId: row.id, organizationId: row.organization_id, userId: actor.userId }, 'offer created');
  return getOffer(ctx, actor, row.id);
}

async function requireEditableOffer(ctx: AppContext, actor: Actor, id: string): Promise<repo.OfferWithOwner> {
  const row = await repo.findOffer(ctx.db, id);
  if (!row) throw notFound('Offer');
  if (row.organization_id !== null) await requireOrganizationRole(ctx, actor, row.organization_id, LISTING_EDIT_ROLES);
  else if (row.owner_user_id !== actor.userId && !actor.isAdmin) throw forbidden('Only the person who made this offer may change it');
  return row;
}

export async function updateOffer(ctx: AppContext, actor: Actor, id: string, body: UpdateOfferBody): Promise<Offer> {
  const row = await requireEditableOffer(ctx, actor, id);
  const has = <K extends keyof UpdateOfferBody>(k: K) => body[k] !== undefined;
  const availability = has('availability') ? body.availability : row.availability ? (JSON.parse(row.availability) as Availability) : null;
  const availableUntil = has('availableUntil') ? (body.availableUntil ? iso(body.availableUntil) : null) : row.available_until;
  refuseIssues(
    offerIssues({
      organizationId: row.organization_id,
      b2cType: has('b2cType') ? body.b2cType : (row.b2c_type as B2cType | null),
      kind: body.kind ?? (row.kind as ListingKind),
      postcode: has('postcode') ? body.postcode : row.postcode,
      radiusKm: has('radiusKm') ? body.radiusKm : row.radius_km,
      remote: body.remote ?? row.remote === 1,
      compensationAccepted: body.compensationAccepted ?? parseList<CompensationType>(row.compensation_accepted),
      capacityHoursPerMonth: has('capacityHoursPerMonth') ? body.capacityHoursPerMonth : row.capacity_hours_per_month,
      quantity: has('quantity') ? body.quantity : row.quantity,
      unit: has('unit') ? body.unit : row.unit,
      materialsMode: has('materialsMode') ? body.materialsMode : row.materials_mode,
    }),
  );
  const changes: Partial<OffersTable> = { updated_at: ctx.clock.now().toISOString() };
  if (has('b2cType')) changes.b2c_type = body.b2cType ?? null;
  Object.assign(changes, commonListingChanges(ctx, body, has));
  if (has('radiusKm')) changes.radius_km = body.radiusKm ?? null;
  if (body.remote !== undefined) changes.remote = bool(body.remote);
  if (has('availability') || has('availableUntil')) {
    changes.availability = availability ? json(availability) : null;
    changes.available_until = availableUntil;
    changes.ends_at = offerEndsAt(availableUntil, availability);
  }
  if (body.compensationAccepted !== undefined) changes.compensation_accepted = json(body.compensationAccepted);
  if (has('capacityHoursPerMonth')) changes.capacity_hours_per_month = body.capacityHoursPerMonth ?? null;
  if (has('quantity')) changes.quantity = body.quantity ?? null;
  if (has('unit')) changes.unit = body.unit ?? null;
  if (has('materialsMode')) changes.materials_mode = body.materialsMode ?? null;
  if (body.newcomerFriendly !== undefined) changes.newcomer_friendly = bool(body.newcomerFriendly);
  await ctx.db.transaction().execute(async (trx) => {
    await repo.updateOffer(trx, id, changes);
    await repo.writeOfferValues(trx, id, { ...body, ...(body.compensationAccepted ? { compensations: body.compensationAccepted } : {}) });
  });
  return getOffer(ctx, actor, id);
}

export async function closeOffer(ctx: AppContext, actor: Actor, id: string): Promise<Offer> {
  const row = await requireEditableOffer(ctx, actor, id);
  if (row.status !== 'closed') {
    const at = ctx.clock.now().toISOString();
    await repo.updateOffer(ctx.db, id, { status: 'closed', closed_at: at, updated_at: at });
    ctx.log.info({ offerId: id, userId: actor.userId }, 'offer closed');
  }
  return getOffer(ctx, actor, id);
}

// ---------- search ----------

const cursorSchema = z.discriminatedUnion('s', [
  z.object({ s: z.literal('newest'), c: z.string(), id: z.string() }),
  z.object({ s: z.literal('relevance'), r: z.number(), id: z.string() }),
  /** The database's distance value; null (remote listing without a place) sorts after every number. */
  z.object({ s: z.literal('distance'), d: z.number().nullable(), id: z.string() }),
]);
type Sort = z.infer<typeof cursorSchema>['s'];

interface SearchPlan {
  filter: repo.CandidateFilter;
  sort: Sort;
  limit: number;
  cursor: string | undefined;
}

function planSearch(ctx: AppContext, query: NeedSearchQuery | OfferSearchQuery): SearchPlan {
  const words = query.q ? queryWords(query.q) : [];
  const sort: Sort = query.sort ?? (words.length > 0 ? 'relevance' : query.near ? 'distance' : 'newest');
  if (sort === 'relevance' && words.length === 0) throw invalid('sort', 'Sorting by relevance needs search words in q');
  let near: repo.Near | undefined;
  if (query.near) {
    const place = ctx.postcodes.lookup(query.near);
    if (!place) throw new AppError(400, 'unknown_postcode', `Postcode ${query.near} does not exist`, { near: 'Unknown postcode' });
    const radiusKm = query.radiusKm ?? DEFAULT_RADIUS_KM;
    near = { lat: place.lat, lng: place.lng, radiusKm, box: boundingBox(place, radiusKm), includeRemote: query.includeRemote ?? false };
  }
  return {
    filter: {
      now: ctx.clock.now().toISOString(),
      statuses: query.status?.length ? query.status : ['open'],
      words,
      kinds: query.kind,
      domains: query.domain,
      languages: query.language,
      skills: query.skill,
      compensations: query.compensation,
      newcomerFriendly: query.newcomerFriendly,
      organizationIds: query.organizationId ? [query.organizationId] : undefined,
      near,
    },
    sort,
    limit: query.limit,
    cursor: query.cursor,
  };
}

interface Found {
  ids: { id: string; distance: number | null | undefined }[];
  nextCursor: string | null;
}

/** Radius of the first circle a nearest-first search looks in; it grows fourfold until a page is full. */
const FIRST_CIRCLE_KM = 2;

function pageOf(rows: { c: repo.Candidate; distance: number | null | undefined }[], limit: number, key: (last: repo.Candidate) => z.infer<typeof cursorSchema>): Found {
  const pageRows = rows.slice(0, limit);
  const last = pageRows.at(-1)?.c;
  return { ids: pageRows.map(({ c, distance }) => ({ id: c.id, distance })), nextCursor: rows.length > limit && last ? encodeCursor(key(last)) : null };
}

/**
 * Runs a search plan. Newest and distance: the database sorts and cuts the page by keyset (with
 * its own distance value; nearest first in growing circles). Relevance: every candidate comes back (a relevance search has words,
 * which bound it) and is scored, sorted and cut here. Either way, a listing with a place counts
 * only when its exact great-circle distance (shared/geo.ts) is within the radius.
 */
async function runSearch(plan: SearchPlan, candidates: (f: repo.CandidateFilter, page?: repo.SqlPage) => Promise<repo.Candidate[]>): Promise<Found> {
  const after = decodeCursor(plan.cursor, cursorSchema);
  if (after && after.s !== plan.sort) throw invalid('cursor', 'This cursor belongs to another sort order; start again from the first page');
  const near = plan.filter.near;
  const words = plan.filter.words ?? [];
  const distanceOf = (c: repo.Candidate): number | null | undefined => {
    if (!near) return undefined;
    return c.lat !== null && c.lng !== null ? distanceKm(near, { lat: c.lat, lng: c.lng }) : null;
  };
  const counts = (c: repo.Candidate, distance: number | null | undefined) =>
    !near || (distance != null && distance <= near.radiusKm) || (near.includeRemote && c.remote === 1);

  if (plan.sort === 'newest') {
    const page: repo.SqlPage = { sort: 'newest', after: after?.s === 'newest' ? { createdAt: after.c, id: after.id } : undefined, limit: plan.limit };
    const rows = (await candidates(plan.filter, page)).map((c) => ({ c, distance: distanceOf(c) })).filter(({ c, distance }) => counts(c, distance));
    return pageOf(rows, plan.limit, (last) => ({ s: 'newest', c: last.created_at, id: last.id }));
  }

  if (plan.sort === 'distance') {
    if (!near) throw invalid('sort', 'Sorting by distance needs a postcode in near');
    // Nearest first, looked for in growing circles beyond the last page, so that a dense city does
    // not make the database sort every listing within a wide radius. A circle is done when it holds
    // more than a page; the last one is the full radius (and only it adds remote listings).
    const from = after?.s === 'distance' ? after.d : 0;
    let step = FIRST_CIRCLE_KM;
    for (;;) {
      const circle = from === null ? near.radiusKm : Math.min(near.radiusKm, from + step);
      const final = circle >= near.radiusKm;
      const filter = final ? plan.filter : { ...plan.filter, near: { ...near, radiusKm: circle, box: boundingBox(near, circle), includeRemote: false } };
      const page: repo.SqlPage = { sort: 'distance', after: after?.s === 'distance' ? { dist: after.d, id: after.id } : undefined, limit: plan.limit };
      // The database's distance may differ in its last digit: what it let through on the circle
      // itself is re-checked exactly here; such rows sort last, so dropping them leaves no gap.
      const rows = (await candidates(filter, page))
        .map((c) => ({ c, distance: distanceOf(c) }))
        .filter(({ c, distance }) => (final ? counts(c, distance) : distance != null && distance <= circle));
      if (final || rows.length > plan.limit) return pageOf(rows, plan.limit, (last) => ({ s: 'distance', d: last.dist ?? null, id: last.id }));
      step *= 4;
    }
  }

  const cut = after?.s === 'relevance' ? after : undefined;
  const scored: { id: string; rank: number; distance: number | null | undefined }[] = [];
  for (const c of await candidates(plan.filter)) {
    const distance = distanceOf(c);
    if (!counts(c, distance)) continue;
    const rank = relevance(words, c.search_title ?? '', c.search_body ?? '');
    // Keyset: best first, ids ascending among equals.
    if (cut && (rank > cut.r || (rank === cut.r && c.id <= cut.id))) continue;
    scored.push({ id: c.id, rank, distance });
  }
  scored.sort((a, b) => b.rank - a.rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const more = scored.length > plan.limit;
  const pageRows = scored.slice(0, plan.limit);
  const last = pageRows.at(-1);
  return { ids: pageRows.map(({ id, distance }) => ({ id, distance })), nextCursor: more && last ? encodeCursor({ s: 'relevance', r: last.rank, id: last.id }) : null };
}

async function hydrate<Row extends { id: string }, Dto>(
  found: Found,
  load: (ids: string[]) => Promise<Row[]>,
  toDto: (row: Row, distance: number | null | undefined) => Dto,
): Promise<{ items: Dto[]; nextCursor: string | null }> {
  const rows = new Map((await load(found.ids.map((i) => i.id))).map((r) => [r.id, r]));
  const items: Dto[] = [];
  for (const { id, distance } of found.ids) {
    const row = rows.get(id);
    if (row) items.push(toDto(row, distance));
  }
  return { items, nextCursor: found.nextCursor };
}

export async function searchNeeds(ctx: AppContext, actor: Actor | null, query: NeedSearchQuery) {
  const plan = planSearch(ctx, query);
  plan.filter.openToAsylumSeekers = query.openToAsylumSeekers;
  const found = await runSearch(plan, (f, page) => repo.searchNeedCandidates(ctx.db, ctx.dialect, f, page));
  const viewer = await viewerOf(ctx, actor);
  return hydrate(found, (ids) => repo.findNeedsByIds(ctx.db, ids), (row, d) => toNeedDto(ctx, viewer, row, d));
}

export async function searchOffers(ctx: AppContext, actor: Actor | null, query: OfferSearchQuery) {
  const plan = planSearch(ctx, query);
  plan.filter.b2cTypes = query.b2cType;
  const found = await runSearch(plan, (f, page) => repo.searchOfferCandidates(ctx.db, ctx.dialect, f, page));
  const viewer = await viewerOf(ctx, actor);
  return hydrate(found, (ids) => repo.findOffersByIds(ctx.db, ids), (row, d) => toOfferDto(ctx, viewer, row, d));
}

const everyStatus: repo.StatusFilter[] = ['open', 'filled', 'closed', 'expired'];

/** The person's own offers (and their businesses') and the needs of every organisation they belong to. */
export async function myListings(ctx: AppContext, actor: Actor, query: { limit: number; needsCursor?: string | undefined; offersCursor?: string | undefined }) {
  const memberOf = await memberOrganizationIds(ctx.db, actor.userId);
  const now = ctx.clock.now().toISOString();
  const base = { sort: 'newest' as const, limit: query.limit };
  const needs = await runSearch(
    { ...base, cursor: query.needsCursor, filter: { now, statuses: everyStatus, organizationIds: memberOf } },
    (f, page) => repo.searchNeedCandidates(ctx.db, ctx.dialect, f, page),
  );
  const offers = await runSearch(
    { ...base, cursor: query.offersCursor, filter: { now, statuses: everyStatus, organizationIds: memberOf, ownerUserId: actor.userId, ownerEither: true } },
    (f, page) => repo.searchOfferCandidates(ctx.db, ctx.dialect, f, page),
  );
  const viewer = await viewerOf(ctx, actor);
  return {
    needs: await hydrate(needs, (ids) => repo.findNeedsByIds(ctx.db, ids), (row) => toNeedDto(ctx, viewer, row)),
    offers: await hydrate(offers, (ids) => repo.findOffersByIds(ctx.db, ids), (row) => toOfferDto(ctx, viewer, row)),
  };
}

/** The columns needs and offers share, from a PATCH body: text (with its search form), lists, place. */
function commonListingChanges(
  ctx: AppContext,
  body: { kind?: string; title?: string; description?: string; domains?: string[]; skills?: string[]; languages?: string[]; postcode?: string | null },
  has: (key: 'postcode') => boolean,
): Partial<NeedsTable & OffersTable> {
  const changes: Partial<NeedsTable & OffersTable> = {};
  if (body.kind !== undefined) changes.kind = body.kind;
  if (body.title !== undefined) {
    changes.title = body.title;
    changes.search_title = searchText(body.title);
  }
  if (body.description !== undefined) {
    changes.description = body.description;
    changes.search_body = searchText(body.description);
  }
  if (body.domains !== undefined) changes.domains = json([...new Set(body.domains)]);
  if (body.skills !== undefined) changes.skills = json([...new Set(body.skills)]);
  if (body.languages !== undefined) changes.languages = json([...new Set(body.languages)]);
  if (has('postcode')) Object.assign(changes, locate(ctx, body.postcode));
  return changes;
}
