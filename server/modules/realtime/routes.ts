/**
 * GET /api/ws: one authenticated websocket per tab. Everything is checked before the upgrade, so a
 * refused client gets a plain HTTP answer: a foreign (or missing) Origin → 403 `csrf_origin`
 * (cross-site websocket hijacking), no session → 401, too many sockets of this person → 429.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { sessionExpiresAt } from '../accounts/index.ts';
import { requireActor } from '../../plugins/auth.ts';
import type { Hub } from './hub.ts';

export async function realtimeRoutes(app: FastifyInstance, { ctx, hub }: { ctx: AppContext; hub: Hub }): Promise<void> {
  app.get(
    '/ws',
    {
      websocket: true,
      schema: { hide: true },
      preValidation: async (request) => {
        if (request.headers.origin !== ctx.config.publicOrigin)
          throw new AppError(403, 'csrf_origin', 'This connection did not come from the Waardewerk site');
        const actor = requireActor(request);
        if (hub.socketsOf(actor.userId) >= ctx.config.realtime.maxSocketsPerPerson) {
          throw new AppError(429, 'too_many_requests', 'Too many open connections; close a tab and try again');
        }
      },
    },
    (socket, request) => {
      if (!request.user || !request.session) {
        socket.close();
        return;
      }
      hub.attach(socket, request.user.id, request.session.id, sessionExpiresAt(ctx, request.session));
    },
  );
}
