import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
} from 'kysely';
import type { Database } from './database.ts';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;

export interface DbHandle {
  db: Db;
  dialect: Dialect;
  /** The raw better-sqlite3 handle (SQLite only): pragmas, backups, benchmarks. */
  sqlite?: SqliteDatabase.Database;
  /**
   * PostgreSQL: LISTEN on a channel (a connection of its own, reconnected when it drops); resolves
   * to the function that stops listening. NOTIFYs sent inside a transaction arrive after its commit.
   */
  listen?: Listen;
  close(): Promise<void>;
}

export type Listen = (channel: string, onPayload: (payload: string) => void) => Promise<() => Promise<void>>;

const channelName = /^[a-z_][a-z0-9_]{0,62}$/;

/** A dedicated client per channel: pooled connections cannot hold a LISTEN. Reconnects after a drop (1 s, then up to 30 s). */
function pgListen(url: string): Listen {
  return async (channel, onPayload) => {
    if (!channelName.test(channel)) throw new Error(`not a channel name: ${channel}`);
    let stopped = false;
    let client: pg.Client | null = null;
    let delay = 1000;
    const connect = async (): Promise<void> => {
      const next = new pg.Client({ connectionString: url });
      next.on('notification', (m) => {
        if (m.channel === channel) onPayload(m.payload ?? '');
      });
      next.on('error', () => {
        if (client === next) client = null;
        void next.end().catch(() => undefined);
        if (!stopped) setTimeout(() => void retry(), delay).unref();
      });
      await next.connect();
      await next.query(`LISTEN ${channel}`);
      client = next;
      delay = 1000;
    };
    const retry = async (): Promise<void> => {
      if (stopped || client) return;
      try {
        await connect();
      } catch {
        delay = Math.min(delay * 2, 30_000);
        setTimeout(() => void retry(), delay).unref();
      }
    };
    // A database that does not answer now must not keep the server from starting: keep trying.
    await connect().catch(() => setTimeout(() => void retry(), delay).unref());
    return async () => {
      stopped = true;
      const current = client;
      client = null;
      await current?.end().catch(() => undefined);
    };
  };
}

/**
 * Write transactions on SQLite start with BEGIN IMMEDIATE so that two processes never both read
 * and then fail to upgrade to a write lock (SQLITE_BUSY mid-transaction).
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0];
  constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

/**
 * better-sqlite3 with a bounded cache of prepared statements. Kysely prepares every query anew, and
 * preparing a statement that touches the full-text index costs about a millisecond — more than
 * running it. Safe: Kysely serialises the single SQLite connection, so no statement is in use twice.
 */
function withStatementCache(sqlite: SqliteDatabase.Database, size = 500): SqliteDatabase.Database {
  const cache = new Map<string, SqliteDatabase.Statement>();
  const prepare = (source: string): SqliteDatabase.Statement => {
    let statement = cache.get(source);
    if (statement) {
      cache.delete(source);
    } else {
      statement = sqlite.prepare(source);
      if (cache.size >= size) cache.delete(cache.keys().next().value as string);
    }
    cache.set(source, statement);
    return statement;
  };
  return new Proxy(sqlite, {
    get(target, property, receiver) {
      if (property === 'prepare') return prepare;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

export interface SqliteOptions {
  /** synchronous=FULL makes every commit durable in WAL mode (better-sqlite3 defaults to NORMAL). */
  synchronous?: 'FULL' | 'NORMAL';
}

export function openSqlite(path: string, options: SqliteOptions = {}): SqliteDatabase.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SqliteDatabase(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Deleted and overwritten content is zeroed in the file, so an erased person's e-mail, hash and
  // words do not linger in free pages (issue 9, RELIABILITY row 19). Cost: docs/PERFORMANCE.md.
  sqlite.pragma('secure_delete = ON');
  // No memory-mapped reads: mapped pages count in the process's memory (about 190 MB of a 403 MB
  // RSS at NL scale, issue 15), and searches no longer read thousands of rows (the in-memory
  // search index finds them; the database reads one page of 20). A 32 MiB page cache (an upper
  // bound, filled as pages are read) keeps matching's and the ledger's hot pages, within the
  // 200 MB budget of a server with the NL-scale data set.
  sqlite.pragma('mmap_size = 0');
  sqlite.pragma('cache_size = -32768');
  return sqlite;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** pg returns BIGINT and NUMERIC (e.g. SUM()) as strings; our amounts are safe integers. */
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

export interface CreateDbOptions extends SqliteOptions {
  /** PostgreSQL: the schema to use (tests give each file its own). */
  pgSchema?: string;
  poolSize?: number;
}

/** The one place that knows which database is behind a URL. */
export async function createDb(url: string, options: CreateDbOptions = {}): Promise<DbHandle> {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length) || ':memory:';
    const sqlite = openSqlite(path, options);
    const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }) });
    return { db, dialect: 'sqlite', sqlite, close: () => db.destroy() };
  }
  if (url.startsWith('pglite:')) {
    const { createPgliteDb } = await import('./pglite.ts');
    return createPgliteDb();
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    types: pgTypes,
    ...(options.pgSchema ? { options: `-c search_path=${options.pgSchema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', listen: pgListen(url), close: () => db.destroy() };
}
