/**
 * A real deployment in miniature for `npm run test:proxy` and `npm run bench:load`: app instances
 * (`server/main.ts` via tsx, as tests/e2e/helpers.ts starts them) on one database, nginx in the
 * foreground with deploy/nginx.conf rewritten for free ports and a temporary folder, and an HTTP
 * client that speaks to it the way browsers do (cookies, Origin, keep-alive, a chosen source address).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort } from '../helpers/free-port.ts';

export const root = fileURLToPath(new URL('../..', import.meta.url));

// The proxy and load scripts take it from here with the rest of the cluster.
export { freePort };

export interface Process {
  name: string;
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

export function startProcess(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): Process {
  const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    name,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export async function waitFor(url: string, proc: Process, seconds = 90): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null)
      throw new Error(`${proc.name} stopped while starting (exit ${proc.child.exitCode}):\n${proc.output()}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${proc.name} did not answer ${url} within ${seconds} s:\n${proc.output()}`);
}

/** One app instance on `databaseUrl`; resolves when /api/health answers. */
export async function startApp(
  name: string,
  options: { databaseUrl: string; publicUrl: string; trustProxy: boolean; port?: number; env?: Record<string, string> },
): Promise<Process & { port: number; url: string }> {
  const port = options.port ?? (await freePort());
  const proc = startProcess(name, process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: options.databaseUrl,
    DEMO_DATA: '0',
    PUBLIC_URL: options.publicUrl,
    TRUST_PROXY: options.trustProxy ? '1' : '0',
    LOG_LEVEL: 'warn',
    ...options.env,
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/api/health`, proc);
  return { ...proc, port, url };
}

/**
 * deploy/nginx.conf with its "test:proxy" lines pointed at this machine: the given app ports, a
 * listen address, and pid, log and temporary files under `dir`. Everything else is the file as shipped.
 */
export function nginxConfigFor(dir: string, listen: string, appPorts: number[]): string {
  const source = readFileSync(join(root, 'deploy/nginx.conf'), 'utf8');
  let replaced = 0;
  const lines = source.split('\n').map((line) => {
    if (!line.includes('# test:proxy')) return line;
    replaced += 1;
    const indent = /^\s*/.exec(line)?.[0] ?? '';
    if (line.includes('pid ')) return `${indent}pid ${join(dir, 'nginx.pid')};`;
    if (line.includes('error_log ')) return `${indent}error_log ${join(dir, 'error.log')} warn;`;
    if (line.includes('listen ')) return `${indent}listen ${listen};`;
    const app = /# test:proxy app(\d+)/.exec(line);
    if (app) {
      const port = appPorts[Number(app[1]) - 1];
      if (port === undefined) return '';
      return line.replace(/server \S+:\d+/, `server 127.0.0.1:${port}`).replace(/#.*$/, '');
    }
    throw new Error(`deploy/nginx.conf: a test:proxy line this script does not know: ${line}`);
  });
  if (replaced < 5) throw new Error('deploy/nginx.conf lost its test:proxy lines');
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((k) => `  ${k}_temp_path ${join(dir, k)};`)
    .join('\n');
  // Running as root, nginx would hand its workers to `nobody`, who cannot use this private folder.
  const user = process.getuid?.() === 0 ? 'user root;\n' : '';
  // Which instance answered, for the test only (a deployment need not tell clients its addresses).
  const config = lines
    .join('\n')
    .replace(/http \{\n/, `http {\n${temp}\n`)
    .replace(/(\n(\s*)proxy_pass http:\/\/waardewerk;)/, '$1\n$2add_header X-Upstream $upstream_addr always;');
  if (!config.includes('X-Upstream'))
    throw new Error('deploy/nginx.conf: no `proxy_pass http://waardewerk;` to add X-Upstream after');
  return `${user}daemon off;\n${config}`;
}

/** nginx in the foreground on 127.0.0.1:`port` (pick it first: the apps' PUBLIC_URL names it). */
export async function startNginx(appPorts: number[], port: number): Promise<Process & { url: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'waardewerk-nginx-'));
  chmodSync(dir, 0o755);
  for (const k of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, k));
  const file = join(dir, 'nginx.conf');
  writeFileSync(file, nginxConfigFor(dir, `127.0.0.1:${port}`, appPorts));
  const check = spawnSync('nginx', ['-t', '-c', file, '-p', dir], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`nginx -t failed:\n${check.stderr}`);
  const proc = startProcess('nginx', 'nginx', ['-c', file, '-p', dir], process.env);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/api/health`, proc, 30);
  return {
    ...proc,
    url,
    dir,
    async stop() {
      await proc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function hasCommand(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
}

/** A fresh database on the PostgreSQL server of `serverUrl`, dropped by `drop()`. */
export async function freshPostgresDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `waardewerk_run_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function postgresReachable(serverUrl: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  json<T = any>(): T;
}

/**
 * A browser-like client of `base`: keeps its session cookie, sends Origin, reuses connections, and
 * connects from `localAddress` (any 127.x address), so a test can be one address or many.
 */
export class Client {
  cookie = '';
  readonly #agent: http.Agent;
  constructor(
    readonly base: string,
    readonly localAddress = '127.0.0.1',
    maxSockets = 16,
  ) {
    this.#agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const url = new URL(path, this.base);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = http.request(
        url,
        {
          method,
          agent: this.#agent,
          localAddress: this.localAddress,
          headers: {
            origin: new URL(this.base).origin,
            ...(this.cookie ? { cookie: this.cookie } : {}),
            ...(payload !== undefined
              ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
              : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const set = res.headers['set-cookie']?.find((c) => /^(__Host-)?session=/.test(c));
            if (set) this.cookie = set.split(';')[0] ?? '';
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, json: () => JSON.parse(text) });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}

/** Runs `jobs` with at most `width` in flight; results in job order. */
export async function pool<T>(width: number, jobs: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, jobs.length) }, async () => {
      while (next < jobs.length) {
        const i = next++;
        results[i] = await (jobs[i] as () => Promise<T>)();
      }
    }),
  );
  return results;
}
