import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { id } from '../../../shared/schemas/common.ts';
import {
  listingTexts,
  translatableKinds,
  translationBody,
  translationParams,
  translationResponse,
} from '../../../shared/schemas/translations.ts';
import type { AppContext } from '../../context.ts';
import { typed } from '../../http.ts';
import { optionalActor, requireActor } from '../../plugins/auth.ts';
import * as service from './service.ts';

export async function translationsRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = typed(fastify);
  const tags = ['listings'];
  for (const kind of translatableKinds) {
    const base = `/${kind}s/:id/translations`;
    app.get(base, { schema: { tags, params: z.object({ id }), response: { 200: listingTexts } } }, async (request) =>
      service.listingTexts(ctx, optionalActor(request), kind, request.params.id),
    );
    app.put(
      `${base}/:language`,
      { schema: { tags, params: translationParams, body: translationBody, response: { 200: translationResponse } } },
      async (request) => ({
        translation: await service.saveTranslation(
          ctx,
          requireActor(request),
          kind,
          request.params.id,
          request.params.language,
          request.body,
        ),
      }),
    );
    app.delete(`${base}/:language`, { schema: { tags, params: translationParams } }, async (request, reply) => {
      await service.removeTranslation(ctx, requireActor(request), kind, request.params.id, request.params.language);
      return reply.status(204).send();
    });
  }
}
