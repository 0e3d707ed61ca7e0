import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { place, postcode } from '../../../shared/schemas/common.ts';
import type { AppContext } from '../../context.ts';
import { typed } from '../../http.ts';
import { requirePlace } from './require-place.ts';

export async function postcodesRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  typed(fastify).get(
    '/postcodes/:postcode',
    { schema: { tags: ['postcodes'], params: z.object({ postcode }), response: { 200: z.object({ place }) } } },
    async (request) => {
      return { place: requirePlace(ctx.postcodes, request.params.postcode) };
    },
  );
}
