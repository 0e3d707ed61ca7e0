/**
 * The server under load for `bench:search`, in a process of its own, so its RSS and CPU are the
 * server's alone (not the generator's or the latency samples'). It serves the benchmark's
 * database with the data set's fixed clock and one route more: `GET /api/bench/noop`, which does
 * nothing (no database), behind every plugin the real routes have — the throughput reference.
 * Talks over IPC: sends `{ port }` when listening; on `{ type: 'stats' }` answers its RSS and the
 * CPU time used since the last `{ type: 'reset' }`; on `{ type: 'close' }` closes and exits.
 */
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createDb } from '../../server/db/create-db.ts';
import { searchIndexOf } from '../../server/modules/listings/index.ts';
import { loadPostcodeDirectory } from '../../server/modules/postcodes/directory.ts';

const file = process.argv[2];
if (!file || !process.send) throw new Error('usage: fork(search-server.ts, [database file]) with IPC');
const send = (message: unknown) => process.send?.(message);

const config = loadConfig({
  DATABASE_URL: `sqlite:${file}`,
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  PUBLIC_URL: 'http://127.0.0.1:3000',
  DEMO_DATA: 'false',
  SEARCH_INDEX: process.env.SEARCH_INDEX,
});
const database = await createDb(config.databaseUrl);
const clock = { now: () => new Date('2026-03-02T09:00:00.000Z') };
const started = performance.now();
const app = await buildApp({ config, database, clock, postcodes: loadPostcodeDirectory() });
app.get('/api/bench/noop', async () => ({ ok: true }));
await app.listen({ host: '127.0.0.1', port: 0 });
const listening = performance.now() - started;
// The search index builds in the background after the start; measured once it is in use.
const index = searchIndexOf(app.ctx);
await index?.built();
let cpu = process.cpuUsage();
send({
  port: (app.server.address() as AddressInfo).port,
  readyMs: listening,
  indexBuildMs: index?.lastBuildMs ?? null,
  indexUsable: index?.usable ?? false,
});

process.on('message', (message: { type: string }) => {
  if (message.type === 'reset') {
    cpu = process.cpuUsage();
    send({ type: 'reset' });
  } else if (message.type === 'stats') {
    const used = process.cpuUsage(cpu);
    const memory = process.memoryUsage();
    // The heap and the typed arrays' buffers apart from the RSS: what the index itself holds.
    send({
      type: 'stats',
      rssMb: memory.rss / 2 ** 20,
      heapUsedMb: memory.heapUsed / 2 ** 20,
      heapTotalMb: memory.heapTotal / 2 ** 20,
      arrayBuffersMb: memory.arrayBuffers / 2 ** 20,
      cpuMs: (used.user + used.system) / 1000,
    });
  } else if (message.type === 'close') {
    void app
      .close()
      .then(() => database.close())
      .then(() => process.exit(0));
  }
});
