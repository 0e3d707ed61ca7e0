import { managingRoles } from '../../../shared/roles.ts';
import { compensationFigureIssue } from '../../../shared/compensation-figures.ts';
import { describeSource, formatEuro } from '../../../shared/figures.ts';
import {
  isVolunteerCompensation,
  needIssues,
  offerIssues,
  type Availability,
  type Compensation,
  type CompensationType,
  type CreateNeedBody,
  type CreateOfferBody,
  type ListingKind,
  type Need,
  type Offer,
  type UpdateNeedBody,
  type UpdateOfferBody,
} from '../../../shared/schemas/listings.ts';
import type { Actor, AppContext } from '../../context.ts';
import { AppError, forbidden, invalid, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import {
  certificateCounts,
  findOrganization,
  requireOrganizationRole,
  requireVerifiedOrganization,
} from '../organizations/index.ts';
import { canEditNeed, canEditOffer, compensationOf, toNeedDto, toOfferDto, viewerOf } from './dtos.ts';
import { latStrip } from './location.ts';
import * as repo from './repository.ts';
import { searchText } from './search-text.ts';
import type { ListingColumns, NeedsTable, OffersTable } from './tables.ts';
import { requirePlace } from '../postcodes/index.ts';

/**
 * Who may change a listing: owners and coordinators of the owning organisation (the roles that act
 * for it elsewhere too), the person who made an own offer, and platform admins. Plain members see
 * their organisation's needs under "my listings" but cannot change them.
 */
export const LISTING_EDIT_ROLES = managingRoles;

const bool = (v: boolean) => (v ? 1 : 0);
const json = (v: unknown) => JSON.stringify(v);
const parseList = <T extends string>(text: string) => JSON.parse(text) as T[];
const iso = (value: string) => new Date(value).toISOString();

export { effectiveStatus, toNeedDto, toOfferDto, viewerOf, type Viewer } from './dtos.ts';
export { myListings, searchNeeds, searchOffers } from './search.ts';

// ---------- validation that needs data or the date ----------

function locate(
  ctx: AppContext,
  postcode: string | null | undefined,
  field = 'postcode',
): Pick<NeedsTable, 'postcode' | 'lat' | 'lng' | 'lat_strip'> {
  if (!postcode) return { postcode: null, lat: null, lng: null, lat_strip: null };
  const place = requirePlace(ctx.postcodes, postcode, field);
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
function checkCompensationFigures(
  now: Date,
  compensation: Compensation,
  startsAt: string | null,
  endsAt: string | null,
): void {
  const issue = compensationFigureIssue(now, compensation, startsAt, endsAt);
  if (issue?.code === 'below_minimum_wage') {
    const binding = issue.figures;
    const message = `Paid work earns at least the statutory minimum wage of ${formatEuro(binding.hourly21PlusCents)} per hour (from ${binding.validFrom}; source: ${describeSource(binding)})`;
    throw new AppError(
      400,
      'below_minimum_wage',
      message,
      { [issue.path]: message },
      {
        minimumCents: binding.hourly21PlusCents,
        validFrom: binding.validFrom,
        source: binding.source,
      },
    );
  }
  if (issue?.code === 'allowance_limit') {
    const binding = issue.figures;
    const message =
      `A volunteer allowance is tax-free up to ${formatEuro(binding.hourlyMax21PlusCents)} per hour ` +
      `(${formatEuro(binding.hourlyMaxUnder21Cents)} under 21, at most ${formatEuro(binding.perMonthMaxCents)} a month and ${formatEuro(binding.perYearMaxCents)} a year); ` +
      `above it the whole allowance becomes taxable income (source: ${describeSource(binding)})`;
    throw new AppError(
      400,
      'allowance_limit',
      message,
      { [issue.path]: message },
      {
        hourlyMaxCents: binding.hourlyMax21PlusCents,
        hourlyMaxUnder21Cents: binding.hourlyMaxUnder21Cents,
        perMonthMaxCents: binding.perMonthMaxCents,
        perYearMaxCents: binding.perYearMaxCents,
        validFrom: binding.validFrom,
        unconfirmed: binding.unconfirmed ?? null,
        source: binding.source,
      },
    );
  }
}

/** Volunteer needs open to asylum seekers need the organisation's UWV vrijwilligersverklaring, valid for 3 years. */
async function checkVolunteerDeclaration(ctx: AppContext, organizationId: string): Promise<void> {
  const org = await findOrganization(ctx.db, organizationId);
  const declared = org?.volunteer_declaration_date ?? null;
  const years = ctx.config.trust.screeningValidYears;
  const field = 'openToAsylumSeekers';
  if (!declared) {
    const message =
      'Asylum seekers may volunteer only when your organisation holds a UWV vrijwilligersverklaring for this work: record its date in the organisation profile first';
    throw new AppError(400, 'invalid_input', message, { [field]: message });
  }
  if (!certificateCounts(declared, years, ctx.clock.now())) {
    const message = `The UWV vrijwilligersverklaring of ${declared} has expired (valid for ${years} years): record the date of a new one first`;
    throw new AppError(400, 'invalid_input', message, { [field]: message });
  }
}

/**
 * "Open to asylum seekers" and "work permit arranged" are promises only a verified organisation may
 * make (issue 9, RELIABILITY 15): 403 `organization_unverified` otherwise, checked when they are set.
 */
async function checkTrustedPromises(
  ctx: AppContext,
  organizationId: string,
  promises: { openToAsylumSeekers?: boolean | undefined; workPermitArranged?: boolean | undefined },
): Promise<void> {
  if (promises.openToAsylumSeekers)
    await requireVerifiedOrganization(ctx, ctx.db, organizationId, 'mark needs open to asylum seekers');
  if (promises.workPermitArranged)
    await requireVerifiedOrganization(ctx, ctx.db, organizationId, 'promise an arranged work permit');
}

// ---------- needs ----------

export async function getNeed(ctx: AppContext, actor: Actor | null, id: string): Promise<Need> {
  const row = await repo.findNeed(ctx.db, id);
  if (!row) throw notFound('Need');
  const viewer = await viewerOf(ctx, actor);
  // Hidden by a moderator: gone for everyone but those who may edit it.
  if (row.hidden_at != null && !canEditNeed(viewer, row)) throw notFound('Need');
  return toNeedDto(ctx, viewer, row);
}

export async function createNeed(ctx: AppContext, actor: Actor, body: CreateNeedBody): Promise<Need> {
  await requireOrganizationRole(ctx, actor, body.organizationId, LISTING_EDIT_ROLES);
  const now = ctx.clock.now();
  const place = locate(ctx, body.postcode);
  const startsAt = body.startsAt ? iso(body.startsAt) : null;
  const endsAt = body.endsAt ? iso(body.endsAt) : null;
  checkCompensationFigures(now, body.compensation, startsAt, endsAt);
  await checkTrustedPromises(ctx, body.organizationId, body);
  if (body.openToAsylumSeekers && isVolunteerCompensation(body.compensation.type))
    await checkVolunteerDeclaration(ctx, body.organizationId);
  const at = now.toISOString();
  const row: NeedsTable = {
    organization_id: body.organizationId,
    ...newListingColumns(actor, body, place, at),
    starts_at: startsAt,
    ends_at: endsAt,
    hours_estimate: body.hoursEstimate ?? null,
    people_needed: body.peopleNeeded ?? null,
    compensation_type: body.compensation.type,
    hourly_rate_cents: body.compensation.type === 'paid' ? body.compensation.hourlyRateCents : null,
    allowance_cents: body.compensation.type === 'allowance' ? body.compensation.allowanceCents : null,
    requires_vog: bool(body.requirements.vog),
    min_age: body.requirements.minAge,
    open_to_asylum_seekers: bool(body.openToAsylumSeekers),
    work_permit_arranged: bool(body.workPermitArranged),
  };
  await ctx.db.transaction().execute((trx) => repo.insertNeed(trx, row, body));
  ctx.log.info({ needId: row.id, organizationId: row.organization_id, userId: actor.userId }, 'need created');
  ctx.events.emit('listings.changed', { needIds: [row.id] });
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
    kind: body.kind ?? row.kind,
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
  await checkTrustedPromises(ctx, row.organization_id, {
    openToAsylumSeekers: body.openToAsylumSeekers,
    workPermitArranged: body.workPermitArranged,
  });
  // Figures and the declaration are checked when what they judge changes, so that fixing a typo in
  // an older need is not refused because a figure moved on since it was posted.
  if (has('compensation') || has('startsAt') || has('endsAt'))
    checkCompensationFigures(ctx.clock.now(), compensation, startsAt, endsAt);
  if (
    (has('openToAsylumSeekers') || has('compensation')) &&
    merged.openToAsylumSeekers &&
    isVolunteerCompensation(compensation.type)
  ) {
    await checkVolunteerDeclaration(ctx, row.organization_id);
  }

  const changes: Partial<NeedsTable> = { updated_at: ctx.clock.now().toISOString() };
  Object.assign(changes, commonListingChanges(ctx, body, has));
  if (has('startsAt')) changes.starts_at = startsAt;
  if (has('endsAt')) changes.ends_at = endsAt;
  if (has('hoursEstimate')) changes.hours_estimate = body.hoursEstimate ?? null;
  if (has('peopleNeeded')) changes.people_needed = body.peopleNeeded ?? null;
  if (body.compensation) {
    changes.compensation_type = body.compensation.type;
    changes.hourly_rate_cents = body.compensation.type === 'paid' ? body.compensation.hourlyRateCents : null;
    changes.allowance_cents = body.compensation.type === 'allowance' ? body.compensation.allowanceCents : null;
  }
  if (body.requirements) {
    changes.requires_vog = bool(body.requirements.vog);
    changes.min_age = body.requirements.minAge;
  }
  if (body.openToAsylumSeekers !== undefined) changes.open_to_asylum_seekers = bool(body.openToAsylumSeekers);
  if (body.workPermitArranged !== undefined) changes.work_permit_arranged = bool(body.workPermitArranged);
  await ctx.db.transaction().execute(async (trx) => {
    await repo.updateNeed(trx, id, changes);
    await repo.writeNeedValues(trx, id, body);
  });
  ctx.events.emit('listings.changed', { needIds: [id] });
  return getNeed(ctx, actor, id);
}

/** Closing is final for search (it shows only with status=closed); closing twice changes nothing. */
export async function closeNeed(ctx: AppContext, actor: Actor, id: string): Promise<Need> {
  const row = await requireEditableNeed(ctx, actor, id);
  await closeListing(ctx, actor, { type: 'need', id, status: row.status }, (changes) =>
    repo.updateNeed(ctx.db, id, changes),
  );
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
    throw invalid(
      'organizationId',
      'Only a business offers as an organisation; initiatives and public bodies post needs',
    );
  }
}

export async function getOffer(ctx: AppContext, actor: Actor | null, id: string): Promise<Offer> {
  const row = await repo.findOffer(ctx.db, id);
  if (!row) throw notFound('Offer');
  const viewer = await viewerOf(ctx, actor);
  // Hidden by a moderator: gone for everyone but those who may edit it.
  if (row.hidden_at != null && !canEditOffer(viewer, row)) throw notFound('Offer');
  return toOfferDto(ctx, viewer, row);
}

export async function createOffer(ctx: AppContext, actor: Actor, body: CreateOfferBody): Promise<Offer> {
  if (body.organizationId) await requireBusinessOffering(ctx, actor, body.organizationId);
  const place = locate(ctx, body.postcode);
  const at = ctx.clock.now().toISOString();
  const availableUntil = body.availableUntil ? iso(body.availableUntil) : null;
  const row: OffersTable = {
    owner_user_id: body.organizationId ? null : actor.userId,
    organization_id: body.organizationId ?? null,
    ...newListingColumns(actor, body, place, at),
    b2c_type: body.b2cType ?? null,
    radius_km: body.radiusKm ?? null,
    availability: body.availability ? json(body.availability) : null,
    available_until: availableUntil,
    ends_at: offerEndsAt(availableUntil, body.availability),
    compensation_accepted: json(body.compensationAccepted),
    capacity_hours_per_month: body.capacityHoursPerMonth ?? null,
  };
  await ctx.db
    .transaction()
    .execute((trx) => repo.insertOffer(trx, row, { ...body, compensations: body.compensationAccepted }));
  ctx.log.info({ offerId: row.id, organizationId: row.organization_id, userId: actor.userId }, 'offer created');
  ctx.events.emit('listings.changed', { offerIds: [row.id] });
  return getOffer(ctx, actor, row.id);
}

async function requireEditableOffer(ctx: AppContext, actor: Actor, id: string): Promise<repo.OfferWithOwner> {
  const row = await repo.findOffer(ctx.db, id);
  if (!row) throw notFound('Offer');
  if (row.organization_id !== null) await requireOrganizationRole(ctx, actor, row.organization_id, LISTING_EDIT_ROLES);
  else if (row.owner_user_id !== actor.userId && !actor.isAdmin)
    throw forbidden('Only the person who made this offer may change it');
  return row;
}

export async function updateOffer(ctx: AppContext, actor: Actor, id: string, body: UpdateOfferBody): Promise<Offer> {
  const row = await requireEditableOffer(ctx, actor, id);
  const has = <K extends keyof UpdateOfferBody>(k: K) => body[k] !== undefined;
  const availability = has('availability')
    ? body.availability
    : row.availability
      ? (JSON.parse(row.availability) as Availability)
      : null;
  const availableUntil = has('availableUntil')
    ? body.availableUntil
      ? iso(body.availableUntil)
      : null
    : row.available_until;
  refuseIssues(
    offerIssues({
      organizationId: row.organization_id,
      b2cType: has('b2cType') ? body.b2cType : row.b2c_type,
      kind: body.kind ?? row.kind,
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
  if (has('availability') || has('availableUntil')) {
    changes.availability = availability ? json(availability) : null;
    changes.available_until = availableUntil;
    changes.ends_at = offerEndsAt(availableUntil, availability);
  }
  if (body.compensationAccepted !== undefined) changes.compensation_accepted = json(body.compensationAccepted);
  if (has('capacityHoursPerMonth')) changes.capacity_hours_per_month = body.capacityHoursPerMonth ?? null;
  await ctx.db.transaction().execute(async (trx) => {
    await repo.updateOffer(trx, id, changes);
    await repo.writeOfferValues(trx, id, {
      ...body,
      ...(body.compensationAccepted ? { compensations: body.compensationAccepted } : {}),
    });
  });
  ctx.events.emit('listings.changed', { offerIds: [id] });
  return getOffer(ctx, actor, id);
}

export async function closeOffer(ctx: AppContext, actor: Actor, id: string): Promise<Offer> {
  const row = await requireEditableOffer(ctx, actor, id);
  await closeListing(ctx, actor, { type: 'offer', id, status: row.status }, (changes) =>
    repo.updateOffer(ctx.db, id, changes),
  );
  return getOffer(ctx, actor, id);
}

/** The columns needs and offers share, from a PATCH body: text (with its search form), lists, place, materials. */
function commonListingChanges(
  ctx: AppContext,
  body: UpdateNeedBody | UpdateOfferBody,
  has: (key: 'postcode' | 'quantity' | 'unit' | 'materialsMode') => boolean,
): Partial<ListingColumns> {
  const changes: Partial<ListingColumns> = {};
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
  if (body.remote !== undefined) changes.remote = bool(body.remote);
  if (has('quantity')) changes.quantity = body.quantity ?? null;
  if (has('unit')) changes.unit = body.unit ?? null;
  if (has('materialsMode')) changes.materials_mode = body.materialsMode ?? null;
  if (body.newcomerFriendly !== undefined) changes.newcomer_friendly = bool(body.newcomerFriendly);
  return changes;
}

/** The columns a new need and a new offer fill alike; `place` is located first (its refusal comes before the others). */
function newListingColumns(
  actor: Actor,
  body: CreateNeedBody | CreateOfferBody,
  place: ReturnType<typeof locate>,
  at: string,
) {
  return {
    id: newId(),
    created_by: actor.userId,
    kind: body.kind,
    title: body.title,
    description: body.description,
    domains: json([...new Set(body.domains)]),
    skills: json([...new Set(body.skills)]),
    languages: json([...new Set(body.languages)]),
    ...place,
    remote: bool(body.remote),
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
  } satisfies Partial<ListingColumns>;
}

/** Closes a listing once (closing a closed one changes nothing), logs it and tells the search index. */
async function closeListing(
  ctx: AppContext,
  actor: Actor,
  listing: { type: 'need' | 'offer'; id: string; status: string },
  update: (changes: Pick<ListingColumns, 'status' | 'closed_at' | 'updated_at'>) => Promise<unknown>,
): Promise<void> {
  if (listing.status === 'closed') return;
  const at = ctx.clock.now().toISOString();
  await update({ status: 'closed', closed_at: at, updated_at: at });
  ctx.log.info({ [`${listing.type}Id`]: listing.id, userId: actor.userId }, `${listing.type} closed`);
  ctx.events.emit('listings.changed', listing.type === 'need' ? { needIds: [listing.id] } : { offerIds: [listing.id] });
}
