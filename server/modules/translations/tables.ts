import type { Selectable } from 'kysely';

export interface ListingTranslationsTable {
  /** need | offer */
  listing_kind: string;
  listing_id: string;
  language: string;
  title: string;
  description: string;
  translated_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface ListingOriginalLanguagesTable {
  listing_kind: string;
  listing_id: string;
  language: string;
  recorded_at: string;
}

export interface TranslationsTables {
  listing_translations: ListingTranslationsTable;
  listing_original_languages: ListingOriginalLanguagesTable;
}

export type ListingTranslationRow = Selectable<ListingTranslationsTable>;
