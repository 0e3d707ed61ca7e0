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
