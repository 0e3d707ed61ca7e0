import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import pino from 'pino';
import type { VerifyResult } from '../../../shared/schemas/ledger.ts';
import { systemClock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import type { AppContext } from '../../context.ts';
import { createDb, type DbHandle } from '../../db/create-db.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { EventBus } from '../../events.ts';
import { newId } from '../../ids.ts';
import { holdsPersonalData } from '../accounts/index.ts';
import { verifyLedger } from '../ledger/index.ts';
import { loadPostcodeDirectory } from '../postcodes/index.ts';
import { eraseAccount, readErasureLog } from '../privacy/index.ts';
import { runTool, sqliteFileOf } from './backup.ts';
import * as repo from './repository.ts';

export interface RestoreReport {
  ok: boolean;
  backupFile: string;
  /** People in the erasure log that the restored database still held, erased again now. */
  erasuresReplayed: number;
  /** The erasure log read (ERASURE_LOG), and whether it existed: a missing log replays nothing. */
  erasureLog: { path: string | null; found: boolean };
  /** Entries in the log (people erased before the backup count too: erasing again changes nothing). */
  erasureLogEntries: number;
  /** SQLite `integrity_check` (PostgreSQL: not applicable). */
  integrity: string;
  ledger: VerifyResult;
  seconds: number;
}

/** Copies or loads the backup into the configured database, which must be empty. */
async function loadBackup(config: Config, backupFile: string): Promise<DbHandle> {
  if (!existsSync(backupFile)) throw new Error(`No backup at ${backupFile}`);
  if (config.dialect === 'sqlite') {
    const target = sqliteFileOf(config.databaseUrl);
    for (const file of [target, `${target}-wal`]) {
      if (existsSync(file) && statSync(file).size > 0)
        throw new Error(`Restore needs an empty database: ${file} exists. Move it away first.`);
    }
    rmSync(`${target}-shm`, { force: true });
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(backupFile, `${target}.restoring`);
    renameSync(`${target}.restoring`, target);
    return createDb(config.databaseUrl);
  }
  const database = await createDb(config.databaseUrl);
  if ((await repo.countSchemaTables(database.db)) > 0) {
    await database.close();
    throw new Error('Restore needs an empty database: the target schema has tables. Create a new database first.');
  }
  await runTool('pg_restore', ['--exit-on-error', '--no-owner', `--dbname=${config.databaseUrl}`, backupFile]);
  return database;
}

/**
 * `npm run restore -- <file>`: the backup into an empty database, migrations brought up to date,
 * the erasure log replayed, then the SQLite integrity check and the full ledger verification. The
 * database carries a `restores` row from the moment the data is in place; only a restore that
 * verified marks it `verified`, and the app refuses to start on any other (main.ts).
 */
export async function restoreBackup(config: Config, backupFile: string): Promise<RestoreReport> {
  const started = performance.now();
  const database = await loadBackup(config, backupFile);
  try {
    await migrateToLatest(database.db);
    const restoreId = newId();
    await repo.insertRestore(database.db, {
      id: restoreId,
      backup_file: backupFile,
      started_at: new Date().toISOString(),
      finished_at: null,
      status: 'restoring',
      report: null,
    });

    const ctx: AppContext = {
      db: database.db,
      dialect: database.dialect,
      ...(database.sqlite ? { sqlite: database.sqlite } : {}),
      clock: systemClock,
      // Replaying must not log the same erasures again.
      config: { ...config, erasureLogPath: null },
      postcodes: loadPostcodeDirectory(),
      events: new EventBus(),
      log: pino({ level: config.logLevel }),
    };
    const log = config.erasureLogPath ? readErasureLog(config.erasureLogPath) : [];
    const ids = [...new Set(log.map((e) => e.userId))];
    let erasuresReplayed = 0;
    for (const userId of ids) {
      // Not in the backup (registered after it was taken), or erased before it: nothing to undo.
      if (!(await holdsPersonalData(database.db, userId))) continue;
      await eraseAccount(ctx, userId);
      erasuresReplayed += 1;
    }

    const integrity = database.sqlite ? String(database.sqlite.pragma('integrity_check', { simple: true })) : 'n/a';
    const ledger = await verifyLedger(database.db, database.dialect, new Date(), database.sqlite);
    const ok = ledger.ok && (integrity === 'ok' || integrity === 'n/a');
    const report: RestoreReport = {
      ok,
      backupFile,
      erasuresReplayed,
      erasureLog: {
        path: config.erasureLogPath,
        found: config.erasureLogPath !== null && existsSync(config.erasureLogPath),
      },
      erasureLogEntries: log.length,
      integrity,
      ledger,
      seconds: (performance.now() - started) / 1000,
    };
    await repo.finishRestore(database.db, restoreId, {
      status: ok ? 'verified' : 'failed',
      finished_at: new Date().toISOString(),
      report: JSON.stringify({
        erasuresReplayed,
        integrity,
        ledgerOk: ledger.ok,
        entries: ledger.entries,
        firstBadEntry: ledger.firstBadEntry ?? null,
        problems: ledger.problems.slice(0, 5),
      }),
    });
    return report;
  } finally {
    await database.close();
  }
}
