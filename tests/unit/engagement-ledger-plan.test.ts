import { describe, expect, it } from 'vitest';
import {
  cancellationLines,
  confirmationLines,
  eurFor,
  reservationLines,
  transferIds,
  type ConfirmationInput,
} from '../../server/modules/engagements/ledger-plan.ts';

const org = { type: 'organization' as const, id: 'org-1', name: 'Buurttuin' };
const fatima = { type: 'person' as const, id: 'user-1', name: 'Fatima' };
const base: ConfirmationInput = {
  engagementId: 'e1',
  kind: 'work',
  compensationType: 'unpaid',
  organization: org,
  provider: fatima,
  reservedMinutes: 0,
  minutes: 120,
  inkindValueCents: null,
  eur: null,
};
const brief = (lines: ReturnType<typeof confirmationLines>) =>
  lines.map(
    (l) =>
      `${l.type} ${l.amount} ${l.unit} ${l.kind} ${l.from.id}>${l.to.id}${l.pendingId ? ` of ${l.pendingId}` : ''}`,
  );

describe('engagement ledger plan', () => {
  it('posts WORK for unpaid work, and nothing else', () => {
    expect(brief(confirmationLines(base))).toEqual(['posted 120 WORK work org-1>user-1']);
  });

  it('reserves time credits at acceptance and posts them (partly) at confirmation', () => {
    expect(
      reservationLines({
        engagementId: 'e1',
        organization: org,
        provider: fatima,
        compensationType: 'time_credits',
        estimateMinutes: 180,
        kind: 'work',
      }),
    ).toMatchObject([{ transferId: 'eng.e1.time-reserve', type: 'pending', amount: 180, unit: 'TIME' }]);
    expect(
      reservationLines({
        engagementId: 'e1',
        organization: org,
        provider: fatima,
        compensationType: 'unpaid',
        estimateMinutes: 180,
        kind: 'work',
      }),
    ).toEqual([]);
    expect(
      reservationLines({
        engagementId: 'e1',
        organization: org,
        provider: fatima,
        compensationType: 'time_credits',
        estimateMinutes: null,
        kind: 'work',
      }),
    ).toEqual([]);
    const t = { ...base, compensationType: 'time_credits' as const, reservedMinutes: 180 };
    expect(brief(confirmationLines(t))).toEqual([
      'posted 120 WORK work org-1>user-1',
      'post 120 TIME engagement org-1>user-1 of eng.e1.time-reserve',
    ]);
    expect(brief(confirmationLines({ ...t, minutes: 200 }))).toEqual([
      'posted 200 WORK work org-1>user-1',
      'post 180 TIME engagement org-1>user-1 of eng.e1.time-reserve',
      'posted 20 TIME engagement org-1>user-1',
    ]);
    expect(brief(confirmationLines({ ...t, reservedMinutes: 0 }))).toEqual([
      'posted 120 WORK work org-1>user-1',
      'posted 120 TIME engagement org-1>user-1',
    ]);
  });

  it('records euros and in-kind value', () => {
    expect(
      brief(confirmationLines({ ...base, compensationType: 'allowance', eur: { cents: 1120, kind: 'allowance' } })),
    ).toEqual(['posted 120 WORK work org-1>user-1', 'posted 1120 EUR allowance org-1>user-1']);
    expect(brief(confirmationLines({ ...base, kind: 'materials', minutes: null, inkindValueCents: 4500 }))).toEqual([
      'posted 4500 INKIND materials org-1>user-1',
    ]);
    expect(confirmationLines({ ...base, kind: 'materials', minutes: null, inkindValueCents: 0 })).toEqual([]);
    expect(() => confirmationLines({ ...base, minutes: 0 })).toThrow(RangeError);
  });

  it('computes euros: allowances rounded down, wages to the nearest cent', () => {
    expect(eurFor({ type: 'allowance', allowanceCents: 560, hourlyRateCents: null }, 100)).toEqual({
      cents: 933,
      kind: 'allowance',
    });
    expect(eurFor({ type: 'paid', allowanceCents: null, hourlyRateCents: 1471 }, 100)).toEqual({
      cents: 2452,
      kind: 'wage',
    });
    expect(eurFor({ type: 'time_credits', allowanceCents: null, hourlyRateCents: null }, 100)).toBeNull();
  });

  it('voids the reservation at cancellation, with ids fixed per step', () => {
    expect(
      cancellationLines({ engagementId: 'e1', organization: org, provider: fatima, reservedMinutes: 180 }),
    ).toMatchObject([{ transferId: 'eng.e1.time-void', type: 'void', pendingId: 'eng.e1.time-reserve', amount: 180 }]);
    expect(cancellationLines({ engagementId: 'e1', organization: org, provider: fatima, reservedMinutes: 0 })).toEqual(
      [],
    );
    const ids = Object.values(transferIds('0b8f6c1e-2f7a-4c59-9a51-2d1c3e4f5a6b'));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/);
  });
});
