import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { publicJwks } from './service.ts';

/** `GET /.well-known/waardewerk-keys.json`: the JWKS anyone verifies the platform's documents with. */
export async function signingRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  fastify.get('/.well-known/waardewerk-keys.json', { schema: { tags: ['recognition'] } }, async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return publicJwks(ctx);
  });
}
