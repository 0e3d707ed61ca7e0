/** The face of `realtime`: the hub app.ts starts (with the database's LISTEN on PostgreSQL) and its routes. */
import type { AppContext } from '../../context.ts';
import type { Listen } from '../../db/create-db.ts';
import { feedFor } from './feed.ts';
import { Hub } from './hub.ts';

export type { Hub } from './hub.ts';
export { registerRealtimeMetrics } from './metrics.ts';

export function createHub(ctx: AppContext, listen: Listen | undefined): Hub {
  return new Hub(ctx, feedFor(ctx, listen));
}
