import { sql } from 'kysely';
import type { Db } from '../../db/create-db.ts';

/** Revoked sessions travel to every instance on this channel (their sockets close there too). */
export const SESSIONS_CHANNEL = 'waardewerk_sessions';

export async function signal(db: Db, channel: string, payload: string): Promise<void> {
  await sql`select pg_notify(${channel}, ${payload})`.execute(db);
}
