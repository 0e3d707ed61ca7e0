import { z } from 'zod';
import { domainCodes } from '../vocabulary.ts';
import { id, isoDateTime, listQuery, postcode } from './common.ts';

/**
 * Initiatives' own products and services (issue 14, item 1): offered for a price per hour, per unit
 * or fixed; ordered (or a quote asked) by residents, businesses and public bodies; accepted,
 * delivered and confirmed by the buyer. The confirmed sale is recorded in the ledger as EUR (recorded,
 * not moved: the money goes outside the platform) and the initiative's people's hours as WORK.
 */
export const priceUnits = ['hour', 'unit', 'fixed'] as const;
export type PriceUnit = (typeof priceUnits)[number];
export const saleStatuses = ['requested', 'accepted', 'delivered', 'confirmed', 'declined', 'cancelled'] as const;
export type SaleStatus = (typeof saleStatuses)[number];
export const saleActions = ['accept', 'decline', 'cancel', 'deliver', 'confirm'] as const;
export type SaleAction = (typeof saleActions)[number];

const cents = z.number().int().min(0).max(100_000_000);

export const createServiceOfferBody = z.strictObject({
  organizationId: id,
  title: z.string().trim().min(3).max(120),
  description: z.string().trim().max(2000).default(''),
  domain: z.enum(domainCodes),
  priceUnit: z.enum(priceUnits),
  priceCents: cents.min(1),
  postcode,
  /** How far the initiative travels to deliver; 0 = only at its own place. */
  radiusKm: z.number().int().min(0).max(100).default(10),
  availability: z.string().trim().max(300).default(''),
  /** Hours or units per month it can deliver; null = not limited. */
  capacityPerMonth: z.number().int().min(1).max(10_000).nullable().default(null),
});

export const serviceOfferQuery = listQuery.extend({
  q: z.string().trim().max(100).optional(),
  domain: z.enum(domainCodes).optional(),
  organizationId: id.optional(),
});

export const serviceOffer = z.object({
  id,
  organization: z.object({ id, name: z.string(), type: z.string(), verified: z.boolean() }),
  title: z.string(),
  description: z.string(),
  domain: z.enum(domainCodes),
  priceUnit: z.enum(priceUnits),
  priceCents: z.number().int(),
  /** Always true: these are paid services, shown apart from volunteering. */
  paid: z.literal(true),
  pc4: z.string(),
  place: z.string(),
  radiusKm: z.number().int(),
  availability: z.string(),
  capacityPerMonth: z.number().int().nullable(),
  status: z.enum(['open', 'closed']),
  canEdit: z.boolean(),
  createdAt: isoDateTime,
});
export type ServiceOffer = z.infer<typeof serviceOffer>;
export const serviceOfferResponse = z.object({ offer: serviceOffer });

export const orderBody = z.strictObject({
  /** Buy for an organisation one manages (a business, a public body); absent = as a resident. */
  buyerOrganizationId: id.optional(),
  /** Hours or units; 1 for a fixed price. */
  quantity: z.number().int().min(1).max(10_000).default(1),
  /** `quote`: the initiative names the price when it accepts; `order`: the offer's price × quantity. */
  mode: z.enum(['order', 'quote']).default('order'),
  message: z.string().trim().max(1000).default(''),
});

const optionalBody = <T extends z.ZodType>(schema: T) => z.preprocess((v) => v ?? {}, schema);
export const acceptSaleBody = optionalBody(
  z.strictObject({ priceCents: cents.min(1).optional(), message: z.string().trim().max(1000).optional() }),
);
export const saleMessageBody = optionalBody(z.strictObject({ message: z.string().trim().max(1000).optional() }));
/** The hours the initiative's people (paid or unpaid) worked on the delivery: recorded as WORK at confirmation. */
export const deliverSaleBody = z.strictObject({
  workMinutes: z.number().int().min(0).max(100_000),
  message: z.string().trim().max(1000).optional(),
});

export const saleListQuery = listQuery.extend({
  role: z.enum(['buyer', 'seller']),
  /** Seller: the initiative; buyer: the buying organisation (absent = the person's own purchases). */
  organizationId: id.optional(),
});

export const sale = z.object({
  id,
  offer: z.object({ id, title: z.string(), priceUnit: z.enum(priceUnits), priceCents: z.number().int() }),
  seller: z.object({ id, name: z.string() }),
  buyer: z.object({ type: z.enum(['person', 'organization']), id, name: z.string() }),
  mode: z.enum(['order', 'quote']),
  quantity: z.number().int(),
  message: z.string(),
  /** The agreed total: set at acceptance (the quote, or price × quantity). */
  priceCents: z.number().int().nullable(),
  workMinutes: z.number().int().nullable(),
  status: z.enum(saleStatuses),
  side: z.enum(['buyer', 'seller']),
  actions: z.array(z.enum(saleActions)),
  createdAt: isoDateTime,
  confirmedAt: isoDateTime.nullable(),
});
export type Sale = z.infer<typeof sale>;
export const saleResponse = z.object({ sale });

export const ownIncomeQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
export const declareIncomeBody = z.strictObject({ subsidiesCents: cents, donationsCents: cents });
export const ownIncome = z.object({
  organizationId: id,
  year: z.number().int(),
  /** Measured: confirmed sales in the ledger (EUR recorded) in this year, Amsterdam time. */
  confirmedSalesCents: z.number().int(),
  confirmedSales: z.number().int(),
  workMinutes: z.number().int(),
  /** Self-reported by the initiative: its other income in the year. */
  declared: z.object({ subsidiesCents: z.number().int(), donationsCents: z.number().int() }).nullable(),
  /** confirmed sales ÷ (confirmed sales + declared other income), in percent with one decimal; null without a declaration. */
  ownIncomePct: z.number().nullable(),
  basis: z.object({ sales: z.literal('measured'), otherIncome: z.literal('selfReported') }),
});
export type OwnIncome = z.infer<typeof ownIncome>;
