/**
 * The posting engine as it was before issue 15 (commit e8def27, server/modules/ledger/posting.ts):
 * Kysely for every statement, a read of the group's ids before every write (read-then-write
 * idempotency), and the journal written whole — each entry's text and its prev_hash beside its hash.
 * Kept here only as the oracle of tests/integration/ledger-lean.property.test.ts, which runs the
 * same random operations through it and through the lean engine and compares what they leave behind.
 * It writes the journal with raw SQL in the old layout, so it runs on a database whose migrations
 * stop before the lean journal; the test then migrates it, as an existing installation would be.
 */
import { sql } from 'kysely';
import type { Db } from '../../server/db/create-db.ts';
import { AppError } from '../../server/errors.ts';
import { newId } from '../../server/ids.ts';
import type { OwnerRef, TransferInput } from '../../server/modules/ledger/posting.ts';
import {
  accountEntry,
  chainHash,
  differences,
  planGroup,
  reversalOf,
  transferEntry,
  type AccountState,
  type Leg,
  type PendingState,
} from '../../server/modules/ledger/rules.ts';
import type { LedgerAccountRow, LedgerTransferRow } from '../../server/modules/ledger/tables.ts';

const transferColumns = [
  'id',
  'seq',
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
] as const;

/** The refusal as the API answers it: status and code (the old engine's refusalError, reduced). */
export class ReferenceRefusal extends AppError {}

const refusal = (status: number, code: ConstructorParameters<typeof AppError>[1], message: string) =>
  new ReferenceRefusal(status, code, message);

function refusalOf(reason: string, message: string): AppError {
  switch (reason) {
    case 'over_floor':
      return refusal(422, 'over_floor', message);
    case 'pending_already_posted':
    case 'pending_already_voided':
      return refusal(409, 'conflict', message);
    case 'pending_not_found':
      return refusal(404, 'not_found', message);
    case 'pending_expired':
    case 'post_exceeds_pending':
      return refusal(422, 'rule_refused', message);
    default:
      return refusal(400, 'invalid_input', message);
  }
}

interface Journal {
  seq: number;
  hash: string;
  rows: { seq: number; entry: string; prev_hash: string; hash: string }[];
}
const append = (j: Journal, entry: string): number => {
  const seq = j.seq + 1;
  const hash = chainHash(j.hash, entry);
  j.rows.push({ seq, entry, prev_hash: j.hash, hash });
  j.seq = seq;
  j.hash = hash;
  return seq;
};
async function flush(db: Db, j: Journal): Promise<void> {
  if (j.rows.length === 0) return;
  for (const r of j.rows)
    await sql`insert into ledger_journal (seq, entry, prev_hash, hash) values (${r.seq}, ${r.entry}, ${r.prev_hash}, ${r.hash})`.execute(
      db,
    );
  await sql`update ledger_head set seq = ${j.seq}, hash = ${j.hash} where id = 1`.execute(db);
  j.rows = [];
}

const findAccount = (db: Db, owner: OwnerRef, unit: string) =>
  db
    .selectFrom('ledger_accounts')
    .selectAll()
    .where('owner_type', '=', owner.type)
    .where('owner_id', '=', owner.id)
    .where('unit', '=', unit as LedgerAccountRow['unit'])
    .executeTakeFirst();
const findTransfers = (db: Db, ids: string[]): Promise<LedgerTransferRow[]> =>
  ids.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('ledger_transfers as t')
        .select(transferColumns.map((c) => `t.${c}` as const))
        .where('t.id', 'in', ids)
        .execute();

const toState = (a: LedgerAccountRow): AccountState => ({
  id: a.id,
  unit: a.unit,
  floor: a.floor,
  debitsPending: a.debits_pending,
  debitsPosted: a.debits_posted,
  creditsPending: a.credits_pending,
  creditsPosted: a.credits_posted,
});

/** The old `commitGroup`: replay when any id exists, else plan and write. */
async function commitGroup(
  db: Db,
  journal: Journal,
  legs: Leg[],
  memos: (string | undefined)[],
  actorId: string | null,
  now: string,
  existing: LedgerTransferRow[],
): Promise<'written' | 'replayed'> {
  const pendingIds = [...new Set(legs.flatMap((l) => (l.type === 'post' || l.type === 'void' ? [l.pendingId] : [])))];
  const pendingRows = pendingIds.length
    ? await db
        .selectFrom('ledger_transfers as t')
        .leftJoin('ledger_transfers as r', 'r.pending_id', 't.id')
        .select(transferColumns.map((c) => `t.${c}` as const))
        .select('r.phase as resolution_phase')
        .where('t.id', 'in', pendingIds)
        .where('t.phase', '=', 'pending')
        .execute()
    : [];
  if (existing.length > 0) {
    const byId = new Map(existing.map((r) => [r.id, r]));
    const storedMemos = new Map(
      (
        await db
          .selectFrom('ledger_memos')
          .select(['transfer_id', 'memo'])
          .where(
            'transfer_id',
            'in',
            existing.map((r) => r.id),
          )
          .execute()
      ).map((m) => [m.transfer_id, m.memo]),
    );
    const groupIds = new Set(existing.map((r) => r.group_id));
    for (const [i, leg] of legs.entries()) {
      const stored = byId.get(leg.id);
      if (!stored || groupIds.size !== 1) throw refusal(409, 'idempotency_conflict', 'group');
      const diff = differences(
        stored,
        leg,
        leg.type === 'post' ? pendingRows.find((p) => p.id === leg.pendingId)?.amount : undefined,
      );
      if ((storedMemos.get(leg.id) ?? null) !== (memos[i] ?? null)) diff.push('memo');
      if (diff.length > 0) throw refusal(409, 'idempotency_conflict', diff.join(','));
    }
    return 'replayed';
  }
  const accountIds = new Set<string>();
  for (const l of legs)
    if (l.type === 'posted' || l.type === 'pending') accountIds.add(l.debitAccountId).add(l.creditAccountId);
  for (const p of pendingRows) accountIds.add(p.debit_account_id).add(p.credit_account_id);
  const locked = accountIds.size
    ? await db
        .selectFrom('ledger_accounts')
        .selectAll()
        .where('id', 'in', [...accountIds].sort())
        .orderBy('id')
        .execute()
    : [];
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
  const plan = planGroup({
    legs,
    accounts: new Map(locked.map((a) => [a.id, toState(a)])),
    pendings,
    groupId: legs[0]?.id ?? '',
    actorId,
    now,
  });
  if (!plan.ok) throw refusalOf(plan.refusal.reason, plan.refusal.message);
  const rows = plan.rows.map((draft) => ({ ...draft, seq: append(journal, transferEntry(draft)) }));
  await db.insertInto('ledger_transfers').values(rows).execute();
  const memoRows = rows.flatMap((r, i) =>
    memos[i] ? [{ transfer_id: r.id, author_id: actorId, memo: memos[i] ?? '' }] : [],
  );
  if (memoRows.length) await db.insertInto('ledger_memos').values(memoRows).execute();
  for (const before of locked) {
    const after = plan.accounts.get(before.id);
    if (!after) continue;
    if (
      after.debitsPending !== before.debits_pending ||
      after.debitsPosted !== before.debits_posted ||
      after.creditsPending !== before.credits_pending ||
      after.creditsPosted !== before.credits_posted
    ) {
      await db
        .updateTable('ledger_accounts')
        .set({
          debits_pending: after.debitsPending,
          debits_posted: after.debitsPosted,
          credits_pending: after.creditsPending,
          credits_posted: after.creditsPosted,
        })
        .where('id', '=', before.id)
        .execute();
    }
  }
  await flush(db, journal);
  return 'written';
}

const lockHead = async (db: Db): Promise<Journal> => {
  const head = await db.selectFrom('ledger_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  return { seq: Number(head.seq), hash: head.hash, rows: [] };
};

/**
 * The old `createTransfers` for the system actor (null). Accounts of people get `personFloor` on TIME;
 * call it inside a transaction (a refusal throws, and the caller's rollback takes created accounts with it).
 */
export async function referenceCreateTransfers(
  db: Db,
  inputs: TransferInput[],
  now: string,
  personFloor: number,
): Promise<'written' | 'replayed'> {
  const journal = await lockHead(db);
  const existing = await findTransfers(
    db,
    inputs.map((i) => i.id),
  );
  const legs: Leg[] = [];
  for (const input of inputs) {
    if (input.type === 'post')
      legs.push({
        id: input.id,
        type: 'post',
        pendingId: input.pendingId,
        ...(input.amount !== undefined ? { amount: input.amount } : {}),
      });
    else if (input.type === 'void') legs.push({ id: input.id, type: 'void', pendingId: input.pendingId });
    else {
      const resolve = async (owner: OwnerRef): Promise<string> => {
        const found = await findAccount(db, owner, input.unit);
        if (found || existing.length > 0) return found?.id ?? '';
        const row: LedgerAccountRow = {
          id: newId(),
          owner_type: owner.type,
          owner_id: owner.id,
          unit: input.unit,
          floor: input.unit === 'TIME' && owner.type === 'person' ? personFloor : null,
          debits_pending: 0,
          debits_posted: 0,
          credits_pending: 0,
          credits_posted: 0,
          created_at: now,
        };
        await db.insertInto('ledger_accounts').values(row).execute();
        append(journal, accountEntry(row));
        return row.id;
      };
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
  return commitGroup(
    db,
    journal,
    legs,
    inputs.map((i) => i.memo),
    null,
    now,
    existing,
  );
}

/** The old `createCorrection` (404 / 422 / 409 as before), reason kept as the memo. */
export async function referenceCreateCorrection(
  db: Db,
  body: { id: string; transferId: string; reason: string },
  actorId: string,
  now: string,
): Promise<'written' | 'replayed'> {
  const journal = await lockHead(db);
  const [original] = await findTransfers(db, [body.transferId]);
  if (!original) throw refusal(404, 'not_found', 'Transfer not found');
  const leg = reversalOf(original, body.id);
  if (!leg) throw refusal(422, 'rule_refused', 'Not posted');
  const existing = await findTransfers(db, [body.id]);
  if (
    existing.length === 0 &&
    (await db.selectFrom('ledger_transfers').select('id').where('corrects_id', '=', original.id).executeTakeFirst())
  )
    throw refusal(409, 'conflict', 'Already corrected');
  return commitGroup(db, journal, [leg], [body.reason], actorId, now, existing);
}
