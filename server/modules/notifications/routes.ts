import type { FastifyInstance } from 'fastify';
import {
  markReadBody,
  notificationsPage,
  notificationsQuery,
  preferencesBody,
  preferencesResponse,
} from '../../../shared/schemas/notifications.ts';
import type { AppContext } from '../../context.ts';
import { typed } from '../../http.ts';
import { requireActor } from '../../plugins/auth.ts';
import * as service from './service.ts';

export async function notificationsRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = typed(fastify);
  app.get(
    '/notifications',
    { schema: { tags: ['notifications'], querystring: notificationsQuery, response: { 200: notificationsPage } } },
    async (request) => service.listNotifications(ctx, requireActor(request), request.query),
  );
  app.post(
    '/notifications/read',
    { schema: { tags: ['notifications'], body: markReadBody } },
    async (request, reply) => {
      await service.markRead(ctx, requireActor(request), request.body.upTo);
      return reply.status(204).send();
    },
  );
  app.get(
    '/notifications/preferences',
    { schema: { tags: ['notifications'], response: { 200: preferencesResponse } } },
    async (request) => service.preferences(ctx, requireActor(request)),
  );
  app.put(
    '/notifications/preferences',
    { schema: { tags: ['notifications'], body: preferencesBody, response: { 200: preferencesResponse } } },
    async (request) => service.setPreferences(ctx, requireActor(request), request.body.items),
  );
}
