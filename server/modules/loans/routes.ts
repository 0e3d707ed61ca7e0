import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { page } from '../../../shared/schemas/common.ts';
import {
  conditionBody,
  createItemBody,
  itemQuery,
  itemResponse,
  lendableItem,
  loan,
  loanListQuery,
  loanMessageBody,
  loanResponse,
  proposeSettlementBody,
  requestLoanBody,
} from '../../../shared/schemas/loans.ts';
import type { AppContext } from '../../context.ts';
import { typed } from '../../http.ts';
import { optionalActor, requireActor } from '../../plugins/auth.ts';
import * as service from './service.ts';

const params = z.object({ id: z.string().max(64) });

export async function loansRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = typed(fastify);
  const tags = ['loans'];

  app.post(
    '/lendable-items',
    { schema: { tags, body: createItemBody, response: { 201: itemResponse } } },
    async (request, reply) =>
      reply.status(201).send({ item: await service.createItem(ctx, requireActor(request), request.body) }),
  );
  app.get(
    '/lendable-items',
    { schema: { tags, querystring: itemQuery, response: { 200: page(lendableItem) } } },
    async (request) => service.listItems(ctx, optionalActor(request), request.query),
  );
  app.get('/lendable-items/:id', { schema: { tags, params, response: { 200: itemResponse } } }, async (request) => ({
    item: await service.readItem(ctx, optionalActor(request), request.params.id),
  }));
  app.post(
    '/lendable-items/:id/loans',
    { schema: { tags, params, body: requestLoanBody, response: { 201: loanResponse } } },
    async (request, reply) =>
      reply
        .status(201)
        .send({ loan: await service.requestLoan(ctx, requireActor(request), request.params.id, request.body) }),
  );

  app.get('/loans', { schema: { tags, querystring: loanListQuery, response: { 200: page(loan) } } }, async (request) =>
    service.listLoans(ctx, requireActor(request), request.query),
  );
  app.get('/loans/:id', { schema: { tags, params, response: { 200: loanResponse } } }, async (request) => ({
    loan: await service.readLoan(ctx, requireActor(request), request.params.id),
  }));
  app.post(
    '/loans/:id/hand-over',
    { schema: { tags, params, body: conditionBody, response: { 200: loanResponse } } },
    async (request) => ({
      loan: await service.step(ctx, requireActor(request), request.params.id, {
        action: 'hand_over',
        body: request.body,
      }),
    }),
  );
  app.post(
    '/loans/:id/return',
    { schema: { tags, params, body: conditionBody, response: { 200: loanResponse } } },
    async (request) => ({
      loan: await service.step(ctx, requireActor(request), request.params.id, { action: 'return', body: request.body }),
    }),
  );
  for (const [path, action] of [
    ['decline', 'decline'],
    ['cancel', 'cancel'],
    ['settlement/agree', 'agree_settlement'],
  ] as const) {
    app.post(
      `/loans/:id/${path}`,
      { schema: { tags, params, body: loanMessageBody, response: { 200: loanResponse } } },
      async (request) => ({
        loan: await service.step(ctx, requireActor(request), request.params.id, { action }),
      }),
    );
  }
  app.post(
    '/loans/:id/settlement',
    { schema: { tags, params, body: proposeSettlementBody, response: { 200: loanResponse } } },
    async (request) => ({
      loan: await service.step(ctx, requireActor(request), request.params.id, {
        action: 'propose_settlement',
        body: request.body,
      }),
    }),
  );
}
