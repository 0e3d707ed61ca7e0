import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createDb } from './db/create-db.ts';
import { assertDurableSqlite } from './db/durability.ts';
import { migrateToLatest } from './db/migrate.ts';
import { assertRestoreVerified } from './modules/operations/index.ts';
import { isDatabaseEmpty, seedDemoData } from './seed/demo.ts';

/** The address to open: the public URL, with the real port when the server was given port 0. */
function openAddress(publicUrl: string, listening: string): string {
  const url = new URL(publicUrl);
  const port = new URL(listening).port;
  if ((url.hostname === 'localhost' || url.hostname === '127.0.0.1') && port && url.port !== port) url.port = port;
  return url.href.replace(/\/$/, '');
}

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await createDb(config.databaseUrl);
  if (database.sqlite && database.sqlite.name !== ':memory:') assertDurableSqlite(database.sqlite);
  await migrateToLatest(database.db);
  await assertRestoreVerified(database.db);
  const app = await buildApp({ config, database });

  const wantDemo = config.demoData ?? (config.dialect === 'sqlite' && (await isDatabaseEmpty(database.db)));
  if (wantDemo && (await isDatabaseEmpty(database.db))) {
    // The demo's hundred acts stay out of the start output; the summary line says what was loaded.
    const counts = await seedDemoData({ ...app.ctx, log: app.ctx.log.child({}, { level: 'warn' }) });
    app.log.info(counts, 'demo data loaded');
  }

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    try {
      await app.close();
      await database.close();
      clearTimeout(force);
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  // One line saying where to go (instead of a line per address the server listens on).
  await app.listen({
    port: config.port,
    host: config.host,
    listenTextResolver: (address) => `Waardewerk is running: open ${openAddress(config.publicUrl, address)}`,
  });
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
  } else {
    console.error('Waardewerk could not start:', err);
  }
  process.exit(1);
});
