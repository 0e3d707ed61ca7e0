import type { FastifyInstance } from 'fastify';
import { page } from '../../../shared/schemas/common.ts';
import { auditEntry, auditQuery } from '../../../shared/schemas/trust.ts';
import type { AppContext } from '../../context.ts';
import { typed } from '../../http.ts';
import { requireActor } from '../../plugins/auth.ts';
import * as service from './service.ts';

export async function auditRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = typed(fastify);
  app.get(
    '/audit',
    { schema: { tags: ['audit'], querystring: auditQuery, response: { 200: page(auditEntry) } } },
    async (request) => service.listAudit(ctx, requireActor(request), request.query),
  );
}
