/** The face of `listings` for other modules: listing DTOs, rows by id, the fill status engagements keep, personal data. */
import type { AppContext } from '../../context.ts';
import type { Db } from '../../db/create-db.ts';
import * as repo from './repository.ts';

export { toNeedDto, toOfferDto, viewerOf, type Viewer } from './dtos.ts';
export { findNeedsByIds, findOffersByIds } from './repository.ts';
export { stripsCovering } from './location.ts';
export { searchIndexOf, startSearchIndex } from './index-sync.ts';

/**
 * Accepting the last place fills a need (inside the engagement's transaction). A closed need stays closed.
 * After the commit, the caller emits `listings.changed` with the need's id (the search index reads it again).
 */
export const markNeedFilled = (trx: Db, needId: string, at: string): Promise<void> =>
  repo.setNeedFillStatus(trx, needId, 'filled', at);

/** A place came free again: a filled need opens. A closed need stays closed. After the commit: `listings.changed`, as above. */
export const reopenNeed = (trx: Db, needId: string, at: string): Promise<void> =>
  repo.setNeedFillStatus(trx, needId, 'open', at);

export async function personalData(ctx: AppContext, userId: string) {
  return repo.personalData(ctx.db, userId);
}

export async function erasePersonalData(ctx: AppContext, trx: Db, userId: string): Promise<void> {
  await repo.erasePersonalData(trx, ctx.dialect, userId, ctx.clock.now().toISOString());
}
