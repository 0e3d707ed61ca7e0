import type { LedgerUnit, Transfer } from '../../../../shared/schemas/ledger.ts';

/**
 * The wallet read from its owner's side, in one sign convention for totals and history alike.
 * Pure, unit-tested (tests/unit/wallet-history.test.ts).
 *
 * The ledger credits the one who did or gave: work, materials and recorded money are credits to the
 * person and debits to the organisation. A person reads them as they come (+ is what they did, gave
 * or were paid); an organisation reads them turned round (+ is work done for it, goods it received,
 * money it recorded as paid), so "Werk voor jullie +11 u 30" sits above lines of +5 u 30, +3 u, +3 u.
 * Time credits are money-like for everyone: + received, − sent.
 */

export type OwnerType = 'person' | 'organization';
export interface OwnerRef {
  type: string;
  id: string;
}

/** +1 or −1: how this owner reads the ledger's credit-minus-debit in this unit. */
export const readerSign = (unit: LedgerUnit, ownerType: OwnerType): 1 | -1 =>
  ownerType === 'organization' && unit !== 'TIME' ? -1 : 1;

const isOwner = (o: OwnerRef, me: OwnerRef) => o.type === me.type && o.id === me.id;

/** A line's amount from the reader's side (credit − debit, turned by `readerSign`). */
export function readerAmount(x: Pick<Transfer, 'to' | 'amount' | 'unit'>, me: OwnerRef, ownerType: OwnerType): number {
  return (isOwner(x.to, me) ? x.amount : -x.amount) * readerSign(x.unit, ownerType);
}

/** A balance from the reader's side: the posted credit − debit, turned like the lines are. */
export const readerBalance = (unit: LedgerUnit, posted: number, ownerType: OwnerType): number =>
  posted * readerSign(unit, ownerType);

/**
 * Which way a line went for the reader: `did` (they worked, gave or were paid: the ledger credited
 * them) or `got` (work was done for them, goods came to them, they recorded pay: debited).
 */
export const direction = (x: Pick<Transfer, 'to'>, me: OwnerRef): 'did' | 'got' => (isOwner(x.to, me) ? 'did' : 'got');

/** One entry of the history: the lines one act posted together (a confirmation's work, time and money). */
export interface HistoryEntry {
  groupId: string;
  /** The line the entry is named after: time credits first (what moves between people), else work, else the first. */
  main: Transfer;
  /** Every line of the group, the main one included, in ledger order. */
  lines: Transfer[];
}

const mainRank: Record<LedgerUnit, number> = { TIME: 0, WORK: 1, EUR: 2, INKIND: 3 };

/**
 * The history as entries: lines of one group (in the order the page gave them, newest first) become
 * one entry; a reservation that was since posted or released is left out (its resolution tells it,
 * showing both would count it twice).
 */
export function historyEntries(transfers: readonly Transfer[]): HistoryEntry[] {
  const visible = transfers.filter((x) => !(x.phase === 'pending' && x.status !== 'pending'));
  const byGroup = new Map<string, Transfer[]>();
  for (const x of visible) {
    const lines = byGroup.get(x.groupId);
    if (lines) lines.push(x);
    else byGroup.set(x.groupId, [x]);
  }
  return [...byGroup.entries()].map(([groupId, lines]) => {
    const ordered = [...lines].sort((a, b) => a.seq - b.seq);
    const main = [...ordered].sort((a, b) => mainRank[a.unit] - mainRank[b.unit])[0] ?? ordered[0]!;
    return { groupId, main, lines: ordered };
  });
}
