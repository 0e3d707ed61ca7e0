import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  GENESIS_HASH,
  MAX_AMOUNT,
  MAX_GROUP_SIZE,
  accountEntry,
  applyToCounters,
  available,
  chainHash,
  differences,
  floorEntry,
  isExpired,
  planGroup,
  reversalOf,
  transferEntry,
  type AccountState,
  type Leg,
  type MoveLeg,
  type PendingState,
  type RefusalReason,
} from '../../server/modules/ledger/rules.ts';
import type { LedgerTransferRow } from '../../server/modules/ledger/tables.ts';

const NOW = '2026-03-02T09:00:00.000Z';
const acct = (id: string, over: Partial<AccountState> = {}): AccountState => ({
  id,
  unit: 'TIME',
  floor: -600,
  debitsPending: 0,
  debitsPosted: 0,
  creditsPending: 0,
  creditsPosted: 0,
  ...over,
});
const base = () =>
  new Map([
    ['a', acct('a')],
    ['b', acct('b')],
    ['w1', acct('w1', { unit: 'WORK', floor: null })],
    ['w2', acct('w2', { unit: 'WORK', floor: null })],
  ]);
const move = (over: Partial<MoveLeg<'posted'>> = {}): MoveLeg<'posted'> => ({
  id: 't1',
  type: 'posted',
  debitAccountId: 'a',
  creditAccountId: 'b',
  amount: 60,
  unit: 'TIME',
  kind: 'exchange',
  ...over,
});
const pend = (over: Partial<PendingState> = {}): PendingState => ({
  id: 'p1',
  debitAccountId: 'a',
  creditAccountId: 'b',
  amount: 180,
  unit: 'TIME',
  kind: 'engagement',
  referenceType: 'engagement',
  referenceId: 'e1',
  expiresAt: null,
  resolution: null,
  ...over,
});
const plan = (legs: Leg[], accounts = base(), pendings = new Map<string, PendingState>()) =>
  planGroup({ legs, accounts, pendings, groupId: legs[0]?.id ?? '', actorId: 'u1', now: NOW });
const reason = (p: ReturnType<typeof plan>): RefusalReason | null => (p.ok ? null : p.refusal.reason);

describe('available and balances', () => {
  it('counts pending debits against the floor', () => {
    expect(available(acct('a', { creditsPosted: 120, debitsPosted: 300, debitsPending: 60 }))).toBe(360);
    expect(available(acct('x', { floor: null }))).toBe(Number.POSITIVE_INFINITY);
  });
  it('expires at or after the expiry time', () => {
    expect(isExpired({ expiresAt: NOW }, NOW)).toBe(true);
    expect(isExpired({ expiresAt: '2026-03-02T09:00:00.001Z' }, NOW)).toBe(false);
    expect(isExpired({ expiresAt: null }, NOW)).toBe(false);
  });
});

describe('planGroup: accepted groups', () => {
  it('posts a transfer: debit and credit counters move together', () => {
    const p = plan([move()]);
    expect(p.ok && p.accounts.get('a')).toMatchObject({ debitsPosted: 60, creditsPosted: 0 });
    expect(p.ok && p.accounts.get('b')).toMatchObject({ creditsPosted: 60 });
    expect(p.ok && p.rows[0]).toMatchObject({
      id: 't1',
      group_id: 't1',
      phase: 'posted',
      amount: 60,
      actor_id: 'u1',
      created_at: NOW,
      pending_id: null,
    });
  });
  it('reserves a pending transfer with an expiry', () => {
    const p = plan([{ ...move({ id: 'p' }), type: 'pending' as const, timeoutSeconds: 60 }]);
    expect(p.ok && p.accounts.get('a')).toMatchObject({ debitsPending: 60, debitsPosted: 0 });
    expect(p.ok && p.rows[0]?.expires_at).toBe('2026-03-02T09:01:00.000Z');
  });
  it('posts part of a pending transfer and releases the rest', () => {
    const accounts = new Map([
      ['a', acct('a', { debitsPending: 180 })],
      ['b', acct('b', { creditsPending: 180 })],
    ]);
    const p = plan([{ id: 'x', type: 'post', pendingId: 'p1', amount: 120 }], accounts, new Map([['p1', pend()]]));
    expect(p.ok && p.accounts.get('a')).toMatchObject({ debitsPending: 0, debitsPosted: 120 });
    expect(p.ok && p.accounts.get('b')).toMatchObject({ creditsPending: 0, creditsPosted: 120 });
    expect(p.ok && p.rows[0]).toMatchObject({
      phase: 'post_pending',
      amount: 120,
      pending_id: 'p1',
      kind: 'engagement',
      reference_id: 'e1',
    });
  });
  it('posts all of it when no amount is given, and voids release everything', () => {
    const accounts = () =>
      new Map([
        ['a', acct('a', { debitsPending: 180 })],
        ['b', acct('b', { creditsPending: 180 })],
      ]);
    const full = plan([{ id: 'x', type: 'post', pendingId: 'p1' }], accounts(), new Map([['p1', pend()]]));
    expect(full.ok && full.rows[0]?.amount).toBe(180);
    const voided = plan([{ id: 'x', type: 'void', pendingId: 'p1' }], accounts(), new Map([['p1', pend()]]));
    expect(voided.ok && voided.accounts.get('a')).toMatchObject({ debitsPending: 0, debitsPosted: 0 });
    expect(voided.ok && voided.rows[0]).toMatchObject({ phase: 'void_pending', amount: 180 });
  });
  it('lets a group post a pending transfer made earlier in the same group', () => {
    const p = plan([
      { ...move({ id: 'p' }), type: 'pending' as const },
      { id: 'q', type: 'post', pendingId: 'p', amount: 40 },
    ]);
    expect(p.ok && p.accounts.get('a')).toMatchObject({ debitsPending: 0, debitsPosted: 40 });
    expect(p.ok && p.rows.map((r) => r.group_id)).toEqual(['p', 'p']);
  });
  it('applies a linked WORK + TIME group leg by leg', () => {
    const p = plan([
      move({ id: 'w', debitAccountId: 'w1', creditAccountId: 'w2', unit: 'WORK', amount: 120, kind: 'work' }),
      move({ id: 't', amount: 120 }),
    ]);
    expect(p.ok && p.rows.length).toBe(2);
    expect(p.ok && p.accounts.get('w1')?.debitsPosted).toBe(120);
  });
  it('lets a correction pass a floor (the books must match what happened)', () => {
    const accounts = new Map([
      ['a', acct('a', { debitsPosted: 600 })],
      ['b', acct('b')],
    ]);
    const p = plan([move({ correctsId: 'orig', amount: 50 })], accounts);
    expect(p.ok).toBe(true);
  });
});

describe('planGroup: every refusal', () => {
  const cases: [string, () => ReturnType<typeof plan>, RefusalReason][] = [
    ['an empty group', () => plan([]), 'group_empty'],
    [
      'a group over the maximum',
      () => plan(Array.from({ length: MAX_GROUP_SIZE + 1 }, (_, i) => move({ id: `t${i}`, amount: 1 }))),
      'group_too_large',
    ],
    ['a bad id', () => plan([move({ id: 'has space' })]), 'id_invalid'],
    ['a repeated id', () => plan([move(), move()]), 'id_repeated_in_group'],
    ['a bad kind', () => plan([move({ kind: 'Exchange!' })]), 'kind_invalid'],
    ['amount 0', () => plan([move({ amount: 0 })]), 'amount_invalid'],
    ['a negative amount', () => plan([move({ amount: -5 })]), 'amount_invalid'],
    ['a fraction', () => plan([move({ amount: 1.5 })]), 'amount_invalid'],
    [
      'too large an amount',
      () => plan([move({ amount: MAX_AMOUNT + 1, debitAccountId: 'w1', creditAccountId: 'w2', unit: 'WORK' })]),
      'amount_too_large',
    ],
    ['debit = credit', () => plan([move({ creditAccountId: 'a' })]), 'accounts_must_differ'],
    ['an unknown debit account', () => plan([move({ debitAccountId: 'zz' })]), 'account_not_found'],
    ['an unknown credit account', () => plan([move({ creditAccountId: 'zz' })]), 'account_not_found'],
    ["a unit that is not the accounts'", () => plan([move({ unit: 'WORK' })]), 'unit_mismatch'],
    ['mixed account units', () => plan([move({ creditAccountId: 'w1' })]), 'unit_mismatch'],
    ['a timeout on a posted transfer', () => plan([move({ timeoutSeconds: 10 })]), 'timeout_invalid'],
    ['a zero timeout', () => plan([{ ...move(), type: 'pending' as const, timeoutSeconds: 0 }]), 'timeout_invalid'],
    ['going below the floor', () => plan([move({ amount: 601 })]), 'over_floor'],
    [
      'a pending debit that passes the floor',
      () =>
        plan(
          [move({ amount: 1 })],
          new Map([
            ['a', acct('a', { debitsPending: 600 })],
            ['b', acct('b')],
          ]),
        ),
      'over_floor',
    ],
    ['an unknown pending', () => plan([{ id: 'x', type: 'post', pendingId: 'nope' }]), 'pending_not_found'],
    [
      'posting a posted pending',
      () =>
        plan([{ id: 'x', type: 'void', pendingId: 'p1' }], base(), new Map([['p1', pend({ resolution: 'posted' })]])),
      'pending_already_posted',
    ],
    [
      'posting a voided pending',
      () =>
        plan([{ id: 'x', type: 'post', pendingId: 'p1' }], base(), new Map([['p1', pend({ resolution: 'voided' })]])),
      'pending_already_voided',
    ],
    [
      'resolving twice in one group',
      () =>
        plan(
          [
            { id: 'x', type: 'post', pendingId: 'p1', amount: 1 },
            { id: 'y', type: 'void', pendingId: 'p1' },
          ],
          new Map([
            ['a', acct('a', { debitsPending: 180 })],
            ['b', acct('b', { creditsPending: 180 })],
          ]),
          new Map([['p1', pend()]]),
        ),
      'pending_already_posted',
    ],
    [
      'posting an expired pending',
      () => plan([{ id: 'x', type: 'post', pendingId: 'p1' }], base(), new Map([['p1', pend({ expiresAt: NOW })]])),
      'pending_expired',
    ],
    [
      'posting more than reserved',
      () => plan([{ id: 'x', type: 'post', pendingId: 'p1', amount: 181 }], base(), new Map([['p1', pend()]])),
      'post_exceeds_pending',
    ],
    [
      'posting 0',
      () => plan([{ id: 'x', type: 'post', pendingId: 'p1', amount: 0 }], base(), new Map([['p1', pend()]])),
      'amount_invalid',
    ],
  ];
  for (const [name, run, expected] of cases) {
    it(`refuses ${name}`, () => expect(reason(run())).toBe(expected));
  }

  it('names the leg and the available amount when over the floor, and changes nothing', () => {
    const accounts = base();
    const p = plan([move({ id: 'ok', amount: 500 }), move({ id: 'bad', amount: 101 })], accounts);
    expect(p.ok).toBe(false);
    if (!p.ok)
      expect(p.refusal).toMatchObject({
        index: 1,
        transferId: 'bad',
        field: 'amount',
        details: { available: 100, floor: -600 },
      });
    expect(accounts.get('a')?.debitsPosted).toBe(0);
  });
  it('still lets a voided pending be voided after expiry (the sweep does that)', () => {
    const p = plan(
      [{ id: 'x', type: 'void', pendingId: 'p1' }],
      new Map([
        ['a', acct('a', { debitsPending: 180 })],
        ['b', acct('b', { creditsPending: 180 })],
      ]),
      new Map([['p1', pend({ expiresAt: NOW })]]),
    );
    expect(p.ok).toBe(true);
  });
});

describe('idempotency, corrections and replay', () => {
  const stored: LedgerTransferRow = {
    id: 't1',
    seq: 7,
    group_id: 't1',
    phase: 'posted',
    debit_account_id: 'a',
    credit_account_id: 'b',
    amount: 60,
    unit: 'TIME',
    kind: 'exchange',
    pending_id: null,
    expires_at: null,
    corrects_id: null,
    reference_type: null,
    reference_id: null,
    actor_id: 'u1',
    created_at: NOW,
  };
  it('finds no difference for the same request and names what differs otherwise', () => {
    expect(differences(stored, move())).toEqual([]);
    expect(differences(stored, move({ amount: 90 }))).toEqual(['amount']);
    expect(differences(stored, move({ creditAccountId: 'c', kind: 'gift' }))).toEqual(['creditAccountId', 'kind']);
    expect(differences(stored, { ...move(), type: 'pending' as const })).toEqual(['type']);
    const post: LedgerTransferRow = { ...stored, phase: 'post_pending', pending_id: 'p1', amount: 180 };
    expect(differences(post, { id: 't1', type: 'post', pendingId: 'p1' }, 180)).toEqual([]);
    expect(differences(post, { id: 't1', type: 'post', pendingId: 'p1', amount: 100 }, 180)).toEqual(['amount']);
    expect(differences(post, { id: 't1', type: 'void', pendingId: 'p1' })).toEqual(['type']);
  });
  it('reverses posted transfers only', () => {
    expect(reversalOf(stored, 'c1')).toMatchObject({
      type: 'posted',
      debitAccountId: 'b',
      creditAccountId: 'a',
      amount: 60,
      kind: 'correction',
      correctsId: 't1',
    });
    expect(reversalOf({ ...stored, phase: 'pending' }, 'c1')).toBeNull();
    expect(reversalOf({ ...stored, phase: 'void_pending' }, 'c1')).toBeNull();
  });
  it('replays counters from stored rows exactly as planGroup moved them', () => {
    const d = { debitsPending: 0, debitsPosted: 0, creditsPending: 0, creditsPosted: 0 };
    const c = { ...d };
    applyToCounters(d, c, 'pending', 180, 0);
    applyToCounters(d, c, 'post_pending', 120, 180);
    applyToCounters(d, c, 'posted', 10, 0);
    expect(d).toEqual({ debitsPending: 0, debitsPosted: 130, creditsPending: 0, creditsPosted: 0 });
    expect(c).toEqual({ debitsPending: 0, debitsPosted: 0, creditsPending: 0, creditsPosted: 130 });
    applyToCounters(d, c, 'pending', 50, 0);
    applyToCounters(d, c, 'void_pending', 50, 50);
    expect(d.debitsPending).toBe(0);
  });
});

describe('canonical entries and the chain', () => {
  const draft = {
    id: 't1',
    group_id: 't1',
    phase: 'posted' as const,
    debit_account_id: 'a',
    credit_account_id: 'b',
    amount: 60,
    unit: 'TIME' as const,
    kind: 'exchange',
    pending_id: null,
    expires_at: null,
    corrects_id: null,
    reference_type: null,
    reference_id: null,
    actor_id: 'u1',
    created_at: NOW,
  };
  it('encodes a transfer as a fixed-order array of ids, amounts and codes only', () => {
    expect(transferEntry(draft)).toBe(
      '["transfer","t1","t1","posted","a","b",60,"TIME","exchange",null,null,null,null,null,"u1","2026-03-02T09:00:00.000Z"]',
    );
    expect(
      accountEntry({ id: 'a', owner_type: 'person', owner_id: 'u1', unit: 'TIME', floor: -600, created_at: NOW }),
    ).toBe('["account","a","person","u1","TIME",-600,"2026-03-02T09:00:00.000Z"]');
    expect(floorEntry('a', -1200, 'admin', NOW)).toBe('["floor","a",-1200,"admin","2026-03-02T09:00:00.000Z"]');
  });
  it('hashes SHA-256 over the previous hash and the entry, so any change shows', () => {
    const h1 = chainHash(GENESIS_HASH, transferEntry(draft));
    expect(h1).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash(GENESIS_HASH, transferEntry(draft))).toBe(h1);
    expect(chainHash(GENESIS_HASH, transferEntry({ ...draft, amount: 61 }))).not.toBe(h1);
    expect(chainHash(h1, 'x')).not.toBe(chainHash(GENESIS_HASH, 'x'));
    // Known answer: SHA-256("0"×64 + "x").
    expect(chainHash(GENESIS_HASH, 'x')).toBe(
      createHash('sha256')
        .update(`${'0'.repeat(64)}x`)
        .digest('hex'),
    );
  });
});
