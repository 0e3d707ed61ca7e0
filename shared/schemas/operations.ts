import { z } from 'zod';

/** GET /api/ready: 200 with ready true, or 503 with what is missing. */
export const readyResponse = z.object({
  ready: z.boolean(),
  database: z.boolean(),
  pendingMigrations: z.array(z.string()),
  restore: z.string().optional(),
});
