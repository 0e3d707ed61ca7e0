import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createDb } from '../../server/db/create-db.ts';
import { searchIndexOf } from '../../server/modules/listings/index.ts';
import { loadPostcodeDirectory } from '../../server/modules/postcodes/directory.ts';
import { benchVocabulary } from './listings-data.ts';
import { rng } from './seeded-random.ts';
const file = '/tmp/f15dbg/s.db';
const config = loadConfig({ DATABASE_URL: `sqlite:${file}`, NODE_ENV: 'production', LOG_LEVEL: 'warn', PUBLIC_URL: 'http://127.0.0.1:3000', DEMO_DATA: 'false', SEARCH_INDEX: process.env.SI ?? 'memory' });
const database = await createDb(config.databaseUrl);
const postcodes = loadPostcodeDirectory();
const app = await buildApp({ config, database, clock: { now: () => new Date('2026-03-02T09:00:00.000Z') }, postcodes });
await searchIndexOf(app.ctx)?.built();
const codes = postcodes.addressCodes();
const v = benchVocabulary(codes.map((c) => postcodes.lookup(c)?.place ?? ''));
const r = rng(9);
const kinds: Record<string, () => string> = {
  text: () => `/api/offers?q=${encodeURIComponent(v.draw())}`,
  distance: () => `/api/offers?near=${codes[Math.floor(r() * codes.length)]}&radiusKm=10&sort=distance`,
  filtered: () => `/api/offers?language=nl&kind=hands`,
  noop: () => `/api/health`,
};
for (const [name, make] of Object.entries(kinds)) {
  const cpu = process.cpuUsage();
  for (let i = 0; i < 300; i++) await app.inject({ method: 'GET', url: make() });
  const u = process.cpuUsage(cpu);
  console.log(name, ((u.user + u.system) / 1000 / 300).toFixed(3), 'ms CPU/req');
}
console.log('rss', (process.memoryUsage().rss / 2 ** 20).toFixed(0), 'heap', (process.memoryUsage().heapUsed / 2 ** 20).toFixed(0));
await app.close();
