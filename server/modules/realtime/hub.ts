/**
 * The websocket hub of one instance: the open sockets by person, delivery of committed
 * notifications to them, and the limits that keep one client from hurting the others.
 *
 * - Each socket belongs to one session. Revoking it (logout, password change, "sign out everywhere",
 *   erasure — on any instance, through the feed) closes the socket at once. Expiry: a timer per socket
 *   fires at the instant the session would expire and checks it (renewed meanwhile: a new timer), and
 *   every `sessionCheckMs` all sockets' sessions are checked again (a moved clock, a missed timer).
 * - Heartbeat: a ping every `heartbeatMs`; a peer that did not answer the previous one is dropped.
 * - A client may send `messagesPerWindow` frames per window (only pings are expected); more closes
 *   the socket (4008). Frames larger than `maxPayloadBytes` are closed by ws itself (1009).
 * - A client that cannot keep up (more than `maxBufferedBytes` queued) is closed (4009), not buffered
 *   without bound; it reconnects and fetches what it missed.
 */
import type { WebSocket } from 'ws';
import { clientMessage, closeCodes, type ServerMessage } from '../../../shared/schemas/realtime.ts';
import type { AppContext } from '../../context.ts';
import { liveSessions } from '../accounts/index.ts';
import type { NotificationRow } from '../notifications/index.ts';
import type { Feed, Revoked } from './feed.ts';
import { FrameWindow } from './rate.ts';
import { deliveriesFor, loadNotifications } from './service.ts';

interface Connection {
  userId: string;
  sessionId: string;
  socket: WebSocket;
  alive: boolean;
  frames: FrameWindow;
  /** Fires when the session would expire unless used meanwhile: then it is checked again. */
  expiry?: NodeJS.Timeout;
}

/** setTimeout's longest delay (about 24.8 days); a later expiry is looked at again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const OPEN = 1;

export class Hub {
  readonly #byUser = new Map<string, Set<Connection>>();
  readonly #timers: NodeJS.Timeout[] = [];
  #queue: Promise<void> = Promise.resolve();
  #delivered = 0;

  constructor(
    private readonly ctx: AppContext,
    private readonly feed: Feed,
  ) {}

  async start(): Promise<void> {
    await this.feed.start({
      notifications: (ids) => this.#enqueue(() => this.#deliver(ids)),
      revoked: (event) => this.#enqueue(() => this.#revoke(event)),
    });
    const { heartbeatMs, sessionCheckMs } = this.ctx.config.realtime;
    this.#timers.push(setInterval(() => this.#heartbeat(), heartbeatMs).unref());
    this.#timers.push(setInterval(() => this.#enqueue(() => this.#recheck([...this.#all()])), sessionCheckMs).unref());
  }

  async stop(): Promise<void> {
    for (const t of this.#timers.splice(0)) clearInterval(t);
    await this.feed.stop();
    for (const c of this.#all()) c.socket.close(1001, 'server closing');
    await this.idle();
  }

  /** Waits until every delivery and revocation heard so far is done (tests, benchmarks). */
  async idle(): Promise<void> {
    let seen: Promise<void> | undefined;
    while (seen !== this.#queue) {
      seen = this.#queue;
      await seen;
    }
  }

  socketsOf(userId: string): number {
    return this.#byUser.get(userId)?.size ?? 0;
  }

  stats() {
    let sockets = 0;
    for (const set of this.#byUser.values()) sockets += set.size;
    return { people: this.#byUser.size, sockets, delivered: this.#delivered, feed: this.feed.kind };
  }

  /** `expiresAt`: when the session expires unless used again (ms since the epoch, by the app's clock). */
  attach(socket: WebSocket, userId: string, sessionId: string, expiresAt: number): void {
    const { messagesPerWindow, windowMs } = this.ctx.config.realtime;
    const conn: Connection = {
      userId,
      sessionId,
      socket,
      alive: true,
      frames: new FrameWindow(messagesPerWindow, windowMs),
    };
    let set = this.#byUser.get(userId);
    if (!set) this.#byUser.set(userId, (set = new Set()));
    set.add(conn);
    socket.on('pong', () => {
      conn.alive = true;
    });
    socket.on('message', (data, isBinary) => this.#receive(conn, data, isBinary));
    socket.on('close', () => this.#detach(conn));
    socket.on('error', () => socket.terminate());
    this.#scheduleExpiry(conn, expiresAt);
    this.#send(conn, JSON.stringify({ type: 'hello', userId } satisfies ServerMessage));
  }

  #scheduleExpiry(conn: Connection, expiresAt: number): void {
    clearTimeout(conn.expiry);
    // At least a quarter second: a session found live at its very expiry instant is not re-checked in a tight loop.
    const delay = Math.min(MAX_TIMER_MS, Math.max(250, expiresAt - this.ctx.clock.now().getTime()));
    conn.expiry = setTimeout(() => this.#enqueue(() => this.#recheck([conn])), delay).unref();
  }

  #detach(conn: Connection): void {
    clearTimeout(conn.expiry);
    const set = this.#byUser.get(conn.userId);
    set?.delete(conn);
    if (set?.size === 0) this.#byUser.delete(conn.userId);
  }

  *#all(): Generator<Connection> {
    for (const set of this.#byUser.values()) yield* set;
  }

  #receive(conn: Connection, data: unknown, isBinary: boolean): void {
    conn.alive = true;
    if (!conn.frames.take(Date.now())) {
      conn.socket.close(closeCodes.throttled, 'too many messages');
      return;
    }
    let parsed: ReturnType<typeof clientMessage.safeParse> | undefined;
    try {
      parsed = isBinary ? undefined : clientMessage.safeParse(JSON.parse(String(data)));
    } catch {
      parsed = undefined;
    }
    if (!parsed?.success) {
      conn.socket.close(closeCodes.badMessage, 'not a message this socket understands');
      return;
    }
    if (parsed.data.type === 'ping') this.#send(conn, JSON.stringify({ type: 'pong' } satisfies ServerMessage));
  }

  #send(conn: Connection, text: string): void {
    if (conn.socket.readyState !== OPEN) return;
    if (conn.socket.bufferedAmount > this.ctx.config.realtime.maxBufferedBytes) {
      // A close frame would queue behind what it cannot read: drop it; it reconnects and catches up.
      this.ctx.log.info(
        { userId: conn.userId, buffered: conn.socket.bufferedAmount },
        'websocket closed: slow consumer',
      );
      conn.socket.terminate();
      return;
    }
    conn.socket.send(text);
  }

  #heartbeat(): void {
    for (const conn of this.#all()) {
      if (!conn.alive) {
        conn.socket.terminate();
        continue;
      }
      conn.alive = false;
      if (conn.socket.readyState === OPEN) conn.socket.ping();
    }
  }

  #enqueue(work: () => Promise<void>): void {
    // One at a time, in the order heard: a person sees notifications in the order they were committed.
    this.#queue = this.#queue
      .then(work)
      .catch((err: unknown) => this.ctx.log.error({ err }, 'realtime delivery failed'));
  }

  async #deliver(ids: string[]): Promise<void> {
    if (ids.length === 0 || this.#byUser.size === 0) return;
    const rows: NotificationRow[] = (await loadNotifications(this.ctx, ids)).filter((r) => this.#byUser.has(r.user_id));
    rows.sort((a, b) => (a.id < b.id ? -1 : 1));
    for (const { userId, texts } of await deliveriesFor(this.ctx, rows)) {
      const conns = this.#byUser.get(userId);
      if (!conns) continue;
      for (const conn of conns) {
        for (const text of texts) this.#send(conn, text);
      }
      this.#delivered += 1;
    }
  }

  async #revoke(event: Revoked): Promise<void> {
    const conns = [...(this.#byUser.get(event.userId) ?? [])];
    if (event.sessionId !== undefined) {
      for (const c of conns) if (c.sessionId === event.sessionId) c.socket.close(closeCodes.signedOut, 'signed out');
      return;
    }
    await this.#recheck(conns);
  }

  /** Closes the sockets whose session has ended or expired. */
  async #recheck(conns: Connection[]): Promise<void> {
    if (conns.length === 0) return;
    const live = await liveSessions(this.ctx, [...new Set(conns.map((c) => c.sessionId))]);
    for (const c of conns) {
      const expiresAt = live.get(c.sessionId);
      if (expiresAt === undefined) c.socket.close(closeCodes.signedOut, 'signed out');
      // Used meanwhile (another tab's requests renew it): look again at its new expiry.
      else if (c.socket.readyState === OPEN) this.#scheduleExpiry(c, expiresAt);
    }
  }
}
