import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';
import { id } from '../../../shared/schemas/common.ts';
import {
  consentByCodeBody,
  consentRequestBody,
  helperCodeResponse,
  helperConsentList,
  helperConsentResponse,
  ON_BEHALF_HEADER,
  onBehalfActList,
  type OnBehalfAction,
} from '../../../shared/schemas/helpers.ts';
import type { AppContext } from '../../context.ts';
import { forbidden } from '../../errors.ts';
import { typed } from '../../http.ts';
import { requireActor } from '../../plugins/auth.ts';
import * as service from './service.ts';

const params = z.object({ id });

export async function helpersRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = typed(fastify);
  const tags = ['helpers'];

  app.post('/me/helper-code', { schema: { tags, response: { 201: helperCodeResponse } } }, async (request, reply) =>
    reply.status(201).send(await service.createHelperCode(ctx, requireActor(request))),
  );
  app.get('/me/helpers', { schema: { tags, response: { 200: helperConsentList } } }, async (request) =>
    service.consentsGiven(ctx, requireActor(request)),
  );
  app.post(
    '/me/helpers/:id/confirm',
    { schema: { tags, params, response: { 200: helperConsentResponse } } },
    async (request) => ({
      consent: await service.confirmConsent(ctx, requireActor(request), request.params.id),
    }),
  );
  app.post(
    '/helpers/consents/:id/withdraw',
    { schema: { tags, params, response: { 200: helperConsentResponse } } },
    async (request) => ({
      consent: await service.withdrawConsent(ctx, requireActor(request), request.params.id),
    }),
  );
  app.get('/me/on-behalf-acts', { schema: { tags, response: { 200: onBehalfActList } } }, async (request) =>
    service.actsForMe(ctx, requireActor(request)),
  );

  app.post(
    '/helpers/consents',
    { schema: { tags, body: consentByCodeBody, response: { 201: helperConsentResponse } } },
    async (request, reply) =>
      reply.status(201).send({ consent: await service.consentByCode(ctx, requireActor(request), request.body.code) }),
  );
  app.post(
    '/helpers/requests',
    { schema: { tags, body: consentRequestBody, response: { 201: helperConsentResponse } } },
    async (request, reply) =>
      reply.status(201).send({ consent: await service.requestConsent(ctx, requireActor(request), request.body.email) }),
  );
  app.get('/helpers/people', { schema: { tags, response: { 200: helperConsentList } } }, async (request) =>
    service.peopleHelped(ctx, requireActor(request)),
  );
}

/** The acts a helper may do for someone, by route. Everything else refuses the header. */
const actions: Record<string, OnBehalfAction> = {
  'POST /api/offers': 'post_offer',
  'POST /api/engagements': 'apply',
  'POST /api/engagements/:id/accept': 'answer',
  'POST /api/engagements/:id/decline': 'answer',
  'POST /api/engagements/:id/messages': 'message',
  'POST /api/engagements/:id/hours': 'log_hours',
};

declare module 'fastify' {
  interface FastifyRequest {
    onBehalfActId: string | null;
  }
}

/**
 * `X-On-Behalf-Of: <personId>` from a signed-in coordinator: for the acts above, with the person's
 * consent in force, the request runs as the person (every rule and authorisation is theirs) and the
 * act is recorded with both people. Without consent: 403 `consent_required`; on any other route: 403.
 */
export const onBehalfPlugin = fp(
  async (app: FastifyInstance, { ctx }: { ctx: AppContext }) => {
    app.decorateRequest('onBehalfActId', null);
    app.addHook('preHandler', async (request) => {
      const header = request.headers[ON_BEHALF_HEADER];
      if (header === undefined) return;
      const helper = requireActor(request);
      const action = actions[`${request.method} ${request.routeOptions.url ?? ''}`];
      if (!action) throw forbidden("This cannot be done on someone else's behalf");
      const personId = Array.isArray(header) ? header[0] : header;
      const { actId, person } = await service.beginAct(
        ctx,
        helper,
        personId ?? '',
        action,
        request.url.split('?')[0] ?? request.url,
      );
      request.user = person;
      request.onBehalfActId = actId;
    });
    app.addHook('onResponse', async (request, reply) => {
      if (request.onBehalfActId) await service.finishAct(ctx, request.onBehalfActId, reply.statusCode);
    });
  },
  { name: 'on-behalf', dependencies: ['auth'] },
);
