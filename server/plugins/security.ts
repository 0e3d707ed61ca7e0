import type { IncomingMessage, ServerResponse } from 'node:http';
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import fp from 'fastify-plugin';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF per the Lucia guide: a state-changing request passes only when the browser says it is
 * same-origin (Sec-Fetch-Site) or its Origin is ours. Cookies are SameSite=Lax on top of this.
 */
export function passesOriginCheck(
  headers: Record<string, string | string[] | undefined>,
  allowedOrigins: Set<string>,
): boolean {
  const site = headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin';
  const origin = headers.origin;
  return typeof origin === 'string' && allowedOrigins.has(origin);
}

/** The headers of every answer (RELIABILITY security 4): strict CSP, HSTS, nosniff, Referrer-Policy. */
export function helmetOptions(config: Config) {
  return {
    contentSecurityPolicy: {
      useDefaults: false as const,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        ...(config.secureCookies ? { upgradeInsecureRequests: [] } : { upgradeInsecureRequests: null }),
      },
    },
    hsts: { maxAge: 31536000, includeSubDomains: true },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' as const },
    crossOriginEmbedderPolicy: false,
  };
}

/**
 * The same headers on a raw response, for answers the router sends before any hook runs (an
 * over-long path parameter, a broken URL): those never pass the plugin's onRequest hook.
 */
export function securityHeaders(config: Config): (req: IncomingMessage, res: ServerResponse) => void {
  const apply = helmet(helmetOptions(config));
  return (req, res) => {
    apply(req, res, (err?: unknown) => {
      if (err) throw err;
    });
  };
}

/** Deeper JSON than any of our bodies has is refused before anything walks it. */
export const MAX_INPUT_DEPTH = 32;

/**
 * The first problem in parsed input, with its path (`compensation.type`, `skills.2`): a string
 * holding U+0000 — PostgreSQL cannot store NUL in text (a 500 otherwise) and SQLite's text
 * functions stop at it, so it is refused on both databases alike — or nesting deeper than
 * MAX_INPUT_DEPTH. Walked with an explicit stack, so hostile nesting cannot overflow ours.
 */
export function inputProblem(value: unknown): { path: string[]; why: string } | null {
  const stack: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: v, path } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return { path, why: 'Contains a NUL character' };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (path.length >= MAX_INPUT_DEPTH) return { path, why: 'Nested too deeply' };
    for (const [key, inner] of Object.entries(v)) {
      if (key.includes('\u0000')) return { path: [...path, key], why: 'Contains a NUL character' };
      stack.push({ value: inner, path: [...path, key] });
    }
  }
  return null;
}

export const securityPlugin = fp(
  async (app: FastifyInstance, opts: { config: Config }) => {
    await app.register(fastifyHelmet, helmetOptions(opts.config));
    const allowed = new Set([opts.config.publicOrigin]);
    app.addHook('onRequest', async (request) => {
      if (SAFE_METHODS.has(request.method)) return;
      if (!passesOriginCheck(request.headers, allowed)) {
        request.log.info({ url: request.url }, 'refused: origin check');
        throw new AppError(403, 'csrf_origin', 'This request did not come from the Waardewerk site');
      }
    });
    app.addHook('preValidation', async (request) => {
      for (const [part, value] of [
        ['params', request.params],
        ['query', request.query],
        ['body', request.body],
      ] as const) {
        const problem = inputProblem(value);
        if (problem) {
          const field = problem.path.join('.') || part;
          throw new AppError(400, 'invalid_input', problem.why, { [field]: problem.why });
        }
      }
    });
  },
  { name: 'security' },
);
