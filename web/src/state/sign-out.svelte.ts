import { ApiError } from '../lib/api/client.ts';
import { href, router } from '../lib/router/router.svelte.ts';
import { session } from './session.svelte.ts';

/**
 * Signing out from a button (the header menu, the profile page): busy while the request runs, and
 * a failed attempt (no connection) is said next to the button; the person lands on Start.
 */
export class SignOutAction {
  busy = $state(false);
  failed = $state(false);

  run = async (): Promise<void> => {
    this.busy = true;
    this.failed = false;
    try {
      await session.logout(() => router.navigate(href('/')));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      this.failed = true;
    } finally {
      this.busy = false;
    }
  };
}
