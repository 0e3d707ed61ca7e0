import { PGlite, types } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import type { Database } from './database.ts';
import type { DbHandle } from './create-db.ts';

/** In-process PostgreSQL (WASM) so `npm test` covers PostgreSQL without a server. */
export async function createPgliteDb(): Promise<DbHandle> {
  const client = await PGlite.create({
    parsers: { [types.INT8]: (v: string) => Number(v), [types.NUMERIC]: (v: string) => Number(v) },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
  return {
    db,
    dialect: 'postgres',
    // One in-process server: its own NOTIFYs reach its listeners after the commit, as on a real one.
    listen: async (channel, onPayload) => client.listen(channel, onPayload),
    close: async () => {
      await db.destroy();
    },
  };
}
