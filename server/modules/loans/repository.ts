/** Loans' queries: items with their owner's name, loans with item, owner and borrower. */
import type { Db, Dialect } from '../../db/create-db.ts';
import type { LendableItemRow, LoanRow } from './tables.ts';

export type ItemView = LendableItemRow & { owner_person_name: string | null; owner_organization_name: string | null };
export type LoanView = LoanRow & {
  item_title: string;
  item_value_per_day_cents: number;
  item_loan_days: number;
  owner_type: LendableItemRow['owner_type'];
  owner_id: string;
  owner_person_name: string | null;
  owner_organization_name: string | null;
  borrower_name: string;
};

const itemViews = (db: Db) =>
  db
    .selectFrom('lendable_items as i')
    .leftJoin('users as op', (j) => j.onRef('op.id', '=', 'i.owner_id').on('i.owner_type', '=', 'person'))
    .leftJoin('organizations as oo', (j) => j.onRef('oo.id', '=', 'i.owner_id').on('i.owner_type', '=', 'organization'))
    .selectAll('i')
    .select(['op.display_name as owner_person_name', 'oo.name as owner_organization_name']);

export const insertItem = (db: Db, row: LendableItemRow) => db.insertInto('lendable_items').values(row).execute();
export const findItem = (db: Db, id: string): Promise<ItemView | undefined> =>
  itemViews(db).where('i.id', '=', id).executeTakeFirst();
export const setItemStatus = (db: Db, id: string, status: LendableItemRow['status'], now: string) =>
  db.updateTable('lendable_items').set({ status, updated_at: now }).where('id', '=', id).execute();

/** The library: items not retired, newest first; one owner's (an organisation's library of things) or one PC4 area. */
export function listItems(
  db: Db,
  input: { organizationId?: string; pc4?: string; after?: [string, string]; limit: number },
): Promise<ItemView[]> {
  let q = itemViews(db).where('i.status', '!=', 'retired');
  if (input.organizationId)
    q = q.where('i.owner_type', '=', 'organization').where('i.owner_id', '=', input.organizationId);
  if (input.pc4) q = q.where('i.pc4', '=', input.pc4);
  if (input.after) {
    const [at, id] = input.after;
    q = q.where((eb) =>
      eb.or([eb('i.created_at', '<', at), eb.and([eb('i.created_at', '=', at), eb('i.id', '<', id)])]),
    );
  }
  return q
    .orderBy('i.created_at', 'desc')
    .orderBy('i.id', 'desc')
    .limit(input.limit + 1)
    .execute();
}

const loanViews = (db: Db) =>
  db
    .selectFrom('loans as l')
    .innerJoin('lendable_items as i', 'i.id', 'l.item_id')
    .innerJoin('users as b', 'b.id', 'l.borrower_id')
    .leftJoin('users as op', (j) => j.onRef('op.id', '=', 'i.owner_id').on('i.owner_type', '=', 'person'))
    .leftJoin('organizations as oo', (j) => j.onRef('oo.id', '=', 'i.owner_id').on('i.owner_type', '=', 'organization'))
    .selectAll('l')
    .select([
      'i.title as item_title',
      'i.value_per_day_cents as item_value_per_day_cents',
      'i.loan_days as item_loan_days',
      'i.owner_type as owner_type',
      'i.owner_id as owner_id',
      'op.display_name as owner_person_name',
      'oo.name as owner_organization_name',
      'b.display_name as borrower_name',
    ]);

export const insertLoan = (db: Db, row: LoanRow) => db.insertInto('loans').values(row).execute();
export const findLoan = (db: Db, id: string): Promise<LoanView | undefined> =>
  loanViews(db).where('l.id', '=', id).executeTakeFirst();

/** The loan with its item's owner, the loan row locked on PostgreSQL (one step at a time). */
export async function lockLoan(db: Db, dialect: Dialect, id: string): Promise<LoanView | undefined> {
  if (dialect === 'postgres') await db.selectFrom('loans').select('id').where('id', '=', id).forUpdate().execute();
  return findLoan(db, id);
}

export const updateLoan = (db: Db, id: string, patch: Partial<Omit<LoanRow, 'id'>>) =>
  db.updateTable('loans').set(patch).where('id', '=', id).execute();

/** An open request or loan of the item (one at a time). */
export const activeLoanOf = (db: Db, itemId: string) =>
  db
    .selectFrom('loans')
    .select('id')
    .where('item_id', '=', itemId)
    .where('status', 'in', ['handed_over', 'overdue'])
    .executeTakeFirst();
export const openRequestOf = (db: Db, itemId: string, borrowerId: string) =>
  db
    .selectFrom('loans')
    .select('id')
    .where('item_id', '=', itemId)
    .where('borrower_id', '=', borrowerId)
    .where('status', '=', 'requested')
    .executeTakeFirst();
/** Other requests of an item ended when it is handed over to one borrower. */
export const otherRequests = (db: Db, itemId: string, exceptId: string) =>
  db
    .selectFrom('loans')
    .select('id')
    .where('item_id', '=', itemId)
    .where('id', '!=', exceptId)
    .where('status', '=', 'requested')
    .execute();

export function listLoans(
  db: Db,
  input: {
    borrowerId?: string;
    owner?: { type: 'person' | 'organization'; id: string };
    after?: [string, string];
    limit: number;
  },
): Promise<LoanView[]> {
  let q = loanViews(db);
  if (input.borrowerId) q = q.where('l.borrower_id', '=', input.borrowerId);
  if (input.owner) q = q.where('i.owner_type', '=', input.owner.type).where('i.owner_id', '=', input.owner.id);
  if (input.after) {
    const [at, id] = input.after;
    q = q.where((eb) =>
      eb.or([eb('l.created_at', '<', at), eb.and([eb('l.created_at', '=', at), eb('l.id', '<', id)])]),
    );
  }
  return q
    .orderBy('l.created_at', 'desc')
    .orderBy('l.id', 'desc')
    .limit(input.limit + 1)
    .execute();
}

/** Loans out past their due date (the sweep decides which get a reminder now). */
export const pastDue = (db: Db, now: string, limit: number): Promise<LoanView[]> =>
  loanViews(db)
    .where('l.status', 'in', ['handed_over', 'overdue'])
    .where('l.due_at', '<', now)
    .orderBy('l.due_at')
    .limit(limit)
    .execute();

export const userExists = async (db: Db, id: string) =>
  (await db.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;

/** Erasure: the person's own items leave the library, their words on loans go; ids, dates and values stay. */
export async function erasePersonalData(db: Db, userId: string, now: string): Promise<void> {
  await db
    .updateTable('lendable_items')
    .set({ title: '—', description: '', status: 'retired', updated_at: now })
    .where('owner_type', '=', 'person')
    .where('owner_id', '=', userId)
    .execute();
  await db.updateTable('loans').set({ message: '', settlement_note: null }).where('borrower_id', '=', userId).execute();
}
