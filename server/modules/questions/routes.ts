import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listQuery } from '../../../shared/schemas/common.ts';
import {
  askQuestionBody,
  questionMessageBody,
  questionMessageResponse,
  questionThreadPage,
  questionThreadResponse,
} from '../../../shared/schemas/questions.ts';
import type { AppContext } from '../../context.ts';
import { typed } from '../../http.ts';
import { requireActor } from '../../plugins/auth.ts';
import * as service from './service.ts';

const params = z.object({ id: z.string().max(64) });
const tags = ['questions'];

/** Questions before an engagement (docs/API.md, Questions); who may read what is in service.ts. */
export async function questionsRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = typed(fastify);

  app.post(
    '/questions',
    { schema: { tags, body: askQuestionBody, response: { 200: questionThreadResponse, 201: questionThreadResponse } } },
    async (request, reply) => {
      const { status, response } = await service.askQuestion(ctx, requireActor(request), request.body);
      return reply.status(status).send(response);
    },
  );
  app.get(
    '/questions',
    { schema: { tags, querystring: listQuery, response: { 200: questionThreadPage } } },
    async (request) => service.listThreads(ctx, requireActor(request), request.query),
  );
  app.get('/questions/:id', { schema: { tags, params, response: { 200: questionThreadResponse } } }, async (request) =>
    service.getThread(ctx, requireActor(request), request.params.id),
  );
  app.post(
    '/questions/:id/messages',
    { schema: { tags, params, body: questionMessageBody, response: { 201: questionMessageResponse } } },
    async (request, reply) =>
      reply.status(201).send({
        message: await service.replyToQuestion(ctx, requireActor(request), request.params.id, request.body.text),
      }),
  );
}
