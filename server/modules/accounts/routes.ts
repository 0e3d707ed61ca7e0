import { z } from 'zod';
import {
  changePasswordBody,
  loginBody,
  meResponse,
  registerBody,
  sessionsResponse,
  updateMeBody,
  userResponse,
} from '../../../shared/schemas/accounts.ts';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../../context.ts';
import { typed } from '../../http.ts';
import { clearSessionCookie, requireActor, setSessionCookie } from '../../plugins/auth.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AttemptLimiter } from './attempt-limiter.ts';
import * as service from './service.ts';

export async function accountsRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = typed(fastify);
  const limits = ctx.config.rateLimits;
  const tooMany = (_req: unknown, context: { after: string }) =>
    new AppError(429, 'too_many_requests', `Too many attempts. Try again in ${context.after}.`);
  // Per IP before the body is read, and per account after it: neither alone stops a spread attack.
  const perIp = app.rateLimit({ max: limits.authPerIpPerMinute, timeWindow: '1 minute', errorResponseBuilder: tooMany });
  const accountAttempts = new AttemptLimiter(ctx.clock, limits.loginPerAccountPer15Min, 15 * 60 * 1000);
  const perAccount = async (request: FastifyRequest) => {
    const email = String((request.body as { email?: unknown } | undefined)?.email ?? '').trim().toLowerCase();
    const waitSeconds = accountAttempts.hit(email);
    if (waitSeconds > 0) {
      request.log.info({ route: request.routeOptions.url }, 'refused: too many attempts for one account');
      throw new AppError(429, 'too_many_requests', `Too many attempts for this account. Try again in ${Math.ceil(waitSeconds / 60)} minutes.`);
    }
  };

  app.post(
    '/auth/register',
    { onRequest: perIp, preHandler: perAccount, schema: { tags: ['accounts'], body: registerBody, response: { 201: userResponse } } },
    async (request, reply) => {
      const { user, token } = await service.register(ctx, request.body);
      setSessionCookie(ctx, reply, token);
      return reply.status(201).send({ user });
    },
  );

  app.post(
    '/auth/login',
    { onRequest: perIp, preHandler: perAccount, schema: { tags: ['accounts'], body: loginBody, response: { 200: userResponse } } },
    async (request, reply) => {
      const { user, token } = await service.login(ctx, request.body);
      setSessionCookie(ctx, reply, token);
      return { user };
    },
  );

  app.post('/auth/logout', { schema: { tags: ['accounts'] } }, async (request, reply) => {
    if (request.session) {
      await service.logout(ctx, request.session.id);
      ctx.events.emit('sessions.revoked', { userId: request.session.user_id, sessionId: request.session.id });
    }
    clearSessionCookie(ctx, reply);
    return reply.status(204).send();
  });

  app.get('/me', { schema: { tags: ['accounts'], response: { 200: meResponse } } }, async (request) =>
    service.getMe(ctx, requireActor(request).userId),
  );

  app.patch('/me', { schema: { tags: ['accounts'], body: updateMeBody, response: { 200: userResponse } } }, async (request) => ({
    user: await service.updateMe(ctx, requireActor(request).userId, request.body),
  }));

  app.post(
    '/me/password',
    { onRequest: perIp, schema: { tags: ['accounts'], body: changePasswordBody } },
    async (request, reply) => {
      const token = await service.changePassword(ctx, requireActor(request).userId, request.body);
      setSessionCookie(ctx, reply, token);
      return reply.status(204).send();
    },
  );

  app.get('/me/sessions', { schema: { tags: ['accounts'], response: { 200: sessionsResponse } } }, async (request) => {
    const actor = requireActor(request);
    return { items: await service.listSessions(ctx, actor.userId, request.session?.id ?? '') };
  });

  app.delete(
    '/me/sessions/:id',
    { schema: { tags: ['accounts'], params: z.object({ id: z.string().max(64) }) } },
    async (request, reply) => {
      const actor = requireActor(request);
      await service.endSession(ctx, actor.userId, request.params.id);
      ctx.events.emit('sessions.revoked', { userId: actor.userId, sessionId: request.params.id });
      return reply.status(204).send();
    },
  );
}
