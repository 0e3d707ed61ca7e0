import { serverMessage, type ClientMessage, type ServerMessage } from '../../../../shared/schemas/realtime.ts';
import { backoffDelay, shouldReconnect } from './backoff.ts';

export type ConnectionState = 'connecting' | 'open' | 'closed';

interface Handlers {
  /** Every frame the server sent that matches the shared union (others are dropped). */
  message(frame: ServerMessage): void;
  /** After every (re)connection's hello: the moment to fetch what was missed. */
  connected(): void;
  state(state: ConnectionState): void;
  /** A connection closed before its hello (refused, e.g. 401: the browser does not say why). */
  refused(): void;
}

/**
 * The browser's one websocket to `GET /api/ws`: validates every frame with the shared zod union,
 * keeps the connection alive with a ping every 25 s, and reconnects with backoff until it is stopped
 * or the server says the session has ended.
 */
export class RealtimeSocket {
  #socket: WebSocket | null = null;
  #attempt = 0;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #ping: ReturnType<typeof setInterval> | undefined;
  #stopped = true;
  readonly #handlers: Handlers;

  constructor(handlers: Handlers) {
    this.#handlers = handlers;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#attempt = 0;
    this.#open();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#retry);
    clearInterval(this.#ping);
    this.#socket?.close(1000);
    this.#socket = null;
    this.#handlers.state('closed');
  }

  #open(): void {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/ws`;
    const socket = new WebSocket(url);
    let greeted = false;
    this.#socket = socket;
    this.#handlers.state('connecting');
    socket.addEventListener('message', (event) => {
      let frame: ServerMessage;
      try {
        const parsed = serverMessage.safeParse(JSON.parse(String(event.data)));
        if (!parsed.success) return;
        frame = parsed.data;
      } catch {
        return;
      }
      if (frame.type === 'hello') {
        greeted = true;
        this.#attempt = 0;
        this.#handlers.state('open');
        this.#handlers.connected();
      }
      this.#handlers.message(frame);
    });
    socket.addEventListener('open', () => {
      clearInterval(this.#ping);
      this.#ping = setInterval(() => this.#send({ type: 'ping' }), 25_000);
    });
    socket.addEventListener('close', (event) => {
      clearInterval(this.#ping);
      if (this.#socket !== socket) return;
      this.#socket = null;
      this.#handlers.state('closed');
      if (!greeted) this.#handlers.refused();
      if (this.#stopped || !shouldReconnect(event.code)) return;
      this.#retry = setTimeout(() => this.#open(), backoffDelay(this.#attempt++));
    });
  }

  #send(message: ClientMessage): void {
    if (this.#socket?.readyState === WebSocket.OPEN) this.#socket.send(JSON.stringify(message));
  }
}
