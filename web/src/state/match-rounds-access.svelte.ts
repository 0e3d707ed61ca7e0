import { api } from '../lib/api/client.ts';
import { session } from './session.svelte.ts';

/**
 * Whether the signed-in person may run match rounds: an admin, or an owner/coordinator of a
 * public organisation (the server's rule in matching/service.ts). Memberships do not carry the
 * organisation's type, so the organisations this person manages are looked up once per set of
 * memberships; most people manage none and cost no request.
 */
class MatchRoundsAccess {
  #allowed = $state(false);
  #checkedFor = '';

  get allowed(): boolean {
    return this.#allowed;
  }

  /** Call from an effect: re-checks only when the person or their managing roles change. */
  refresh(): void {
    const user = session.user;
    const managed = session.managing.map((m) => m.organizationId);
    const key = user ? `${user.id}:${user.isAdmin}:${managed.join(',')}` : '';
    if (key === this.#checkedFor) return;
    this.#checkedFor = key;
    if (!user || (!user.isAdmin && managed.length === 0)) {
      this.#allowed = false;
      return;
    }
    if (user.isAdmin) {
      this.#allowed = true;
      return;
    }
    Promise.all(
      managed.map((id) =>
        api.organization(id).then(
          (r) => r.organization.type === 'public',
          () => false,
        ),
      ),
    ).then((found) => {
      if (this.#checkedFor === key) this.#allowed = found.some(Boolean);
    });
  }
}

export const matchRoundsAccess = new MatchRoundsAccess();
