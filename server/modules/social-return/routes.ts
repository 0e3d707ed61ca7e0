import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  createObligationBody,
  obligation,
  obligationDetail,
  obligationResponse,
  statementCode,
  statementResponse,
  statementVerification,
  valuationRules,
  valuationRulesBody,
} from '../../../shared/schemas/social-return.ts';
import type { AppContext } from '../../context.ts';
import { typed } from '../../http.ts';
import { requireActor } from '../../plugins/auth.ts';
import * as service from './service.ts';

const params = z.object({ id: z.string().max(64) });

export async function socialReturnRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = typed(fastify);
  const tags = ['social-return'];

  app.post(
    '/organizations/:id/social-return/obligations',
    { schema: { tags, params, body: createObligationBody, response: { 201: obligationResponse } } },
    async (request, reply) =>
      reply.status(201).send({
        obligation: await service.createObligation(ctx, requireActor(request), request.params.id, request.body),
      }),
  );
  app.get(
    '/organizations/:id/social-return/obligations',
    { schema: { tags, params, response: { 200: z.object({ items: z.array(obligation) }) } } },
    async (request) => ({
      items: await service.obligations(ctx, requireActor(request), request.params.id),
    }),
  );
  app.put(
    '/organizations/:id/social-return/rules',
    { schema: { tags, params, body: valuationRulesBody, response: { 200: z.object({ rules: valuationRules }) } } },
    async (request) => ({
      rules: await service.setRules(ctx, requireActor(request), request.params.id, request.body),
    }),
  );
  app.get(
    '/social-return/obligations/:id',
    { schema: { tags, params, response: { 200: obligationDetail } } },
    async (request) => service.readObligation(ctx, requireActor(request), request.params.id),
  );
  app.post(
    '/social-return/obligations/:id/statements',
    { schema: { tags, params, response: { 201: statementResponse } } },
    async (request, reply) =>
      reply
        .status(201)
        .send({ statement: await service.issueStatement(ctx, requireActor(request), request.params.id) }),
  );
  app.get(
    '/social-return/statements/:code',
    { schema: { tags, params: statementCode, response: { 200: statementVerification } } },
    async (request) => service.verifyStatement(ctx, request.params.code),
  );
  app.get('/social-return/statements/:code/pdf', { schema: { tags, params: statementCode } }, async (request, reply) =>
    reply
      .type('application/pdf')
      .header('content-disposition', `inline; filename="social-return-${request.params.code}.pdf"`)
      .send(await service.statementPdf(ctx, request.params.code)),
  );
}
