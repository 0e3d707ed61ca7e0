import { randomUUID } from 'node:crypto';

/** Ids are made by the application (text), identical on SQLite and PostgreSQL. */
export const newId = (): string => randomUUID();
