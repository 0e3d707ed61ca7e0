import { isManagingRole } from '../../../shared/roles.ts';
import type { MeResponse, User } from '../../../shared/schemas/accounts.ts';
import { api, ApiError } from '../lib/api/client.ts';
import { actingFor } from './acting-for.svelte.ts';
import { locale } from './locale.svelte.ts';

type Membership = MeResponse['memberships'][number];

/** The signed-in person (or nobody), loaded once at start and kept in step with the server. */
class SessionState {
  #user = $state<User | null>(null);
  #memberships = $state<Membership[]>([]);
  #managing = $derived(this.#memberships.filter((m) => isManagingRole(m.role)));
  #loaded = $state(false);

  get user(): User | null {
    return this.#user;
  }
  get memberships(): Membership[] {
    return this.#memberships;
  }
  get signedIn(): boolean {
    return this.#user !== null;
  }
  /** False until the first answer of /api/me: pages that need a person wait for it. */
  get loaded(): boolean {
    return this.#loaded;
  }

  /** The memberships in which the person manages the organisation. */
  get managing(): Membership[] {
    return this.#managing;
  }
  /** Whether the person is an owner or coordinator of the organisation. */
  manages(organizationId: string): boolean {
    return this.#managing.some((m) => m.organizationId === organizationId);
  }
  /** Whether the person may manage the organisation: one of its owners or coordinators, or a platform admin. */
  mayManage(organizationId: string): boolean {
    return this.manages(organizationId) || this.#user?.isAdmin === true;
  }
  roleIn(organizationId: string): Membership['role'] | null {
    return this.#memberships.find((m) => m.organizationId === organizationId)?.role ?? null;
  }

  #started: Promise<void> | null = null;

  /** The first load, started once (main.ts starts it while the language's messages download). */
  start(): Promise<void> {
    this.#started ??= this.load();
    return this.#started;
  }

  async load(): Promise<void> {
    try {
      const me = await api.me();
      this.#user = me.user;
      this.#memberships = me.memberships;
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 401)) throw err;
      this.#user = null;
      this.#memberships = [];
    } finally {
      this.#loaded = true;
    }
  }

  async register(body: Parameters<typeof api.register>[0]): Promise<void> {
    const { user } = await api.register(body);
    this.#user = user;
    this.#memberships = [];
  }

  /** After signing in, the profile's language applies unless this device has its own choice. */
  async login(body: Parameters<typeof api.login>[0]): Promise<void> {
    await api.login(body);
    await this.load();
    if (this.#user && !locale.chosenOnDevice) await locale.set(this.#user.locale);
  }

  /** Signs out; `leave` runs before the person is forgotten, so pages for members are left first. */
  async logout(leave: () => void = () => {}): Promise<void> {
    await api.logout();
    actingFor.stop();
    // What the service worker kept for offline use (searches, /api/me) is this person's: it goes too.
    if ('caches' in globalThis) await caches.delete('waardewerk-data').catch(() => false);
    leave();
    this.#user = null;
    this.#memberships = [];
  }

  setUser(user: User): void {
    this.#user = user;
  }

  /** Switches the language now, and saves it in the profile when someone is signed in. */
  async setLocale(next: User['locale']): Promise<void> {
    await locale.set(next);
    if (this.#user && this.#user.locale !== next) {
      this.#user = (await api.updateMe({ locale: next })).user;
    }
  }
}

export const session = new SessionState();
