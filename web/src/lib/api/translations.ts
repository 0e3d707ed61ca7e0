import {
  listingTexts,
  translationResponse,
  type TranslatableKind,
  type TranslationBody,
} from '../../../../shared/schemas/translations.ts';
import { request } from './client.ts';

const path = (kind: TranslatableKind, id: string, language?: string) =>
  `/${kind}s/${encodeURIComponent(id)}/translations${language ? `/${encodeURIComponent(language)}` : ''}`;

/** Translations of a listing's title and description (docs/API.md, Listing translations). */
export const translationsApi = {
  texts: (kind: TranslatableKind, id: string) => request('GET', path(kind, id), listingTexts),
  save: (kind: TranslatableKind, id: string, language: string, body: TranslationBody) =>
    request('PUT', path(kind, id, language), translationResponse, body).then((r) => r.translation),
  remove: (kind: TranslatableKind, id: string, language: string) => request('DELETE', path(kind, id, language), null),
};
