import { resolve } from 'node:path';
import { ConfigError, loadConfig } from '../config.ts';
import { restoreBackup } from '../modules/operations/index.ts';

/**
 * `npm run restore -- <file>`: restores a backup into the empty database at DATABASE_URL, replays the
 * erasure log (ERASURE_LOG), checks integrity and verifies the whole ledger. Exit code 1 when it
 * does not verify; the app then refuses to start on this database.
 */
const source = process.argv[2];
if (!source) {
  console.error('Usage: npm run restore -- <file>');
  process.exit(2);
}
try {
  const report = await restoreBackup(loadConfig(), resolve(source));
  const { ledger, ...rest } = report;
  console.log(
    JSON.stringify(
      {
        ...rest,
        seconds: Number(report.seconds.toFixed(3)),
        ledger: {
          ok: ledger.ok,
          entries: ledger.entries,
          headHash: ledger.headHash,
          firstBadEntry: ledger.firstBadEntry,
          problems: ledger.problems.slice(0, 5),
        },
      },
      null,
      2,
    ),
  );
  if (!report.erasureLog.found) {
    console.error(
      `Warning: no erasure log at ${report.erasureLog.path ?? '(none configured)'}: no erasures were replayed. Set ERASURE_LOG to the log kept beside the lost database.`,
    );
  }
  if (!report.ok) {
    console.error('The restored database does not verify: the app will refuse to start on it.');
    process.exit(1);
  }
} catch (err) {
  console.error(
    err instanceof ConfigError ? err.message : `Restore failed: ${err instanceof Error ? err.message : String(err)}`,
  );
  process.exit(1);
}
