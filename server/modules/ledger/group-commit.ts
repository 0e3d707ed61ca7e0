/**
 * Group commit for ledger writers on SQLite (issue 15, item 4). SQLite has one writer and every commit
 * waits for the disk (synchronous=FULL): about two thirds of a transfer's time. Writers that arrive while
 * a transaction is running wait in a queue, and the next transaction runs all of them, each inside a
 * savepoint of its own: a writer that throws is rolled back to its savepoint alone (all or nothing, as
 * before), the others stay, and one COMMIT makes the batch durable. Every writer's promise settles only
 * after that commit — a write is never acknowledged before it is on disk — and if the commit fails,
 * every writer of the batch gets the error and nothing of the batch was written.
 *
 * A writer alone in the queue runs exactly as before: its own transaction, no savepoint.
 */
import type SqliteDatabase from 'better-sqlite3';
import type { Db } from '../../db/create-db.ts';
import { preparedStatement } from '../../db/prepared.ts';

/** Most writers in one transaction: bounds how long one batch holds the database. */
const MAX_BATCH = 64;

interface Writer {
  fn: (trx: Db) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

class GroupCommit {
  readonly #db: Db;
  readonly #savepoint: SqliteDatabase.Statement;
  readonly #release: SqliteDatabase.Statement;
  readonly #rollback: SqliteDatabase.Statement;
  #queue: Writer[] = [];
  #draining = false;

  constructor(db: Db, sqlite: SqliteDatabase.Database) {
    this.#db = db;
    this.#savepoint = preparedStatement(sqlite, 'savepoint ledger_batch');
    this.#release = preparedStatement(sqlite, 'release ledger_batch');
    this.#rollback = preparedStatement(sqlite, 'rollback to ledger_batch');
  }

  run<T>(fn: (trx: Db) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#draining) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0, MAX_BATCH);
        const [only] = batch;
        if (batch.length === 1 && only) {
          await this.#db.transaction().execute(only.fn).then(only.resolve, only.reject);
          continue;
        }
        let outcomes: Outcome[];
        try {
          outcomes = await this.#db.transaction().execute(async (trx) => {
            const results: Outcome[] = [];
            for (const writer of batch) results.push(await this.#inSavepoint(trx, writer.fn));
            return results;
          });
        } catch (error) {
          // The commit (or a savepoint's rollback) failed: nothing of the batch is written.
          for (const writer of batch) writer.reject(error);
          continue;
        }
        batch.forEach((writer, i) => {
          const outcome = outcomes[i];
          if (outcome?.ok) writer.resolve(outcome.value);
          else writer.reject(outcome?.error);
        });
      }
    } finally {
      this.#draining = false;
    }
  }

  /** One writer's work, undone alone when it throws. Its statements run on the batch's connection (Kysely holds it for the transaction). */
  async #inSavepoint(trx: Db, fn: (trx: Db) => Promise<unknown>): Promise<Outcome> {
    this.#savepoint.run();
    try {
      const value = await fn(trx);
      this.#release.run();
      return { ok: true, value };
    } catch (error) {
      this.#rollback.run();
      this.#release.run();
      return { ok: false, error };
    }
  }
}

const committers = new WeakMap<Db, GroupCommit>();

/** Runs `fn` in a transaction on SQLite, batched with the writers waiting beside it (see above). */
export function groupCommit<T>(db: Db, sqlite: SqliteDatabase.Database, fn: (trx: Db) => Promise<T>): Promise<T> {
  let committer = committers.get(db);
  if (!committer) {
    committer = new GroupCommit(db, sqlite);
    committers.set(db, committer);
  }
  return committer.run(fn);
}
