import type SqliteDatabase from 'better-sqlite3';
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Db, Dialect } from './db/create-db.ts';
import type { EventBus } from './events.ts';
import type { PostcodeDirectory } from './modules/postcodes/directory.ts';

/** The explicit dependencies every service receives; built once in buildApp. */
export interface AppContext {
  db: Db;
  dialect: Dialect;
  /** The raw better-sqlite3 handle on SQLite: for bulk reads where Kysely's row objects cost too much. */
  sqlite?: SqliteDatabase.Database;
  clock: Clock;
  config: Config;
  postcodes: PostcodeDirectory;
  events: EventBus;
  log: FastifyBaseLogger;
}

/** Who is asking: the signed-in person, as services see them. */
export interface Actor {
  userId: string;
  isAdmin: boolean;
}
