import { z } from 'zod';
import {
  changePasswordBody,
  endOtherSessionsResponse,
  loginBody,
  meResponse,
  passwordResetBody,
  passwordResetConfirmBody,
  verifyEmailConfirmBody,
  reauthenticateBody,
  registerBody,
  sessionsResponse,
  updateMeBody,
  userResponse,
  peopleQuery,
  peopleResponse,
} from '../../../shared/schemas/accounts.ts';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../../context.ts';
import { typed } from '../../http.ts';
import { clearSessionCookie, requireActor, setSessionCookie } from '../../plugins/auth.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as service from './service.ts';

export async function accountsRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = typed(fastify);
  const limits = ctx.config.rateLimits;
  const tooMany = (_req: unknown, context: { after: string }) =>
    new AppError(429, 'too_many_requests', `Too many attempts. Try again in ${context.after}.`);
  // Per address before the body is read; failed passwords are then counted per account and per
  // address in the database (throttle module), so every instance sees the same counts.
  const perIp = app.rateLimit({
    max: limits.authPerIpPerMinute,
    timeWindow: '1 minute',
    keyGenerator: (request) => `auth-address|${request.ip}`,
    errorResponseBuilder: tooMany,
  });
  // Registrations per e-mail address (probing one address from many), counted across instances.
  const registrationsPerEmail = app.createRateLimit({
    max: limits.loginPerAccountPer15Min,
    timeWindow: '15 minutes',
    keyGenerator: (request) =>
      `register-email|${String((request.body as { email?: unknown } | undefined)?.email ?? '')
        .trim()
        .toLowerCase()}`,
  });
  const perEmail = async (request: FastifyRequest) => {
    const limit = await registrationsPerEmail(request);
    if (!limit.isAllowed && limit.isExceeded) {
      throw new AppError(
        429,
        'too_many_requests',
        `Too many attempts for this address. Try again in ${Math.ceil(limit.ttlInSeconds / 60)} minutes.`,
        undefined,
        {
          retryAfterSeconds: limit.ttlInSeconds,
        },
      );
    }
  };

  // Reset requests per address typed, counted the same for addresses with and without an account.
  const resetsPerEmail = app.createRateLimit({
    max: limits.loginPerAccountPer15Min,
    timeWindow: '15 minutes',
    keyGenerator: (request) =>
      `reset-email|${String((request.body as { email?: unknown } | undefined)?.email ?? '')
        .trim()
        .toLowerCase()}`,
  });
  const perResetEmail = async (request: FastifyRequest) => {
    const limit = await resetsPerEmail(request);
    if (!limit.isAllowed && limit.isExceeded) {
      throw new AppError(
        429,
        'too_many_requests',
        `Too many requests for this address. Try again in ${Math.ceil(limit.ttlInSeconds / 60)} minutes.`,
        undefined,
        {
          retryAfterSeconds: limit.ttlInSeconds,
        },
      );
    }
  };

  app.post(
    '/auth/password-reset',
    { onRequest: perIp, preHandler: perResetEmail, schema: { tags: ['accounts'], body: passwordResetBody } },
    async (request, reply) => {
      service.requestPasswordReset(ctx, request.body.email);
      return reply.status(202).send();
    },
  );
  app.post(
    '/auth/password-reset/confirm',
    { onRequest: perIp, schema: { tags: ['accounts'], body: passwordResetConfirmBody } },
    async (request, reply) => {
      await service.confirmPasswordReset(ctx, request.body.token, request.body.password);
      // Every session ended, this browser's too: the person signs in with the new password.
      clearSessionCookie(ctx, reply);
      return reply.status(204).send();
    },
  );
  app.post(
    '/auth/verify-email/confirm',
    { onRequest: perIp, schema: { tags: ['accounts'], body: verifyEmailConfirmBody } },
    async (request, reply) => {
      await service.confirmEmailVerification(ctx, request.body.token);
      return reply.status(204).send();
    },
  );
  app.post('/me/email-verification', { onRequest: perIp, schema: { tags: ['accounts'] } }, async (request, reply) => {
    await service.resendVerificationMail(ctx, requireActor(request).userId);
    return reply.status(202).send();
  });

  app.post(
    '/auth/register',
    {
      onRequest: perIp,
      preHandler: perEmail,
      schema: { tags: ['accounts'], body: registerBody, response: { 201: userResponse } },
    },
    async (request, reply) => {
      const { user, token } = await service.register(ctx, request.body);
      setSessionCookie(ctx, reply, token);
      return reply.status(201).send({ user });
    },
  );

  app.post(
    '/auth/login',
    { onRequest: perIp, schema: { tags: ['accounts'], body: loginBody, response: { 200: userResponse } } },
    async (request, reply) => {
      const { user, token } = await service.login(ctx, request.body, request.ip);
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

  app.get(
    '/people',
    { schema: { tags: ['accounts'], querystring: peopleQuery, response: { 200: peopleResponse } } },
    async (request) => ({
      items: await service.findPeople(ctx, requireActor(request), request.query),
    }),
  );

  app.patch(
    '/me',
    { schema: { tags: ['accounts'], body: updateMeBody, response: { 200: userResponse } } },
    async (request) => ({
      user: await service.updateMe(ctx, requireActor(request).userId, request.body),
    }),
  );

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

  app.post(
    '/me/sessions/end-others',
    {
      onRequest: perIp,
      schema: { tags: ['accounts'], body: reauthenticateBody, response: { 200: endOtherSessionsResponse } },
    },
    async (request) => {
      const actor = requireActor(request);
      return {
        ended: await service.endOtherSessions(
          ctx,
          actor.userId,
          request.session?.id ?? '',
          request.body.currentPassword,
        ),
      };
    },
  );

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
