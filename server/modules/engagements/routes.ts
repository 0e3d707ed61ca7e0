import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listQuery } from '../../../shared/schemas/common.ts';
import {
  answerBody,
  confirmBody,
  confirmResponse,
  createEngagementBody,
  deliverBody,
  disputeBody,
  engagementListQuery,
  engagementPage,
  engagementResponse,
  logHoursBody,
  messageBody,
  messagePage,
  messageResponse,
  previewQuery,
  previewResponse,
} from '../../../shared/schemas/engagements.ts';
import { toDoResponse } from '../../../shared/schemas/to-do.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { typed } from '../../http.ts';
import { requireActor } from '../../plugins/auth.ts';
import * as service from './service.ts';

const params = z.object({ id: z.string().min(1).max(64) });

export async function engagementsRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = typed(fastify);
  const tags = ['engagements'];

  app.post(
    '/engagements',
    { schema: { tags, body: createEngagementBody, response: { 201: engagementResponse } } },
    async (request, reply) =>
      reply.status(201).send({ engagement: await service.createEngagement(ctx, requireActor(request), request.body) }),
  );

  app.get(
    '/engagements',
    { schema: { tags, querystring: engagementListQuery, response: { 200: engagementPage } } },
    async (request) => service.listEngagements(ctx, requireActor(request), request.query),
  );

  app.get('/me/to-do', { schema: { tags, response: { 200: toDoResponse } } }, async (request) =>
    service.toDo(ctx, requireActor(request)),
  );

  app.get('/engagements/:id', { schema: { tags, params, response: { 200: engagementResponse } } }, async (request) => ({
    engagement: await service.getEngagement(ctx, requireActor(request), request.params.id),
  }));

  const answers = {
    accept: service.acceptEngagement,
    decline: service.declineEngagement,
    cancel: service.cancelEngagement,
  } as const;
  for (const [action, handler] of Object.entries(answers)) {
    app.post(
      `/engagements/:id/${action}`,
      { schema: { tags, params, body: answerBody, response: { 200: engagementResponse } } },
      async (request) => ({
        engagement: await handler(ctx, requireActor(request), request.params.id, request.body),
      }),
    );
  }

  app.post(
    '/engagements/:id/hours',
    { schema: { tags, params, body: logHoursBody, response: { 200: engagementResponse } } },
    async (request) => ({
      engagement: await service.logHours(ctx, requireActor(request), request.params.id, request.body),
    }),
  );

  app.post(
    '/engagements/:id/deliver',
    { schema: { tags, params, body: deliverBody, response: { 200: engagementResponse } } },
    async (request) => ({
      engagement: await service.deliver(ctx, requireActor(request), request.params.id, request.body),
    }),
  );

  app.post(
    '/engagements/:id/dispute',
    { schema: { tags, params, body: disputeBody, response: { 200: engagementResponse } } },
    async (request) => ({
      engagement: await service.disputeEngagement(ctx, requireActor(request), request.params.id, request.body),
    }),
  );

  app.get(
    '/engagements/:id/confirmation-preview',
    { schema: { tags, params, querystring: previewQuery, response: { 200: previewResponse } } },
    async (request) => service.confirmationPreview(ctx, requireActor(request), request.params.id, request.query),
  );

  app.post(
    '/engagements/:id/confirm',
    { schema: { tags, params, body: confirmBody, response: { 200: confirmResponse } } },
    async (request) => service.confirmEngagement(ctx, requireActor(request), request.params.id, request.body),
  );

  app.get(
    '/engagements/:id/messages',
    { schema: { tags, params, querystring: listQuery, response: { 200: messagePage } } },
    async (request) => service.listMessages(ctx, requireActor(request), request.params.id, request.query),
  );

  // People write, scripts flood: 30 messages a minute per person, counted in the database (every instance alike).
  const messagesPerPerson = app.rateLimit({
    max: 30,
    timeWindow: '1 minute',
    keyGenerator: (request) => `messages|${request.user?.id ?? request.ip}`,
    errorResponseBuilder: (_request, context) =>
      new AppError(429, 'too_many_requests', `Too many messages. Try again in ${context.after}.`),
  });
  app.post(
    '/engagements/:id/messages',
    { onRequest: messagesPerPerson, schema: { tags, params, body: messageBody, response: { 201: messageResponse } } },
    async (request, reply) =>
      reply
        .status(201)
        .send({ message: await service.postMessage(ctx, requireActor(request), request.params.id, request.body.text) }),
  );
}
