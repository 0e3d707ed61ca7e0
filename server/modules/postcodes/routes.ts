import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { placeResponse, postcode } from '../../../shared/schemas/common.ts';
import type { AppContext } from '../../context.ts';
import { typed } from '../../http.ts';
import { requirePlace } from './require-place.ts';

export async function postcodesRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  typed(fastify).get(
    '/postcodes/:postcode',
    { schema: { tags: ['postcodes'], params: z.object({ postcode }), response: { 200: placeResponse } } },
    async (request) => {
      return { place: requirePlace(ctx.postcodes, request.params.postcode) };
    },
  );
}
