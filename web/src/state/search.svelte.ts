import { untrack } from 'svelte';
import type { Need, Offer } from '../../../shared/schemas/listings.ts';
import type { ClientErrorCode } from '../lib/api/client.ts';
import { listingsApi } from '../lib/api/listings.ts';
import { PagedResource, type Page } from '../lib/api/resource.svelte.ts';
import { apiQuery, type SearchState } from '../lib/search/search-query.ts';

export type SearchItem = { side: 'needs'; listing: Need } | { side: 'offers'; listing: Offer };

async function fetchPage(search: SearchState, cursor?: string): Promise<Page<SearchItem>> {
  const query = apiQuery(search, cursor ?? null);
  if (search.side === 'needs') {
    const page = await listingsApi.searchNeeds(query);
    return { items: page.items.map((listing) => ({ side: 'needs', listing })), nextCursor: page.nextCursor };
  }
  const page = await listingsApi.searchOffers(query);
  return { items: page.items.map((listing) => ({ side: 'offers', listing })), nextCursor: page.nextCursor };
}

/**
 * The results of the search the page shows: searched again whenever what is asked of the server
 * changes (not on every edit of the search object), the next page on request.
 */
export class SearchResults {
  readonly #search: () => SearchState;
  #asked = $derived.by(() => {
    const search = this.#search();
    return `${search.side}|${apiQuery(search).toString()}`;
  });
  readonly #pages: PagedResource<SearchItem, SearchState>;

  constructor(search: () => SearchState) {
    this.#search = search;
    this.#pages = new PagedResource(fetchPage, () => {
      void this.#asked;
      return untrack(() => $state.snapshot(this.#search()));
    });
  }

  get items(): SearchItem[] {
    return this.#pages.items;
  }
  get nextCursor(): string | null {
    return this.#pages.nextCursor;
  }
  get loading(): boolean {
    return this.#pages.loading;
  }
  get loadingMore(): boolean {
    return this.#pages.loadingMore;
  }
  get errorCode(): ClientErrorCode | null {
    return this.#pages.error;
  }

  /** Appends the next page; resolves with the index of its first result. */
  more(): Promise<number> {
    return this.#pages.more();
  }
}
