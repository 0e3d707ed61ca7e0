/**
 * Alerts for new tasks: a person saves the search page's filters ("tell me when…"); each new need is
 * matched against saved searches found through the cell index (cells.ts), and their owners get a
 * `search.matched` notification, written in one transaction.
 */
import { MAX_SAVED_SEARCHES, type SavedSearch, type SavedSearchBody } from '../../../shared/schemas/alerts.ts';
import type { Actor, AppContext } from '../../context.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { findNeedsByIds } from '../listings/index.ts';
import { publishNotifications, recordNotifications } from '../notifications/index.ts';
import { ANY_KIND, ANYWHERE, cellOf, indexEntries, searchMatches, type AlertSearch } from './cells.ts';
import * as repo from './repository.ts';
import type { SavedSearchesTable } from './tables.ts';

const DEFAULT_RADIUS_KM = 10;

const list = (json: string): string[] => JSON.parse(json) as string[];

function toAlertSearch(row: SavedSearchesTable): AlertSearch {
  return {
    kinds: list(row.kinds),
    domains: list(row.domains),
    compensation: list(row.compensation),
    newcomerFriendly: row.newcomer_friendly === 1,
    center: row.lat !== null && row.lng !== null ? { lat: row.lat, lng: row.lng } : null,
    radiusKm: row.radius_km,
  };
}

function toDto(row: SavedSearchesTable): SavedSearch {
  return {
    id: row.id,
    kinds: list(row.kinds) as SavedSearch['kinds'],
    domains: list(row.domains) as SavedSearch['domains'],
    compensation: list(row.compensation) as SavedSearch['compensation'],
    newcomerFriendly: row.newcomer_friendly === 1,
    near: row.postcode,
    radiusKm: row.radius_km,
    createdAt: row.created_at,
  };
}

export async function saveSearch(ctx: AppContext, actor: Actor, body: SavedSearchBody): Promise<SavedSearch> {
  let place: { lat: number; lng: number } | null = null;
  if (body.near !== undefined) {
    const found = ctx.postcodes.lookup(body.near);
    if (!found)
      throw new AppError(422, 'unknown_postcode', 'We do not know this postcode', { near: 'Unknown postcode' });
    place = { lat: found.lat, lng: found.lng };
  }
  const row: SavedSearchesTable = {
    id: newId(),
    user_id: actor.userId,
    kinds: JSON.stringify([...new Set(body.kinds)]),
    domains: JSON.stringify([...new Set(body.domains)]),
    compensation: JSON.stringify([...new Set(body.compensation)]),
    newcomer_friendly: body.newcomerFriendly ? 1 : 0,
    postcode: body.near ?? null,
    lat: place?.lat ?? null,
    lng: place?.lng ?? null,
    radius_km: place ? (body.radiusKm ?? DEFAULT_RADIUS_KM) : null,
    created_at: ctx.clock.now().toISOString(),
  };
  await ctx.db.transaction().execute(async (trx) => {
    if ((await repo.countOf(trx, actor.userId)) >= MAX_SAVED_SEARCHES) {
      throw new AppError(
        422,
        'rule_refused',
        `At most ${MAX_SAVED_SEARCHES} saved searches; delete one first`,
        undefined,
        { limit: MAX_SAVED_SEARCHES },
      );
    }
    await repo.insertSearch(trx, row, indexEntries(toAlertSearch(row)));
  });
  return toDto(row);
}

export async function listSearches(ctx: AppContext, actor: Actor): Promise<{ items: SavedSearch[] }> {
  return { items: (await repo.searchesOf(ctx.db, actor.userId)).map(toDto) };
}

export async function deleteSearch(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  if (id.length > 64) throw invalid('id', 'Not a saved search');
  const deleted = await ctx.db.transaction().execute((trx) => repo.deleteSearch(trx, actor.userId, id));
  if (!deleted) throw notFound('Saved search');
}

/**
 * A need was posted: its cell and kind (and `*`) name the few saved searches that may concern it;
 * the exact filters decide; each owner is told once (not the poster).
 */
export async function alertNewNeed(ctx: AppContext, needId: string): Promise<number> {
  const [need] = await findNeedsByIds(ctx.db, [needId]);
  if (!need || need.status !== 'open' || need.hidden_at) return 0;
  const location = need.lat !== null && need.lng !== null ? { lat: need.lat, lng: need.lng } : null;
  const cells = location ? [cellOf(location), ANYWHERE] : [ANYWHERE];
  const rows = await repo.candidates(ctx.db, cells, [need.kind, ANY_KIND]);
  const alertNeed = {
    kind: need.kind,
    domains: JSON.parse(need.domains) as string[],
    compensation: need.compensation_type,
    newcomerFriendly: need.newcomer_friendly === 1,
    location,
  };
  const told = new Map<string, string>();
  for (const row of rows) {
    if (row.user_id !== need.created_by && !told.has(row.user_id) && searchMatches(toAlertSearch(row), alertNeed))
      told.set(row.user_id, row.id);
  }
  if (told.size === 0) return 0;
  const notified = await ctx.db.transaction().execute(async (trx) => {
    const ids: string[] = [];
    for (const [userId, searchId] of told)
      ids.push(
        ...(await recordNotifications(ctx, trx, {
          userIds: [userId],
          kind: 'search.matched',
          data: { needId, searchId },
        })),
      );
    return ids;
  });
  publishNotifications(ctx, notified);
  return told.size;
}
