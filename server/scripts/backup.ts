import { resolve } from 'node:path';
import { ConfigError, loadConfig } from '../config.ts';
import { backupDatabase } from '../modules/operations/index.ts';

/**
 * `npm run backup -- <file>`: a consistent copy of the database at DATABASE_URL while the app runs.
 * SQLite: the online backup API; PostgreSQL: `pg_dump -Fc`. The erasure log is not in it: keep that
 * file (ERASURE_LOG) apart, it is replayed after a restore (docs/OPERATIONS.md).
 */
const target = process.argv[2];
if (!target) {
  console.error('Usage: npm run backup -- <file>');
  process.exit(2);
}
try {
  const result = await backupDatabase(loadConfig(), resolve(target));
  console.log(JSON.stringify({ ...result, seconds: Number(result.seconds.toFixed(3)) }));
} catch (err) {
  console.error(
    err instanceof ConfigError ? err.message : `Backup failed: ${err instanceof Error ? err.message : String(err)}`,
  );
  process.exit(1);
}
