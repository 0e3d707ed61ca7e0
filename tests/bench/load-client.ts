/**
 * The load generator of `bench:load`, in a process of its own (so it does not share the server's
 * event loop): one autocannon instance per mix, all at once against the same address, each with
 * its share of the connections. Reads a JSON plan from argv[2], prints one JSON result line.
 * Transfers get a fresh id per request (setupRequest), so every one is a new ledger write.
 */
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  cookie?: string;
  /** JSON body; `"$uuid"` as a value is replaced by a fresh UUID per request. */
  body?: Record<string, unknown>;
}

export interface MixPlan {
  name: string;
  connections: number;
  requests: LoadRequest[];
}

export interface LoadPlan {
  url: string;
  origin: string;
  duration: number;
  mixes: MixPlan[];
}

export interface MixResult {
  name: string;
  connections: number;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

function withFreshIds(body: Record<string, unknown>): string {
  return JSON.stringify(
    Object.fromEntries(Object.entries(body).map(([k, v]) => [k, v === '$uuid' ? randomUUID() : v])),
  );
}

function run(plan: LoadPlan, mix: MixPlan): Promise<MixResult> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: plan.url,
        duration: plan.duration,
        connections: mix.connections,
        requests: mix.requests.map((r) => ({
          method: r.method,
          path: r.path,
          headers: {
            origin: plan.origin,
            ...(r.cookie ? { cookie: r.cookie } : {}),
            ...(r.body ? { 'content-type': 'application/json' } : {}),
          },
          ...(r.body
            ? { setupRequest: (req: Record<string, unknown>) => ({ ...req, body: withFreshIds(r.body ?? {}) }) }
            : {}),
        })),
      },
      (err, result) => {
        if (err) return reject(err);
        resolve({
          name: mix.name,
          connections: mix.connections,
          requests: result.requests.total,
          rps: result.requests.average,
          p50: result.latency.p50,
          p99: result.latency.p99,
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
        });
      },
    );
  });
}

const plan = JSON.parse(process.argv[2] ?? '{}') as LoadPlan;
const results = await Promise.all(plan.mixes.map((mix) => run(plan, mix)));
process.stdout.write(`${JSON.stringify(results)}\n`);
