import { describe, expect, it } from 'vitest';
import { saleStatuses, type SaleAction } from '../../shared/schemas/sales.ts';
import {
  amsterdamYear,
  decideSale,
  orderTotal,
  ownIncomePct,
  saleActionsFor,
  saleLines,
} from '../../server/modules/sales/rules.ts';

describe('sales: the steps', () => {
  it.each([
    ['requested', 'seller', ['accept', 'decline']],
    ['requested', 'buyer', ['cancel']],
    ['accepted', 'seller', ['cancel', 'deliver']],
    ['accepted', 'buyer', ['cancel']],
    ['delivered', 'seller', []],
    ['delivered', 'buyer', ['confirm']],
    ['confirmed', 'buyer', []],
    ['declined', 'seller', []],
    ['cancelled', 'buyer', []],
  ] as const)('%s, %s may %j', (status, side, actions) => {
    expect(saleActionsFor(status, side)).toEqual(actions);
  });
  it('names the refusal', () => {
    expect(decideSale('delivered', 'confirm', 'seller')).toMatchObject({ ok: false, reason: 'wrong_side' });
    expect(decideSale('requested', 'confirm', 'buyer')).toMatchObject({ ok: false, reason: 'wrong_state' });
    for (const status of saleStatuses)
      for (const action of ['accept', 'deliver', 'confirm'] as SaleAction[]) {
        const d = decideSale(status, action, 'seller');
        if (d.ok) expect(d.next).not.toBe(status);
      }
  });
});

describe('sales: prices, ledger lines and own income', () => {
  it('prices an order per hour, per unit or once', () => {
    expect(orderTotal('hour', 3500, 3)).toBe(10500);
    expect(orderTotal('unit', 1250, 20)).toBe(25000);
    expect(orderTotal('fixed', 40000, 7)).toBe(40000);
  });
  it('records EUR and WORK buyer → initiative, leaving out what is zero', () => {
    const buyer = { type: 'person' as const, id: 'ria' };
    expect(
      saleLines({ saleId: 's1', buyer, sellerId: 'org', priceCents: 25000, workMinutes: 240 }).map((l) => [
        l.id,
        l.unit,
        l.amount,
        l.from.id,
        l.to.id,
      ]),
    ).toEqual([
      ['sale.s1.eur', 'EUR', 25000, 'ria', 'org'],
      ['sale.s1.work', 'WORK', 240, 'ria', 'org'],
    ]);
    expect(
      saleLines({ saleId: 's1', buyer, sellerId: 'org', priceCents: 500, workMinutes: 0 }).map((l) => l.unit),
    ).toEqual(['EUR']);
  });
  it('computes the own-income share with one decimal, null without a declaration or income', () => {
    expect(ownIncomePct(30000, { subsidiesCents: 50000, donationsCents: 20000 })).toBe(30);
    expect(ownIncomePct(1, { subsidiesCents: 2, donationsCents: 0 })).toBe(33.3);
    expect(ownIncomePct(30000, null)).toBeNull();
    expect(ownIncomePct(0, { subsidiesCents: 0, donationsCents: 0 })).toBeNull();
  });
  it('bounds a year at midnight in Amsterdam', () => {
    expect(amsterdamYear(2026)).toEqual({ from: '2025-12-31T23:00:00.000Z', to: '2026-12-31T23:00:00.000Z' });
  });
});
