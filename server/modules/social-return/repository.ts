/**
 * Social return's queries: its own tables, and the confirmed ledger entries of a business read from
 * the ledger's tables (posted, not a correction, not corrected) with the kind of the need they served.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/create-db.ts';
import type { CountedTransfer } from './rules.ts';
import type { ObligationRow, RulesRow, SocialReturnStatementsTable } from './tables.ts';

export const organizationFacts = (db: Db, id: string) =>
  db.selectFrom('organizations').select(['id', 'type', 'name']).where('id', '=', id).executeTakeFirst();

export const insertObligation = (db: Db, row: ObligationRow) =>
  db.insertInto('social_return_obligations').values(row).execute();
export const findObligation = (db: Db, id: string) =>
  db.selectFrom('social_return_obligations').selectAll().where('id', '=', id).executeTakeFirst();
export const obligationsOf = (db: Db, organizationId: string) =>
  db
    .selectFrom('social_return_obligations')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute();

export const findRules = (db: Db, organizationId: string, buyerKey: string) =>
  db
    .selectFrom('social_return_rules')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('buyer_key', '=', buyerKey)
    .executeTakeFirst();
export async function upsertRules(db: Db, row: RulesRow): Promise<void> {
  const { organization_id: _o, buyer_key: _b, ...rest } = row;
  await db
    .insertInto('social_return_rules')
    .values(row)
    .onConflict((oc) => oc.columns(['organization_id', 'buyer_key']).doUpdateSet(rest))
    .execute();
}

/** Posted transfers on the organisation's accounts, created in [from, to), that no correction reversed. */
export async function confirmedTransfersOf(
  db: Db,
  organizationId: string,
  from: string,
  to: string,
): Promise<CountedTransfer[]> {
  const rows = await db
    .selectFrom('ledger_transfers as t')
    .innerJoin('ledger_accounts as d', 'd.id', 't.debit_account_id')
    .innerJoin('ledger_accounts as c', 'c.id', 't.credit_account_id')
    .leftJoin('engagements as e', (j) =>
      j.onRef('e.id', '=', 't.reference_id').on('t.reference_type', '=', 'engagement'),
    )
    .leftJoin('needs as n', 'n.id', 'e.need_id')
    .select([
      't.id',
      't.unit',
      't.kind',
      't.amount',
      'd.owner_type as d_type',
      'd.owner_id as d_id',
      'n.kind as need_kind',
    ])
    .where('t.phase', '=', 'posted')
    .where('t.corrects_id', 'is', null)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('ledger_transfers as r')
            .select(sql`1`.as('one'))
            .whereRef('r.corrects_id', '=', 't.id'),
        ),
      ),
    )
    .where((eb) =>
      eb.or([
        eb.and([eb('d.owner_type', '=', 'organization'), eb('d.owner_id', '=', organizationId)]),
        eb.and([eb('c.owner_type', '=', 'organization'), eb('c.owner_id', '=', organizationId)]),
      ]),
    )
    .where('t.created_at', '>=', from)
    .where('t.created_at', '<', to)
    .orderBy('t.seq')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    unit: r.unit,
    kind: r.kind,
    amount: r.amount,
    businessSide: r.d_type === 'organization' && r.d_id === organizationId ? 'debit' : 'credit',
    needKind: r.need_kind ?? null,
  }));
}

export const insertStatement = (db: Db, row: SocialReturnStatementsTable) =>
  db.insertInto('social_return_statements').values(row).execute();
export const findStatement = (db: Db, code: string) =>
  db.selectFrom('social_return_statements').selectAll().where('code', '=', code).executeTakeFirst();
