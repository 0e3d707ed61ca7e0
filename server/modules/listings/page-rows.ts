/**
 * The rows of a search's page (up to 100 needs or offers by id), read with one prepared
 * statement: the ids go in as one JSON text, so a page of any size is the same SQL — prepared
 * once and kept by the SQLite statement cache, the same text every time on PostgreSQL — and
 * Kysely builds and compiles it once per database, not per search (building it per search cost
 * about as much as the index's whole search, issue 15). The columns are `repository.ts`'s, so the
 * rows are those `findNeedsByIds` and `findOffersByIds` read.
 */
import { sql, type CompiledQuery } from 'kysely';
import type { Db, Dialect } from '../../db/create-db.ts';
import { selectNeeds, selectOffers } from './repository.ts';

/** Stands for the ids' JSON text among the compiled query's parameters. */
const IDS = '\u0000page ids';

/** The ids of a JSON array as a one-column subquery. */
const idsIn = (dialect: Dialect) =>
  dialect === 'sqlite' ? sql<string>`(select value from json_each(${IDS}))` : sql<string>`(select json_array_elements_text(cast(${IDS} as json)))`;

const needsQuery = (db: Db, dialect: Dialect) => selectNeeds(db).where('needs.id', 'in', idsIn(dialect)).compile();
const offersQuery = (db: Db, dialect: Dialect) => selectOffers(db).where('offers.id', 'in', idsIn(dialect)).compile();

const compiledNeeds = new WeakMap<Db, ReturnType<typeof needsQuery>>();
const compiledOffers = new WeakMap<Db, ReturnType<typeof offersQuery>>();

async function run<Row>(db: Db, compiled: CompiledQuery<Row>, ids: readonly string[]): Promise<Row[]> {
  if (ids.length === 0) return [];
  const json = JSON.stringify(ids);
  const parameters = compiled.parameters.map((p) => (p === IDS ? json : p));
  return (await db.executeQuery<Row>({ ...compiled, parameters })).rows;
}

/** The needs with these ids (in any order), as `findNeedsByIds` reads them. */
export function pageNeeds(db: Db, dialect: Dialect, ids: readonly string[]) {
  let compiled = compiledNeeds.get(db);
  if (!compiled) compiledNeeds.set(db, (compiled = needsQuery(db, dialect)));
  return run(db, compiled, ids);
}

/** The offers with these ids (in any order), as `findOffersByIds` reads them. */
export function pageOffers(db: Db, dialect: Dialect, ids: readonly string[]) {
  let compiled = compiledOffers.get(db);
  if (!compiled) compiledOffers.set(db, (compiled = offersQuery(db, dialect)));
  return run(db, compiled, ids);
}
