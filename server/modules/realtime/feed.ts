/**
 * Where the hub hears about committed notifications and revoked sessions. One hub code path; only
 * the source differs by database:
 * - PostgreSQL: LISTEN. Notification ids are NOTIFYed inside the writing transaction
 *   (notifications/record.ts), so every instance hears each committed id once and never a rolled-back
 *   one; each delivers to its own sockets, so N instances deliver exactly once per connected client.
 *   Revoked sessions are NOTIFYed too, so a logout on one instance closes sockets on all.
 * - SQLite (one instance by design): the in-process EventBus (`notify`, `sessions.revoked`).
 */
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { Listen } from '../../db/create-db.ts';
import type { DomainEvents } from '../../events.ts';
import { NOTIFICATION_CHANNEL } from '../notifications/index.ts';
import { SESSIONS_CHANNEL, signal } from './repository.ts';

export type Revoked = DomainEvents['sessions.revoked'];

export interface FeedHandlers {
  notifications(ids: string[]): void;
  revoked(event: Revoked): void;
}

export interface Feed {
  readonly kind: 'listen' | 'bus';
  start(handlers: FeedHandlers): Promise<void>;
  stop(): Promise<void>;
}

const revokedPayload = z.object({ userId: z.string(), sessionId: z.string().optional() });

export function feedFor(ctx: AppContext, listen: Listen | undefined): Feed {
  const stops: (() => unknown)[] = [];
  // Stopping must not fail a shutdown: the database may already be gone.
  const stop = async () => {
    for (const s of stops.splice(0)) {
      try {
        await s();
      } catch (err) {
        ctx.log.warn({ err }, 'realtime feed: stopping a listener failed');
      }
    }
  };
  if (ctx.dialect === 'postgres' && listen) {
    return {
      kind: 'listen',
      async start(handlers) {
        stops.push(
          await listen(NOTIFICATION_CHANNEL, (payload) =>
            handlers.notifications(payload.split(',').filter((id) => id !== '')),
          ),
        );
        stops.push(
          await listen(SESSIONS_CHANNEL, (payload) => {
            const parsed = revokedPayload.safeParse(JSON.parse(payload));
            if (parsed.success)
              handlers.revoked({
                userId: parsed.data.userId,
                ...(parsed.data.sessionId ? { sessionId: parsed.data.sessionId } : {}),
              });
          }),
        );
        stops.push(
          ctx.events.on('sessions.revoked', (event) => signal(ctx.db, SESSIONS_CHANNEL, JSON.stringify(event))),
        );
      },
      stop,
    };
  }
  return {
    kind: 'bus',
    async start(handlers) {
      stops.push(ctx.events.on('notify', ({ notificationIds }) => handlers.notifications(notificationIds)));
      stops.push(ctx.events.on('sessions.revoked', (event) => handlers.revoked(event)));
    },
    stop,
  };
}
