import type { Notification } from '../../../shared/schemas/notifications.ts';
import type { ServerMessage } from '../../../shared/schemas/realtime.ts';
import { notificationsApi } from '../lib/api/notifications.ts';
import { mergeNewestFirst } from '../lib/realtime/notification-link.ts';
import { RealtimeSocket, type ConnectionState } from '../lib/realtime/socket.ts';
import { session } from './session.svelte.ts';

export interface Toast {
  id: string;
  notification: Notification;
}

/** Kinds worth interrupting for with a toast; everything else waits quietly in the bell. */
const toastKinds: ReadonlySet<Notification['kind']> = new Set(['need.matched', 'search.matched']);
const TOAST_MS = 10_000;

/**
 * The signed-in person's notifications: the bell's unread count and list, live over the one
 * websocket, caught up after every reconnection from the last id seen; toasts for new matches;
 * and the frames pages subscribe to (an engagement page takes its messages from here).
 */
class NotificationsState {
  #items = $state<Notification[]>([]);
  #unread = $state(0);
  #connection = $state<ConnectionState>('closed');
  #toasts = $state<Toast[]>([]);
  #lastSeen: string | null = null;
  /** The cursor of the next older page, or null when the list holds them all. */
  #older = $state<string | null>(null);
  #running = false;
  readonly #listeners = new Set<(frame: ServerMessage) => void>();
  readonly #socket = new RealtimeSocket({
    message: (frame) => this.#receive(frame),
    connected: () => void this.#catchUp(),
    state: (state) => {
      this.#connection = state;
    },
    // Maybe the session ended: asking /api/me signs the app out if so (and that stops the socket).
    refused: () => void session.load().catch(() => undefined),
  });

  get items(): Notification[] {
    return this.#items;
  }
  get unread(): number {
    return this.#unread;
  }
  get connection(): ConnectionState {
    return this.#connection;
  }
  get toasts(): Toast[] {
    return this.#toasts;
  }

  /** Signed in: the newest page, then the socket (which catches up on every hello). */
  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      const first = await notificationsApi.newest();
      // Signed out (or someone else signed in) while this was on its way: not theirs to show.
      if (!this.#running) return;
      this.#items = first.items;
      this.#unread = first.unread;
      this.#older = first.nextCursor;
      this.#lastSeen = first.items[0]?.id ?? null;
    } catch {
      // The bell stays empty until the socket's first catch-up.
    }
    if (this.#running) this.#socket.start();
  }

  stop(): void {
    this.#running = false;
    this.#socket.stop();
    this.#items = [];
    this.#unread = 0;
    this.#toasts = [];
    this.#older = null;
    this.#lastSeen = null;
  }

  /** Frames for a page (an engagement's messages, lists that change); returns the unsubscribe. */
  listen(listener: (frame: ServerMessage) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async markAllRead(): Promise<void> {
    const newest = this.#items[0]?.id;
    if (!newest) return;
    await notificationsApi.markRead(newest);
    const now = new Date().toISOString();
    this.#items = this.#items.map((n) => (n.readAt ? n : { ...n, readAt: now }));
    this.#unread = 0;
  }

  dismiss(toastId: string): void {
    this.#toasts = this.#toasts.filter((t) => t.id !== toastId);
  }

  get hasOlder(): boolean {
    return this.#older !== null;
  }

  /** The next older page, for the notifications page. */
  async more(): Promise<void> {
    if (!this.#older) return;
    const page = await notificationsApi.newest(this.#older);
    this.#items = mergeNewestFirst(this.#items, page.items);
    this.#older = page.nextCursor;
  }

  async #catchUp(): Promise<void> {
    if (!this.#lastSeen) {
      // Nothing seen yet: the newest page holds whatever came before the socket opened.
      const first = await notificationsApi.newest();
      this.#add(first.items);
      this.#unread = first.unread;
      return;
    }
    let cursor: string | undefined;
    do {
      const page = await notificationsApi.since(this.#lastSeen, cursor);
      this.#add(page.items);
      this.#unread = page.unread;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  #add(incoming: Notification[]): Notification[] {
    const known = new Set(this.#items.map((n) => n.id));
    const fresh = incoming.filter((n) => !known.has(n.id));
    if (fresh.length === 0) return fresh;
    this.#items = mergeNewestFirst(this.#items, fresh);
    const newest = this.#items[0]?.id;
    if (newest && (!this.#lastSeen || newest > this.#lastSeen)) this.#lastSeen = newest;
    return fresh;
  }

  #receive(frame: ServerMessage): void {
    if (frame.type === 'notification') {
      for (const n of this.#add([frame.notification])) {
        if (!n.readAt) this.#unread += 1;
        if (toastKinds.has(n.kind)) this.#toast(n);
      }
    }
    for (const listener of this.#listeners) listener(frame);
  }

  #toast(notification: Notification): void {
    this.#toasts = [...this.#toasts, { id: notification.id, notification }];
    setTimeout(() => this.dismiss(notification.id), TOAST_MS);
  }
}

export const notifications = new NotificationsState();
