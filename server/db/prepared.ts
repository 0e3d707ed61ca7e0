/**
 * Raw better-sqlite3 statements for the few hot paths that skip Kysely's build-compile-map per call
 * (the ledger's posting engine, a search page's rows): prepared once per SQL text and database
 * handle, and kept for the handle's life (a WeakMap keyed by the handle, so a closed database takes
 * its statements with it).
 */
import type SqliteDatabase from 'better-sqlite3';

const statements = new WeakMap<SqliteDatabase.Database, Map<string, SqliteDatabase.Statement>>();

export function preparedStatement(sqlite: SqliteDatabase.Database, text: string): SqliteDatabase.Statement {
  let byText = statements.get(sqlite);
  if (!byText) statements.set(sqlite, (byText = new Map()));
  let statement = byText.get(text);
  if (!statement) byText.set(text, (statement = sqlite.prepare(text)));
  return statement;
}
