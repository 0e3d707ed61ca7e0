import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CDPSession } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, startServer, type BrowserSession, type RunningServer } from './helpers.ts';

/**
 * A cheap phone (issue 13, item 6): the first result card on the start page with the CPU 4× slower,
 * and on slow 4G with the CPU 4× slower. Each load is a first visit (empty cache); the medians of
 * three loads are printed and held to the limits below.
 *
 * Slow 4G is Lighthouse's mobile profile (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up); the
 * stricter DevTools preset of that name (562.5 ms, 1.44 Mbit/s) is measured and printed as well.
 * JavaScript is counted as brotli, as browsers receive it over HTTPS (Chromium asks for brotli only
 * on HTTPS, so over this test's plain HTTP the .br files' sizes are read from dist/web).
 *
 * The issue's targets are 1 s, 2.5 s and 60 KB (printed with the figures). Measured on the shared
 * 2-core machine: CPU ×4 0.8–1.2 s and slow 4G 2.2–2.4 s (medians) while other suites run beside
 * it; the DevTools preset ≈ 5.2 s. The JavaScript before the first card is 53.5 KB (was 93 KB):
 * zod is not on the start page's path (web/src/lib/api/lazy-schema.ts: its answers are checked
 * once it is idle), and of the messages only the namespaces it shows come, in one chunk for the
 * language (web/src/route-messages.ts, web/vite/message-chunks.ts). What only signed-in people see
 * on the start page (to do, suggestions, the bell and its websocket, toasts) loads with them, not
 * with a visitor's first page. The size is held to the target itself, so it cannot grow unnoticed;
 * the timings have room for a busy machine.
 */
const LIGHTHOUSE_SLOW_4G = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8,
  uploadThroughput: (750 * 1024) / 8,
};
const DEVTOOLS_SLOW_4G = {
  offline: false,
  latency: 562.5,
  downloadThroughput: (1.44 * 1024 * 1024) / 8,
  uploadThroughput: (675 * 1024) / 8,
};
const CPU_SLOWDOWN = 4;
const TARGET = { cpuX4Ms: 1000, slow4gMs: 2500, initialJsBytes: 60 * 1024 };
const LIMIT = { cpuX4Ms: 2000, slow4gMs: 3500, initialJsBytes: TARGET.initialJsBytes };
const webRoot = fileURLToPath(new URL('../../dist/web', import.meta.url));

interface Load {
  firstCardMs: number;
  scriptBytes: number;
  scripts: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

describe('the start page on a cheap phone', () => {
  let server: RunningServer;
  let browser: BrowserSession;
  let cdp: CDPSession;

  beforeAll(async () => {
    server = await startServer({ demoData: true });
    browser = await openBrowser();
    cdp = await browser.context.newCDPSession(browser.page);
    await cdp.send('Network.enable');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** One first visit: cache and storage cleared, throttled as asked; scripts counted as sent over the wire. */
  async function load(network: typeof LIGHTHOUSE_SLOW_4G | null): Promise<Load> {
    await cdp.send('Network.clearBrowserCache');
    // A first visit: no service worker and none of its caches either.
    await cdp.send('Storage.clearDataForOrigin', {
      origin: server.url,
      storageTypes: 'service_workers,cache_storage,local_storage',
    });
    await browser.context.clearCookies();
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    await cdp.send(
      'Network.emulateNetworkConditions',
      network ?? { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 },
    );
    const scripts = new Map<string, number>();
    const onResponse = (e: { requestId: string; type?: string; response: { url: string } }) => {
      if (e.type !== 'Script') return;
      const file = `${webRoot}${new URL(e.response.url).pathname}`;
      // Files under 512 bytes are sent as they are (web/vite/precompress.ts).
      scripts.set(
        e.requestId,
        existsSync(`${file}.br`) ? statSync(`${file}.br`).size : existsSync(file) ? statSync(file).size : Number.NaN,
      );
    };
    cdp.on('Network.responseReceived', onResponse);
    const started = Date.now();
    await browser.page.goto(`${server.url}/`, { waitUntil: 'commit' });
    await browser.page.locator('.listing-card').first().waitFor({ state: 'visible', timeout: 30_000 });
    const firstCardMs = Date.now() - started;
    cdp.off('Network.responseReceived', onResponse);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    const scriptBytes = [...scripts.values()].reduce((a, b) => a + b, 0);
    return { firstCardMs, scriptBytes, scripts: scripts.size };
  }

  it('shows the first result card quickly with CPU ×4 and on slow 4G + CPU ×4, printing the figures', async () => {
    await load(null); // warms the server's caches (postcodes, prepared statements), not the browser's
    const cpu = [await load(null), await load(null), await load(null)];
    const slow = [await load(LIGHTHOUSE_SLOW_4G), await load(LIGHTHOUSE_SLOW_4G), await load(LIGHTHOUSE_SLOW_4G)];
    const devtools = [await load(DEVTOOLS_SLOW_4G), await load(DEVTOOLS_SLOW_4G), await load(DEVTOOLS_SLOW_4G)];
    const figures = {
      cpuX4FirstCardMs: cpu.map((l) => l.firstCardMs),
      slow4gCpuX4FirstCardMs: slow.map((l) => l.firstCardMs),
      devtoolsSlow4gCpuX4FirstCardMs: devtools.map((l) => l.firstCardMs),
      initialJsKBytesBrotli: +((cpu[0]?.scriptBytes ?? 0) / 1024).toFixed(1),
      scriptFiles: cpu[0]?.scripts,
      target: TARGET,
    };
    console.log(`start page on a cheap phone: ${JSON.stringify(figures)}`);
    expect(median(figures.cpuX4FirstCardMs), 'CPU ×4, median ms').toBeLessThanOrEqual(LIMIT.cpuX4Ms);
    expect(median(figures.slow4gCpuX4FirstCardMs), 'slow 4G + CPU ×4, median ms').toBeLessThanOrEqual(LIMIT.slow4gMs);
    expect(cpu[0]?.scriptBytes ?? Number.NaN, 'JavaScript before the first card, brotli bytes').toBeLessThanOrEqual(
      LIMIT.initialJsBytes,
    );
  }, 300_000);
});
