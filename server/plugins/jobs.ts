import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { sql } from 'kysely';
import type { AppContext } from '../context.ts';

/** A periodic job. Adding one is a line in server/jobs.ts. */
export interface Job {
  /** Stable name: the metric label and, on PostgreSQL, the advisory lock's key. */
  name: string;
  everyMs: number;
  /** The first run, after start; defaults to `everyMs`. */
  startAfterMs?: number;
  /** Does the work with `ctx` (whose `db` may be a single pinned connection on PostgreSQL). */
  run(ctx: AppContext): Promise<unknown>;
}

export type JobOutcome = 'ran' | 'busy' | 'failed';

export interface JobRunner {
  /**
   * Runs a job now, unless it is running already — in this process, or (PostgreSQL) in another
   * instance holding its advisory lock: then `busy`. The timers call this too.
   */
  runNow(name: string): Promise<JobOutcome>;
  /** When the job last finished without error in this process. */
  lastSuccess(name: string): Date | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    jobs: JobRunner;
  }
}

/**
 * Runs periodic jobs. On PostgreSQL each run holds a session advisory lock keyed by the job's name
 * on one pinned connection, so across all app instances on the same database one run happens at a
 * time; the job works through that connection (which PGlite, with its single connection, needs too),
 * and a crashed instance's lock goes with its connection. On SQLite there is one process: it runs directly.
 */
export const jobsPlugin = fp(
  async (app: FastifyInstance, { ctx, jobs }: { ctx: AppContext; jobs: readonly Job[] }) => {
    const byName = new Map(jobs.map((j) => [j.name, j]));
    const running = new Map<string, Promise<JobOutcome>>();
    const lastSuccess = new Map<string, Date>();
    let closing = false;

    const execute = async (job: Job): Promise<JobOutcome> => {
      try {
        const ran = ctx.dialect === 'postgres' ? await runLocked(ctx, job) : (await job.run(ctx), true);
        if (!ran) return 'busy';
        const at = new Date();
        lastSuccess.set(job.name, at);
        app.metrics.jobLastSuccess.set({ job: job.name }, at.getTime() / 1000);
        return 'ran';
      } catch (err) {
        app.metrics.jobFailures.inc({ job: job.name });
        ctx.log.error({ err, job: job.name }, 'periodic job failed');
        return 'failed';
      }
    };

    const runner: JobRunner = {
      runNow(name) {
        const job = byName.get(name);
        if (!job) return Promise.reject(new Error(`No job named ${name}`));
        if (closing || running.has(name)) return Promise.resolve('busy');
        const run = execute(job).finally(() => running.delete(name));
        running.set(name, run);
        return run;
      },
      lastSuccess: (name) => lastSuccess.get(name) ?? null,
    };
    app.decorate('jobs', runner);

    const timers: NodeJS.Timeout[] = [];
    for (const job of jobs) {
      const first = setTimeout(() => {
        void runner.runNow(job.name);
        timers.push(setInterval(() => void runner.runNow(job.name), job.everyMs).unref());
      }, job.startAfterMs ?? job.everyMs);
      timers.push(first.unref());
    }
    app.addHook('onClose', async () => {
      closing = true;
      for (const t of timers) clearTimeout(t);
      // The database closes after the app: let a run in progress finish first.
      await Promise.allSettled(running.values());
    });
  },
  { name: 'waardewerk-jobs', fastify: '5.x', dependencies: ['waardewerk-metrics'] },
);

/** Runs `job` under its advisory lock; false when another session holds it. */
async function runLocked(ctx: AppContext, job: Job): Promise<boolean> {
  return ctx.db.connection().execute(async (connection) => {
    const key = sql`hashtextextended(${`waardewerk.job.${job.name}`}, 0)`;
    const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(${key}) as locked`.execute(connection);
    if (!rows[0]?.locked) return false;
    try {
      await job.run({ ...ctx, db: connection });
      return true;
    } finally {
      await sql`select pg_advisory_unlock(${key})`.execute(connection);
    }
  });
}
