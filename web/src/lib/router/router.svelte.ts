import type { RoutePath } from '../../routes.ts';
import { isInternalHref, pathTo, type ParamNames, type Params } from './route-match.ts';

/** The browser's location as reactive state, moved with the History API. */
class Router {
  #url = $state(new URL(window.location.href));
  #navigations = $state(0);

  get path(): string {
    return this.#url.pathname;
  }
  get query(): URLSearchParams {
    return this.#url.searchParams;
  }
  /** Counts in-app navigations: 0 on the first page load (then focus stays where the browser put it). */
  get navigations(): number {
    return this.#navigations;
  }

  navigate(to: string, { replace = false }: { replace?: boolean } = {}): void {
    const url = new URL(to, window.location.origin);
    if (replace) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
    this.#sync();
    window.scrollTo(0, 0);
  }

  #sync(): void {
    this.#url = new URL(window.location.href);
    this.#navigations += 1;
  }

  /** Follows back/forward and takes over clicks on same-site links; returns a stop function. */
  start(): () => void {
    const onPop = () => this.#sync();
    const onClick = (event: MouseEvent) => {
      if (
        event.defaultPrevented ||
        event.button !== 0 ||
        event.metaKey ||
        event.ctrlKey ||
        event.shiftKey ||
        event.altKey
      )
        return;
      const anchor = event.target instanceof Element ? event.target.closest('a') : null;
      if (!anchor || anchor.hasAttribute('download') || (anchor.target && anchor.target !== '_self')) return;
      const href = anchor.getAttribute('href');
      if (!href || href.startsWith('#') || !isInternalHref(href, window.location.origin)) return;
      event.preventDefault();
      this.navigate(href);
    };
    window.addEventListener('popstate', onPop);
    document.addEventListener('click', onClick);
    return () => {
      window.removeEventListener('popstate', onPop);
      document.removeEventListener('click', onClick);
    };
  }
}

export const router = new Router();

/** A link target for a route in `routes.ts`, checked by the compiler: `href('/organizations/:id', { id })`. */
export function href<P extends RoutePath>(
  pattern: P,
  ...params: ParamNames<P> extends never ? [] : [Params<P>]
): string {
  return pathTo(pattern, ...params);
}
