import { describe, expect, it } from 'vitest';
import type { LedgerUnit, Transfer } from '../../shared/schemas/ledger.ts';
import { direction, historyEntries, readerAmount, readerBalance } from '../../web/src/lib/wallet/history.ts';

type Ref = Transfer['from'];
const org: Ref = { type: 'organization', id: 'o1' };
const fatima: Ref = { type: 'person', id: 'u1' };
let seq = 0;
/** A confirmation's lines as the engagement posts them: work and goods credit the worker, time credits go org → worker. */
const line = (
  groupId: string,
  unit: LedgerUnit,
  amount: number,
  from: Ref = org,
  to: Ref = fatima,
  over: Partial<Transfer> = {},
): Transfer => ({
  id: `t${++seq}`,
  seq,
  groupId,
  phase: 'posted',
  status: 'posted',
  from,
  to,
  debitAccountId: 'd',
  creditAccountId: 'c',
  amount,
  unit,
  kind: unit === 'WORK' ? 'work' : unit === 'INKIND' ? 'materials' : 'engagement',
  pendingId: null,
  correctsId: null,
  expiresAt: null,
  reference: { type: 'engagement', id: groupId },
  memo: null,
  createdAt: '2026-03-01T10:00:00.000Z',
  ...over,
});

describe('the wallet in one sign convention', () => {
  const confirmations = [
    line('g1', 'WORK', 330),
    line('g1', 'TIME', 330),
    line('g2', 'WORK', 180),
    line('g3', 'WORK', 180),
  ];
  const postedFor = (who: Ref) =>
    confirmations
      .filter((x) => x.unit === 'WORK')
      .reduce((sum, x) => sum + (x.to.id === who.id ? x.amount : -x.amount), 0);

  it('an organisation reads the work done for it as +, in the total and in every line', () => {
    const lines = confirmations.filter((x) => x.unit === 'WORK').map((x) => readerAmount(x, org, 'organization'));
    expect(lines).toEqual([330, 180, 180]);
    expect(readerBalance('WORK', postedFor(org), 'organization')).toBe(690);
    expect(lines.reduce((a, b) => a + b)).toBe(readerBalance('WORK', postedFor(org), 'organization'));
  });

  it('a person reads the work she did as +, and time credits stay + received, − sent for everyone', () => {
    expect(readerAmount(confirmations[0]!, fatima, 'person')).toBe(330);
    expect(readerBalance('WORK', postedFor(fatima), 'person')).toBe(690);
    expect(readerAmount(confirmations[1]!, org, 'organization')).toBe(-330);
    expect(readerAmount(confirmations[1]!, fatima, 'person')).toBe(330);
  });

  it("words goods from the reader's side: the giver gave, the organisation got", () => {
    const goods = line('g4', 'INKIND', 2500);
    expect(direction(goods, fatima)).toBe('did');
    expect(direction(goods, org)).toBe('got');
    expect(readerAmount(goods, org, 'organization')).toBe(2500);
  });
});

describe('history entries', () => {
  it("shows a confirmation's linked lines as one entry named after its time credits", () => {
    const g1 = [line('c1', 'WORK', 120), line('c1', 'TIME', 120), line('c1', 'EUR', 1000)];
    const entries = historyEntries([...g1].reverse());
    expect(entries).toHaveLength(1);
    expect(entries[0]!.main.unit).toBe('TIME');
    expect(entries[0]!.lines.map((x) => x.unit)).toEqual(['WORK', 'TIME', 'EUR']);
  });

  it('keeps separate acts apart and leaves out reservations since resolved', () => {
    const reserved = line('r1', 'TIME', 180, org, fatima, { phase: 'pending', status: 'posted' });
    const stillReserved = line('r2', 'TIME', 60, org, fatima, { phase: 'pending', status: 'pending' });
    const entries = historyEntries([line('a', 'WORK', 60), reserved, stillReserved, line('b', 'TIME', 30)]);
    expect(entries.map((e) => e.groupId)).toEqual(['a', 'r2', 'b']);
  });
});
