import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { placeResponse, postcode } from '../../../shared/schemas/common.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { typed } from '../../http.ts';

export async function postcodesRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  typed(fastify).get(
    '/postcodes/:postcode',
    { schema: { tags: ['postcodes'], params: z.object({ postcode }), response: { 200: placeResponse } } },
    async (request) => {
      const found = ctx.postcodes.lookup(request.params.postcode);
      if (!found) {
        throw new AppError(400, 'unknown_postcode', `Postcode ${request.params.postcode} does not exist`, { postcode: 'Unknown postcode' });
      }
      return { place: found };
    },
  );
}
