import type { LedgerUnit, OwnerType } from '../../../shared/schemas/ledger.ts';
import type { Db, Dialect } from '../../db/create-db.ts';
import type {
  CreditRequestsTable,
  LedgerAccountRow,
  LedgerAccountsTable,
  LedgerJournalTable,
  LedgerTransferRow,
} from './tables.ts';

const transferColumns = [
  't.id',
  't.seq',
  't.group_id',
  't.phase',
  't.debit_account_id',
  't.credit_account_id',
  't.amount',
  't.unit',
  't.kind',
  't.pending_id',
  't.expires_at',
  't.corrects_id',
  't.reference_type',
  't.reference_id',
  't.actor_id',
  't.created_at',
] as const;

export const findAccount = (
  db: Db,
  ownerType: OwnerType,
  ownerId: string,
  unit: LedgerUnit,
): Promise<LedgerAccountRow | undefined> =>
  db
    .selectFrom('ledger_accounts')
    .selectAll()
    .where('owner_type', '=', ownerType)
    .where('owner_id', '=', ownerId)
    .where('unit', '=', unit)
    .executeTakeFirst();

export const findAccountById = (db: Db, id: string): Promise<LedgerAccountRow | undefined> =>
  db.selectFrom('ledger_accounts').selectAll().where('id', '=', id).executeTakeFirst();

export const findAccountsOfOwner = (db: Db, ownerType: OwnerType, ownerId: string): Promise<LedgerAccountRow[]> =>
  db
    .selectFrom('ledger_accounts')
    .selectAll()
    .where('owner_type', '=', ownerType)
    .where('owner_id', '=', ownerId)
    .execute();

export const listAllAccounts = (db: Db): Promise<LedgerAccountRow[]> =>
  db.selectFrom('ledger_accounts').selectAll().orderBy('id').execute();

export async function insertAccount(db: Db, row: LedgerAccountsTable): Promise<void> {
  await db.insertInto('ledger_accounts').values(row).execute();
}

/**
 * Reads the journal head. On PostgreSQL the row is locked FOR UPDATE: every ledger write takes
 * this lock first, so appends to the chain (and the checks before them) are serialised. SQLite's
 * BEGIN IMMEDIATE already gives the writer the whole database.
 */
export async function lockHead(db: Db, dialect: Dialect): Promise<{ seq: number; hash: string }> {
  let q = db.selectFrom('ledger_head').select(['seq', 'hash']).where('id', '=', 1);
  if (dialect === 'postgres') q = q.forUpdate();
  return q.executeTakeFirstOrThrow();
}

/** Account rows for the given ids, locked in ascending id order on PostgreSQL (no deadlock between writers). */
export async function lockAccounts(db: Db, dialect: Dialect, ids: string[]): Promise<LedgerAccountRow[]> {
  if (ids.length === 0) return [];
  let q = db
    .selectFrom('ledger_accounts')
    .selectAll()
    .where('id', 'in', [...new Set(ids)].sort())
    .orderBy('id');
  if (dialect === 'postgres') q = q.forUpdate();
  return q.execute();
}

export async function updateCounters(
  db: Db,
  a: Pick<LedgerAccountRow, 'id' | 'debits_pending' | 'debits_posted' | 'credits_pending' | 'credits_posted'>,
): Promise<void> {
  await db
    .updateTable('ledger_accounts')
    .set({
      debits_pending: a.debits_pending,
      debits_posted: a.debits_posted,
      credits_pending: a.credits_pending,
      credits_posted: a.credits_posted,
    })
    .where('id', '=', a.id)
    .execute();
}

export async function updateFloor(db: Db, id: string, floor: number): Promise<void> {
  await db.updateTable('ledger_accounts').set({ floor }).where('id', '=', id).execute();
}

export const findTransfersByIds = (db: Db, ids: string[]): Promise<LedgerTransferRow[]> =>
  ids.length === 0
    ? Promise.resolve([])
    : db.selectFrom('ledger_transfers as t').select(transferColumns).where('t.id', 'in', ids).execute();

/** Pending transfers with how they were resolved (a post or void row referencing them), if at all. */
export const findPendingsWithResolution = (db: Db, ids: string[]) =>
  db
    .selectFrom('ledger_transfers as t')
    .leftJoin('ledger_transfers as r', 'r.pending_id', 't.id')
    .select(transferColumns)
    .select('r.phase as resolution_phase')
    .where('t.id', 'in', ids)
    .where('t.phase', '=', 'pending')
    .execute();

/** Pending transfers past their expiry that nobody posted or voided yet. */
export const findExpiredPendings = (db: Db, now: string, limit: number) =>
  db
    .selectFrom('ledger_transfers as t')
    .leftJoin('ledger_transfers as r', 'r.pending_id', 't.id')
    .select(['t.id'])
    .where('t.phase', '=', 'pending')
    .where('t.expires_at', '<=', now)
    .where('r.id', 'is', null)
    .orderBy('t.seq')
    .limit(limit)
    .execute();

export const findCorrectionOf = (db: Db, transferId: string) =>
  db.selectFrom('ledger_transfers').select('id').where('corrects_id', '=', transferId).executeTakeFirst();

/** Inserts the transfers whose id is free (`ON CONFLICT (id) DO NOTHING`); returns how many went in. */
export async function insertTransfersIfNew(db: Db, rows: LedgerTransferRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await db
    .insertInto('ledger_transfers')
    .values(rows)
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

export async function insertMemos(
  db: Db,
  rows: { transfer_id: string; author_id: string | null; memo: string }[],
): Promise<void> {
  if (rows.length > 0) await db.insertInto('ledger_memos').values(rows).execute();
}

export const findMemos = (db: Db, transferIds: string[]) =>
  transferIds.length === 0
    ? Promise.resolve([])
    : db.selectFrom('ledger_memos').select(['transfer_id', 'memo']).where('transfer_id', 'in', transferIds).execute();

export async function appendJournal(
  db: Db,
  rows: LedgerJournalTable[],
  head: { seq: number; hash: string },
): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('ledger_journal').values(rows).execute();
  await db.updateTable('ledger_head').set({ seq: head.seq, hash: head.hash }).where('id', '=', 1).execute();
}

export const readHead = (db: Db) =>
  db.selectFrom('ledger_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();

/** Transfers with both owners, a pending row's resolution and the memo: what the API shows. */
const transferView = (db: Db) =>
  db
    .selectFrom('ledger_transfers as t')
    .innerJoin('ledger_accounts as da', 'da.id', 't.debit_account_id')
    .innerJoin('ledger_accounts as ca', 'ca.id', 't.credit_account_id')
    .leftJoin('ledger_transfers as r', 'r.pending_id', 't.id')
    .leftJoin('ledger_memos as m', 'm.transfer_id', 't.id')
    .select(transferColumns)
    .select([
      'da.owner_type as debit_owner_type',
      'da.owner_id as debit_owner_id',
      'ca.owner_type as credit_owner_type',
      'ca.owner_id as credit_owner_id',
      'r.phase as resolution_phase',
      'm.memo',
      'm.author_id as memo_author_id',
    ]);

export type TransferViewRow = Awaited<ReturnType<typeof findTransferView>> & {};

export const findTransferView = (db: Db, id: string) => transferView(db).where('t.id', '=', id).executeTakeFirst();

/** Transfers touching any of the accounts, newest first, keyset on seq. */
export function listTransferViews(
  db: Db,
  filter: { accountIds: string[]; unit?: LedgerUnit; beforeSeq?: number; limit: number },
) {
  let q = transferView(db).where((eb) =>
    eb.or([eb('t.debit_account_id', 'in', filter.accountIds), eb('t.credit_account_id', 'in', filter.accountIds)]),
  );
  if (filter.unit) q = q.where('t.unit', '=', filter.unit);
  if (filter.beforeSeq !== undefined) q = q.where('t.seq', '<', filter.beforeSeq);
  return q
    .orderBy('t.seq', 'desc')
    .limit(filter.limit + 1)
    .execute();
}

/** Every transfer touching the accounts (all when `accountIds` is null), oldest first: for exports. */
export function exportTransferViews(db: Db, accountIds: string[] | null) {
  let q = transferView(db);
  if (accountIds !== null) {
    if (accountIds.length === 0) return Promise.resolve([]);
    q = q.where((eb) =>
      eb.or([eb('t.debit_account_id', 'in', accountIds), eb('t.credit_account_id', 'in', accountIds)]),
    );
  }
  return q.orderBy('t.seq').execute();
}

/** A page of the journal with the transfer row each entry describes (null for account and floor entries). */
export const journalPage = (db: Db, afterSeq: number, limit: number) =>
  db
    .selectFrom('ledger_journal as j')
    .leftJoin('ledger_transfers as t', 't.seq', 'j.seq')
    .select(['j.seq as j_seq', 'j.entry', 'j.prev_hash', 'j.hash'])
    .select(transferColumns)
    .where('j.seq', '>', afterSeq)
    .orderBy('j.seq')
    .limit(limit)
    .execute();

export const countTransfers = async (db: Db): Promise<number> =>
  Number(
    (
      await db
        .selectFrom('ledger_transfers')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Erasure: memos a person wrote or that sit on transfers of their accounts. Returns how many went. */
export async function deleteMemosOf(db: Db, userId: string, accountIds: string[]): Promise<number> {
  const result = await db
    .deleteFrom('ledger_memos')
    .where((eb) => {
      const byAuthor = eb('author_id', '=', userId);
      if (accountIds.length === 0) return byAuthor;
      const onTheirTransfers = eb.exists(
        eb
          .selectFrom('ledger_transfers as t')
          .select('t.id')
          .whereRef('t.id', '=', 'ledger_memos.transfer_id')
          .where((e) => e.or([e('t.debit_account_id', 'in', accountIds), e('t.credit_account_id', 'in', accountIds)])),
      );
      return eb.or([byAuthor, onTheirTransfers]);
    })
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

// ——— requests for time credits ———

/** A request with both names (a party who was erased has no row: the name reads as empty). */
const creditRequestView = (db: Db) =>
  db
    .selectFrom('credit_requests as r')
    .leftJoin('users as requester', 'requester.id', 'r.requester_user_id')
    .leftJoin('users as payer', 'payer.id', 'r.payer_user_id')
    .selectAll('r')
    .select(['requester.display_name as requester_name', 'payer.display_name as payer_name']);
export type CreditRequestView = NonNullable<Awaited<ReturnType<typeof findCreditRequest>>>;

export const findCreditRequest = (db: Db, id: string) =>
  creditRequestView(db).where('r.id', '=', id).executeTakeFirst();

export async function insertCreditRequest(db: Db, row: CreditRequestsTable): Promise<void> {
  await db.insertInto('credit_requests').values(row).execute();
}

/** Answers a pending request; false when it was no longer pending (answered in between). */
export async function answerCreditRequest(
  db: Db,
  id: string,
  changes: Pick<CreditRequestsTable, 'status' | 'answered_at'> & { transfer_id?: string },
): Promise<boolean> {
  const result = await db
    .updateTable('credit_requests')
    .set(changes)
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function countPendingCreditRequests(db: Db, requesterUserId: string): Promise<number> {
  const row = await db
    .selectFrom('credit_requests')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('requester_user_id', '=', requesterUserId)
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The person's requests, asked by them or of them, newest first (keyset on created_at, id). */
export function listCreditRequests(
  db: Db,
  userId: string,
  after: { createdAt: string; id: string } | undefined,
  limit: number,
) {
  let q = creditRequestView(db).where((eb) =>
    eb.or([eb('r.requester_user_id', '=', userId), eb('r.payer_user_id', '=', userId)]),
  );
  if (after)
    q = q.where((eb) =>
      eb.or([
        eb('r.created_at', '<', after.createdAt),
        eb.and([eb('r.created_at', '=', after.createdAt), eb('r.id', '<', after.id)]),
      ]),
    );
  return q
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(limit + 1)
    .execute();
}

/** The person's requests for export (GDPR art. 15/20). */
export const creditRequestsOf = (db: Db, userId: string) =>
  db
    .selectFrom('credit_requests')
    .selectAll()
    .where((eb) => eb.or([eb('requester_user_id', '=', userId), eb('payer_user_id', '=', userId)]))
    .orderBy('created_at')
    .execute();

/** Erasure: the person's requests go, asked or asked of them (a paid one's transfer stays in the ledger). */
export async function deleteCreditRequestsOf(db: Db, userId: string): Promise<void> {
  await db
    .deleteFrom('credit_requests')
    .where((eb) => eb.or([eb('requester_user_id', '=', userId), eb('payer_user_id', '=', userId)]))
    .execute();
}
