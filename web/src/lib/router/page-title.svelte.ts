import { router } from './router.svelte.ts';

/**
 * A page about one thing (an organisation) names the browser tab after it; the App falls back to
 * the route's title. Keyed by path, so a title never outlives its page.
 */
class PageTitle {
  #specific = $state<{ path: string; text: string } | null>(null);

  for(path: string): string | null {
    return this.#specific?.path === path ? this.#specific.text : null;
  }
  set(path: string, text: string): void {
    this.#specific = { path, text };
  }
}

export const pageTitle = new PageTitle();

/**
 * Call during a page's setup: names the tab after what the page shows (`text()`), once it is known.
 * Reads the path when the text arrives, so the title belongs to the page that asked for it.
 */
export function titleFrom(text: () => string | null | undefined): void {
  $effect(() => {
    const known = text();
    if (known) pageTitle.set(router.path, known);
  });
}
