/**
 * The posting engine: the only code that writes ledger tables. Other modules (engagements) call
 * the functions that take `trx` inside their own transaction — preferably opened with
 * `withLedgerTransaction` — and call `publishLedger` after it commits.
 *
 * Every write takes the journal head first (locked FOR UPDATE on PostgreSQL), then the account rows
 * in ascending id order, so concurrent writers never deadlock and the chain has one order.
 * A thrown AppError means the group was refused: let it propagate so the transaction rolls back.
 */
import { createHash } from 'node:crypto';
import { ledgerUnits, type Balance, type LedgerUnit, type OwnerType } from '../../../shared/schemas/ledger.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/create-db.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { findUserById } from '../accounts/index.ts';
import { organizationTimeFloor } from '../organizations/index.ts';
import { groupCommit } from './group-commit.ts';
import * as repo from './repository.ts';
import { ledgerStore, type LedgerStore } from './store.ts';
import {
  accountEntry,
  available,
  chainHash,
  differences,
  floorEntry,
  planGroup,
  reversalOf,
  transferEntry,
  TRANSFER_TAG,
  type AccountState,
  type Leg,
  type PendingState,
  type Refusal,
} from './rules.ts';
import type { LedgerAccountRow, LedgerJournalTable, LedgerTransferRow } from './tables.ts';

/** Whose account: a person, an organisation, or the platform itself (`system`). */
export interface OwnerRef {
  type: OwnerType;
  id: string;
}
export const personOwner = (id: string): OwnerRef => ({ type: 'person', id });
export const organizationOwner = (id: string): OwnerRef => ({ type: 'organization', id });

/** Who caused a write (recorded as an opaque id in the journal); null for the system itself. */
export type LedgerActor = Pick<Actor, 'userId'> | null;

/**
 * One transfer of a linked group, by owner. `posted` moves value now; `pending` reserves it
 * (counted against the debit side's floor) until a later `post` (all or part) or `void`.
 */
export type TransferInput =
  | {
      id: string;
      type: 'posted' | 'pending';
      from: OwnerRef;
      to: OwnerRef;
      unit: LedgerUnit;
      amount: number;
      /** What it is for: exchange, work, allowance, wage, materials, … (lowercase word). */
      kind: string;
      reference?: { type: string; id: string };
      /** Pending only: expires (and is voided by the sweep) after this many seconds. */
      timeoutSeconds?: number;
      memo?: string;
    }
  | { id: string; type: 'post'; pendingId: string; amount?: number; memo?: string }
  | { id: string; type: 'void'; pendingId: string; memo?: string };

export interface LedgerWriteResult {
  /** The group's transfers, in the order given. */
  transfers: LedgerTransferRow[];
  /** True when every id already existed with the same request: nothing was written. */
  replayed: boolean;
  /** Accounts whose counters changed, after the change. */
  accounts: LedgerAccountRow[];
}

/** Collects journal entries in order and writes them, with the new head, in one go. */
class JournalAppender {
  #seq: number;
  #hash: string;
  #rows: LedgerJournalTable[] = [];
  constructor(head: { seq: number; hash: string }) {
    this.#seq = head.seq;
    this.#hash = head.hash;
  }
  /** Returns the entry's sequence number. `stored` is what the journal keeps (a transfer's tag; the row is its entry). */
  append(entry: string, stored = entry): number {
    const seq = this.#seq + 1;
    const hash = chainHash(this.#hash, entry);
    this.#rows.push({ seq, entry: stored, prev_hash: this.#hash, hash });
    this.#seq = seq;
    this.#hash = hash;
    return seq;
  }
  async flush(store: LedgerStore): Promise<void> {
    await store.appendJournal(this.#rows, { seq: this.#seq, hash: this.#hash });
    this.#rows = [];
  }
}

/**
 * The floor a new account gets: TIME accounts of people and organisations only, from configuration.
 * An organisation's depends on its verification (organizations: `organizationTimeFloor`): an
 * unverified one gets the small floor, so registering organisations cannot mint credit.
 */
async function defaultFloor(ctx: AppContext, db: Db, owner: OwnerRef, unit: LedgerUnit): Promise<number | null> {
  if (unit !== 'TIME') return null;
  if (owner.type === 'person') return ctx.config.ledger.personTimeFloorMinutes;
  if (owner.type === 'organization') return organizationTimeFloor(ctx, db, owner.id);
  return null;
}

async function ensureAccountWith(
  ctx: AppContext,
  trx: Db,
  store: LedgerStore,
  journal: JournalAppender,
  owner: OwnerRef,
  unit: LedgerUnit,
): Promise<LedgerAccountRow> {
  const found = await store.findAccount(owner.type, owner.id, unit);
  if (found) return found;
  const row: LedgerAccountRow = {
    id: newId(),
    owner_type: owner.type,
    owner_id: owner.id,
    unit,
    floor: await defaultFloor(ctx, trx, owner, unit),
    debits_pending: 0,
    debits_posted: 0,
    credits_pending: 0,
    credits_posted: 0,
    created_at: ctx.clock.now().toISOString(),
  };
  await store.insertAccount(row);
  journal.append(accountEntry(row));
  return row;
}

const toState = (a: LedgerAccountRow): AccountState => ({
  id: a.id,
  unit: a.unit,
  floor: a.floor,
  debitsPending: a.debits_pending,
  debitsPosted: a.debits_posted,
  creditsPending: a.credits_pending,
  creditsPosted: a.credits_posted,
});

/** Maps a rule's refusal to the API's error: 422 over_floor carries the available amount in details. */
function refusalError(r: Refusal): AppError {
  const details = { reason: r.reason, index: r.index, transferId: r.transferId, ...r.details };
  const fields = { [r.field]: r.message };
  switch (r.reason) {
    case 'over_floor':
      return new AppError(422, 'over_floor', r.message, fields, details);
    case 'pending_already_posted':
    case 'pending_already_voided':
      return new AppError(409, 'conflict', r.message, fields, details);
    case 'pending_not_found':
      return new AppError(404, 'not_found', r.message, fields, details);
    case 'pending_expired':
    case 'post_exceeds_pending':
      return new AppError(422, 'rule_refused', r.message, fields, details);
    default:
      return new AppError(400, 'invalid_input', r.message, fields, details);
  }
}

const idTaken = () => new AppError(409, 'id_taken', 'This id is already in use; make a new one');

const idempotencyConflict = (transferId: string, differing: string[]) =>
  new AppError(409, 'idempotency_conflict', 'This transfer id was already used for a different request', undefined, {
    transferId,
    fields: differing,
  });

const pendingIdsOf = (legs: readonly Leg[]) => [
  ...new Set(legs.flatMap((l) => (l.type === 'post' || l.type === 'void' ? [l.pendingId] : []))),
];

/**
 * Answers a retry: the same ids with the same request return what was stored; anything else is refused.
 * Ids someone else wrote are answered without a word about their transfers (issue 9, row 8).
 */
async function replayGroup(
  store: LedgerStore,
  legs: Leg[],
  memos: (string | undefined)[],
  actor: LedgerActor,
  existing: LedgerTransferRow[],
): Promise<LedgerWriteResult> {
  if (actor && existing.some((r) => r.actor_id !== null && r.actor_id !== actor.userId)) throw idTaken();
  const pendingRows = await store.findPendingsWithResolution(pendingIdsOf(legs));
  const byId = new Map(existing.map((r) => [r.id, r]));
  const storedMemos = new Map((await store.findMemos(existing.map((r) => r.id))).map((m) => [m.transfer_id, m.memo]));
  const groupIds = new Set(existing.map((r) => r.group_id));
  for (const [i, leg] of legs.entries()) {
    const stored = byId.get(leg.id);
    if (!stored || groupIds.size !== 1) throw idempotencyConflict(leg.id, ['group']);
    const pendingAmount = leg.type === 'post' ? pendingRows.find((p) => p.id === leg.pendingId)?.amount : undefined;
    const diff = differences(stored, leg, pendingAmount);
    if ((storedMemos.get(leg.id) ?? null) !== (memos[i] ?? null)) diff.push('memo');
    if (diff.length > 0) throw idempotencyConflict(leg.id, diff);
  }
  return { transfers: legs.map((l) => byId.get(l.id)).filter((r) => r !== undefined), replayed: true, accounts: [] };
}

/** `writeGroup`'s answer when some of the group's ids were written before: the caller replays instead. */
const RETRY = Symbol('retry');

/**
 * Writes a group of legs (account ids resolved) all or none. The journal head must already be locked
 * (it is the journal's appender). Idempotency costs no read up front: the rows go in with
 * `ON CONFLICT (id) DO NOTHING`, and a row that did not go in — or a refusal, since a retry may find
 * its balance already spent or its pending already posted — is answered by `RETRY` when an id was
 * taken, for the caller to undo and replay. `idsChecked`: the caller read the ids first (read-first),
 * so a refusal is simply a refusal.
 */
async function writeGroup(
  ctx: AppContext,
  store: LedgerStore,
  journal: JournalAppender,
  legs: Leg[],
  memos: (string | undefined)[],
  actor: LedgerActor,
  idsChecked: boolean,
): Promise<LedgerWriteResult | typeof RETRY> {
  const pendingRows = await store.findPendingsWithResolution(pendingIdsOf(legs));
  const accountIds = new Set<string>();
  for (const l of legs) {
    if (l.type === 'posted' || l.type === 'pending') {
      accountIds.add(l.debitAccountId);
      accountIds.add(l.creditAccountId);
    }
  }
  for (const p of pendingRows) {
    accountIds.add(p.debit_account_id);
    accountIds.add(p.credit_account_id);
  }
  const locked = await store.lockAccounts([...accountIds]);
  const accounts = new Map(locked.map((a) => [a.id, toState(a)]));
  const pendings = new Map<string, PendingState>(
    pendingRows.map((p) => [
      p.id,
      {
        id: p.id,
        debitAccountId: p.debit_account_id,
        creditAccountId: p.credit_account_id,
        amount: p.amount,
        unit: p.unit,
        kind: p.kind,
        referenceType: p.reference_type,
        referenceId: p.reference_id,
        expiresAt: p.expires_at,
        resolution:
          p.resolution_phase === 'post_pending' ? 'posted' : p.resolution_phase === 'void_pending' ? 'voided' : null,
      },
    ]),
  );

  const now = ctx.clock.now().toISOString();
  const plan = planGroup({ legs, accounts, pendings, groupId: legs[0]?.id ?? '', actorId: actor?.userId ?? null, now });
  if (!plan.ok) {
    if (!idsChecked && (await store.findTransfersByIds(legs.map((l) => l.id))).length > 0) return RETRY;
    const leg = legs[plan.refusal.index];
    ctx.events.emit('ledger.outcome', {
      unit: leg && 'unit' in leg ? leg.unit : 'unknown',
      outcome: 'refused',
      count: 1,
    });
    throw refusalError(plan.refusal);
  }

  const rows: LedgerTransferRow[] = plan.rows.map((draft) => ({
    ...draft,
    seq: journal.append(transferEntry(draft), TRANSFER_TAG),
  }));
  if (!(await store.insertTransfersIfNew(rows))) return RETRY;
  await store.insertMemos(
    rows.flatMap((r, i) => {
      const memo = memos[i];
      return memo ? [{ transfer_id: r.id, author_id: actor?.userId ?? null, memo }] : [];
    }),
  );
  const changed: LedgerAccountRow[] = [];
  for (const before of locked) {
    const after = plan.accounts.get(before.id);
    if (!after) continue;
    const row: LedgerAccountRow = {
      ...before,
      debits_pending: after.debitsPending,
      debits_posted: after.debitsPosted,
      credits_pending: after.creditsPending,
      credits_posted: after.creditsPosted,
    };
    if (
      row.debits_pending !== before.debits_pending ||
      row.debits_posted !== before.debits_posted ||
      row.credits_pending !== before.credits_pending ||
      row.credits_posted !== before.credits_posted
    ) {
      await store.updateCounters(row);
      changed.push(row);
    }
  }
  await journal.flush(store);
  return { transfers: rows, replayed: false, accounts: changed };
}

/**
 * One group, exactly once. With the raw SQLite store it is written inside a savepoint (in-process,
 * nearly free): when its ids turn out to be taken, the savepoint is rolled back (accounts it created
 * included) and the group is answered as a retry, its legs resolved again without creating accounts;
 * a refusal rolls back to the savepoint too. Through Kysely (PostgreSQL) each savepoint statement is a
 * round trip under the head lock, so there one read of the ids decides first, as before issue 15.
 * `legsOf(create, journal)` resolves the group's legs, creating missing accounts only when `create`.
 */
async function commitOnce(
  ctx: AppContext,
  store: LedgerStore,
  legsOf: (create: boolean, journal: JournalAppender) => Promise<Leg[]>,
  ids: string[],
  memos: (string | undefined)[],
  actor: LedgerActor,
): Promise<LedgerWriteResult> {
  const head = await store.lockHead();
  if (store.idempotency === 'read-first') {
    const existing = await store.findTransfersByIds(ids);
    if (existing.length > 0)
      return replayGroup(store, await legsOf(false, new JournalAppender(head)), memos, actor, existing);
    const journal = new JournalAppender(head);
    const written = await writeGroup(ctx, store, journal, await legsOf(true, journal), memos, actor, true);
    // The head lock keeps every other writer out between the read and the insert.
    if (written === RETRY)
      throw new Error('ledger invariant broken: a transfer id appeared under the journal head lock');
    return written;
  }
  await store.savepoint();
  let written: LedgerWriteResult | typeof RETRY;
  try {
    const journal = new JournalAppender(head);
    written = await writeGroup(ctx, store, journal, await legsOf(true, journal), memos, actor, false);
  } catch (err) {
    // A refusal leaves the transaction usable (the caller may answer it); other errors end it anyway.
    if (err instanceof AppError) await store.rollback();
    throw err;
  }
  if (written !== RETRY) {
    await store.release();
    return written;
  }
  await store.rollback();
  const existing = await store.findTransfersByIds(ids);
  return replayGroup(store, await legsOf(false, new JournalAppender(head)), memos, actor, existing);
}

/**
 * Creates a linked group of transfers: all are written or none (an AppError says why).
 * Accounts are created on first use. Retrying with the same ids and the same request returns
 * the stored transfers (`replayed: true`); the same ids with another request → 409 idempotency_conflict.
 *
 * Example — a confirmed engagement of 120 minutes whose 180 minutes of TIME were reserved at acceptance:
 *   createTransfers(ctx, trx, [
 *     { id: 'e1-work', type: 'posted', from: organizationOwner(org), to: personOwner(p), unit: 'WORK', amount: 120, kind: 'work' },
 *     { id: 'e1-time', type: 'post', pendingId: 'e1-reserve', amount: 120 },   // the other 60 are released
 *   ], { userId: coordinator })
 */
export async function createTransfers(
  ctx: AppContext,
  trx: Db,
  inputs: TransferInput[],
  actor: LedgerActor,
): Promise<LedgerWriteResult> {
  const store = ledgerStore(ctx, trx);
  await refuseAdminSpending(trx, store, inputs, actor);
  return commitOnce(
    ctx,
    store,
    (create, journal) => legsOf(ctx, trx, store, inputs, create, journal),
    inputs.map((i) => i.id),
    inputs.map((i) => i.memo),
    actor,
  );
}

/** The inputs as legs with account ids; a retry (`create` false) must not create accounts: a missing one makes the request differ. */
async function legsOf(
  ctx: AppContext,
  trx: Db,
  store: LedgerStore,
  inputs: TransferInput[],
  create: boolean,
  journal: JournalAppender,
): Promise<Leg[]> {
  const legs: Leg[] = [];
  for (const input of inputs) {
    if (input.type === 'post') {
      legs.push({
        id: input.id,
        type: 'post',
        pendingId: input.pendingId,
        ...(input.amount !== undefined ? { amount: input.amount } : {}),
      });
    } else if (input.type === 'void') {
      legs.push({ id: input.id, type: 'void', pendingId: input.pendingId });
    } else {
      if (!ledgerUnits.includes(input.unit)) throw invalid('unit', `Unknown unit ${String(input.unit)}`);
      const resolve = async (owner: OwnerRef) =>
        create
          ? (await ensureAccountWith(ctx, trx, store, journal, owner, input.unit)).id
          : ((await store.findAccount(owner.type, owner.id, input.unit))?.id ?? '');
      legs.push({
        id: input.id,
        type: input.type,
        debitAccountId: await resolve(input.from),
        creditAccountId: await resolve(input.to),
        amount: input.amount,
        unit: input.unit,
        kind: input.kind,
        referenceType: input.reference?.type ?? null,
        referenceId: input.reference?.id ?? null,
        ...(input.timeoutSeconds !== undefined ? { timeoutSeconds: input.timeoutSeconds } : {}),
      });
    }
  }
  return legs;
}

/**
 * "Admins correct, they do not spend" — however they came by a role: a platform admin may move value
 * only out of their own person account (corrections go through `createCorrection`). Checked here, in
 * the one place every spending group passes, so no route (exchange, engagement steps) can bypass it.
 */
async function refuseAdminSpending(
  trx: Db,
  store: LedgerStore,
  inputs: readonly TransferInput[],
  actor: LedgerActor,
): Promise<void> {
  if (actor === null) return;
  if (inputs.every((i) => i.type === 'void')) return;
  const user = await findUserById(trx, actor.userId);
  if (user?.is_admin !== 1) return;
  for (const input of inputs) {
    let from: { type: string; id: string } | undefined;
    if (input.type === 'void') continue;
    if (input.type === 'post') {
      const [pending] = await store.findTransfersByIds([input.pendingId]);
      const account = pending ? await store.findAccountById(pending.debit_account_id) : undefined;
      from = account ? { type: account.owner_type, id: account.owner_id } : undefined;
    } else {
      from = input.from;
    }
    if (from && !(from.type === 'person' && from.id === actor.userId)) {
      throw new AppError(
        403,
        'admin_cannot_spend',
        'Administrators correct the ledger; they do not spend credits of others',
      );
    }
  }
}

/**
 * Posts a pending transfer, all of it or part (the rest is released), exactly once.
 * Example: pending 180 minutes reserved; postPending(…, { id: 'p1', pendingId: 'r1', amount: 120 })
 * → 120 posted, 60 back to the payer's available balance; a second post or void of r1 → 409.
 */
export function postPending(
  ctx: AppContext,
  trx: Db,
  input: { id: string; pendingId: string; amount?: number; memo?: string },
  actor: LedgerActor,
): Promise<LedgerWriteResult> {
  return createTransfers(ctx, trx, [{ type: 'post', ...input }], actor);
}

/**
 * Voids a pending transfer exactly once: the whole reservation is released.
 * Example: 180 minutes pending for a cancelled engagement → voidPending → both pending counters drop by 180.
 */
export function voidPending(
  ctx: AppContext,
  trx: Db,
  input: { id: string; pendingId: string; memo?: string },
  actor: LedgerActor,
): Promise<LedgerWriteResult> {
  return createTransfers(ctx, trx, [{ type: 'void', ...input }], actor);
}

/**
 * Runs `fn` in a transaction. On PostgreSQL a serialization failure or deadlock (40001, 40P01) is
 * retried up to 5 times with a short random back-off; `fn` must therefore do no network I/O and
 * have no effects outside the transaction. On SQLite writers that wait meanwhile share the next
 * transaction, each in a savepoint of its own (group-commit.ts): `fn` still commits all or nothing,
 * and the promise settles only after the commit.
 * Example: await withLedgerTransaction(ctx, (trx) => createTransfers(ctx, trx, legs, actor)).
 */
export async function withLedgerTransaction<T>(ctx: AppContext, fn: (trx: Db) => Promise<T>): Promise<T> {
  if (ctx.dialect === 'sqlite' && ctx.sqlite) return groupCommit(ctx.db, ctx.sqlite, fn);
  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.db.transaction().execute(fn);
    } catch (err) {
      const code = (err as { code?: unknown } | null)?.code;
      if (ctx.dialect !== 'postgres' || attempt >= 5 || (code !== '40001' && code !== '40P01')) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
    }
  }
}

/**
 * Tells the rest of the app (realtime pushes) that balances changed. Call after the commit.
 * Example: a 60-minute exchange from A to B → `ledger` event with both people's ids.
 */
export function publishLedger(ctx: AppContext, result: LedgerWriteResult): void {
  if (result.replayed || result.transfers.length === 0) return;
  const userIds = new Set<string>();
  const organizationIds = new Set<string>();
  for (const a of result.accounts) {
    if (a.owner_type === 'person') userIds.add(a.owner_id);
    if (a.owner_type === 'organization') organizationIds.add(a.owner_id);
  }
  ctx.events.emit('ledger', {
    transferIds: result.transfers.map((t) => t.id),
    userIds: [...userIds],
    organizationIds: [...organizationIds],
  });
  for (const t of result.transfers) ctx.events.emit('ledger.outcome', { unit: t.unit, outcome: t.phase, count: 1 });
  ctx.log.info(
    { transferIds: result.transfers.map((t) => t.id), amounts: result.transfers.map((t) => `${t.amount} ${t.unit}`) },
    'ledger transfers written',
  );
}

/**
 * Balances of an owner in every unit (zeros for units without an account yet; reading never creates one).
 * Example: a newcomer who received 120 minutes and has 30 pending out: TIME posted 120, pending −30,
 * floor −600, available 690.
 */
export async function balancesOf(ctx: AppContext, db: Db, owner: OwnerRef): Promise<Balance[]> {
  const rows = await repo.findAccountsOfOwner(db, owner.type, owner.id);
  const timeFloor = await defaultFloor(ctx, db, owner, 'TIME');
  return ledgerUnits.map((unit) => {
    const a = rows.find((r) => r.unit === unit);
    const state: AccountState = a
      ? toState(a)
      : {
          id: '',
          unit,
          floor: unit === 'TIME' ? timeFloor : null,
          debitsPending: 0,
          debitsPosted: 0,
          creditsPending: 0,
          creditsPosted: 0,
        };
    return {
      accountId: a?.id ?? null,
      unit,
      posted: state.creditsPosted - state.debitsPosted,
      pending: state.creditsPending - state.debitsPending,
      ...(state.floor !== null ? { floor: state.floor, available: Math.max(0, available(state)) } : {}),
    };
  });
}

/** Voids every pending transfer past its expiry (ids derived from the pending's, so two sweeps never both void). */
export async function expirePendingTransfers(ctx: AppContext): Promise<number> {
  const expired = await repo.findExpiredPendings(ctx.db, ctx.clock.now().toISOString(), 100);
  let voided = 0;
  for (const { id } of expired) {
    const voidId = `exp-${createHash('sha256').update(id).digest('hex').slice(0, 40)}`;
    const result = await withLedgerTransaction(ctx, async (trx) => {
      const pending = (await repo.findPendingsWithResolution(trx, [id]))[0];
      if (!pending || pending.resolution_phase !== null) return null;
      return createTransfers(ctx, trx, [{ id: voidId, type: 'void', pendingId: id }], null);
    });
    if (result) {
      publishLedger(ctx, result);
      voided += 1;
    }
  }
  return voided;
}

/**
 * Erasure (GDPR art. 17): deletes the memos a person wrote or that sit on their transfers.
 * Transfers and the journal keep only opaque ids and amounts, so the chain still verifies.
 */
export async function eraseLedgerMemos(trx: Db, userId: string): Promise<number> {
  const accounts = await repo.findAccountsOfOwner(trx, 'person', userId);
  return repo.deleteMemosOf(
    trx,
    userId,
    accounts.map((a) => a.id),
  );
}

/** Changes a TIME account's floor and journals it (admins only: the caller checks). Returns the account row. */
export async function changeFloor(
  ctx: AppContext,
  trx: Db,
  accountId: string,
  floor: number,
  actor: Pick<Actor, 'userId'>,
): Promise<LedgerAccountRow> {
  const store = ledgerStore(ctx, trx);
  const journal = new JournalAppender(await store.lockHead());
  const [row] = await store.lockAccounts([accountId]);
  if (!row) throw notFound('Account');
  if (row.unit !== 'TIME')
    throw new AppError(422, 'rule_refused', 'Only TIME accounts have a floor', { floor: 'Not a TIME account' });
  await store.updateFloor(accountId, floor);
  journal.append(floorEntry(accountId, floor, actor.userId, ctx.clock.now().toISOString()));
  await journal.flush(store);
  return { ...row, floor };
}

/**
 * Moves the owner's TIME account, when it has one, to `floor` (journalled like every floor change);
 * without an account nothing happens, as the floor is set when it is created. Organisation
 * verification uses it: a verified organisation gets the larger floor, a withdrawn one the small one.
 */
export async function alignTimeFloor(
  ctx: AppContext,
  trx: Db,
  owner: OwnerRef,
  floor: number,
  actor: Pick<Actor, 'userId'>,
): Promise<void> {
  const account = await ledgerStore(ctx, trx).findAccount(owner.type, owner.id, 'TIME');
  if (account && account.floor !== floor) await changeFloor(ctx, trx, account.id, floor, actor);
}

/** A new transfer reversing a posted one (`body.id`), the reason kept as an erasable memo; once per transfer (409). */
export async function createCorrection(
  ctx: AppContext,
  trx: Db,
  body: { id: string; transferId: string; reason: string },
  actor: Pick<Actor, 'userId'>,
): Promise<LedgerWriteResult> {
  const store = ledgerStore(ctx, trx);
  // The head first, as every write: the checks below must not race another correction.
  await store.lockHead();
  const [original] = await store.findTransfersByIds([body.transferId]);
  if (!original) throw new AppError(404, 'not_found', 'Transfer not found', { transferId: 'No such transfer' });
  const leg = reversalOf(original, body.id);
  if (!leg)
    throw new AppError(422, 'rule_refused', 'Only posted transfers can be corrected; void a pending one instead', {
      transferId: 'Not posted',
    });
  // Rare and admin-only, so read first: a second correction under a new id is a 409, not a unique violation.
  const existing = await store.findTransfersByIds([body.id]);
  if (existing.length === 0 && (await store.findCorrectionOf(original.id)))
    throw new AppError(409, 'conflict', 'This transfer was already corrected', { transferId: 'Already corrected' });
  return commitOnce(ctx, store, async () => [leg], [body.id], [body.reason], actor);
}
