import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listQuery } from '../../../shared/schemas/common.ts';
import {
  createMatchRoundBody,
  inviteBody,
  inviteResponse,
  matchesQuery,
  needMatchesResponse,
  offerMatchesResponse,
  roundPage,
  roundProposalsResponse,
  roundResponse,
} from '../../../shared/schemas/matching.ts';
import { engagementResponse } from '../../../shared/schemas/engagements.ts';
import type { AppContext } from '../../context.ts';
import { typed } from '../../http.ts';
import { requireActor } from '../../plugins/auth.ts';
import * as service from './service.ts';

const params = z.object({ id: z.string().max(64) });
const tags = ['matching'];

/** Suggestions both ways and match rounds (docs/API.md, Matching); who may see what is in service.ts. */
export async function matchingRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = typed(fastify);

  app.get(
    '/needs/:id/matches',
    { schema: { tags, params, querystring: matchesQuery, response: { 200: offerMatchesResponse } } },
    async (request) => ({
      items: await service.matchesForNeed(ctx, requireActor(request), request.params.id, request.query.limit),
    }),
  );
  app.get(
    '/offers/:id/matches',
    { schema: { tags, params, querystring: matchesQuery, response: { 200: needMatchesResponse } } },
    async (request) => ({
      items: await service.matchesForOffer(ctx, requireActor(request), request.params.id, request.query.limit),
    }),
  );
  app.get(
    '/me/suggestions',
    { schema: { tags, querystring: matchesQuery, response: { 200: needMatchesResponse } } },
    async (request) => ({
      items: await service.suggestionsForMe(ctx, requireActor(request), request.query.limit),
    }),
  );

  app.post(
    '/match-rounds',
    { schema: { tags, body: createMatchRoundBody, response: { 201: roundResponse } } },
    async (request, reply) =>
      reply.status(201).send({ round: await service.createRound(ctx, requireActor(request), request.body) }),
  );
  app.get(
    '/match-rounds',
    { schema: { tags, querystring: listQuery, response: { 200: roundPage } } },
    async (request) => service.listRounds(ctx, requireActor(request), request.query),
  );
  app.get('/match-rounds/:id', { schema: { tags, params, response: { 200: roundResponse } } }, async (request) => ({
    round: await service.getRound(ctx, requireActor(request), request.params.id),
  }));
  app.post(
    '/match-rounds/:id/invite',
    { schema: { tags, params, body: inviteBody, response: { 200: inviteResponse } } },
    async (request) => service.inviteFromRound(ctx, requireActor(request), request.params.id, request.body),
  );

  app.get(
    '/organizations/:id/round-proposals',
    { schema: { tags, params, response: { 200: roundProposalsResponse } } },
    async (request) => ({
      items: await service.listRoundProposals(ctx, requireActor(request), request.params.id),
    }),
  );

  app.post(
    '/round-proposals/:id/send',
    { schema: { tags, params, response: { 201: engagementResponse } } },
    async (request, reply) =>
      reply
        .status(201)
        .send({ engagement: await service.sendRoundProposal(ctx, requireActor(request), request.params.id) }),
  );
}
