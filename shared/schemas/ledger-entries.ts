import { z } from 'zod';

/**
 * The public view of the journal: what anyone may see to follow the chain without learning who
 * did what. Only the entry's sequence, its hash and the previous one, and for a transfer its
 * opaque id, amount, unit and phase — never account or owner ids, memos or kinds of people.
 */
export const publicEntry = z.object({
  seq: z.number(),
  /** transfer | account | floor */
  type: z.enum(['transfer', 'account', 'floor']),
  hash: z.string(),
  prevHash: z.string(),
  transfer: z
    .object({
      id: z.string(),
      amount: z.number(),
      unit: z.string(),
      phase: z.string(),
      createdAt: z.string(),
    })
    .nullable(),
});
export type PublicEntry = z.infer<typeof publicEntry>;

export const publicEntriesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
});
export const publicEntriesPage = z.object({ items: z.array(publicEntry), nextCursor: z.string().nullable() });
