import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';
import { messageChunks } from './web/vite/message-chunks.ts';
import { precompileMessages } from './web/vite/precompile-messages.ts';
import { precompress } from './web/vite/precompress.ts';
import { routeMessages, shellMessages } from './web/src/route-messages.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
/** What the start page shows before its first results travels as one chunk per language. */
const startMessages = [...shellMessages, ...routeMessages['/']];

export default defineConfig({
  root: 'web',
  plugins: [
    svelte(),
    messageChunks({ localesDir: `${here}web/src/locales`, start: startMessages }),
    precompileMessages(),
    precompress(),
  ],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    rolldownOptions: {
      output: {
        // zod and the module that switches its JIT off share a chunk, so the switch runs before any
        // chunk builds a schema (the CSP forbids zod's `new Function` probe; lib/zod-config.ts).
        codeSplitting: { groups: [{ name: 'zod', test: /node_modules[\\/]zod[\\/]|lib[\\/]zod-config\.ts$/ }] },
      },
    },
  },
  server: {
    port: 5173,
    // In development the API runs on :3000; the browser talks to Vite, which forwards /api.
    proxy: { '/api': { target: 'http://127.0.0.1:3000', ws: true, changeOrigin: false } },
  },
  test: {
    root: here,
    projects: [
      { test: { name: 'unit', root: here, include: ['tests/unit/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'integration',
          root: here,
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          root: here,
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
