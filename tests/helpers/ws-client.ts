import WebSocket from 'ws';
import { serverMessage, type ServerMessage } from '../../shared/schemas/realtime.ts';

/** A real websocket client of GET /api/ws that validates every frame with the shared union. */
export interface WsClient {
  socket: WebSocket;
  frames: ServerMessage[];
  /** The first frame (already received or coming) that matches, or a rejection after `timeoutMs`. */
  next<T extends ServerMessage>(match: (f: ServerMessage) => f is T, timeoutMs?: number): Promise<T>;
  closed: Promise<{ code: number; at: number }>;
  close(): void;
}

export type WsOutcome = { refused: number } | { client: WsClient };

export function wsUrl(address: string): string {
  return `${address.replace(/^http/, 'ws')}/api/ws`;
}

export function openWs(
  url: string,
  headers: Record<string, string>,
  options: { autoPong?: boolean } = {},
): Promise<WsOutcome> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers, autoPong: options.autoPong ?? true });
    const frames: ServerMessage[] = [];
    const waiters = new Set<() => void>();
    const closed = new Promise<{ code: number; at: number }>((done) =>
      socket.on('close', (code) => done({ code, at: Date.now() })),
    );
    socket.on('message', (data) => {
      frames.push(serverMessage.parse(JSON.parse(String(data))));
      for (const w of waiters) w();
    });
    socket.on('unexpected-response', (_req, res) => {
      resolve({ refused: res.statusCode ?? 0 });
      res.resume();
      socket.terminate();
    });
    socket.on('error', (err) => reject(err));
    socket.on('open', () =>
      resolve({
        client: {
          socket,
          frames,
          closed,
          close: () => socket.close(),
          next<T extends ServerMessage>(match: (f: ServerMessage) => f is T, timeoutMs = 3000) {
            return new Promise<T>((found, fail) => {
              const check = () => {
                const hit = frames.find(match);
                if (hit) {
                  waiters.delete(check);
                  clearTimeout(timer);
                  found(hit);
                }
              };
              const timer = setTimeout(() => {
                waiters.delete(check);
                fail(new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(frames)}`));
              }, timeoutMs);
              waiters.add(check);
              check();
            });
          },
        },
      }),
    );
  });
}

/** Opens a socket that must be accepted. */
export async function connectWs(
  url: string,
  headers: Record<string, string>,
  options: { autoPong?: boolean } = {},
): Promise<WsClient> {
  const outcome = await openWs(url, headers, options);
  if ('refused' in outcome) throw new Error(`websocket refused with ${outcome.refused}`);
  await outcome.client.next((f): f is Extract<ServerMessage, { type: 'hello' }> => f.type === 'hello');
  return outcome.client;
}

export const isType =
  <K extends ServerMessage['type']>(type: K) =>
  (f: ServerMessage): f is Extract<ServerMessage, { type: K }> =>
    f.type === type;
