import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { clearSessionCookie, requireActor } from '../../plugins/auth.ts';
import * as service from './service.ts';

export async function privacyRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const tags = ['privacy'];

  app.get('/me/export', { schema: { tags, description: 'Every personal datum held about the signed-in person, as JSON (GDPR art. 15/20).' } }, async (request, reply) => {
    const data = await service.exportPersonalData(ctx, requireActor(request).userId);
    return reply.header('content-disposition', 'attachment; filename="waardewerk-export.json"').send(data);
  });

  app.delete('/me', { schema: { tags, description: 'Erases the signed-in person (GDPR art. 17); the ledger stays valid with a pseudonymous owner.' } }, async (request, reply) => {
    await service.eraseAccount(ctx, requireActor(request).userId);
    clearSessionCookie(ctx, reply);
    return reply.status(204).send();
  });
}
