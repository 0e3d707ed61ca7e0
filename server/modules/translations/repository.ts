import type { Db } from '../../db/create-db.ts';
import type { TranslatableKind } from '../../../shared/schemas/translations.ts';
import type { ListingTranslationsTable } from './tables.ts';

export const translationsOf = (db: Db, kind: TranslatableKind, listingId: string) =>
  db
    .selectFrom('listing_translations')
    .leftJoin('users', 'users.id', 'listing_translations.translated_by')
    .select([
      'listing_translations.language',
      'listing_translations.title',
      'listing_translations.description',
      'listing_translations.translated_by',
      'listing_translations.updated_at',
      'users.display_name as translator_name',
    ])
    .where('listing_translations.listing_kind', '=', kind)
    .where('listing_translations.listing_id', '=', listingId)
    .orderBy('listing_translations.language')
    .execute();

export type TranslationWithTranslator = Awaited<ReturnType<typeof translationsOf>>[number];

export async function originalLanguageOf(db: Db, kind: TranslatableKind, listingId: string): Promise<string | null> {
  const row = await db
    .selectFrom('listing_original_languages')
    .select('language')
    .where('listing_kind', '=', kind)
    .where('listing_id', '=', listingId)
    .executeTakeFirst();
  return row?.language ?? null;
}

/** Records the original's language once; a later translator cannot change what the author wrote in. */
export async function recordOriginalLanguage(
  db: Db,
  kind: TranslatableKind,
  listingId: string,
  language: string,
  at: string,
): Promise<void> {
  await db
    .insertInto('listing_original_languages')
    .values({ listing_kind: kind, listing_id: listingId, language, recorded_at: at })
    .onConflict((oc) => oc.columns(['listing_kind', 'listing_id']).doNothing())
    .execute();
}

export async function upsertTranslation(db: Db, row: ListingTranslationsTable): Promise<void> {
  await db
    .insertInto('listing_translations')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['listing_kind', 'listing_id', 'language']).doUpdateSet({
        title: row.title,
        description: row.description,
        translated_by: row.translated_by,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

export async function deleteTranslation(
  db: Db,
  kind: TranslatableKind,
  listingId: string,
  language: string,
): Promise<number> {
  const res = await db
    .deleteFrom('listing_translations')
    .where('listing_kind', '=', kind)
    .where('listing_id', '=', listingId)
    .where('language', '=', language)
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}

export const translationsBy = (db: Db, userId: string) =>
  db
    .selectFrom('listing_translations')
    .select(['listing_kind', 'listing_id', 'language', 'title', 'description', 'updated_at'])
    .where('translated_by', '=', userId)
    .execute();

/** The text stays with the listing (it is the listing's, like its description); the translator's name goes. */
export async function forgetTranslator(db: Db, userId: string): Promise<void> {
  await db
    .updateTable('listing_translations')
    .set({ translated_by: null })
    .where('translated_by', '=', userId)
    .execute();
}
