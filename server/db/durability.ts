import type SqliteDatabase from 'better-sqlite3';

const SYNCHRONOUS = ['OFF', 'NORMAL', 'FULL', 'EXTRA'] as const;

/** The durability settings SQLite runs with (shown by /api/health). */
export function sqliteDurability(sqlite: SqliteDatabase.Database): { journalMode: string; synchronous: string } {
  const level = sqlite.pragma('synchronous', { simple: true });
  return {
    journalMode: String(sqlite.pragma('journal_mode', { simple: true })),
    synchronous: (typeof level === 'number' ? SYNCHRONOUS[level] : undefined) ?? 'unknown',
  };
}

/**
 * RELIABILITY 11 (committed = durable): a SQLite database file must run in WAL mode with
 * synchronous=FULL, or a commit acknowledged to a client may be lost on a power cut. Checked at start.
 */
export function assertDurableSqlite(sqlite: SqliteDatabase.Database): void {
  const { journalMode, synchronous } = sqliteDurability(sqlite);
  if (journalMode !== 'wal' || (synchronous !== 'FULL' && synchronous !== 'EXTRA')) {
    throw new Error(
      `SQLite must run with journal_mode=WAL and synchronous=FULL; found journal_mode=${journalMode}, synchronous=${synchronous}`,
    );
  }
}
