import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { savedSearchBody, savedSearchesResponse, savedSearchResponse } from '../../../shared/schemas/alerts.ts';
import { id } from '../../../shared/schemas/common.ts';
import type { AppContext } from '../../context.ts';
import { typed } from '../../http.ts';
import { requireActor } from '../../plugins/auth.ts';
import * as service from './service.ts';

export async function alertsRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = typed(fastify);
  app.post(
    '/me/saved-searches',
    { schema: { tags: ['alerts'], body: savedSearchBody, response: { 201: savedSearchResponse } } },
    async (request, reply) => {
      const savedSearch = await service.saveSearch(ctx, requireActor(request), request.body);
      return reply.status(201).send({ savedSearch });
    },
  );
  app.get(
    '/me/saved-searches',
    { schema: { tags: ['alerts'], response: { 200: savedSearchesResponse } } },
    async (request) => service.listSearches(ctx, requireActor(request)),
  );
  app.delete(
    '/me/saved-searches/:id',
    { schema: { tags: ['alerts'], params: z.object({ id }) } },
    async (request, reply) => {
      await service.deleteSearch(ctx, requireActor(request), request.params.id);
      return reply.status(204).send();
    },
  );
}
