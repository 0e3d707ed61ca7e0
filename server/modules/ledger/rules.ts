/**
 * The ledger's rules, without I/O: validating a linked group of transfers against account states,
 * the counters that result, and the canonical journal encoding. The service loads state, calls
 * these, and writes what they return; verify.ts replays the journal with the same functions.
 *
 * Balances are seen from the account holder: balance = credits − debits. A person who receives
 * 60 minutes of time credit is credited 60; the sender is debited 60.
 */
import { hash } from 'node:crypto';
import type { LedgerUnit } from '../../../shared/schemas/ledger.ts';
import type { LedgerTransferRow } from './tables.ts';

export type Phase = 'posted' | 'pending' | 'post_pending' | 'void_pending';

/** Largest amount of one transfer: 10^12 minutes or cents keeps every sum a safe integer. */
export const MAX_AMOUNT = 1_000_000_000_000;
/** Most legs in one linked group. */
export const MAX_GROUP_SIZE = 100;
/** Longest a pending transfer may wait before it expires (a year). */
export const MAX_TIMEOUT_SECONDS = 366 * 24 * 60 * 60;
export const GENESIS_HASH = '0'.repeat(64);

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
const KIND_PATTERN = /^[a-z][a-z_]{0,39}$/;

export interface Counters {
  debitsPending: number;
  debitsPosted: number;
  creditsPending: number;
  creditsPosted: number;
}

export interface AccountState extends Counters {
  id: string;
  unit: LedgerUnit;
  /** Lowest balance allowed, pending debits counted; null = no floor. */
  floor: number | null;
}

/** A pending transfer as far as posting and voiding need it. */
export interface PendingState {
  id: string;
  debitAccountId: string;
  creditAccountId: string;
  amount: number;
  unit: LedgerUnit;
  kind: string;
  referenceType: string | null;
  referenceId: string | null;
  expiresAt: string | null;
  /** Set once a post or void row references it. */
  resolution: 'posted' | 'voided' | null;
}

/** A leg that moves value between two accounts, now (`posted`) or reserved (`pending`). */
export interface MoveLeg<T extends 'posted' | 'pending' = 'posted' | 'pending'> {
  id: string;
  type: T;
  debitAccountId: string;
  creditAccountId: string;
  amount: number;
  unit: LedgerUnit;
  kind: string;
  referenceType?: string | null;
  referenceId?: string | null;
  /** Pending only: seconds until it expires; none = never. */
  timeoutSeconds?: number;
  /** Corrections: the transfer this one reverses (floors do not apply to a correction). */
  correctsId?: string;
}

/** One leg of a linked group, with account ids resolved. */
export type Leg =
  | MoveLeg<'posted'>
  | MoveLeg<'pending'>
  | { id: string; type: 'post'; pendingId: string; amount?: number }
  | { id: string; type: 'void'; pendingId: string };

/** A transfer row ready to append; the service gives it its journal sequence number. */
export type TransferDraft = Omit<LedgerTransferRow, 'seq'>;

export type RefusalReason =
  | 'group_empty'
  | 'group_too_large'
  | 'id_invalid'
  | 'id_repeated_in_group'
  | 'kind_invalid'
  | 'amount_invalid'
  | 'amount_too_large'
  | 'accounts_must_differ'
  | 'account_not_found'
  | 'unit_mismatch'
  | 'timeout_invalid'
  | 'pending_not_found'
  | 'pending_already_posted'
  | 'pending_already_voided'
  | 'pending_expired'
  | 'post_exceeds_pending'
  | 'over_floor';

export interface Refusal {
  reason: RefusalReason;
  /** Which leg of the group (0-based) and its id. */
  index: number;
  transferId: string;
  /** The request field at fault, for the API's `fields`. */
  field: string;
  message: string;
  details?: Record<string, unknown>;
}

export type Plan =
  { ok: true; rows: TransferDraft[]; accounts: Map<string, AccountState> } | { ok: false; refusal: Refusal };

/**
 * What an account may still send: posted balance minus pending debits, down to its floor.
 * Example: floor −600, received 120, sent 300, 60 pending out → 120 − 300 − 60 + 600 = 360 minutes.
 * Accounts without a floor are unlimited (Infinity).
 */
export function available(a: AccountState): number {
  if (a.floor === null) return Number.POSITIVE_INFINITY;
  return a.creditsPosted - a.debitsPosted - a.debitsPending - a.floor;
}

/** True when a pending transfer has passed its expiry. Example: expires 10:00, now 10:00 → expired. */
export const isExpired = (p: Pick<PendingState, 'expiresAt'>, now: string): boolean =>
  p.expiresAt !== null && p.expiresAt <= now;

/**
 * Checks a linked group against the accounts and pending transfers it touches, leg by leg in order,
 * and returns the rows to append and the accounts' new counters — or the first refusal, in which
 * case nothing of the group may be written (all or none).
 *
 * Example (floor −600, nothing sent yet): [pending 60 A→B] → A.debitsPending 60, B.creditsPending 60;
 * then [post 45 of it] → A.debitsPosted 45, A.debitsPending 0 (the other 15 released), B.creditsPosted 45.
 */
export function planGroup(input: {
  legs: Leg[];
  accounts: ReadonlyMap<string, AccountState>;
  pendings: ReadonlyMap<string, PendingState>;
  groupId: string;
  actorId: string | null;
  now: string;
}): Plan {
  const { legs, now } = input;
  const refuse = (
    index: number,
    reason: RefusalReason,
    field: string,
    message: string,
    details?: Record<string, unknown>,
  ): Plan => ({
    ok: false,
    refusal: { reason, index, transferId: legs[index]?.id ?? '', field, message, ...(details ? { details } : {}) },
  });
  if (legs.length === 0) return refuse(0, 'group_empty', 'transfers', 'A group needs at least one transfer');
  if (legs.length > MAX_GROUP_SIZE)
    return refuse(0, 'group_too_large', 'transfers', `A group holds at most ${MAX_GROUP_SIZE} transfers`);

  const accounts = new Map<string, AccountState>();
  for (const [id, a] of input.accounts) accounts.set(id, { ...a });
  // Pendings created earlier in this group may be posted or voided later in it.
  const pendings = new Map<string, PendingState>();
  for (const [id, p] of input.pendings) pendings.set(id, { ...p });
  const seen = new Set<string>();
  const rows: TransferDraft[] = [];

  for (const [i, leg] of legs.entries()) {
    if (!ID_PATTERN.test(leg.id))
      return refuse(i, 'id_invalid', 'id', 'A transfer id is 1–64 letters, digits or _ . : -');
    if (seen.has(leg.id)) return refuse(i, 'id_repeated_in_group', 'id', 'Each transfer in a group needs its own id');
    seen.add(leg.id);

    if (leg.type === 'posted' || leg.type === 'pending') {
      if (!KIND_PATTERN.test(leg.kind))
        return refuse(i, 'kind_invalid', 'kind', 'A kind is a lowercase word such as exchange');
      if (!Number.isSafeInteger(leg.amount) || leg.amount <= 0)
        return refuse(i, 'amount_invalid', 'amount', 'The amount must be a whole number above 0');
      if (leg.amount > MAX_AMOUNT)
        return refuse(i, 'amount_too_large', 'amount', `The amount may be at most ${MAX_AMOUNT}`);
      if (leg.debitAccountId === leg.creditAccountId)
        return refuse(i, 'accounts_must_differ', 'creditAccountId', 'An account cannot pay itself');
      const debit = accounts.get(leg.debitAccountId);
      const credit = accounts.get(leg.creditAccountId);
      if (!debit) return refuse(i, 'account_not_found', 'debitAccountId', 'The debit account does not exist');
      if (!credit) return refuse(i, 'account_not_found', 'creditAccountId', 'The credit account does not exist');
      if (debit.unit !== leg.unit || credit.unit !== leg.unit)
        return refuse(i, 'unit_mismatch', 'unit', `Both accounts must hold ${leg.unit}`);
      let expiresAt: string | null = null;
      if (leg.timeoutSeconds !== undefined) {
        if (
          leg.type !== 'pending' ||
          !Number.isSafeInteger(leg.timeoutSeconds) ||
          leg.timeoutSeconds <= 0 ||
          leg.timeoutSeconds > MAX_TIMEOUT_SECONDS
        ) {
          return refuse(
            i,
            'timeout_invalid',
            'timeoutSeconds',
            'A timeout is whole seconds above 0, at most a year, on a pending transfer only',
          );
        }
        expiresAt = new Date(new Date(now).getTime() + leg.timeoutSeconds * 1000).toISOString();
      }
      if (leg.correctsId === undefined && leg.amount > available(debit)) {
        return refuse(i, 'over_floor', 'amount', 'This would take the balance below its floor', {
          available: Math.max(0, available(debit)),
          floor: debit.floor,
          accountId: debit.id,
        });
      }
      if (leg.type === 'pending') {
        debit.debitsPending += leg.amount;
        credit.creditsPending += leg.amount;
        pendings.set(leg.id, {
          id: leg.id,
          debitAccountId: debit.id,
          creditAccountId: credit.id,
          amount: leg.amount,
          unit: leg.unit,
          kind: leg.kind,
          referenceType: leg.referenceType ?? null,
          referenceId: leg.referenceId ?? null,
          expiresAt,
          resolution: null,
        });
      } else {
        debit.debitsPosted += leg.amount;
        credit.creditsPosted += leg.amount;
      }
      rows.push({
        id: leg.id,
        group_id: input.groupId,
        phase: leg.type,
        debit_account_id: debit.id,
        credit_account_id: credit.id,
        amount: leg.amount,
        unit: leg.unit,
        kind: leg.kind,
        pending_id: null,
        expires_at: expiresAt,
        corrects_id: leg.correctsId ?? null,
        reference_type: leg.referenceType ?? null,
        reference_id: leg.referenceId ?? null,
        actor_id: input.actorId,
        created_at: now,
      });
      continue;
    }

    const pending = pendings.get(leg.pendingId);
    if (!pending) return refuse(i, 'pending_not_found', 'pendingId', 'No pending transfer with this id');
    if (pending.resolution === 'posted')
      return refuse(i, 'pending_already_posted', 'pendingId', 'This pending transfer was already posted');
    if (pending.resolution === 'voided')
      return refuse(i, 'pending_already_voided', 'pendingId', 'This pending transfer was already voided');
    const debit = accounts.get(pending.debitAccountId);
    const credit = accounts.get(pending.creditAccountId);
    if (!debit || !credit)
      return refuse(i, 'account_not_found', 'pendingId', 'The pending transfer’s accounts were not loaded');
    let amount = pending.amount;
    if (leg.type === 'post') {
      if (isExpired(pending, now))
        return refuse(i, 'pending_expired', 'pendingId', 'This pending transfer has expired');
      amount = leg.amount ?? pending.amount;
      if (!Number.isSafeInteger(amount) || amount <= 0)
        return refuse(i, 'amount_invalid', 'amount', 'The amount must be a whole number above 0');
      if (amount > pending.amount) {
        return refuse(i, 'post_exceeds_pending', 'amount', `At most the ${pending.amount} reserved can be posted`, {
          pendingAmount: pending.amount,
        });
      }
      debit.debitsPosted += amount;
      credit.creditsPosted += amount;
    }
    // Posting releases the whole reservation (the unposted rest goes back); voiding releases it too.
    debit.debitsPending -= pending.amount;
    credit.creditsPending -= pending.amount;
    pending.resolution = leg.type === 'post' ? 'posted' : 'voided';
    rows.push({
      id: leg.id,
      group_id: input.groupId,
      phase: leg.type === 'post' ? 'post_pending' : 'void_pending',
      debit_account_id: debit.id,
      credit_account_id: credit.id,
      amount,
      unit: pending.unit,
      kind: pending.kind,
      pending_id: pending.id,
      expires_at: null,
      corrects_id: null,
      reference_type: pending.referenceType,
      reference_id: pending.referenceId,
      actor_id: input.actorId,
      created_at: now,
    });
  }

  // Post-condition (TIGER_STYLE): counters never go negative; a bug here must stop the write, not store it.
  for (const a of accounts.values()) {
    if (a.debitsPending < 0 || a.creditsPending < 0 || a.debitsPosted < 0 || a.creditsPosted < 0) {
      throw new Error(`ledger invariant broken: negative counter on account ${a.id}`);
    }
  }
  return { ok: true, rows, accounts };
}

/**
 * The reversing leg that corrects a posted transfer: same amount, accounts swapped.
 * Example: a 90-minute transfer A→B is corrected by a new 90-minute transfer B→A.
 * Only posted effects can be reversed; a pending transfer is voided instead.
 */
export function reversalOf(original: LedgerTransferRow, id: string): Leg | null {
  if (original.phase !== 'posted' && original.phase !== 'post_pending') return null;
  return {
    id,
    type: 'posted',
    debitAccountId: original.credit_account_id,
    creditAccountId: original.debit_account_id,
    amount: original.amount,
    unit: original.unit,
    kind: 'correction',
    referenceType: original.reference_type,
    referenceId: original.reference_id,
    correctsId: original.id,
  };
}

/**
 * Fields in which a retried leg differs from the stored transfer with its id (empty = same request).
 * Example: stored 60 A→B, retried 90 A→B → ['amount'] (the API answers 409).
 * `pendingAmount` resolves a post that left its amount out (it meant "all of it").
 */
export function differences(stored: LedgerTransferRow, leg: Leg, pendingAmount?: number): string[] {
  const diff: string[] = [];
  if (leg.type === 'posted' || leg.type === 'pending') {
    if (stored.phase !== leg.type) diff.push('type');
    if (stored.debit_account_id !== leg.debitAccountId) diff.push('debitAccountId');
    if (stored.credit_account_id !== leg.creditAccountId) diff.push('creditAccountId');
    if (stored.amount !== leg.amount) diff.push('amount');
    if (stored.unit !== leg.unit) diff.push('unit');
    if (stored.kind !== leg.kind) diff.push('kind');
    if (stored.reference_type !== (leg.referenceType ?? null) || stored.reference_id !== (leg.referenceId ?? null))
      diff.push('reference');
    if (stored.corrects_id !== (leg.correctsId ?? null)) diff.push('correctsId');
    if ((stored.expires_at === null) !== (leg.timeoutSeconds === undefined)) diff.push('timeoutSeconds');
    return diff;
  }
  if (stored.phase !== (leg.type === 'post' ? 'post_pending' : 'void_pending')) diff.push('type');
  if (stored.pending_id !== leg.pendingId) diff.push('pendingId');
  if (leg.type === 'post' && stored.amount !== (leg.amount ?? pendingAmount)) diff.push('amount');
  return diff;
}

/**
 * Applies one stored transfer to recomputed counters (the verifier's replay).
 * Example: pending 60 then post_pending 45 → debitsPosted 45, debitsPending 0.
 * `pendingAmount` is the amount of the pending transfer a post/void resolves.
 */
export function applyToCounters(
  debit: Counters,
  credit: Counters,
  phase: Phase,
  amount: number,
  pendingAmount: number,
): void {
  switch (phase) {
    case 'posted':
      debit.debitsPosted += amount;
      credit.creditsPosted += amount;
      return;
    case 'pending':
      debit.debitsPending += amount;
      credit.creditsPending += amount;
      return;
    case 'post_pending':
      debit.debitsPosted += amount;
      credit.creditsPosted += amount;
      debit.debitsPending -= pendingAmount;
      credit.creditsPending -= pendingAmount;
      return;
    case 'void_pending':
      debit.debitsPending -= pendingAmount;
      credit.creditsPending -= pendingAmount;
  }
}

/** The transfer columns in their entry's order (verify-sqlite.ts builds the same array in SQL). */
export const TRANSFER_ENTRY_FIELDS = [
  'id',
  'group_id',
  'phase',
  'debit_account_id',
  'credit_account_id',
  'amount',
  'unit',
  'kind',
  'pending_id',
  'expires_at',
  'corrects_id',
  'reference_type',
  'reference_id',
  'actor_id',
  'created_at',
] as const satisfies readonly (keyof TransferDraft)[];

/**
 * The canonical journal entry of a transfer: a JSON array in a fixed order of opaque ids, amounts,
 * codes and the time — never a memo or a name, so erasure cannot break the chain.
 * Example: ["transfer","t1","t1","posted","acc-a","acc-b",60,"TIME","exchange",null,…,"2026-03-02T09:00:00.000Z"].
 */
export function transferEntry(r: { [K in keyof TransferDraft]: TransferDraft[K] | null }): string {
  return JSON.stringify(['transfer', ...TRANSFER_ENTRY_FIELDS.map((field) => r[field])]);
}

/**
 * What the journal stores for a transfer's entry (migration 0820): the transfer row is the entry, so
 * the journal keeps only this tag beside the hashes, and the hash covers `transferEntry(row)`. An entry
 * written before 0820 that differed from its row kept its full text; verification reads both forms.
 */
export const TRANSFER_TAG = '["transfer"]';

/** The canonical entry of a new account. Example: ["account","acc-a","person","u1","TIME",-600,"2026-…"]. */
export function accountEntry(a: {
  id: string;
  owner_type: string;
  owner_id: string;
  unit: string;
  floor: number | null;
  created_at: string;
}): string {
  return JSON.stringify(['account', a.id, a.owner_type, a.owner_id, a.unit, a.floor, a.created_at]);
}

/** The canonical entry of a floor change. Example: ["floor","acc-a",-1200,"admin-id","2026-…"]. */
export function floorEntry(accountId: string, floor: number, actorId: string | null, at: string): string {
  return JSON.stringify(['floor', accountId, floor, actorId, at]);
}

/**
 * The chain: hash = SHA-256 of the UTF-8 text `prev_hash ‖ entry` (prev_hash as 64 hex digits), in hex.
 * Example: the first entry's prev_hash is 64 zeros (GENESIS_HASH). One-shot `crypto.hash` keeps a
 * 1,000,000-entry verification within seconds.
 */
export function chainHash(prevHash: string, entry: string): string {
  return hash('sha256', prevHash + entry, 'hex');
}
