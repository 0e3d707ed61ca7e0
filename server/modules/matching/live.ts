/**
 * Live suggestions: after a need is posted (its `need.created` event), the offers it fits best are
 * found through the same retrieval as `GET /api/needs/:id/matches`, and their people hear about
 * it through a `need.matched` notification (the realtime hub pushes it to their websockets) and a
 * `match` event on the EventBus.
 *
 * Who hears: the owners of the top `LIVE_TOP` offers scoring at least `LIVE_THRESHOLD` — the
 * person for a person's offer, the owners and coordinators of a business for its offer. Hard rules
 * are never bent: an excluded offer is never ranked, so its owner is never told. The need's own
 * organisation and the people who run it are left out (they posted it). This runs after `POST /api/needs`
 * has answered, so posting never waits for ranking; failing to announce is logged.
 */
import type { AppContext } from '../../context.ts';
import { publishNotifications, recordNotifications } from '../notifications/index.ts';
import { managersOf } from '../organizations/index.ts';
import { MIN_MATCH_SCORE } from './core/quality.ts';
import { matchingSource } from './matching-index.ts';
import * as repo from './repository.ts';
import { offersForNeedRow } from './retrieval.ts';

/** Only fits worth suggesting at all are worth interrupting someone for (core/quality.ts). */
export const LIVE_THRESHOLD = MIN_MATCH_SCORE;
export const LIVE_TOP = 20;

export async function announceNewNeed(ctx: AppContext, needId: string): Promise<void> {
  try {
    const row = await repo.needRow(ctx.db, needId);
    if (!row) return;
    const nowMs = ctx.clock.now().getTime();
    const ranked = (await offersForNeedRow(await matchingSource(ctx), row, LIVE_TOP, nowMs)).filter(
      (m) => m.score >= LIVE_THRESHOLD,
    );
    if (ranked.length === 0) return;
    const businesses = ranked.flatMap((m) => (m.row.organization_id ? [m.row.organization_id] : []));
    const managers = await managersOf(ctx.db, [...new Set([row.organization_id, ...businesses])]);
    const ownOrganization = new Set(managers.get(row.organization_id) ?? []);
    const best = new Map<string, { userId: string; offerId: string; score: number }>();
    for (const m of ranked) {
      const people = m.row.organization_id
        ? (managers.get(m.row.organization_id) ?? [])
        : m.row.owner_user_id
          ? [m.row.owner_user_id]
          : [];
      for (const userId of people) {
        // Ranked best first: each person hears about their best-fitting offer once.
        if (!best.has(userId) && !ownOrganization.has(userId))
          best.set(userId, { userId, offerId: m.row.id, score: m.score });
      }
    }
    if (best.size === 0) return;
    // The bell keeps what the toast showed: one `need.matched` row per person, written together.
    const notified = await ctx.db.transaction().execute(async (trx) => {
      const ids: string[] = [];
      for (const r of best.values()) {
        ids.push(
          ...(await recordNotifications(ctx, trx, {
            userIds: [r.userId],
            kind: 'need.matched',
            data: { needId, offerId: r.offerId, score: r.score },
          })),
        );
      }
      return ids;
    });
    publishNotifications(ctx, notified);
    ctx.events.emit('match', { needId, organizationId: row.organization_id, recipients: [...best.values()] });
  } catch (error) {
    ctx.log.error({ err: error, needId }, 'announcing a new need to its best matches failed');
  }
}

/** Subscribes matching to new needs (registered in app.ts). Returns the unsubscribe function. */
export function announceNewNeeds(ctx: AppContext): () => void {
  return ctx.events.on('need.created', async ({ needId }) => {
    // The next turn of the event loop: the request that posted the need answers first.
    await new Promise<void>((resolve) => setImmediate(resolve));
    await announceNewNeed(ctx, needId);
  });
}
