import {
  mailPreferencesResponse,
  unsubscribeBody,
  unsubscribeResponse,
  updateMailPreferencesBody,
} from '../../../shared/schemas/mail.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { typed } from '../../http.ts';
import { requireActor } from '../../plugins/auth.ts';
import type { FastifyInstance } from 'fastify';
import * as service from './service.ts';

export async function mailRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = typed(fastify);
  app.get(
    '/me/mail-preferences',
    { schema: { tags: ['mail'], response: { 200: mailPreferencesResponse } } },
    async (request) => ({
      items: await service.preferences(ctx, requireActor(request).userId),
    }),
  );
  app.patch(
    '/me/mail-preferences',
    { schema: { tags: ['mail'], body: updateMailPreferencesBody, response: { 200: mailPreferencesResponse } } },
    async (request) => ({ items: await service.updatePreferences(ctx, requireActor(request).userId, request.body) }),
  );
  // The link in every notification mail: no session needed, the signed token says who and which kind.
  app.post(
    '/mail/unsubscribe',
    {
      config: {
        rateLimit: {
          max: 30,
          timeWindow: '1 minute',
          errorResponseBuilder: () =>
            new AppError(429, 'too_many_requests', 'Too many attempts; try again in a minute'),
        },
      },
      schema: { tags: ['mail'], body: unsubscribeBody, response: { 200: unsubscribeResponse } },
    },
    async (request) => service.unsubscribe(ctx, request.body.token),
  );
}
