import type { Db } from '../../db/create-db.ts';
import type { HelperCodesTable, HelperConsentsTable, OnBehalfActsTable } from './tables.ts';

const consentColumns = [
  'helper_consents.id',
  'helper_consents.helper_id',
  'helper_consents.person_id',
  'helper_consents.method',
  'helper_consents.status',
  'helper_consents.requested_at',
  'helper_consents.given_at',
  'helper_consents.withdrawn_at',
] as const;

const selectConsents = (db: Db) =>
  db
    .selectFrom('helper_consents')
    .innerJoin('users as helper', 'helper.id', 'helper_consents.helper_id')
    .innerJoin('users as person', 'person.id', 'helper_consents.person_id')
    .select(consentColumns)
    .select(['helper.display_name as helper_name', 'person.display_name as person_name']);

export type ConsentWithNames = NonNullable<Awaited<ReturnType<typeof findConsent>>>;

export const findConsent = (db: Db, id: string) =>
  selectConsents(db).where('helper_consents.id', '=', id).executeTakeFirst();

export const consentsOfPerson = (db: Db, personId: string) =>
  selectConsents(db)
    .where('helper_consents.person_id', '=', personId)
    .orderBy('helper_consents.requested_at', 'desc')
    .execute();

export const consentsOfHelper = (db: Db, helperId: string) =>
  selectConsents(db)
    .where('helper_consents.helper_id', '=', helperId)
    .where('helper_consents.status', '!=', 'withdrawn')
    .orderBy('helper_consents.requested_at', 'desc')
    .execute();

/** The consent in force between a helper and a person, read in the act's own request. */
export const activeConsent = (db: Db, helperId: string, personId: string) =>
  db
    .selectFrom('helper_consents')
    .select(['id'])
    .where('helper_id', '=', helperId)
    .where('person_id', '=', personId)
    .where('status', '=', 'active')
    .executeTakeFirst();

export const openConsentBetween = (db: Db, helperId: string, personId: string) =>
  db
    .selectFrom('helper_consents')
    .select(['id', 'status'])
    .where('helper_id', '=', helperId)
    .where('person_id', '=', personId)
    .where('status', '!=', 'withdrawn')
    .executeTakeFirst();

export async function insertConsent(db: Db, row: HelperConsentsTable): Promise<void> {
  await db.insertInto('helper_consents').values(row).execute();
}

export async function updateConsent(
  db: Db,
  id: string,
  changes: Partial<Pick<HelperConsentsTable, 'status' | 'given_at' | 'withdrawn_at' | 'method'>>,
): Promise<void> {
  await db.updateTable('helper_consents').set(changes).where('id', '=', id).execute();
}

export async function insertCode(db: Db, row: HelperCodesTable): Promise<void> {
  await db.insertInto('helper_codes').values(row).execute();
}

/** Uses a code once: answers its person when it exists, is unused and has not expired. */
export async function takeCode(db: Db, codeHash: string, now: string): Promise<string | null> {
  const row = await db
    .selectFrom('helper_codes')
    .select(['person_id', 'expires_at', 'used_at'])
    .where('code_hash', '=', codeHash)
    .executeTakeFirst();
  if (!row || row.used_at !== null || row.expires_at <= now) return null;
  const res = await db
    .updateTable('helper_codes')
    .set({ used_at: now })
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1 ? row.person_id : null;
}

export async function insertAct(db: Db, row: OnBehalfActsTable): Promise<void> {
  await db.insertInto('on_behalf_acts').values(row).execute();
}

export async function finishAct(db: Db, id: string, statusCode: number): Promise<void> {
  await db.updateTable('on_behalf_acts').set({ status_code: statusCode }).where('id', '=', id).execute();
}

export const actsForPerson = (db: Db, personId: string) =>
  db
    .selectFrom('on_behalf_acts')
    .innerJoin('users as helper', 'helper.id', 'on_behalf_acts.helper_id')
    .select([
      'on_behalf_acts.id',
      'on_behalf_acts.helper_id',
      'on_behalf_acts.action',
      'on_behalf_acts.path',
      'on_behalf_acts.status_code',
      'on_behalf_acts.at',
      'helper.display_name as helper_name',
    ])
    .where('on_behalf_acts.person_id', '=', personId)
    .orderBy('on_behalf_acts.at', 'desc')
    .limit(200)
    .execute();

export async function personalData(db: Db, userId: string) {
  const [consents, acts] = await Promise.all([
    db
      .selectFrom('helper_consents')
      .selectAll()
      .where((eb) => eb.or([eb('helper_id', '=', userId), eb('person_id', '=', userId)]))
      .execute(),
    db
      .selectFrom('on_behalf_acts')
      .selectAll()
      .where((eb) => eb.or([eb('helper_id', '=', userId), eb('person_id', '=', userId)]))
      .execute(),
  ]);
  return { helperConsents: consents, onBehalfActs: acts };
}

/** Consents and codes go with either person; the acts done for the erased person go too. */
export async function erasePersonalData(db: Db, userId: string): Promise<void> {
  await db
    .deleteFrom('helper_consents')
    .where((eb) => eb.or([eb('helper_id', '=', userId), eb('person_id', '=', userId)]))
    .execute();
  await db.deleteFrom('helper_codes').where('person_id', '=', userId).execute();
  await db.deleteFrom('on_behalf_acts').where('person_id', '=', userId).execute();
}
