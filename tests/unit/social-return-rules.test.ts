import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  categoryOf,
  defaultRules,
  tallyOf,
  targetOf,
  type CountedTransfer,
} from '../../server/modules/social-return/rules.ts';

const transfer = (over: Partial<CountedTransfer>): CountedTransfer => ({
  id: 't',
  unit: 'WORK',
  kind: 'work',
  amount: 60,
  businessSide: 'credit',
  needKind: 'hands',
  ...over,
});

describe('social return: what counts', () => {
  it('sorts confirmed entries into categories, and leaves out the rest', () => {
    expect(categoryOf(transfer({ unit: 'EUR', kind: 'sale', businessSide: 'debit' }))).toBe('purchases');
    expect(categoryOf(transfer({}))).toBe('volunteering');
    expect(categoryOf(transfer({ needKind: 'knowledge' }))).toBe('pro_bono');
    expect(categoryOf(transfer({ unit: 'INKIND', kind: 'materials' }))).toBe('materials');
    // Paid by someone else to the business, or the business's own spending that is not a purchase from an initiative.
    expect(categoryOf(transfer({ unit: 'EUR', kind: 'sale', businessSide: 'credit' }))).toBeNull();
    expect(categoryOf(transfer({ unit: 'WORK', businessSide: 'debit' }))).toBeNull();
    expect(categoryOf(transfer({ unit: 'TIME', kind: 'engagement' }))).toBeNull();
  });
  it('defaults hours to the minimum wage with its source, and says it is configurable and not legal advice', () => {
    const rules = defaultRules('2026-06-30');
    expect(rules).toMatchObject({
      volunteerHourCents: 1471,
      proBonoHourCents: 1471,
      purchasePct: 100,
      materialsPct: 100,
      basis: 'default',
    });
    expect(rules.source).toContain('Rijksoverheid');
    expect(rules.note).toContain('Not legal advice');
  });
  it('computes the target from a percentage of the contract value', () => {
    expect(targetOf({ targetCents: null, targetPctHundredths: 500, contractValueCents: 20_000_000 })).toBe(1_000_000);
    expect(targetOf({ targetCents: 12_345, targetPctHundredths: null, contractValueCents: null })).toBe(12_345);
  });
  it('the total is the sum of the lines, each the valuation of its entries', () => {
    const rules = { ...defaultRules('2026-06-30'), volunteerHourCents: 3500, purchasePct: 50 };
    const arbitraryTransfer = fc.record({
      id: fc.string(),
      unit: fc.constantFrom('EUR', 'WORK', 'INKIND', 'TIME'),
      kind: fc.constantFrom('sale', 'work', 'materials', 'engagement'),
      amount: fc.integer({ min: 1, max: 100_000 }),
      businessSide: fc.constantFrom('debit' as const, 'credit' as const),
      needKind: fc.constantFrom(null, 'hands', 'knowledge', 'materials'),
    });
    fc.assert(
      fc.property(fc.array(arbitraryTransfer, { maxLength: 40 }), (transfers) => {
        const tally = tallyOf(transfers, rules, 100_000);
        const counted = transfers.filter((t) => categoryOf(t) !== null);
        return (
          tally.totalCents === tally.lines.reduce((s, l) => s + l.valueCents, 0) &&
          tally.lines.reduce((s, l) => s + l.entries, 0) === counted.length &&
          tally.lines.every((l) => l.valueCents >= 0)
        );
      }),
    );
  });
});
