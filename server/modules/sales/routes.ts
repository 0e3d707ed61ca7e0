import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { page } from '../../../shared/schemas/common.ts';
import {
  acceptSaleBody,
  createServiceOfferBody,
  declareIncomeBody,
  deliverSaleBody,
  orderBody,
  ownIncome,
  ownIncomeQuery,
  sale,
  saleListQuery,
  saleMessageBody,
  saleResponse,
  serviceOffer,
  serviceOfferQuery,
  serviceOfferResponse,
} from '../../../shared/schemas/sales.ts';
import type { AppContext } from '../../context.ts';
import { typed } from '../../http.ts';
import { optionalActor, requireActor } from '../../plugins/auth.ts';
import * as service from './service.ts';

const params = z.object({ id: z.string().max(64) });
const yearParams = z.object({ id: z.string().max(64), year: z.coerce.number().int().min(2000).max(2100) });

export async function salesRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = typed(fastify);
  const tags = ['sales'];

  app.post(
    '/service-offers',
    { schema: { tags, body: createServiceOfferBody, response: { 201: serviceOfferResponse } } },
    async (request, reply) =>
      reply.status(201).send({ offer: await service.createOffer(ctx, requireActor(request), request.body) }),
  );
  app.get(
    '/service-offers',
    { schema: { tags, querystring: serviceOfferQuery, response: { 200: page(serviceOffer) } } },
    async (request) => service.searchOffers(ctx, optionalActor(request), request.query),
  );
  app.get(
    '/service-offers/:id',
    { schema: { tags, params, response: { 200: serviceOfferResponse } } },
    async (request) => ({
      offer: await service.readOffer(ctx, optionalActor(request), request.params.id),
    }),
  );
  app.post(
    '/service-offers/:id/close',
    { schema: { tags, params, response: { 200: serviceOfferResponse } } },
    async (request) => ({
      offer: await service.closeOffer(ctx, requireActor(request), request.params.id),
    }),
  );
  app.post(
    '/service-offers/:id/orders',
    { schema: { tags, params, body: orderBody, response: { 201: saleResponse } } },
    async (request, reply) =>
      reply
        .status(201)
        .send({ sale: await service.order(ctx, requireActor(request), request.params.id, request.body) }),
  );

  app.get('/sales', { schema: { tags, querystring: saleListQuery, response: { 200: page(sale) } } }, async (request) =>
    service.listSales(ctx, requireActor(request), request.query),
  );
  app.get('/sales/:id', { schema: { tags, params, response: { 200: saleResponse } } }, async (request) => ({
    sale: await service.readSale(ctx, requireActor(request), request.params.id),
  }));
  app.post(
    '/sales/:id/accept',
    { schema: { tags, params, body: acceptSaleBody, response: { 200: saleResponse } } },
    async (request) => ({
      sale: await service.step(ctx, requireActor(request), request.params.id, { action: 'accept', body: request.body }),
    }),
  );
  app.post(
    '/sales/:id/deliver',
    { schema: { tags, params, body: deliverSaleBody, response: { 200: saleResponse } } },
    async (request) => ({
      sale: await service.step(ctx, requireActor(request), request.params.id, {
        action: 'deliver',
        body: request.body,
      }),
    }),
  );
  for (const action of ['decline', 'cancel', 'confirm'] as const) {
    app.post(
      `/sales/:id/${action}`,
      { schema: { tags, params, body: saleMessageBody, response: { 200: saleResponse } } },
      async (request) => ({
        sale: await service.step(ctx, requireActor(request), request.params.id, { action }),
      }),
    );
  }

  app.get(
    '/organizations/:id/own-income',
    { schema: { tags, params, querystring: ownIncomeQuery, response: { 200: ownIncome } } },
    async (request) => service.ownIncome(ctx, requireActor(request), request.params.id, request.query),
  );
  app.put(
    '/organizations/:id/income/:year',
    { schema: { tags, params: yearParams, body: declareIncomeBody, response: { 200: ownIncome } } },
    async (request) =>
      service.declareIncome(ctx, requireActor(request), request.params.id, request.params.year, request.body),
  );
}
