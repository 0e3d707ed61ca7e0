import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  createNeedBody,
  createOfferBody,
  myListingsQuery,
  myListingsResponse,
  needPage,
  needResponse,
  needSearchQuery,
  offerPage,
  offerResponse,
  offerSearchQuery,
  updateNeedBody,
  updateOfferBody,
} from '../../../shared/schemas/listings.ts';
import type { AppContext } from '../../context.ts';
import { typed } from '../../http.ts';
import { optionalActor, requireActor } from '../../plugins/auth.ts';
import * as service from './service.ts';

const params = z.object({ id: z.string().max(64) });

/** Needs and offers: public search and reading; changes by the owning organisation or person. */
export async function listingsRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = typed(fastify);

  app.get(
    '/needs',
    { schema: { tags: ['needs'], querystring: needSearchQuery, response: { 200: needPage } } },
    async (request) => service.searchNeeds(ctx, optionalActor(request), request.query),
  );
  app.post(
    '/needs',
    { schema: { tags: ['needs'], body: createNeedBody, response: { 201: needResponse } } },
    async (request, reply) =>
      reply.status(201).send({ need: await service.createNeed(ctx, requireActor(request), request.body) }),
  );
  app.get('/needs/:id', { schema: { tags: ['needs'], params, response: { 200: needResponse } } }, async (request) => ({
    need: await service.getNeed(ctx, optionalActor(request), request.params.id),
  }));
  app.patch(
    '/needs/:id',
    { schema: { tags: ['needs'], params, body: updateNeedBody, response: { 200: needResponse } } },
    async (request) => ({
      need: await service.updateNeed(ctx, requireActor(request), request.params.id, request.body),
    }),
  );
  app.post(
    '/needs/:id/close',
    { schema: { tags: ['needs'], params, response: { 200: needResponse } } },
    async (request) => ({
      need: await service.closeNeed(ctx, requireActor(request), request.params.id),
    }),
  );

  app.get(
    '/offers',
    { schema: { tags: ['offers'], querystring: offerSearchQuery, response: { 200: offerPage } } },
    async (request) => service.searchOffers(ctx, optionalActor(request), request.query),
  );
  app.post(
    '/offers',
    { schema: { tags: ['offers'], body: createOfferBody, response: { 201: offerResponse } } },
    async (request, reply) =>
      reply.status(201).send({ offer: await service.createOffer(ctx, requireActor(request), request.body) }),
  );
  app.get(
    '/offers/:id',
    { schema: { tags: ['offers'], params, response: { 200: offerResponse } } },
    async (request) => ({
      offer: await service.getOffer(ctx, optionalActor(request), request.params.id),
    }),
  );
  app.patch(
    '/offers/:id',
    { schema: { tags: ['offers'], params, body: updateOfferBody, response: { 200: offerResponse } } },
    async (request) => ({
      offer: await service.updateOffer(ctx, requireActor(request), request.params.id, request.body),
    }),
  );
  app.post(
    '/offers/:id/close',
    { schema: { tags: ['offers'], params, response: { 200: offerResponse } } },
    async (request) => ({
      offer: await service.closeOffer(ctx, requireActor(request), request.params.id),
    }),
  );

  app.get(
    '/me/listings',
    { schema: { tags: ['needs', 'offers'], querystring: myListingsQuery, response: { 200: myListingsResponse } } },
    async (request) => service.myListings(ctx, requireActor(request), request.query),
  );
}
