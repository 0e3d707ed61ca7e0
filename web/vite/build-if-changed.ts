/**
 * `npm start`'s first step: builds the web app only when its sources changed since the last build
 * (a digest of every file the build reads, kept in dist/web/.source-digest), and says so in one line.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const outDir = join(root, 'dist/web');
const digestFile = join(outDir, '.source-digest');
/** What the web build reads: its own sources, the shared code it imports, and the build's configuration. */
const inputs = ['web', 'shared', 'vite.config.ts', 'tsconfig.json', 'package-lock.json'];

function files(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((name) => name !== 'node_modules' && !name.startsWith('.'))
    .flatMap((name) => files(join(path, name)));
}

export function sourceDigest(): string {
  const hash = createHash('sha256');
  for (const file of inputs.flatMap((p) => files(join(root, p))).sort()) {
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

const digest = sourceDigest();
const built =
  existsSync(join(outDir, 'index.html')) && existsSync(digestFile) && readFileSync(digestFile, 'utf8') === digest;
if (built) {
  console.log('Web app: up to date (sources unchanged since the last build).');
} else {
  const started = performance.now();
  // Always the production build, also when started from a test run (NODE_ENV=test would make Vite
  // build without `import.meta.env.PROD`, so without the service worker, and unminified Svelte).
  process.env.NODE_ENV = 'production';
  // Vite is loaded only when there is something to build (it takes seconds to load).
  const { build } = await import('vite');
  await build({
    configFile: join(root, 'vite.config.ts'),
    mode: 'production',
    logLevel: 'warn',
    build: { rolldownOptions: { checks: { bundlerTimings: false } } },
  });
  writeFileSync(digestFile, digest);
  console.log(`Web app: built in ${((performance.now() - started) / 1000).toFixed(1)} s (sources changed).`);
}
