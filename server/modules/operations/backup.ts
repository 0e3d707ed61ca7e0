import { spawn } from 'node:child_process';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import SqliteDatabase from 'better-sqlite3';
import type { Config } from '../../config.ts';

export interface BackupResult {
  file: string;
  bytes: number;
  seconds: number;
}

/** The file behind a `sqlite:<file>` URL. */
export function sqliteFileOf(databaseUrl: string): string {
  const file = databaseUrl.slice('sqlite:'.length);
  if (file === '' || file === ':memory:')
    throw new Error('An in-memory SQLite database cannot be backed up or restored');
  return file;
}

/**
 * A consistent copy of a live SQLite database through SQLite's online backup API. All pages are
 * copied in one step, that is in one read transaction: WAL lets writers go on meanwhile, and a
 * write in between steps (which would restart a step-wise backup) cannot happen. The copy is written
 * beside the target and renamed when complete, and leaves WAL mode so it is one self-contained file.
 */
export async function backupSqlite(sourceFile: string, destination: string): Promise<BackupResult> {
  if (existsSync(destination)) throw new Error(`${destination} exists already; choose a new file`);
  const started = performance.now();
  const partial = `${destination}.partial`;
  rmSync(partial, { force: true });
  const source = new SqliteDatabase(sourceFile, { fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    await source.backup(partial, { progress: () => 0x7fffffff });
  } finally {
    source.close();
  }
  const copy = new SqliteDatabase(partial);
  try {
    copy.pragma('journal_mode = DELETE');
    const check = copy.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`The backup copy does not pass quick_check: ${String(check)}`);
  } finally {
    copy.close();
  }
  renameSync(partial, destination);
  return { file: destination, bytes: statSync(destination).size, seconds: (performance.now() - started) / 1000 };
}

/** Runs a PostgreSQL client tool; rejects with its stderr when it fails. */
export function runTool(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', (err) =>
      reject(new Error(`${command} could not run (is the PostgreSQL client installed?): ${err.message}`)),
    );
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} exited with ${String(code)}: ${stderr.trim()}`)),
    );
  });
}

/** PostgreSQL: `pg_dump -Fc` (one consistent snapshot; the custom format pg_restore reads). */
export async function backupPostgres(databaseUrl: string, destination: string): Promise<BackupResult> {
  if (existsSync(destination)) throw new Error(`${destination} exists already; choose a new file`);
  const started = performance.now();
  const partial = `${destination}.partial`;
  rmSync(partial, { force: true });
  await runTool('pg_dump', ['--format=custom', '--no-owner', `--file=${partial}`, databaseUrl]);
  renameSync(partial, destination);
  return { file: destination, bytes: statSync(destination).size, seconds: (performance.now() - started) / 1000 };
}

export function backupDatabase(config: Config, destination: string): Promise<BackupResult> {
  return config.dialect === 'sqlite'
    ? backupSqlite(sqliteFileOf(config.databaseUrl), destination)
    : backupPostgres(config.databaseUrl, destination);
}
