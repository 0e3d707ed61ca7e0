/**
 * The rows of a search's page (up to 100 needs or offers by id), read with one prepared
 * statement: the ids go in as one JSON text, so a page of any size is the same SQL, which Kysely
 * builds and compiles once per database, not per search (building it per search cost about as much
 * as the index's whole search, issue 15). On SQLite the statement is prepared once on the raw
 * better-sqlite3 handle and returns arrays, made into rows here: better-sqlite3's own row objects
 * (30-odd named columns each) cost a third more. It runs while holding Kysely's one connection, so
 * it never reads in the middle of another request's transaction. The statement is prepared once (`db/prepared.ts`); the columns are `repository.ts`'s,
 * so the rows are those `findNeedsByIds` and `findOffersByIds` read.
 */
import type SqliteDatabase from 'better-sqlite3';
import type { CompiledQuery } from 'kysely';
import type { AppContext } from '../../context.ts';
import { preparedStatement } from '../../db/prepared.ts';
import type { Db, Dialect } from '../../db/create-db.ts';
import { needsByIdsJson, offersByIdsJson } from './repository.ts';

/** Stands for the ids' JSON text among the compiled query's parameters. */
const IDS = '\u0000page ids';

const needsQuery = (db: Db, dialect: Dialect) => needsByIdsJson(db, dialect, IDS).compile();
const offersQuery = (db: Db, dialect: Dialect) => offersByIdsJson(db, dialect, IDS).compile();

const compiledNeeds = new WeakMap<Db, ReturnType<typeof needsQuery>>();
const compiledOffers = new WeakMap<Db, ReturnType<typeof offersQuery>>();

/** A page statement's column names, read once per statement. */
const columnsOf = new WeakMap<SqliteDatabase.Statement, string[]>();

type Source = Pick<AppContext, 'db' | 'dialect' | 'sqlite'>;

async function run<Row>(ctx: Source, compiled: CompiledQuery<Row>, ids: readonly string[]): Promise<Row[]> {
  if (ids.length === 0) return [];
  const json = JSON.stringify(ids);
  const parameters = compiled.parameters.map((p) => (p === IDS ? json : p));
  const sqlite = ctx.sqlite;
  if (!sqlite) return (await ctx.db.executeQuery<Row>({ ...compiled, parameters })).rows;
  const statement = preparedStatement(sqlite, compiled.sql).raw(true);
  let columns = columnsOf.get(statement);
  if (!columns) columnsOf.set(statement, (columns = statement.columns().map((c) => c.name)));
  return ctx.db.connection().execute(async () =>
    (statement.all(...parameters) as unknown[][]).map((values) => {
      const row: Record<string, unknown> = {};
      for (let i = 0; i < columns.length; i++) row[columns[i] ?? ''] = values[i];
      // The columns are the compiled query's, so the row is the query's row.
      return row as Row;
    }),
  );
}

/** The needs with these ids (in any order), as `findNeedsByIds` reads them. */
export function pageNeeds(ctx: Source, ids: readonly string[]) {
  let compiled = compiledNeeds.get(ctx.db);
  if (!compiled) compiledNeeds.set(ctx.db, (compiled = needsQuery(ctx.db, ctx.dialect)));
  return run(ctx, compiled, ids);
}

/** The offers with these ids (in any order), as `findOffersByIds` reads them. */
export function pageOffers(ctx: Source, ids: readonly string[]) {
  let compiled = compiledOffers.get(ctx.db);
  if (!compiled) compiledOffers.set(ctx.db, (compiled = offersQuery(ctx.db, ctx.dialect)));
  return run(ctx, compiled, ids);
}
