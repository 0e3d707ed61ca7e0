import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { ManualClock } from '../../server/clock.ts';
import { testConfig } from '../../server/config.ts';
import { createTestDatabase, dialects, ORIGIN } from '../helpers/app.ts';
import type { DbHandle } from '../../server/db/create-db.ts';

/** A build folder as `vite build` leaves it: hashed assets with .br and .gz beside them. */
function fakeBuild(): string {
  const root = mkdtempSync(join(tmpdir(), 'ww-web-'));
  mkdirSync(join(root, 'assets'));
  const js = `export const hello = ${JSON.stringify('x'.repeat(2000))};`;
  const html = '<!doctype html><html><body><div id="app"></div></body></html>';
  for (const [name, content] of [
    ['assets/index-AbC123.js', js],
    ['index.html', html],
  ] as const) {
    writeFileSync(join(root, name), content);
    writeFileSync(join(root, `${name}.br`), brotliCompressSync(content));
    writeFileSync(join(root, `${name}.gz`), gzipSync(content));
  }
  writeFileSync(join(root, 'sw.js'), 'self.addEventListener("fetch", () => {});');
  return root;
}

for (const dialect of dialects) {
  describe(`serving the web app [${dialect}]`, () => {
    let app: FastifyInstance;
    let database: DbHandle;
    let webRoot: string;
    beforeAll(async () => {
      webRoot = fakeBuild();
      database = await createTestDatabase(dialect);
      app = await buildApp({ config: testConfig({ PUBLIC_URL: ORIGIN }), database, clock: new ManualClock(), webRoot });
      await app.ready();
    });
    afterAll(async () => {
      await app.close();
      await database.close();
      rmSync(webRoot, { recursive: true, force: true });
    });

    it('sends hashed assets pre-compressed (brotli, else gzip) and immutable for a year', async () => {
      const br = await app.inject({
        method: 'GET',
        url: '/assets/index-AbC123.js',
        headers: { 'accept-encoding': 'gzip, deflate, br' },
      });
      expect(br.statusCode).toBe(200);
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(brotliDecompressSync(br.rawPayload).toString()).toContain('export const hello');
      const gz = await app.inject({
        method: 'GET',
        url: '/assets/index-AbC123.js',
        headers: { 'accept-encoding': 'gzip' },
      });
      expect(gz.headers['content-encoding']).toBe('gzip');
      const plain = await app.inject({ method: 'GET', url: '/assets/index-AbC123.js' });
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body).toContain('export const hello');
    });

    it('never lets the browser keep index.html or the service worker without asking', async () => {
      for (const url of ['/', '/index.html', '/needs/some-id', '/sw.js']) {
        const res = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br' } });
        expect(res.statusCode, url).toBe(200);
        expect(res.headers['cache-control'], url).toBe('no-cache');
      }
    });
  });
}
