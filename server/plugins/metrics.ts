import { createHash, timingSafeEqual } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';

/**
 * The app's Prometheus metrics. One registry per app instance (never prom-client's global one), so
 * tests can build many apps and each instance reports only its own figures.
 */
export interface AppMetrics {
  registry: Registry;
  /** Seconds since 1970 of the last ledger verification that found the ledger intact. */
  ledgerVerifiedAt: Gauge;
  /** Seconds since 1970 of each job's last successful run (label `job`). */
  jobLastSuccess: Gauge<'job'>;
  jobFailures: Counter<'job'>;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: AppMetrics;
  }
}

/** Whether a request may read /metrics: the bearer token (compared in constant time) or an allowed address. */
export function metricsAccess(config: AppContext['config']['metrics']): (request: FastifyRequest) => boolean {
  const allowed = new BlockList();
  for (const entry of config.allow) {
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) allowed.addAddress(address, family);
    else allowed.addSubnet(address, Number(prefix), family);
  }
  // Hashing both sides gives equal lengths, so timingSafeEqual never leaks the token's length.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  const expected = config.token === null ? null : digest(config.token);
  return (request) => {
    const header = request.headers.authorization;
    if (expected && typeof header === 'string' && header.startsWith('Bearer ')) {
      if (timingSafeEqual(digest(header.slice('Bearer '.length)), expected)) return true;
    }
    const ip = request.ip;
    if (!ip || config.allow.length === 0) return false;
    const family = isIP(ip);
    // An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d; BlockList matches it against IPv4 rules too.
    return family !== 0 && allowed.check(ip, family === 6 ? 'ipv6' : 'ipv4');
  };
}

export const metricsPlugin = fp(
  async (app: FastifyInstance, { ctx }: { ctx: AppContext }) => {
    const registry = new Registry();
    const requestDuration = new Histogram({
      name: 'waardewerk_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by route pattern, method and status code',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    const ledgerTransfers = new Counter({
      name: 'waardewerk_ledger_transfers_total',
      help: 'Ledger transfers by unit and outcome: posted, pending, post_pending, void_pending (written) or refused',
      labelNames: ['unit', 'outcome'] as const,
      registers: [registry],
    });
    const metrics: AppMetrics = {
      registry,
      ledgerVerifiedAt: new Gauge({
        name: 'waardewerk_ledger_last_verified_timestamp_seconds',
        help: 'When this instance last verified the whole ledger and found it intact (0: not yet)',
        registers: [registry],
      }),
      jobLastSuccess: new Gauge({
        name: 'waardewerk_job_last_success_timestamp_seconds',
        help: 'When this instance last ran each periodic job successfully',
        labelNames: ['job'] as const,
        registers: [registry],
      }),
      jobFailures: new Counter({
        name: 'waardewerk_job_failures_total',
        help: 'Periodic job runs that failed',
        labelNames: ['job'] as const,
        registers: [registry],
      }),
    };
    app.decorate('metrics', metrics);

    const unsubscribe = [
      ctx.events.on('ledger.outcome', (e) => ledgerTransfers.inc({ unit: e.unit, outcome: e.outcome }, e.count)),
      ctx.events.on('ledger.verified', (e) => {
        if (e.ok) metrics.ledgerVerifiedAt.set(e.at.getTime() / 1000);
      }),
    ];
    app.addHook('onClose', async () => unsubscribe.forEach((stop) => stop()));

    app.addHook('onResponse', async (request, reply) => {
      // The route pattern (/api/needs/:id), never the raw URL: label values must stay few.
      const route = request.routeOptions.url ?? 'unmatched';
      requestDuration.observe(
        { method: request.method, route, status: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
    });

    const mayRead = metricsAccess(ctx.config.metrics);
    app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
      if (!mayRead(request)) {
        throw new AppError(401, 'not_signed_in', 'Metrics need the metrics token or an allowed address');
      }
      return reply.type(registry.contentType).send(await registry.metrics());
    });
  },
  { name: 'waardewerk-metrics', fastify: '5.x' },
);
