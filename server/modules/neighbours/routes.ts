import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listQuery, page } from '../../../shared/schemas/common.ts';
import {
  createHelpRequestBody,
  createSponsorshipBody,
  helpConfirmBody,
  helpEngagementResponse,
  helpHoursBody,
  helpMessageBody,
  helpRequest,
  helpRequestDetail,
  helpRequestQuery,
  helpRequestResponse,
  myHelp,
  offerHelpBody,
  sponsorship,
  sponsorshipResponse,
} from '../../../shared/schemas/neighbours.ts';
import type { AppContext } from '../../context.ts';
import { typed } from '../../http.ts';
import { optionalActor, requireActor } from '../../plugins/auth.ts';
import * as service from './service.ts';

const params = z.object({ id: z.string().max(64) });

export async function neighboursRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = typed(fastify);
  const tags = ['neighbours'];

  app.post(
    '/help-requests',
    { schema: { tags, body: createHelpRequestBody, response: { 201: helpRequestResponse } } },
    async (request, reply) =>
      reply.status(201).send({ request: await service.createRequest(ctx, requireActor(request), request.body) }),
  );
  app.get(
    '/help-requests',
    { schema: { tags, querystring: helpRequestQuery, response: { 200: page(helpRequest) } } },
    async (request) => service.searchRequests(ctx, optionalActor(request), request.query),
  );
  app.get('/help-requests/:id', { schema: { tags, params, response: { 200: helpRequestDetail } } }, async (request) =>
    service.readRequest(ctx, optionalActor(request), request.params.id),
  );
  app.post(
    '/help-requests/:id/close',
    { schema: { tags, params, response: { 200: helpRequestResponse } } },
    async (request) => ({
      request: await service.closeRequest(ctx, requireActor(request), request.params.id),
    }),
  );
  app.post(
    '/help-requests/:id/offers',
    { schema: { tags, params, body: offerHelpBody, response: { 201: helpEngagementResponse } } },
    async (request, reply) =>
      reply
        .status(201)
        .send({ engagement: await service.offerHelp(ctx, requireActor(request), request.params.id, request.body) }),
  );

  app.get('/me/help', { schema: { tags, response: { 200: myHelp } } }, async (request) =>
    service.myHelp(ctx, requireActor(request)),
  );
  app.get(
    '/help-engagements/:id',
    { schema: { tags, params, response: { 200: helpEngagementResponse } } },
    async (request) => ({
      engagement: await service.readEngagement(ctx, requireActor(request), request.params.id),
    }),
  );
  for (const action of ['accept', 'decline', 'cancel', 'dispute'] as const) {
    app.post(
      `/help-engagements/:id/${action}`,
      { schema: { tags, params, body: helpMessageBody, response: { 200: helpEngagementResponse } } },
      async (request) => ({
        engagement: await service.step(ctx, requireActor(request), request.params.id, {
          action,
          message: request.body.message,
        }),
      }),
    );
  }
  app.post(
    '/help-engagements/:id/hours',
    { schema: { tags, params, body: helpHoursBody, response: { 200: helpEngagementResponse } } },
    async (request) => ({
      engagement: await service.step(ctx, requireActor(request), request.params.id, {
        action: 'log_hours',
        body: request.body,
      }),
    }),
  );
  app.post(
    '/help-engagements/:id/confirm',
    { schema: { tags, params, body: helpConfirmBody, response: { 200: helpEngagementResponse } } },
    async (request) => ({
      engagement: await service.step(ctx, requireActor(request), request.params.id, {
        action: 'confirm',
        body: request.body,
      }),
    }),
  );

  app.post(
    '/organizations/:id/sponsorships',
    { schema: { tags, params, body: createSponsorshipBody, response: { 201: sponsorshipResponse } } },
    async (request, reply) =>
      reply
        .status(201)
        .send({ sponsorship: await service.sponsor(ctx, requireActor(request), request.params.id, request.body) }),
  );
  app.get(
    '/organizations/:id/sponsorships',
    { schema: { tags, params, querystring: listQuery, response: { 200: page(sponsorship) } } },
    async (request) => service.sponsorships(ctx, requireActor(request), request.params.id, request.query),
  );
}
