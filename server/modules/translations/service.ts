import type {
  ListingTexts,
  ListingTranslation,
  TranslatableKind,
  TranslationBody,
} from '../../../shared/schemas/translations.ts';
import { translationBody } from '../../../shared/schemas/translations.ts';
import type { Actor, AppContext } from '../../context.ts';
import { forbidden, invalid, notFound } from '../../errors.ts';
import { findUserById } from '../accounts/index.ts';
import { findNeedsByIds, findOffersByIds } from '../listings/index.ts';
import { managedOrganizationIds, memberOrganizationIds } from '../organizations/index.ts';
import * as repo from './repository.ts';

interface ListingOwnership {
  organizationId: string | null;
  authorIds: string[];
  hidden: boolean;
}

async function ownership(ctx: AppContext, kind: TranslatableKind, id: string): Promise<ListingOwnership> {
  if (kind === 'need') {
    const [row] = await findNeedsByIds(ctx.db, [id]);
    if (!row) throw notFound('Need');
    return {
      organizationId: row.organization_id,
      authorIds: row.created_by ? [row.created_by] : [],
      hidden: row.hidden_at != null,
    };
  }
  const [row] = await findOffersByIds(ctx.db, [id]);
  if (!row) throw notFound('Offer');
  return {
    organizationId: row.organization_id,
    authorIds: [row.owner_user_id, row.created_by].filter((u): u is string => u !== null),
    hidden: row.hidden_at != null,
  };
}

/**
 * Who may translate, and into what: the author and the managers of the listing's organisation into
 * any language; another member of that organisation into the languages their profile says they
 * speak. Everyone else: nothing.
 */
async function mayTranslate(
  ctx: AppContext,
  actor: Actor | null,
  listing: ListingOwnership,
): Promise<'any' | string[]> {
  if (!actor) return [];
  if (listing.authorIds.includes(actor.userId)) return 'any';
  if (listing.organizationId === null) return [];
  if ((await managedOrganizationIds(ctx.db, actor.userId)).includes(listing.organizationId)) return 'any';
  if (!(await memberOrganizationIds(ctx.db, actor.userId)).includes(listing.organizationId)) return [];
  const user = await findUserById(ctx.db, actor.userId);
  return user ? (JSON.parse(user.languages) as string[]) : [];
}

const allows = (may: 'any' | string[], language: string) => may === 'any' || may.includes(language);

function toDto(row: repo.TranslationWithTranslator): ListingTranslation {
  return {
    language: row.language,
    title: row.title,
    description: row.description,
    translatedBy:
      row.translated_by && row.translator_name ? { id: row.translated_by, displayName: row.translator_name } : null,
    translatedAt: row.updated_at,
  };
}

/** A listing's translations (public, like the listing; a hidden listing only for those who may change it). */
export async function listingTexts(
  ctx: AppContext,
  actor: Actor | null,
  kind: TranslatableKind,
  id: string,
): Promise<ListingTexts> {
  const listing = await ownership(ctx, kind, id);
  const may = await mayTranslate(ctx, actor, listing);
  if (listing.hidden && may !== 'any') throw notFound(kind === 'need' ? 'Need' : 'Offer');
  const [originalLanguage, rows] = await Promise.all([
    repo.originalLanguageOf(ctx.db, kind, id),
    repo.translationsOf(ctx.db, kind, id),
  ]);
  return { originalLanguage, translations: rows.map(toDto), mayTranslate: may };
}

/** Adds or replaces the translation into `language`; the translator is recorded. */
export async function saveTranslation(
  ctx: AppContext,
  actor: Actor,
  kind: TranslatableKind,
  id: string,
  language: string,
  input: TranslationBody,
): Promise<ListingTranslation> {
  const body = translationBody.parse(input);
  const listing = await ownership(ctx, kind, id);
  if (!allows(await mayTranslate(ctx, actor, listing), language)) {
    throw forbidden("Only the author, the organisation's managers, or a member who speaks this language may translate");
  }
  const now = ctx.clock.now().toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    if (body.originalLanguage) await repo.recordOriginalLanguage(trx, kind, id, body.originalLanguage, now);
    const original = await repo.originalLanguageOf(trx, kind, id);
    if (original === language) throw invalid('language', 'This is the language the listing is written in');
    await repo.upsertTranslation(trx, {
      listing_kind: kind,
      listing_id: id,
      language,
      title: body.title,
      description: body.description,
      translated_by: actor.userId,
      created_at: now,
      updated_at: now,
    });
    const saved = (await repo.translationsOf(trx, kind, id)).find((r) => r.language === language);
    if (!saved) throw notFound('Translation');
    return toDto(saved);
  });
}

export async function removeTranslation(
  ctx: AppContext,
  actor: Actor,
  kind: TranslatableKind,
  id: string,
  language: string,
): Promise<void> {
  const listing = await ownership(ctx, kind, id);
  if (!allows(await mayTranslate(ctx, actor, listing), language)) throw forbidden();
  if ((await repo.deleteTranslation(ctx.db, kind, id, language)) === 0) throw notFound('Translation');
}
