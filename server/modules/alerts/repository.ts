import type { Db } from '../../db/create-db.ts';
import type { SavedSearchesTable } from './tables.ts';

export async function insertSearch(
  db: Db,
  row: SavedSearchesTable,
  entries: { cell: string; kind: string }[],
): Promise<void> {
  await db.insertInto('saved_searches').values(row).execute();
  for (let i = 0; i < entries.length; i += 500) {
    await db
      .insertInto('saved_search_cells')
      .values(entries.slice(i, i + 500).map((e) => ({ ...e, search_id: row.id })))
      .execute();
  }
}

export const countOf = async (db: Db, userId: string): Promise<number> =>
  Number(
    (
      await db
        .selectFrom('saved_searches')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', userId)
        .executeTakeFirst()
    )?.n ?? 0,
  );

export const searchesOf = (db: Db, userId: string) =>
  db
    .selectFrom('saved_searches')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();

export async function deleteSearch(db: Db, userId: string, id: string): Promise<boolean> {
  await db
    .deleteFrom('saved_search_cells')
    .where(
      'search_id',
      'in',
      db.selectFrom('saved_searches').select('id').where('id', '=', id).where('user_id', '=', userId),
    )
    .execute();
  const r = await db.deleteFrom('saved_searches').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** The index lookup: searches filed under these cells and kinds (primary-key range reads). */
export async function candidates(db: Db, cells: string[], kinds: string[]) {
  return db
    .selectFrom('saved_search_cells as c')
    .innerJoin('saved_searches as s', 's.id', 'c.search_id')
    .selectAll('s')
    .where('c.cell', 'in', cells)
    .where('c.kind', 'in', kinds)
    .execute();
}

export async function eraseSearchesOf(db: Db, userId: string): Promise<void> {
  await db
    .deleteFrom('saved_search_cells')
    .where('search_id', 'in', db.selectFrom('saved_searches').select('id').where('user_id', '=', userId))
    .execute();
  await db.deleteFrom('saved_searches').where('user_id', '=', userId).execute();
}
