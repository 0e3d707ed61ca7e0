/** Sales' queries: offers with their organisation, sales with both parties' names, the income figures. */
import { sql } from 'kysely';
import type { Db, Dialect } from '../../db/create-db.ts';
import type { OrganizationIncomeYearsTable, SaleRow, ServiceOfferRow } from './tables.ts';

export type ServiceOfferView = ServiceOfferRow & {
  organization_name: string;
  organization_type: string;
  organization_verified_at: string | null;
};
export type SaleView = SaleRow & {
  offer_title: string;
  offer_price_unit: ServiceOfferRow['price_unit'];
  offer_price_cents: number;
  seller_name: string;
  buyer_person_name: string | null;
  buyer_organization_name: string | null;
};

const offerViews = (db: Db) =>
  db
    .selectFrom('service_offers as s')
    .innerJoin('organizations as o', 'o.id', 's.organization_id')
    .selectAll('s')
    .select(['o.name as organization_name', 'o.type as organization_type', 'o.verified_at as organization_verified_at'])
    .where('o.hidden_at', 'is', null);

export const organizationFacts = (db: Db, id: string) =>
  db.selectFrom('organizations').select(['id', 'type', 'name']).where('id', '=', id).executeTakeFirst();

export const insertOffer = (db: Db, row: ServiceOfferRow) => db.insertInto('service_offers').values(row).execute();
export const findOffer = (db: Db, id: string): Promise<ServiceOfferView | undefined> =>
  offerViews(db).where('s.id', '=', id).executeTakeFirst();
export const setOfferStatus = (db: Db, id: string, status: 'open' | 'closed', now: string) =>
  db.updateTable('service_offers').set({ status, updated_at: now }).where('id', '=', id).execute();

const escapeLike = (s: string) => s.toLowerCase().replace(/[%_\\]/g, '\\$&');

/** Open offers, newest first; `q` in title or description, a domain, one organisation. */
export function searchOffers(
  db: Db,
  input: { q?: string; domain?: string; organizationId?: string; after?: [string, string]; limit: number },
): Promise<ServiceOfferView[]> {
  let q = offerViews(db).where('s.status', '=', 'open');
  if (input.q) {
    const like = `%${escapeLike(input.q)}%`;
    q = q.where((eb) =>
      eb.or([
        eb(sql<string>`lower(s.title)`, 'like', sql<string>`${like} escape '\\'`),
        eb(sql<string>`lower(s.description)`, 'like', sql<string>`${like} escape '\\'`),
      ]),
    );
  }
  if (input.domain) q = q.where('s.domain', '=', input.domain as ServiceOfferRow['domain']);
  if (input.organizationId) q = q.where('s.organization_id', '=', input.organizationId);
  if (input.after) {
    const [at, id] = input.after;
    q = q.where((eb) =>
      eb.or([eb('s.created_at', '<', at), eb.and([eb('s.created_at', '=', at), eb('s.id', '<', id)])]),
    );
  }
  return q
    .orderBy('s.created_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(input.limit + 1)
    .execute();
}

const saleViews = (db: Db) =>
  db
    .selectFrom('sales as x')
    .innerJoin('service_offers as s', 's.id', 'x.service_offer_id')
    .innerJoin('organizations as seller', 'seller.id', 'x.seller_id')
    .leftJoin('users as bp', (j) => j.onRef('bp.id', '=', 'x.buyer_id').on('x.buyer_type', '=', 'person'))
    .leftJoin('organizations as bo', (j) => j.onRef('bo.id', '=', 'x.buyer_id').on('x.buyer_type', '=', 'organization'))
    .selectAll('x')
    .select([
      's.title as offer_title',
      's.price_unit as offer_price_unit',
      's.price_cents as offer_price_cents',
      'seller.name as seller_name',
      'bp.display_name as buyer_person_name',
      'bo.name as buyer_organization_name',
    ]);

export const insertSale = (db: Db, row: SaleRow) => db.insertInto('sales').values(row).execute();
export const findSale = (db: Db, id: string): Promise<SaleView | undefined> =>
  saleViews(db).where('x.id', '=', id).executeTakeFirst();

export async function lockSale(db: Db, dialect: Dialect, id: string): Promise<SaleRow | undefined> {
  const q = db.selectFrom('sales').selectAll().where('id', '=', id);
  return (dialect === 'postgres' ? q.forUpdate() : q).executeTakeFirst();
}

export const updateSale = (db: Db, id: string, patch: Partial<Omit<SaleRow, 'id'>>) =>
  db.updateTable('sales').set(patch).where('id', '=', id).execute();

export function listSales(
  db: Db,
  input: {
    column: 'seller' | 'buyer';
    buyerType?: 'person' | 'organization';
    ownerId: string;
    after?: [string, string];
    limit: number;
  },
): Promise<SaleView[]> {
  let q = saleViews(db);
  q =
    input.column === 'seller'
      ? q.where('x.seller_id', '=', input.ownerId)
      : q.where('x.buyer_type', '=', input.buyerType ?? 'person').where('x.buyer_id', '=', input.ownerId);
  if (input.after) {
    const [at, id] = input.after;
    q = q.where((eb) =>
      eb.or([eb('x.created_at', '<', at), eb.and([eb('x.created_at', '=', at), eb('x.id', '<', id)])]),
    );
  }
  return q
    .orderBy('x.created_at', 'desc')
    .orderBy('x.id', 'desc')
    .limit(input.limit + 1)
    .execute();
}

/** Confirmed sales of an initiative confirmed in [from, to): count, EUR and WORK minutes. */
export async function confirmedSalesBetween(db: Db, sellerId: string, from: string, to: string) {
  const row = await db
    .selectFrom('sales')
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      eb.fn.coalesce(eb.fn.sum<number>('price_cents'), eb.lit(0)).as('cents'),
      eb.fn.coalesce(eb.fn.sum<number>('work_minutes'), eb.lit(0)).as('minutes'),
    ])
    .where('seller_id', '=', sellerId)
    .where('status', '=', 'confirmed')
    .where('confirmed_at', '>=', from)
    .where('confirmed_at', '<', to)
    .executeTakeFirstOrThrow();
  return { count: Number(row.n), cents: Number(row.cents), minutes: Number(row.minutes) };
}

export const findIncomeYear = (db: Db, organizationId: string, year: number) =>
  db
    .selectFrom('organization_income_years')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('year', '=', year)
    .executeTakeFirst();

export async function upsertIncomeYear(db: Db, row: OrganizationIncomeYearsTable): Promise<void> {
  await db
    .insertInto('organization_income_years')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['organization_id', 'year']).doUpdateSet({
        subsidies_cents: row.subsidies_cents,
        donations_cents: row.donations_cents,
        declared_by: row.declared_by,
        declared_at: row.declared_at,
      }),
    )
    .execute();
}

/** A person's own purchases (their data export). */
export const purchasesOf = (db: Db, userId: string): Promise<SaleView[]> =>
  saleViews(db)
    .where('x.buyer_type', '=', 'person')
    .where('x.buyer_id', '=', userId)
    .orderBy('x.created_at', 'desc')
    .execute();

/** Erasure: the messages the person wrote with their orders go; amounts and statuses stay like the ledger. */
export async function eraseMessagesOf(db: Db, userId: string): Promise<void> {
  await db.updateTable('sales').set({ message: '' }).where('ordered_by', '=', userId).execute();
}
