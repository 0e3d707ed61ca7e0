/**
 * Sales without I/O: who may take which step in which state, the price of an order, the ledger
 * lines of a confirmed sale and the own-income share.
 *
 * | from      | action  | who    | to        |
 * |-----------|---------|--------|-----------|
 * | requested | accept  | seller | accepted  |
 * | requested | decline | seller | declined  |
 * | requested | cancel  | buyer  | cancelled |
 * | accepted  | deliver | seller | delivered |
 * | accepted  | cancel  | either | cancelled |
 * | delivered | confirm | buyer  | confirmed |
 *
 * `confirmed`, `declined` and `cancelled` are final.
 */
import type { PriceUnit, SaleAction, SaleStatus } from '../../../shared/schemas/sales.ts';

export type SaleSide = 'buyer' | 'seller';
type Who = SaleSide | 'either';

const rules: Record<SaleStatus, Partial<Record<SaleAction, { who: Who; to: SaleStatus }>>> = {
  requested: {
    accept: { who: 'seller', to: 'accepted' },
    decline: { who: 'seller', to: 'declined' },
    cancel: { who: 'buyer', to: 'cancelled' },
  },
  accepted: { deliver: { who: 'seller', to: 'delivered' }, cancel: { who: 'either', to: 'cancelled' } },
  delivered: { confirm: { who: 'buyer', to: 'confirmed' } },
  confirmed: {},
  declined: {},
  cancelled: {},
};

export type SaleDecision =
  { ok: true; next: SaleStatus } | { ok: false; reason: 'wrong_state' | 'wrong_side'; message: string };

/** Example: `decideSale('delivered', 'confirm', 'buyer')` → `{ ok: true, next: 'confirmed' }`; by the seller → wrong_side. */
export function decideSale(status: SaleStatus, action: SaleAction, side: SaleSide): SaleDecision {
  const rule = rules[status][action];
  if (!rule) return { ok: false, reason: 'wrong_state', message: `You cannot ${action} a sale that is ${status}` };
  if (rule.who !== 'either' && rule.who !== side)
    return { ok: false, reason: 'wrong_side', message: `Only the ${rule.who} may ${action} now` };
  return { ok: true, next: rule.to };
}

export const saleActionsFor = (status: SaleStatus, side: SaleSide): SaleAction[] =>
  (['accept', 'decline', 'cancel', 'deliver', 'confirm'] as const).filter((a) => decideSale(status, a, side).ok);

/** The total of an order: per hour and per unit the price × quantity, a fixed price once. Example: €35/h × 3 → 10500. */
export const orderTotal = (unit: PriceUnit, priceCents: number, quantity: number): number =>
  unit === 'fixed' ? priceCents : priceCents * quantity;

export const saleTransferIds = (saleId: string) => ({ eur: `sale.${saleId}.eur`, work: `sale.${saleId}.work` });

type Owner = { type: 'person' | 'organization'; id: string };
export interface SaleLine {
  id: string;
  type: 'posted';
  from: Owner;
  to: Owner;
  unit: 'EUR' | 'WORK';
  amount: number;
  kind: 'sale';
  reference: { type: 'sale'; id: string };
}

/**
 * A confirmed sale: EUR buyer → initiative for the agreed total (recorded, not moved: paid outside
 * the platform) and WORK buyer → initiative for the hours its people worked, when there were any.
 * The side that receives the value is debited, as in every engagement.
 */
export function saleLines(input: {
  saleId: string;
  buyer: Owner;
  sellerId: string;
  priceCents: number;
  workMinutes: number;
}): SaleLine[] {
  const ids = saleTransferIds(input.saleId);
  const to: Owner = { type: 'organization', id: input.sellerId };
  const reference = { type: 'sale' as const, id: input.saleId };
  const lines: SaleLine[] = [];
  if (input.priceCents > 0)
    lines.push({
      id: ids.eur,
      type: 'posted',
      from: input.buyer,
      to,
      unit: 'EUR',
      amount: input.priceCents,
      kind: 'sale',
      reference,
    });
  if (input.workMinutes > 0)
    lines.push({
      id: ids.work,
      type: 'posted',
      from: input.buyer,
      to,
      unit: 'WORK',
      amount: input.workMinutes,
      kind: 'sale',
      reference,
    });
  return lines;
}

/**
 * Own income as a share of all income, in percent with one decimal, or null when there is nothing to
 * divide by. Example: sales €300, subsidies €500, donations €200 → 30.0.
 */
export function ownIncomePct(
  salesCents: number,
  declared: { subsidiesCents: number; donationsCents: number } | null,
): number | null {
  if (!declared) return null;
  const total = salesCents + declared.subsidiesCents + declared.donationsCents;
  return total > 0 ? Math.round((salesCents / total) * 1000) / 10 : null;
}

/** The instants bounding a calendar year in Amsterdam (both 1 January at 00:00 CET = 23:00 UTC the day before). */
export const amsterdamYear = (year: number) => ({
  from: `${year - 1}-12-31T23:00:00.000Z`,
  to: `${year}-12-31T23:00:00.000Z`,
});
