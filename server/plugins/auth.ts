import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Actor, AppContext } from '../context.ts';
import { notSignedIn } from '../errors.ts';
import { validateSessionToken } from '../modules/accounts/service.ts';
import type { SessionRow, UserRow } from '../modules/accounts/tables.ts';

declare module 'fastify' {
  interface FastifyRequest {
    user: UserRow | null;
    session: SessionRow | null;
  }
}

export const sessionCookieName = (ctx: AppContext) => (ctx.config.secureCookies ? '__Host-session' : 'session');

export function setSessionCookie(ctx: AppContext, reply: FastifyReply, token: string): void {
  reply.setCookie(sessionCookieName(ctx), token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: ctx.config.secureCookies,
    maxAge: Math.floor(ctx.config.session.inactivityMs / 1000),
  });
}

export function clearSessionCookie(ctx: AppContext, reply: FastifyReply): void {
  reply.clearCookie(sessionCookieName(ctx), {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: ctx.config.secureCookies,
  });
}

/** The signed-in person, or 401. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.user) throw notSignedIn();
  return { userId: request.user.id, isAdmin: request.user.is_admin === 1 };
}

/** The signed-in person, if any (public routes that show more to members). */
export function optionalActor(request: FastifyRequest): Actor | null {
  return request.user ? { userId: request.user.id, isAdmin: request.user.is_admin === 1 } : null;
}

/** Reads the session cookie on every request (Lucia's design: token in the cookie, hash in the DB). */
export const authPlugin = fp(
  async (app: FastifyInstance, opts: { ctx: AppContext }) => {
    const { ctx } = opts;
    await app.register(cookie);
    app.decorateRequest('user', null);
    app.decorateRequest('session', null);
    app.addHook('onRequest', async (request, reply) => {
      const token = request.cookies[sessionCookieName(ctx)];
      if (!token) return;
      const result = await validateSessionToken(ctx, token);
      if (!result) {
        clearSessionCookie(ctx, reply);
        return;
      }
      request.user = result.user;
      request.session = result.session;
      if (result.renewed) setSessionCookie(ctx, reply, token);
    });
  },
  { name: 'auth' },
);
