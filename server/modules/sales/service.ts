/**
 * Initiatives' own products and services (issue 14, item 1). An initiative's owners/coordinators
 * offer a service for a price; a resident (or a business or public body, through its managers) orders
 * it or asks a quote; the initiative accepts (naming the price of a quote), delivers (with the hours
 * its people worked), and the buyer confirms. Confirmation and its ledger lines — EUR recorded, not
 * moved, and WORK for the hours — commit in one ledger transaction through the posting engine.
 * A sale is private to its two sides: anyone else gets 404.
 */
import { z } from 'zod';
import { isManagingRole } from '../../../shared/roles.ts';
import {
  acceptSaleBody,
  createServiceOfferBody,
  declareIncomeBody,
  deliverSaleBody,
  orderBody,
  ownIncomeQuery,
  saleListQuery,
  serviceOfferQuery,
  type OwnIncome,
  type Sale,
  type SaleAction,
  type ServiceOffer,
} from '../../../shared/schemas/sales.ts';
import type { Actor, AppContext } from '../../context.ts';
import { decodeCursor, toPage } from '../../cursor.ts';
import type { Db } from '../../db/create-db.ts';
import { AppError, conflict, forbidden, invalid, notFound, ruleRefused } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { createTransfers, publishLedger, withLedgerTransaction, type LedgerWriteResult } from '../ledger/index.ts';
import { publishNotifications, recordNotifications } from '../notifications/index.ts';
import { managersOf, requireOrganizationRole, roleIn } from '../organizations/index.ts';
import * as repo from './repository.ts';
import {
  amsterdamYear,
  decideSale,
  orderTotal,
  ownIncomePct,
  saleActionsFor,
  saleLines,
  type SaleSide,
} from './rules.ts';
import type { SaleRow } from './tables.ts';
import { requirePlace } from '../postcodes/index.ts';

const cursorKey = z.tuple([z.string(), z.string()]);

async function manages(db: Db, actor: Actor, organizationId: string): Promise<boolean> {
  return isManagingRole(await roleIn(db, actor.userId, organizationId));
}

function toOffer(row: repo.ServiceOfferView, canEdit: boolean): ServiceOffer {
  return {
    id: row.id,
    organization: {
      id: row.organization_id,
      name: row.organization_name,
      type: row.organization_type,
      verified: row.organization_verified_at !== null,
    },
    title: row.title,
    description: row.description,
    domain: row.domain,
    priceUnit: row.price_unit,
    priceCents: row.price_cents,
    paid: true,
    pc4: row.pc4,
    place: row.place,
    radiusKm: row.radius_km,
    availability: row.availability,
    capacityPerMonth: row.capacity_per_month,
    status: row.status,
    canEdit,
    createdAt: row.created_at,
  };
}

/** Only an initiative sells here (a business offers Business-to-Community work through offers). */
export async function createOffer(
  ctx: AppContext,
  actor: Actor,
  input: z.input<typeof createServiceOfferBody>,
): Promise<ServiceOffer> {
  const body = createServiceOfferBody.parse(input);
  await requireOrganizationRole(ctx, actor, body.organizationId);
  const org = await repo.organizationFacts(ctx.db, body.organizationId);
  if (!org) throw notFound('Organisation');
  if (org.type !== 'initiative') {
    throw ruleRefused(
      'initiatives_only',
      'Only a community initiative sells its own products and services here',
      undefined,
      { organizationId: 'Not an initiative' },
    );
  }
  const place = requirePlace(ctx.postcodes, body.postcode);
  const now = ctx.clock.now().toISOString();
  const id = newId();
  await repo.insertOffer(ctx.db, {
    id,
    organization_id: body.organizationId,
    title: body.title,
    description: body.description,
    domain: body.domain,
    price_unit: body.priceUnit,
    price_cents: body.priceCents,
    postcode: body.postcode,
    pc4: body.postcode.slice(0, 4),
    place: place.place,
    radius_km: body.radiusKm,
    availability: body.availability,
    capacity_per_month: body.capacityPerMonth,
    status: 'open',
    created_by: actor.userId,
    created_at: now,
    updated_at: now,
  });
  return readOffer(ctx, actor, id);
}

export async function readOffer(ctx: AppContext, viewer: Actor | null, id: string): Promise<ServiceOffer> {
  const row = await repo.findOffer(ctx.db, id);
  if (!row) throw notFound('Service');
  const canEdit = viewer ? viewer.isAdmin || (await manages(ctx.db, viewer, row.organization_id)) : false;
  if (row.status === 'closed' && !canEdit) throw notFound('Service');
  return toOffer(row, canEdit);
}

export async function closeOffer(ctx: AppContext, actor: Actor, id: string): Promise<ServiceOffer> {
  const row = await repo.findOffer(ctx.db, id);
  if (!row) throw notFound('Service');
  await requireOrganizationRole(ctx, actor, row.organization_id);
  await repo.setOfferStatus(ctx.db, id, 'closed', ctx.clock.now().toISOString());
  return readOffer(ctx, actor, id);
}

/** "Buy local social": open services, newest first, public. */
export async function searchOffers(ctx: AppContext, viewer: Actor | null, input: z.input<typeof serviceOfferQuery>) {
  const query = serviceOfferQuery.parse(input);
  const after = decodeCursor(query.cursor, cursorKey);
  const rows = await repo.searchOffers(ctx.db, {
    ...(query.q ? { q: query.q } : {}),
    ...(query.domain ? { domain: query.domain } : {}),
    ...(query.organizationId ? { organizationId: query.organizationId } : {}),
    ...(after ? { after } : {}),
    limit: query.limit,
  });
  const managed = new Set<string>();
  if (viewer)
    for (const orgId of new Set(rows.map((r) => r.organization_id)))
      if (await manages(ctx.db, viewer, orgId)) managed.add(orgId);
  return toPage(
    rows,
    query.limit,
    (r) => toOffer(r, managed.has(r.organization_id)),
    (r) => [r.created_at, r.id],
  );
}

// ——— sales ———

async function sideOf(
  db: Db,
  actor: Actor,
  row: Pick<SaleRow, 'seller_id' | 'buyer_type' | 'buyer_id'>,
): Promise<SaleSide | null> {
  if (await manages(db, actor, row.seller_id)) return 'seller';
  if (row.buyer_type === 'person' ? row.buyer_id === actor.userId : await manages(db, actor, row.buyer_id))
    return 'buyer';
  return null;
}

function toSale(row: repo.SaleView, side: SaleSide): Sale {
  return {
    id: row.id,
    offer: {
      id: row.service_offer_id,
      title: row.offer_title,
      priceUnit: row.offer_price_unit,
      priceCents: row.offer_price_cents,
    },
    seller: { id: row.seller_id, name: row.seller_name },
    buyer: { type: row.buyer_type, id: row.buyer_id, name: row.buyer_person_name ?? row.buyer_organization_name ?? '' },
    mode: row.mode,
    quantity: row.quantity,
    message: row.message,
    priceCents: row.price_cents,
    workMinutes: row.work_minutes,
    status: row.status,
    side,
    actions: saleActionsFor(row.status, side),
    createdAt: row.created_at,
    confirmedAt: row.confirmed_at,
  };
}

/** A resident orders (or asks a quote) for themselves, or a manager for the organisation they buy for. */
export async function order(
  ctx: AppContext,
  actor: Actor,
  offerId: string,
  input: z.input<typeof orderBody>,
): Promise<Sale> {
  const body = orderBody.parse(input);
  const offer = await repo.findOffer(ctx.db, offerId);
  if (!offer || offer.status !== 'open') throw notFound('Service');
  let buyer: { type: 'person' | 'organization'; id: string } = { type: 'person', id: actor.userId };
  if (body.buyerOrganizationId) {
    if (!(await manages(ctx.db, actor, body.buyerOrganizationId))) {
      throw new AppError(403, 'forbidden', 'Only an owner or coordinator buys for an organisation', {
        buyerOrganizationId: 'Not yours to buy for',
      });
    }
    if (body.buyerOrganizationId === offer.organization_id) throw forbidden('An initiative does not buy from itself');
    buyer = { type: 'organization', id: body.buyerOrganizationId };
  } else if (await manages(ctx.db, actor, offer.organization_id)) {
    throw forbidden('You run this initiative: it does not sell to its own managers');
  }
  const now = ctx.clock.now().toISOString();
  const id = newId();
  const notified = await ctx.db.transaction().execute(async (trx) => {
    await repo.insertSale(trx, {
      id,
      service_offer_id: offer.id,
      seller_id: offer.organization_id,
      buyer_type: buyer.type,
      buyer_id: buyer.id,
      ordered_by: actor.userId,
      mode: body.mode,
      quantity: offer.price_unit === 'fixed' ? 1 : body.quantity,
      message: body.message,
      price_cents: null,
      work_minutes: null,
      status: 'requested',
      created_at: now,
      updated_at: now,
      confirmed_at: null,
    });
    // The initiative's managers hear of the order or request for a quote with it.
    return recordNotifications(ctx, trx, {
      userIds: await peopleOf(trx, { type: 'organization', id: offer.organization_id }),
      actorId: actor.userId,
      kind: 'sale.updated',
      data: { saleId: id, status: 'requested' },
    });
  });
  publishNotifications(ctx, notified);
  return readSale(ctx, actor, id);
}

/** Who hears of a sale for one of its sides: the person, or the organisation's managers. */
async function peopleOf(db: Db, party: { type: 'person' | 'organization'; id: string }): Promise<string[]> {
  return party.type === 'person' ? [party.id] : ((await managersOf(db, [party.id])).get(party.id) ?? []);
}

export async function readSale(ctx: AppContext, actor: Actor, id: string): Promise<Sale> {
  const row = await repo.findSale(ctx.db, id);
  const side = row ? await sideOf(ctx.db, actor, row) : null;
  if (!row || !side) throw notFound('Sale');
  return toSale(row, side);
}

/** The seller's sales (managers of the initiative) or the buyer's purchases (own, or an organisation's through its managers). */
export async function listSales(ctx: AppContext, actor: Actor, input: z.input<typeof saleListQuery>) {
  const query = saleListQuery.parse(input);
  const after = decodeCursor(query.cursor, cursorKey);
  let rows: repo.SaleView[];
  if (query.role === 'seller' || query.organizationId) {
    if (!query.organizationId) throw invalid('organizationId', 'Name the initiative whose sales you want to see');
    if (!(await manages(ctx.db, actor, query.organizationId)))
      throw forbidden('Only an owner or coordinator sees an organisation’s sales');
    rows = await repo.listSales(ctx.db, {
      column: query.role,
      buyerType: 'organization',
      ownerId: query.organizationId,
      ...(after ? { after } : {}),
      limit: query.limit,
    });
  } else {
    rows = await repo.listSales(ctx.db, {
      column: 'buyer',
      buyerType: 'person',
      ownerId: actor.userId,
      ...(after ? { after } : {}),
      limit: query.limit,
    });
  }
  return toPage(
    rows,
    query.limit,
    (r) => toSale(r, query.role),
    (r) => [r.created_at, r.id],
  );
}

type StepInput =
  | { action: 'accept'; body: z.input<typeof acceptSaleBody> }
  | { action: 'deliver'; body: z.input<typeof deliverSaleBody> }
  | { action: Exclude<SaleAction, 'accept' | 'deliver'> };

/** One step: the rules decide (403 wrong side, 409 wrong state); the change and its ledger lines commit together. */
export async function step(ctx: AppContext, actor: Actor, id: string, input: StepInput): Promise<Sale> {
  let written: LedgerWriteResult | null = null;
  const notified = await withLedgerTransaction(ctx, async (trx) => {
    const row = await repo.lockSale(trx, ctx.dialect, id);
    const side = row ? await sideOf(trx, actor, row) : null;
    if (!row || !side) throw notFound('Sale');
    const decision = decideSale(row.status, input.action, side);
    if (!decision.ok)
      throw decision.reason === 'wrong_side'
        ? forbidden(decision.message)
        : conflict(decision.message, 'invalid_transition');
    const now = ctx.clock.now().toISOString();
    const patch: Partial<SaleRow> = { status: decision.next, updated_at: now };
    if (input.action === 'accept') {
      const body = acceptSaleBody.parse(input.body);
      const offer = await repo.findOffer(trx, row.service_offer_id);
      if (!offer) throw notFound('Service');
      if (row.mode === 'quote' && body.priceCents === undefined)
        throw invalid('priceCents', 'Name the price of your quote');
      patch.price_cents = body.priceCents ?? orderTotal(offer.price_unit, offer.price_cents, row.quantity);
    } else if (input.action === 'deliver') {
      patch.work_minutes = deliverSaleBody.parse(input.body).workMinutes;
    } else if (input.action === 'confirm') {
      const lines = saleLines({
        saleId: row.id,
        buyer: { type: row.buyer_type, id: row.buyer_id },
        sellerId: row.seller_id,
        priceCents: row.price_cents ?? 0,
        workMinutes: row.work_minutes ?? 0,
      });
      if (lines.length > 0) written = await createTransfers(ctx, trx, lines, actor);
      patch.confirmed_at = now;
    }
    await repo.updateSale(trx, row.id, patch);
    // The other side hears of each step, with it.
    const other =
      side === 'seller'
        ? { type: row.buyer_type, id: row.buyer_id }
        : { type: 'organization' as const, id: row.seller_id };
    return recordNotifications(ctx, trx, {
      userIds: await peopleOf(trx, other),
      actorId: actor.userId,
      kind: 'sale.updated',
      data: { saleId: row.id, status: decision.next },
    });
  });
  if (written) publishLedger(ctx, written);
  publishNotifications(ctx, notified);
  return readSale(ctx, actor, id);
}

// ——— own income ———

/** The initiative's own-income share in a year: measured confirmed sales over those plus its declared other income. */
export async function ownIncome(
  ctx: AppContext,
  actor: Actor,
  organizationId: string,
  input: z.input<typeof ownIncomeQuery>,
): Promise<OwnIncome> {
  const { year } = ownIncomeQuery.parse(input);
  await requireOrganizationRole(ctx, actor, organizationId, ['owner', 'coordinator', 'member']);
  const { from, to } = amsterdamYear(year);
  const sales = await repo.confirmedSalesBetween(ctx.db, organizationId, from, to);
  const declaredRow = await repo.findIncomeYear(ctx.db, organizationId, year);
  const declared = declaredRow
    ? { subsidiesCents: declaredRow.subsidies_cents, donationsCents: declaredRow.donations_cents }
    : null;
  return {
    organizationId,
    year,
    confirmedSalesCents: sales.cents,
    confirmedSales: sales.count,
    workMinutes: sales.minutes,
    declared,
    ownIncomePct: ownIncomePct(sales.cents, declared),
    basis: { sales: 'measured', otherIncome: 'selfReported' },
  };
}

export async function declareIncome(
  ctx: AppContext,
  actor: Actor,
  organizationId: string,
  year: number,
  input: z.input<typeof declareIncomeBody>,
): Promise<OwnIncome> {
  const body = declareIncomeBody.parse(input);
  await requireOrganizationRole(ctx, actor, organizationId);
  if (year < 2000 || year > 2100) throw invalid('year', 'A year between 2000 and 2100');
  await repo.upsertIncomeYear(ctx.db, {
    organization_id: organizationId,
    year,
    subsidies_cents: body.subsidiesCents,
    donations_cents: body.donationsCents,
    declared_by: actor.userId,
    declared_at: ctx.clock.now().toISOString(),
  });
  return ownIncome(ctx, actor, organizationId, { year });
}
