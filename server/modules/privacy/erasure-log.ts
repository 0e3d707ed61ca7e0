import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The erasure log: one JSON line per erased person, appended (and synced to disk) at the moment of
 * erasure and kept apart from the database and its backups. A backup taken before an erasure still
 * holds that person's data; after a restore, the log's ids are erased again (docs/OPERATIONS.md).
 * It holds opaque ids only: nothing about the person.
 */
export interface ErasureLogEntry {
  userId: string;
  erasedAt: string;
}

export function appendErasure(path: string, entry: ErasureLogEntry): void {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'a', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(entry)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Every entry, oldest first; a missing file is an empty log. A torn last line (a crash mid-write) is skipped. */
export function readErasureLog(path: string): ErasureLogEntry[] {
  if (!existsSync(path)) return [];
  const entries: ErasureLogEntry[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      const parsed: unknown = JSON.parse(line);
      if (isEntry(parsed)) entries.push(parsed);
    } catch {
      // Only the last line can be torn: appends are whole lines, each synced before the next.
    }
  }
  return entries;
}

function isEntry(value: unknown): value is ErasureLogEntry {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ErasureLogEntry).userId === 'string' &&
    typeof (value as ErasureLogEntry).erasedAt === 'string'
  );
}
