import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { page } from '../../../shared/schemas/common.ts';
import {
  createReportBody,
  moderationDecisionBody,
  moderationNotice,
  myReportsQuery,
  queuedReport,
  queuedReportResponse,
  report,
  reportQueueQuery,
  reportResponse,
} from '../../../shared/schemas/trust.ts';
import type { AppContext } from '../../context.ts';
import { typed } from '../../http.ts';
import { requireActor } from '../../plugins/auth.ts';
import * as service from './service.ts';

const params = z.object({ id: z.string().max(64) });

export async function moderationRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = typed(fastify);
  const tags = ['moderation'];

  app.post(
    '/reports',
    { schema: { tags, body: createReportBody, response: { 201: reportResponse } } },
    async (request, reply) =>
      reply.status(201).send({ report: await service.createReport(ctx, requireActor(request), request.body) }),
  );

  app.get(
    '/reports/mine',
    {
      schema: { tags, querystring: myReportsQuery, response: { 200: z.union([page(report), page(moderationNotice)]) } },
    },
    async (request) => service.myReports(ctx, requireActor(request), request.query),
  );

  app.get(
    '/admin/reports',
    { schema: { tags, querystring: reportQueueQuery, response: { 200: page(queuedReport) } } },
    async (request) => service.reportQueue(ctx, requireActor(request), request.query),
  );

  for (const decision of ['hide', 'restore'] as const) {
    app.post(
      `/admin/reports/:id/${decision}`,
      { schema: { tags, params, body: moderationDecisionBody, response: { 200: queuedReportResponse } } },
      async (request) => ({
        report: await service.decide(ctx, requireActor(request), request.params.id, decision, request.body.reason),
      }),
    );
  }
}
