/**
 * One tokeniser for both databases, so the same query finds the same listings on SQLite (FTS5)
 * and PostgreSQL ('simple' configuration). Pure functions, no I/O.
 *
 * Text is lowercased, decomposed (NFKD), stripped of combining marks (é → e, ï → i, Arabic
 * harakat), and split on anything that is not a letter or a digit. The stored search columns hold
 * these words joined by single spaces; both engines then index exactly these words.
 */

/** "Café-bezoek, 2×" → ["cafe", "bezoek", "2"] */
export function searchWords(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}

/** The normalised text stored in `search_title` / `search_body`. */
export const searchText = (text: string): string => searchWords(text).join(' ');

/** At most this many words of a query count; more only slows the search down. */
export const MAX_QUERY_WORDS = 8;

/** The query's words, deduplicated, each searched as a word prefix; all must match (AND). */
export function queryWords(q: string): string[] {
  return [...new Set(searchWords(q))].slice(0, MAX_QUERY_WORDS);
}

/** FTS5 MATCH expression: `"tuin"* "rotterdam"*` (implicit AND of quoted prefix terms). */
export const ftsMatch = (words: readonly string[]): string => words.map((w) => `"${w}"*`).join(' ');

/** PostgreSQL to_tsquery('simple', …) text: `tuin:* & rotterdam:*`. */
export const tsQuery = (words: readonly string[]): string => words.map((w) => `${w}:*`).join(' & ');
