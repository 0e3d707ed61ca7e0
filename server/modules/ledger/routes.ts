import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { page } from '../../../shared/schemas/common.ts';
import {
  balance,
  balancesQuery,
  balancesResponse,
  correctionBody,
  createTransferBody,
  exportQuery,
  setFloorBody,
  transfer,
  transferResponse,
  transfersQuery,
  verifyResponse,
} from '../../../shared/schemas/ledger.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { typed } from '../../http.ts';
import { requireActor } from '../../plugins/auth.ts';
import { publicEntriesPage, publicEntriesQuery } from '../../../shared/schemas/ledger-entries.ts';
import {
  createCreditRequestBody,
  creditRequestPage,
  creditRequestResponse,
  creditRequestsQuery,
} from '../../../shared/schemas/credit-requests.ts';
import * as service from './service.ts';

const idParams = z.object({ id: z.string().min(1).max(64) });

export async function ledgerRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = typed(fastify);
  const tags = ['ledger'];

  app.get(
    '/ledger/balances',
    { schema: { tags, querystring: balancesQuery, response: { 200: balancesResponse } } },
    async (request) => ({
      balances: await service.getBalances(ctx, requireActor(request), request.query.owner),
    }),
  );

  app.get(
    '/ledger/transfers',
    { schema: { tags, querystring: transfersQuery, response: { 200: page(transfer) } } },
    async (request) => service.listTransfers(ctx, requireActor(request), request.query),
  );

  app.get(
    '/ledger/transfers/:id',
    { schema: { tags, params: idParams, response: { 200: transferResponse } } },
    async (request) => ({
      transfer: await service.getTransfer(ctx, requireActor(request), request.params.id),
    }),
  );

  app.post(
    '/ledger/transfers',
    { schema: { tags, body: createTransferBody, response: { 200: transferResponse, 201: transferResponse } } },
    async (request, reply) => {
      const { transfer: t, created } = await service.exchange(ctx, requireActor(request), request.body);
      return reply.status(created ? 201 : 200).send({ transfer: t });
    },
  );

  // Requests for time credits: asked of a findable person, who accepts (the credits go) or declines.
  app.post(
    '/credit-requests',
    { schema: { tags, body: createCreditRequestBody, response: { 201: creditRequestResponse } } },
    async (request, reply) =>
      reply.status(201).send({ request: await service.createCreditRequest(ctx, requireActor(request), request.body) }),
  );
  app.get(
    '/credit-requests',
    { schema: { tags, querystring: creditRequestsQuery, response: { 200: creditRequestPage } } },
    async (request) => service.listCreditRequests(ctx, requireActor(request), request.query),
  );
  app.get(
    '/credit-requests/:id',
    { schema: { tags, params: idParams, response: { 200: creditRequestResponse } } },
    async (request) => ({
      request: await service.getCreditRequest(ctx, requireActor(request), request.params.id),
    }),
  );
  app.post(
    '/credit-requests/:id/accept',
    { schema: { tags, params: idParams, response: { 200: creditRequestResponse } } },
    async (request) => ({
      request: await service.acceptCreditRequest(ctx, requireActor(request), request.params.id),
    }),
  );
  app.post(
    '/credit-requests/:id/decline',
    { schema: { tags, params: idParams, response: { 200: creditRequestResponse } } },
    async (request) => ({
      request: await service.declineCreditRequest(ctx, requireActor(request), request.params.id),
    }),
  );

  // Public (anyone may check the books) but costly on a large ledger (seconds of CPU at 1M entries):
  // rate-limited per address, one verification at a time, and a result younger than 10 s is reused.
  const verifyOnce = singleFlight(
    () => service.verifyBooks(ctx),
    () => service.journalHeadKey(ctx),
    () => ctx.clock.now().getTime(),
    10_000,
  );
  app.get(
    '/ledger/verify',
    {
      config: {
        rateLimit: {
          max: 20,
          timeWindow: '1 minute',
          errorResponseBuilder: () =>
            new AppError(429, 'too_many_requests', 'Verification is limited; try again in a minute'),
        },
      },
      schema: { tags, response: { 200: verifyResponse } },
    },
    async () => verifyOnce(),
  );

  // Public: the newest journal entries (hashes, opaque transfer ids and amounts) for the integrity page.
  app.get(
    '/ledger/entries',
    { schema: { tags, querystring: publicEntriesQuery, response: { 200: publicEntriesPage } } },
    async (request) => service.publicEntries(ctx, request.query),
  );

  app.get('/ledger/export', { schema: { tags, querystring: exportQuery } }, async (request, reply) => {
    const { contentType, body } = await service.exportLedger(ctx, requireActor(request), request.query.format);
    const extension = request.query.format === 'csv' ? 'csv' : 'journal';
    return reply
      .type(contentType)
      .header('content-disposition', `attachment; filename="waardewerk-ledger.${extension}"`)
      .send(body);
  });

  app.put(
    '/ledger/accounts/:id/floor',
    { schema: { tags, params: idParams, body: setFloorBody, response: { 200: z.object({ balance }) } } },
    async (request) => ({
      balance: await service.setFloor(
        ctx,
        requireActor(request),
        request.params.id,
        request.body.floor,
        request.body.reason,
      ),
    }),
  );

  app.post(
    '/ledger/corrections',
    { schema: { tags, body: correctionBody, response: { 200: transferResponse, 201: transferResponse } } },
    async (request, reply) => {
      const { transfer: t, created } = await service.correctTransfer(ctx, requireActor(request), request.body);
      return reply.status(created ? 201 : 200).send({ transfer: t });
    },
  );
}

/**
 * Shares one running computation among concurrent callers, and reuses its result for `maxAgeMs`
 * while `key()` (the journal head) is unchanged — so a new write is always verified afresh.
 */
export function singleFlight<T>(
  run: () => Promise<T>,
  key: () => Promise<string>,
  nowMs: () => number,
  maxAgeMs: number,
): () => Promise<T> {
  let running: Promise<T> | null = null;
  let last: { at: number; key: string; value: T } | null = null;
  return async () => {
    const current = await key();
    if (last && last.key === current && nowMs() - last.at < maxAgeMs) return last.value;
    running ??= run()
      .then((value) => {
        last = { at: nowMs(), key: current, value };
        return value;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
}
