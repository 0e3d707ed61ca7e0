import type { FastifyInstance } from 'fastify';
import { reauthenticateBody } from '../../../shared/schemas/accounts.ts';
import type { AppContext } from '../../context.ts';
import { typed } from '../../http.ts';
import { clearSessionCookie, requireActor } from '../../plugins/auth.ts';
import { confirmCurrentPassword } from '../accounts/index.ts';
import * as service from './service.ts';

export async function privacyRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const tags = ['privacy'];

  app.get(
    '/me/export',
    {
      schema: { tags, description: 'Every personal datum held about the signed-in person, as JSON (GDPR art. 15/20).' },
    },
    async (request, reply) => {
      const data = await service.exportPersonalData(ctx, requireActor(request).userId);
      return reply.header('content-disposition', 'attachment; filename="waardewerk-export.json"').send(data);
    },
  );

  typed(app).delete(
    '/me',
    {
      schema: {
        tags,
        body: reauthenticateBody,
        description:
          'Erases the signed-in person (GDPR art. 17) after they typed their password again; the ledger stays valid with a pseudonymous owner.',
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await confirmCurrentPassword(ctx, actor.userId, request.body.currentPassword);
      await service.eraseAccount(ctx, actor.userId);
      clearSessionCookie(ctx, reply);
      return reply.status(204).send();
    },
  );
}
