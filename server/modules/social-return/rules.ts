/**
 * Social return valuation without I/O: which confirmed ledger entries of a business count, in which
 * category, and what they are worth under a buyer's rules.
 */
import { describeSource, figuresAt, minimumWageHistory, type MinimumWageFigures } from '../../../shared/figures.ts';
import type { Tally, ValuationRules } from '../../../shared/schemas/social-return.ts';

export type Category = Tally['lines'][number]['category'];

/** One confirmed transfer where the business is a party, with the kind of the need it served (if any). */
export interface CountedTransfer {
  id: string;
  unit: string;
  kind: string;
  amount: number;
  /** The business paid (debit) or gave (credit). */
  businessSide: 'debit' | 'credit';
  needKind: string | null;
}

/**
 * Which category a transfer counts in, or null:
 * purchases — EUR the business paid for an initiative's service (`sale`);
 * volunteering / pro bono — WORK its people gave through an engagement (knowledge needs are pro bono);
 * materials — INKIND it gave (`materials`).
 */
export function categoryOf(t: CountedTransfer): Category | null {
  if (t.unit === 'EUR' && t.kind === 'sale' && t.businessSide === 'debit') return 'purchases';
  if (t.unit === 'WORK' && t.kind === 'work' && t.businessSide === 'credit')
    return t.needKind === 'knowledge' ? 'pro_bono' : 'volunteering';
  if (t.unit === 'INKIND' && t.kind === 'materials' && t.businessSide === 'credit') return 'materials';
  return null;
}

/**
 * The platform's defaults: an hour (volunteering or pro bono) at the statutory minimum hourly wage
 * on the period's last day (source: Rijksoverheid, in shared/figures.ts), purchases and materials at
 * their full recorded value. Buyers use their own rules; the business sets them per buyer.
 */
export function defaultRules(periodTo: string): ValuationRules {
  // A period before the first known figure is valued at the oldest one we know.
  const wage: MinimumWageFigures | undefined = figuresAt(`${periodTo}T12:00:00Z`).minimumWage ?? minimumWageHistory[0];
  if (!wage) throw new Error('no minimum wage figures in shared/figures.ts');
  return {
    volunteerHourCents: wage.hourly21PlusCents,
    proBonoHourCents: wage.hourly21PlusCents,
    purchasePct: 100,
    materialsPct: 100,
    basis: 'default',
    source: `Hours at the statutory minimum hourly wage (${describeSource(wage)}); purchases and materials at their recorded value. Waardewerk defaults, configurable per buyer.`,
    note: 'Not legal advice: the contract and the buyer decide what counts and at what value.',
  };
}

const lineValue = (category: Category, quantity: number, r: ValuationRules): number => {
  switch (category) {
    case 'volunteering':
      return Math.round((quantity * r.volunteerHourCents) / 60);
    case 'pro_bono':
      return Math.round((quantity * r.proBonoHourCents) / 60);
    case 'purchases':
      return Math.round((quantity * r.purchasePct) / 100);
    case 'materials':
      return Math.round((quantity * r.materialsPct) / 100);
  }
};

/**
 * The tally: per category the quantity (minutes or cents), entries and value; the total is the sum of
 * the lines. Example: 120 min volunteering at €14.71/h + €250 purchases at 100 % → 2942 + 25000 = 27942.
 */
export function tallyOf(transfers: readonly CountedTransfer[], rules: ValuationRules, targetCents: number): Tally {
  const order: Category[] = ['purchases', 'volunteering', 'pro_bono', 'materials'];
  const sums = new Map<Category, { quantity: number; entries: number }>(
    order.map((c) => [c, { quantity: 0, entries: 0 }]),
  );
  for (const t of transfers) {
    const c = categoryOf(t);
    const s = c && sums.get(c);
    if (!s) continue;
    s.quantity += t.amount;
    s.entries += 1;
  }
  const lines = order.map((category) => {
    const s = sums.get(category) ?? { quantity: 0, entries: 0 };
    return { category, quantity: s.quantity, entries: s.entries, valueCents: lineValue(category, s.quantity, rules) };
  });
  const totalCents = lines.reduce((sum, l) => sum + l.valueCents, 0);
  return {
    lines,
    totalCents,
    targetCents,
    reachedPct: targetCents > 0 ? Math.round((totalCents / targetCents) * 1000) / 10 : 0,
  };
}

/** The obligation's amount: given, or the percentage of the contract value. Example: 5 % of €200,000 → 1,000,000 cents. */
export const targetOf = (o: {
  targetCents: number | null;
  targetPctHundredths: number | null;
  contractValueCents: number | null;
}): number => o.targetCents ?? Math.round(((o.contractValueCents ?? 0) * (o.targetPctHundredths ?? 0)) / 10_000);
