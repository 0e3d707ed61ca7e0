import { loadConfig } from '../config.ts';
import { createDb } from '../db/create-db.ts';
import { verifyLedger } from '../modules/ledger/verify/verify.ts';

/**
 * `npm run ledger:verify`: recomputes the journal's hash chain, the transfers against their entries,
 * the cached counters and the per-unit sums in the database at DATABASE_URL. Exit code 1 when anything
 * does not verify; the head hash printed can be compared with one noted earlier (e.g. from the impact page).
 */
const config = loadConfig();
const database = await createDb(config.databaseUrl);
try {
  const started = performance.now();
  const result = await verifyLedger(database.db, database.dialect, new Date(), database.sqlite);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  console.log(JSON.stringify({ ...result, seconds: Number(seconds) }, null, 2));
  if (!result.ok) process.exitCode = 1;
} finally {
  await database.close();
}
