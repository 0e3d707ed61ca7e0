import { z } from 'zod';
import { id, isoDateTime, languageCode } from './common.ts';

/** Which listings can carry translations: `/api/needs/:id/translations`, `/api/offers/:id/translations`. */
export const translatableKinds = ['need', 'offer'] as const;
export type TranslatableKind = (typeof translatableKinds)[number];

export const translationParams = z.object({ id, language: languageCode });

/** A translation of a listing's title and description into one language (written by a person). */
export const translationBody = z.object({
  title: z.string().trim().min(3, 'Enter a title of at least 3 characters').max(120, 'At most 120 characters'),
  description: z.string().trim().max(5000, 'At most 5000 characters').default(''),
  /** The language the listing itself is written in, recorded with the first translation if not known yet. */
  originalLanguage: languageCode.optional(),
});
export type TranslationBody = z.input<typeof translationBody>;

export const listingTranslation = z.object({
  language: z.string(),
  title: z.string(),
  description: z.string(),
  /** Who translated (null once that account is erased). */
  translatedBy: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  translatedAt: isoDateTime,
});
export type ListingTranslation = z.infer<typeof listingTranslation>;

export const listingTexts = z.object({
  /** The language the listing is written in, when known. */
  originalLanguage: z.string().nullable(),
  translations: z.array(listingTranslation),
  /** Languages the viewer may add or change a translation in: `any` for the author and managers. */
  mayTranslate: z.union([z.literal('any'), z.array(z.string())]),
});
export type ListingTexts = z.infer<typeof listingTexts>;

export const translationResponse = z.object({ translation: listingTranslation });
