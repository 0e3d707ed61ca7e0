import type { ListingTexts, ListingTranslation } from '../../../../shared/schemas/translations.ts';

export interface ShownText {
  title: string;
  description: string;
  /** The language of what is shown (for `lang`); undefined when the original's language is not known. */
  lang: string | undefined;
  /** The translation shown, or null when the original is shown. */
  translation: ListingTranslation | null;
  /** A translation into the reader's language exists (so "show the translation" can be offered). */
  translated: boolean;
}

/**
 * What a reader sees of a listing: the translation into their language when there is one and they
 * did not ask for the original; otherwise the original, in the language it was written in.
 */
export function shownText(
  original: { title: string; description: string },
  texts: ListingTexts | null,
  readerLanguage: string,
  showOriginal: boolean,
): ShownText {
  const originalLanguage = texts?.originalLanguage ?? undefined;
  const translation =
    originalLanguage === readerLanguage ? undefined : texts?.translations.find((x) => x.language === readerLanguage);
  if (!translation || showOriginal)
    return { ...original, lang: originalLanguage, translation: null, translated: translation !== undefined };
  return {
    title: translation.title,
    description: translation.description,
    lang: translation.language,
    translation,
    translated: true,
  };
}
