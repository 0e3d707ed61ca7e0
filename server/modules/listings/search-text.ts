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
 * One query word's share of the relevance, from how many words of the title and of the
 * description start with it and their lengths in words. The in-memory index (`listing-index.ts`)
 * adds these up from its postings in the same order as `relevance`, so both give the same number.
 */
export function wordScore(titleHits: number, bodyHits: number, titleLength: number, bodyLength: number): number {
  return TITLE_WEIGHT * saturated(titleHits, titleLength, TITLE_WORDS) + saturated(bodyHits, bodyLength, BODY_WORDS);
}

/** Words in a stored search text (single spaces, no leading or trailing space). */
export function wordCount(text: string): number {
  if (text === '') return 0;
  let n = 1;
  for (let i = text.indexOf(' '); i !== -1; i = text.indexOf(' ', i + 1)) n++;
  return n;
}

/** How many words of the stored search text start with `prefix`: a match at 0 or right after a space. */
function prefixHits(text: string, prefix: string): number {
  if (prefix === '') return wordCount(text);
  let n = 0;
  for (let i = text.indexOf(prefix); i !== -1; i = text.indexOf(prefix, i + 1)) {
    if (i === 0 || text.charCodeAt(i - 1) === 32) n++;
  }
  return n;
}

/**
 * Relevance of a listing for the query words: BM25's term saturation and length normalisation,
 * per field, title weighted ten times. Computed here rather than by each database's own ranking
 * (bm25 and ts_rank differ), so both databases order results identically. Pure and deterministic.
 * Example: for ["moestuin"], the title "moestuin aanleggen" scores above a description mention.
 * A text search scores every match, so this scans the stored text instead of splitting it into
 * arrays (query words hold no spaces, so a match after a space is a word starting with the word).
 */
export function relevance(words: readonly string[], searchTitle: string, searchBody: string): number {
  const titleLength = wordCount(searchTitle);
  const bodyLength = wordCount(searchBody);
  let score = 0;
  for (const w of words)
    score += wordScore(prefixHits(searchTitle, w), prefixHits(searchBody, w), titleLength, bodyLength);
  return score;
}
