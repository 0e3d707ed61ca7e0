import type { FastifyInstance } from 'fastify';
import { readyResponse } from '../../../shared/schemas/operations.ts';
import type { AppContext } from '../../context.ts';
import { typed } from '../../http.ts';
import { checkReadiness } from './service.ts';

export async function operationsRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = typed(fastify);
  // For load balancers and orchestrators: send traffic only when this instance can serve it.
  // /api/health stays the cheap liveness check (no database round trip).
  app.get(
    '/ready',
    {
      schema: {
        tags: ['health'],
        description: '200 when the database answers and migrations are complete, else 503',
        response: { 200: readyResponse, 503: readyResponse },
      },
    },
    async (_request, reply) => {
      const readiness = await checkReadiness(ctx.db);
      return reply.status(readiness.ready ? 200 : 503).send(readiness);
    },
  );
}
