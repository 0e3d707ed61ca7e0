import { z } from 'zod';
import type { PublicEntry } from '../../../shared/schemas/ledger-entries.ts';
import { decodeCursor, toPage } from '../../cursor.ts';
import type { Db } from '../../db/create-db.ts';

const seqCursor = z.object({ seq: z.number().int() });

/** The entry's kind from its canonical text (`["transfer",…`); read, not parsed, so a damaged entry still lists. */
function typeOf(entry: string): PublicEntry['type'] {
  if (entry.startsWith('["transfer"')) return 'transfer';
  if (entry.startsWith('["floor"')) return 'floor';
  return 'account';
}

/**
 * The newest journal entries, newest first, for the public integrity page. The entry text itself
 * holds account and owner ids, so only the hashes and a transfer's opaque id and amount leave.
 */
export async function recentEntries(db: Db, query: { limit: number; cursor?: string | undefined }) {
  const before = decodeCursor(query.cursor, seqCursor);
  let q = db
    .selectFrom('ledger_journal as j')
    .leftJoin('ledger_transfers as t', 't.seq', 'j.seq')
    .select([
      'j.seq',
      'j.entry',
      'j.hash',
      'j.prev_hash',
      't.id as transfer_id',
      't.amount',
      't.unit',
      't.phase',
      't.created_at',
    ])
    .orderBy('j.seq', 'desc')
    .limit(query.limit + 1);
  if (before) q = q.where('j.seq', '<', before.seq);
  const rows = await q.execute();
  return toPage(
    rows,
    query.limit,
    (r): PublicEntry => {
      return {
        seq: Number(r.seq),
        type: typeOf(r.entry),
        hash: r.hash,
        prevHash: r.prev_hash,
        transfer:
          r.transfer_id !== null && r.amount !== null && r.unit !== null && r.phase !== null && r.created_at !== null
            ? { id: r.transfer_id, amount: Number(r.amount), unit: r.unit, phase: r.phase, createdAt: r.created_at }
            : null,
      };
    },
    (r) => ({ seq: Number(r.seq) }),
  );
}
