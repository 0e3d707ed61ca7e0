import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { createDb } from '../db/create-db.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { isDatabaseEmpty, seedDemoData } from '../seed/demo.ts';

/** `npm run seed`: loads the demo data set into the configured database, if it is empty. */
const config = loadConfig();
const database = await createDb(config.databaseUrl);
await migrateToLatest(database.db);
const app = await buildApp({ config, database });
if (!(await isDatabaseEmpty(database.db))) {
  console.error('The database has data already; demo data is only loaded into an empty database.');
  process.exitCode = 1;
} else {
  console.log('demo data loaded:', await seedDemoData(app.ctx));
}
await app.close();
await database.close();
