/**
 * Runs the SQLite verification (verify-sqlite.ts) on worker threads, each with its own read-only
 * connection: the first opens the snapshot that fixes the head and reads the accounts in it, then all of
 * them check the journal in seq ranges up to that head, whichever is free taking the next range. The
 * event loop stays free, and the app's own connection is never held.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { VerifyResult } from '../../../../shared/schemas/ledger.ts';
import { checkRange, checkTables, combine, readHead, type LedgerReader, type RangePart } from './verify-sqlite.ts';

const WORKER = new URL('./verify-worker.js', import.meta.url);
/** Ranges per thread: small enough that the threads finish together. */
const RANGES_PER_THREAD = 15;

/** A worker thread as a `LedgerReader`: one statement at a time, in the order asked. */
class WorkerReader implements LedgerReader {
  readonly #worker: Worker;
  readonly #waiting: { resolve: (rows: unknown[][]) => void; reject: (err: Error) => void }[] = [];
  #failure: Error | undefined;

  constructor(file: string) {
    // Plain JavaScript: without the parent's loader flags (tsx) a worker starts in a quarter of the time.
    this.#worker = new Worker(WORKER, { workerData: { file }, execArgv: [] });
    this.#worker.on('message', (reply: { rows: unknown[][] } | { error: string }) => {
      const next = this.#waiting.shift();
      if ('error' in reply) next?.reject(new Error(reply.error));
      else next?.resolve(reply.rows);
    });
    this.#worker.on('error', (err) => this.#fail(err));
    this.#worker.on('exit', (code) =>
      this.#fail(new Error(`a ledger verification worker stopped (exit code ${code})`)),
    );
  }

  #fail(err: Error): void {
    this.#failure ??= err;
    for (const waiting of this.#waiting.splice(0)) waiting.reject(err);
  }

  rows(sql: string, params?: Record<string, unknown> | unknown[]): Promise<unknown[][]> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      this.#waiting.push({ resolve, reject });
      this.#worker.postMessage({ sql, params });
    });
  }

  async close(): Promise<void> {
    this.#worker.removeAllListeners('exit');
    await this.#worker.terminate();
  }
}

/**
 * Verifies the ledger in the SQLite database file on `threads` worker threads. Example: 1,000,000 entries
 * on 2 threads are 30 ranges of 33,334 entries.
 */
export async function verifySqliteInWorkers(
  file: string,
  now: Date,
  threads = Math.min(4, availableParallelism()),
): Promise<VerifyResult> {
  const readers = Array.from({ length: Math.max(1, threads) }, () => new WorkerReader(file));
  try {
    const [snapshot, ...others] = readers as [WorkerReader, ...WorkerReader[]];
    // One read transaction for the head, the journal's extent and the accounts.
    await snapshot.rows('begin');
    const head = await readHead(snapshot);
    const ranges: [number, number][] = [];
    const size = Math.max(1, Math.ceil(head.seq / (readers.length * RANGES_PER_THREAD)));
    for (let from = 1; from <= head.seq; from += size) ranges.push([from, Math.min(head.seq, from + size - 1)]);
    const parts: RangePart[] = [];
    const work = async (reader: LedgerReader) => {
      for (let range = ranges.shift(); range; range = ranges.shift()) parts.push(await checkRange(reader, ...range));
    };
    const [tables] = await Promise.all([
      (async () => {
        const part = await checkTables(snapshot, head);
        await snapshot.rows('commit');
        await work(snapshot);
        return part;
      })(),
      ...others.map(work),
    ]);
    return combine(tables, parts, now);
  } finally {
    await Promise.all(readers.map((r) => r.close()));
  }
}
