import { existsSync } from 'node:fs';
import { fromRoot } from './paths.ts';
import fastifyStatic from '@fastify/static';
import rateLimit from '@fastify/rate-limit';
import websocket from '@fastify/websocket';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { healthResponse } from '../shared/schemas/health.ts';
import { systemClock, type Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { AppContext } from './context.ts';
import type { DbHandle } from './db/create-db.ts';
import { sqliteDurability } from './db/durability.ts';
import { AppError } from './errors.ts';
import { EventBus } from './events.ts';
import { typed } from './http.ts';
import { defaultJobs } from './jobs.ts';
import { accountsRoutes } from './modules/accounts/routes.ts';
import { engagementsRoutes } from './modules/engagements/routes.ts';
import { listingsRoutes } from './modules/listings/routes.ts';
import { startSearchIndex } from './modules/listings/index.ts';
import { ledgerRoutes } from './modules/ledger/routes.ts';
import { announceNewNeeds, startMatchingIndex } from './modules/matching/index.ts';
import { alertOnNewNeeds } from './modules/alerts/index.ts';
import { alertsRoutes } from './modules/alerts/routes.ts';
import { matchingRoutes } from './modules/matching/routes.ts';
import { linkQuestionsToEngagements } from './modules/questions/index.ts';
import { questionsRoutes } from './modules/questions/routes.ts';
import { organizationsRoutes } from './modules/organizations/routes.ts';
import { loadPostcodeDirectory, type PostcodeDirectory } from './modules/postcodes/directory.ts';
import { postcodesRoutes } from './modules/postcodes/routes.ts';
import { operationsRoutes } from './modules/operations/routes.ts';
import { privacyRoutes } from './modules/privacy/routes.ts';
import { auditRoutes } from './modules/audit/routes.ts';
import { moderationRoutes } from './modules/moderation/routes.ts';
import { notificationsRoutes } from './modules/notifications/routes.ts';
import { createHub, registerRealtimeMetrics, type Hub } from './modules/realtime/index.ts';
import { realtimeRoutes } from './modules/realtime/routes.ts';
import { verificationRoutes } from './modules/organizations/routes.ts';
import { applyAdminEmails, handleRecoveryRequests } from './modules/accounts/index.ts';
import { closeMail, mailSubscriptions } from './modules/mail/index.ts';
import { mailRoutes } from './modules/mail/routes.ts';
import { databaseRateLimitStore } from './modules/throttle/index.ts';
import { impactRoutes } from './modules/impact/routes.ts';
import { recognitionRoutes } from './modules/recognition/routes.ts';
import { neighboursRoutes } from './modules/neighbours/routes.ts';
import { salesRoutes } from './modules/sales/routes.ts';
import { loansRoutes } from './modules/loans/routes.ts';
import { socialReturnRoutes } from './modules/social-return/routes.ts';
import { signingKey } from './modules/signing/index.ts';
import { signingRoutes } from './modules/signing/routes.ts';
import { translationsRoutes } from './modules/translations/routes.ts';
import { helpersRoutes, onBehalfPlugin } from './modules/helpers/routes.ts';
import { authPlugin } from './plugins/auth.ts';
import { errorsPlugin, frameworkErrors } from './plugins/errors.ts';
import { jobsPlugin, type Job } from './plugins/jobs.ts';
import { metricsPlugin } from './plugins/metrics.ts';
import { securityHeaders, securityPlugin } from './plugins/security.ts';

export interface AppDeps {
  config: Config;
  database: DbHandle;
  clock?: Clock;
  postcodes?: PostcodeDirectory;
  events?: EventBus;
  /** Where the built web app lives; defaults to dist/web. */
  webRoot?: string;
  /** Periodic jobs; defaults to server/jobs.ts. */
  jobs?: readonly Job[];
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
    /** This instance's websocket hub (GET /api/ws). */
    realtime: Hub;
  }
}

const personalFields = ['password', 'currentPassword', 'newPassword', 'email', 'memo', 'text', 'note'];

/**
 * Modules react to each other's domain events here, not by calling each other: listings → `need.created` →
 * matching; engagement steps (`notify`) and matches → mail; `password_reset.requested` → accounts, after the answer.
 */
const domainSubscriptions = fp(
  async (app: FastifyInstance, { ctx }: { ctx: AppContext }) => {
    // Mail: the e-mail channel of notifications; "forgot password" after its answer.
    const stops = [
      announceNewNeeds(ctx),
      alertOnNewNeeds(ctx),
      mailSubscriptions(ctx),
      handleRecoveryRequests(ctx),
      linkQuestionsToEngagements(ctx),
    ];
    app.addHook('onClose', async () => {
      for (const stop of stops) stop();
      // After the mails that events started have gone (the close hook below waits for them).
      await ctx.events.idle();
      closeMail(ctx);
    });
    // listings' in-memory search index hears `listings.changed` from listings, engagements, moderation and privacy.
    const stopSearchIndex = startSearchIndex(ctx);
    app.addHook('onClose', () => stopSearchIndex());
    // matching's in-memory offer and need indexes hear the same events (SEARCH_INDEX=off switches them off too).
    const stopMatchingIndex = startMatchingIndex(ctx);
    app.addHook('onClose', () => stopMatchingIndex());
  },
  { name: 'domain-subscriptions' },
);

/** Builds the whole server from explicit dependencies. Used by main.ts and by every test. */
/**
 * Hashed build files (`/assets/name-HASH.js`) never change: cached for a year, never revalidated.
 * Everything else (index.html, the service worker, icons) is revalidated on every visit, so a new
 * release reaches people at once.
 */
export function webCacheControl(path: string): string {
  return /(^|[\\/])assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    logger: {
      level: config.logLevel,
      // Readable lines for a person at a terminal in development; JSON lines for log collectors elsewhere.
      ...(config.env === 'development'
        ? { transport: { target: 'pino-pretty', options: { ignore: 'pid,hostname', translateTime: 'HH:MM:ss' } } }
        : {}),
      redact: {
        paths: [
          'req.headers.cookie',
          'req.headers.authorization',
          'res.headers["set-cookie"]',
          ...personalFields.map((f) => `body.${f}`),
        ],
        censor: '[redacted]',
      },
    },
    trustProxy: config.trustProxy,
    bodyLimit: 256 * 1024,
    routerOptions: { maxParamLength: 200 },
    frameworkErrors: frameworkErrors(securityHeaders(config)),
    requestTimeout: 30_000,
  });

  const ctx: AppContext = {
    db: deps.database.db,
    dialect: deps.database.dialect,
    ...(deps.database.sqlite ? { sqlite: deps.database.sqlite } : {}),
    clock: deps.clock ?? systemClock,
    config,
    postcodes: deps.postcodes ?? loadPostcodeDirectory(),
    events: deps.events ?? new EventBus(),
    log: app.log,
  };
  app.decorate('ctx', ctx);
  ctx.events.onError = (err, event) => app.log.error({ err, event }, 'event listener failed');
  // Closing waits for work that events started (announcing a new need), before the database goes.
  app.addHook('onClose', () => ctx.events.idle());
  // ADMIN_EMAILS: the deployment names its platform admins; accounts that exist already become admins at start.
  await applyAdminEmails(ctx);

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(errorsPlugin);
  await app.register(metricsPlugin, { ctx });
  await app.register(jobsPlugin, { ctx, jobs: deps.jobs ?? defaultJobs });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Waardewerk API',
        version: '1',
        description: 'The value-of-work marketplace: needs, offers, matching, engagements and the shared ledger.',
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(securityPlugin, { config });
  // Windows live in the database, so instances behind one proxy count each client once.
  await app.register(rateLimit, {
    global: false,
    keyGenerator: (req) => req.ip ?? 'unknown',
    store: databaseRateLimitStore(ctx),
  });
  await app.register(authPlugin, { ctx });
  await app.register(onBehalfPlugin, { ctx });
  await app.register(domainSubscriptions, { ctx });
  // Frames above 64 KiB close the socket (1009) before they are buffered.
  await app.register(websocket, { options: { maxPayload: config.realtime.maxPayloadBytes } });
  const hub = createHub(ctx, deps.database.listen);
  app.decorate('realtime', hub);
  registerRealtimeMetrics(app.metrics.registry, hub);
  await hub.start();
  app.addHook('preClose', () => hub.stop());

  await app.register(
    async (api) => {
      typed(api).get('/health', { schema: { tags: ['health'], response: { 200: healthResponse } } }, async () => {
        if (deps.database.sqlite)
          return { ok: true as const, db: ctx.dialect, sqlite: sqliteDurability(deps.database.sqlite) };
        return { ok: true as const, db: ctx.dialect };
      });
      api.get('/docs', { schema: { hide: true } }, async () => app.swagger());
      await api.register(operationsRoutes, { ctx });
      await api.register(accountsRoutes, { ctx });
      await api.register(organizationsRoutes, { ctx });
      await api.register(postcodesRoutes, { ctx });
      await api.register(ledgerRoutes, { ctx });
      await api.register(listingsRoutes, { ctx });
      await api.register(engagementsRoutes, { ctx });
      await api.register(matchingRoutes, { ctx });
      await api.register(questionsRoutes, { ctx });
      await api.register(privacyRoutes, { ctx });
      await api.register(verificationRoutes, { ctx });
      await api.register(auditRoutes, { ctx });
      await api.register(moderationRoutes, { ctx });
      await api.register(recognitionRoutes, { ctx });
      await api.register(impactRoutes, { ctx });
      await api.register(neighboursRoutes, { ctx });
      await api.register(salesRoutes, { ctx });
      await api.register(loansRoutes, { ctx });
      await api.register(socialReturnRoutes, { ctx });
      await api.register(notificationsRoutes, { ctx });
      await api.register(realtimeRoutes, { ctx, hub });
      await api.register(alertsRoutes, { ctx });
      await api.register(mailRoutes, { ctx });
      await api.register(translationsRoutes, { ctx });
      await api.register(helpersRoutes, { ctx });
    },
    { prefix: '/api' },
  );

  await app.register(signingRoutes, { ctx });
  // The platform's signing key is made at first start (and read by every later start or instance).
  // A database that does not answer now must not keep the server from starting: /api/ready then says
  // so (503), and the key is made on first use once the database is back.
  app.addHook('onReady', async () => {
    await signingKey(ctx).catch((err: unknown) =>
      ctx.log.warn({ err }, 'signing key not ready at start; made on first use'),
    );
  });

  const webRoot = deps.webRoot ?? fromRoot('dist', 'web');
  const hasWeb = existsSync(`${webRoot}/index.html`);
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: false,
      index: ['index.html'],
      // The build writes .br and .gz beside each file (web/vite/precompress.ts): sent as they are.
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply, path) => reply.header('cache-control', webCacheControl(path)),
    });
  }
  app.setNotFoundHandler((request, reply) => {
    if (request.method === 'GET' && !request.url.startsWith('/api') && hasWeb) {
      // The single-page app routes in the browser: every page URL serves index.html.
      return reply.type('text/html').header('cache-control', webCacheControl('index.html')).sendFile('index.html');
    }
    throw new AppError(404, 'not_found', `No such route: ${request.method} ${request.url.split('?')[0]}`);
  });

  return app;
}
