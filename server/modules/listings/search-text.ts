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

const K1 = 1.2;
const B = 0.75;
/** Typical lengths in words, for length normalisation (fixed, so a score never depends on other rows). */
const TITLE_WORDS = 6;
const BODY_WORDS = 30;
/** A word in the title counts ten times a word in the description. */
const TITLE_WEIGHT = 10;

function saturated(hits: number, length: number, typical: number): number {
  return hits === 0 ? 0 : (hits * (K1 + 1)) / (hits + K1 * (1 - B + (B * length) / typical));
}

/**
 * Relevance of a listing for the query words: BM25's term saturation and length normalisation,
 * per field, title weighted ten times. Computed here rather than by each database's own ranking
 * (bm25 and ts_rank differ), so both databases order results identically. Pure and deterministic.
 * Example: for ["moestuin"], the title "moestuin aanleggen" scores above a description mention.
 */
export function relevance(words: readonly string[], searchTitle: string, searchBody: string): number {
  const title = searchTitle === '' ? [] : searchTitle.split(' ');
  const body = searchBody === '' ? [] : searchBody.split(' ');
  let score = 0;
  for (const w of words) {
    const inTitle = title.filter((t) => t.startsWith(w)).length;
    const inBody = body.filter((t) => t.startsWith(w)).length;
    score += TITLE_WEIGHT * saturated(inTitle, title.length, TITLE_WORDS) + saturated(inBody, body.length, BODY_WORDS);
  }
  return score;
}
