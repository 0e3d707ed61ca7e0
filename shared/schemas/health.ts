import { z } from 'zod';

export const healthResponse = z.object({
  ok: z.literal(true),
  db: z.enum(['sqlite', 'postgres']),
  /** SQLite durability settings in force (RELIABILITY 11). */
  sqlite: z.object({ journalMode: z.string(), synchronous: z.string() }).optional(),
});
