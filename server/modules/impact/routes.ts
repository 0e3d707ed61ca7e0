import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { impactQuery, impactResponse, organizationImpact } from '../../../shared/schemas/recognition.ts';
import type { AppContext } from '../../context.ts';
import { typed } from '../../http.ts';
import { impactCsv, impactFor, organizationMeasured } from './service.ts';

const idParam = z.object({ id: z.string().min(1).max(64) });

export async function impactRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = typed(fastify);
  const tags = ['impact'];

  app.get(
    '/impact',
    { schema: { tags, querystring: impactQuery, response: { 200: impactResponse } } },
    async (request, reply) => {
      reply.header('cache-control', 'public, max-age=60');
      return impactFor(ctx, request.query);
    },
  );

  app.get(
    '/impact/export.json',
    { schema: { tags, querystring: impactQuery, response: { 200: impactResponse } } },
    async (request, reply) => {
      reply.header('content-disposition', 'attachment; filename="waardewerk-impact.json"');
      return impactFor(ctx, request.query);
    },
  );

  app.get('/impact/export.csv', { schema: { tags, querystring: impactQuery } }, async (request, reply) =>
    reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="waardewerk-impact.csv"')
      .send(impactCsv(await impactFor(ctx, request.query))),
  );

  app.get(
    '/organizations/:id/impact',
    { schema: { tags, params: idParam, response: { 200: organizationImpact } } },
    async (request) => organizationMeasured(ctx, request.params.id),
  );
}
