import { z } from 'zod';
import { engagementMessage } from './engagements.ts';
import { notification } from './notifications.ts';

/** Server → client over `GET /api/ws`. The web validates every frame with this union. */
export const serverMessage = z.discriminatedUnion('type', [
  /** First frame after the upgrade: who the socket belongs to. */
  z.object({ type: z.literal('hello'), userId: z.string() }),
  z.object({ type: z.literal('notification'), notification }),
  /** A message in an engagement's conversation the person may read, as it is written. */
  z.object({ type: z.literal('message'), engagementId: z.string(), message: engagementMessage }),
  z.object({ type: z.literal('pong') }),
]);
export type ServerMessage = z.infer<typeof serverMessage>;

/** Client → server: only keep-alives; everything else goes through the HTTP API. */
export const clientMessage = z.discriminatedUnion('type', [z.object({ type: z.literal('ping') })]);
export type ClientMessage = z.infer<typeof clientMessage>;

/** Close codes the client acts on: 4401 signed out (do not reconnect), the rest reconnect with backoff. */
export const closeCodes = {
  signedOut: 4401,
  tooMany: 4429,
  throttled: 4008,
  badMessage: 4000,
  slowConsumer: 4009,
} as const;
