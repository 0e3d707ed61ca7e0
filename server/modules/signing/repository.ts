import type { Db } from '../../db/create-db.ts';
import type { SigningKeysTable } from './tables.ts';

export const findActiveKey = (db: Db) =>
  db.selectFrom('signing_keys').selectAll().where('slot', '=', 'active').executeTakeFirst();

/** Inserts the active key; when another instance stored one first, its key stays and this one is dropped. */
export async function insertActiveKeyUnlessPresent(db: Db, row: SigningKeysTable): Promise<void> {
  await db
    .insertInto('signing_keys')
    .values(row)
    .onConflict((oc) => oc.column('slot').doNothing())
    .execute();
}

/** Every public key ever used, oldest first. */
export const publicKeys = (db: Db) =>
  db.selectFrom('signing_keys').select(['public_jwk']).orderBy('created_at').execute();
