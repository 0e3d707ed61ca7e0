/**
 * A ledger verification worker (started by verify-workers.ts): runs the SQL it is sent on its own
 * read-only connection and answers with the rows as arrays. All checking stays in verify-sqlite.ts;
 * this file is plain JavaScript because worker threads do not inherit tsx's loader, and registering
 * it costs about 0.4 s of CPU per thread.
 */
import { hash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';

const sqlite = new SqliteDatabase(workerData.file, { readonly: true, fileMustExist: true });
// rules.ts chainHash, as verify-sqlite.ts registers it in-process; the tests verify chains the service wrote.
sqlite.function('ledger_chain_hash', { deterministic: true }, (prevHash, entry) =>
  typeof prevHash === 'string' && typeof entry === 'string' ? hash('sha256', prevHash + entry, 'hex') : null,
);

parentPort?.on('message', ({ sql, params }) => {
  try {
    const statement = sqlite.prepare(sql);
    if (!statement.reader) {
      statement.run(...(params === undefined ? [] : [params]));
      return parentPort?.postMessage({ rows: [] });
    }
    parentPort?.postMessage({ rows: statement.raw(true).all(...(params === undefined ? [] : [params])) });
  } catch (err) {
    parentPort?.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
});
