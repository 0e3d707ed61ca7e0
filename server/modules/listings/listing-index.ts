/**
 * The in-memory search index of one listing table (needs or offers), per server instance: it
 * answers a search's filter and page with the same listings, in the same order, as
 * `repository.ts`'s SQL path and `search.ts` together, without a database round trip. Pure data
 * structure, no I/O: `index-sync.ts` fills it from the database at start and keeps it fresh from
 * the domain events.
 *
 * Compact, because a national index holds 100,000s of listings (issue 15: the server's memory
 * budget is 200 MB): a listing is a slot number, and what the filters read of it lives in typed
 * arrays indexed by slot — codes for kinds, statuses and owners, one number per value list
 * (domains, languages …), coordinates, times as numbers, title and description lengths. Only the
 * id stays a string (pages and ties need it).
 * - Text: a posting list per distinct word (slots with the word's hit counts in the title and in
 *   the description), laid out one after the other in two typed arrays when the index is loaded;
 *   listings added later go to small lists per word until the next compaction. The words are kept
 *   in sorted order, so a query word's prefix is a range of words. The relevance comes from those
 *   counts through `wordScore`, the very function the SQL path's `relevance` uses, summed in the
 *   same order: the same number to the last bit.
 * - Place: the listings per 0.05° latitude strip (`location.ts`) in longitude order, so a circle
 *   reads only its box; remote listings on a list of their own.
 * - Newest: the slots in (created_at, id) descending order, so a first page stops early and a
 *   later page starts where its cursor points.
 * A changed or removed listing's slot is marked dead (its postings are skipped) and a new slot is
 * used; when dead slots or late postings grow past a quarter of the index, it is compacted in place.
 * Distances are the exact great-circle distances of `shared/geo.ts` (the SQL path sorts by the
 * database's own, which may differ in the last digit).
 */
import { boundingBox, distanceKm } from '../../../shared/geo.ts';
import { latStrip, stripsCovering } from './location.ts';
import type { CandidateFilter, Near } from './repository.ts';
import { wordScore } from './search-text.ts';

/** One listing as the index needs it (rows and their filter values, read by `index-sync.ts`). */
export interface IndexedListing {
  id: string;
  kind: string;
  status: string;
  endsAt: string | null;
  hidden: boolean;
  organizationId: string | null;
  /** Offers only. */
  ownerUserId: string | null;
  /** Offers only. */
  b2cType: string | null;
  newcomerFriendly: number;
  /** Needs only. */
  openToAsylumSeekers: number;
  domains: readonly string[];
  languages: readonly string[];
  skills: readonly string[];
  /** Needs: their one compensation type; offers: the compensations they accept. */
  compensations: readonly string[];
  lat: number | null;
  lng: number | null;
  remote: number;
  createdAt: string;
  searchTitle: string;
  searchBody: string;
}

/** A page's order and where it starts: the keysets of `search.ts`'s cursors. */
export type IndexOrder =
  | { sort: 'newest'; after?: { createdAt: string; id: string } | undefined; limit: number }
  /** `dist: null`: after a remote listing without a place (those come after every distance). */
  | { sort: 'distance'; after?: { dist: number | null; id: string } | undefined; limit: number }
  | { sort: 'relevance'; after?: { rank: number; id: string } | undefined; limit: number };

/** One row of a page: what the response and the next page's cursor need. */
export interface IndexRow {
  id: string;
  createdAt: string;
  /** With a place filter: the exact distance in km, null for a listing without a place; else undefined. */
  distance: number | null | undefined;
  /** With words: the relevance; else 0. */
  rank: number;
}

/** Radius of the first circle a nearest-first search looks in; it grows fourfold until a page is full. */
const FIRST_CIRCLE_KM = 2;

const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Hit counts of one word in one listing, title and description in one number (each saturates at 65,535). */
const packHits = (title: number, body: number): number =>
  ((Math.min(title, 0xffff) << 16) | Math.min(body, 0xffff)) >>> 0;

/** Text values numbered once each (kinds, statuses, organisations, owners). */
class Codes {
  readonly #numbers = new Map<string, number>();
  readonly texts: string[] = [];
  code(text: string): number {
    let n = this.#numbers.get(text);
    if (n === undefined) {
      n = this.texts.length;
      this.#numbers.set(text, n);
      this.texts.push(text);
    }
    return n;
  }
  /** -1 for null; -2 for a text no listing has (matches nothing). */
  find(text: string | null): number {
    return text === null ? -1 : (this.#numbers.get(text) ?? -2);
  }
  get size(): number {
    return this.texts.length;
  }
}

/**
 * Value lists (a listing's domains, languages …) numbered once each, so a listing keeps one number
 * per field: listings share a few thousand distinct lists.
 */
class Lists {
  readonly #numbers = new Map<string, number>();
  readonly #values: (readonly string[])[] = [];
  number(values: readonly string[]): number {
    const sorted = values.length > 1 ? [...values].sort() : values;
    const key = sorted.join('\u0000');
    let n = this.#numbers.get(key);
    if (n === undefined) {
      n = this.#values.length;
      this.#numbers.set(key, n);
      this.#values.push(sorted);
    }
    return n;
  }
  /** For one query: does a list share a value with `wanted`? Each list is looked at once. */
  matcher(wanted: readonly string[]): (list: number) => boolean {
    const known = new Uint8Array(this.#values.length);
    return (list) => {
      let k = known[list] ?? 0;
      if (k === 0) {
        k = (this.#values[list] ?? []).some((v) => wanted.includes(v)) ? 1 : 2;
        known[list] = k;
      }
      return k === 1;
    };
  }
}

/** An ISO time as a number and its text form, to compare a stored time with. */
interface TimeKey {
  ms: number;
  text: string;
}

/** `toISOString()`'s form (the one every writer stores): its order as a number is its order as text. */
function timeKey(text: string): TimeKey {
  const ms = Date.parse(text);
  return { ms: !Number.isNaN(ms) && new Date(ms).toISOString() === text ? ms : Number.NaN, text };
}

/**
 * A time column: milliseconds per slot (NaN for null), compared like the database compares the
 * texts. A text in any other form is kept as text, and compared as text.
 */
class Times {
  ms = new Float64Array(0);
  #texts = new Map<number, string>();

  grow(capacity: number): void {
    this.ms = grown(this.ms, capacity);
  }
  set(slot: number, text: string | null): void {
    this.#texts.delete(slot);
    if (text === null) {
      this.ms[slot] = Number.NaN;
      return;
    }
    const key = timeKey(text);
    this.ms[slot] = key.ms;
    if (Number.isNaN(key.ms)) this.#texts.set(slot, text);
  }
  isNull(slot: number): boolean {
    // Most ends are null and no time is in another form: no map lookup then.
    return Number.isNaN(this.ms[slot] ?? Number.NaN) && (this.#texts.size === 0 || !this.#texts.has(slot));
  }
  text(slot: number): string | null {
    const ms = this.ms[slot] ?? Number.NaN;
    return Number.isNaN(ms) ? (this.#texts.get(slot) ?? null) : new Date(ms).toISOString();
  }
  /** Sign of (the slot's time − `key`), the slot's time not null. */
  compareTo(slot: number, key: TimeKey): number {
    const ms = this.ms[slot] ?? Number.NaN;
    if (!Number.isNaN(ms) && !Number.isNaN(key.ms)) return ms - key.ms;
    return compareIds(this.text(slot) ?? '', key.text);
  }
  /** Sign of (a's time − b's time), both not null. */
  compare(a: number, b: number): number {
    const x = this.ms[a] ?? Number.NaN;
    const y = this.ms[b] ?? Number.NaN;
    if (!Number.isNaN(x) && !Number.isNaN(y)) return x - y;
    return compareIds(this.text(a) ?? '', this.text(b) ?? '');
  }
  /** Compaction: slot `from` becomes `to` (to ≤ from, ascending). */
  move(from: number, to: number): void {
    this.ms[to] = this.ms[from] ?? Number.NaN;
    const text = this.#texts.get(from);
    this.#texts.delete(from);
    if (text !== undefined) this.#texts.set(to, text);
  }
}

type NumberArray = Int8Array | Uint8Array | Int32Array | Uint32Array | Float64Array;

/** `a` with room for `capacity` entries (the same array when it has). */
function grown<T extends NumberArray>(a: T, capacity: number): T {
  if (capacity <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(capacity, a.length * 2, 1024));
  b.set(a);
  return b;
}

/** The `k` best slots in `before` order, kept sorted while they come in any order. */
class TopK {
  readonly slots: number[] = [];
  readonly #k: number;
  readonly #before: (a: number, b: number) => number;
  constructor(k: number, before: (a: number, b: number) => number) {
    this.#k = k;
    this.#before = before;
  }
  get full(): boolean {
    return this.slots.length >= this.#k;
  }
  add(slot: number): void {
    const slots = this.slots;
    if (slots.length === this.#k && this.#before(slot, slots[slots.length - 1] ?? 0) >= 0) return;
    let lo = 0;
    let hi = slots.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#before(slots[mid] ?? 0, slot) <= 0) lo = mid + 1;
      else hi = mid;
    }
    slots.splice(lo, 0, slot);
    if (slots.length > this.#k) slots.pop();
  }
}

export class ListingIndex {
  readonly table: 'needs' | 'offers';

  // ---- per slot ----
  #slotCount = 0;
  #ids: string[] = [];
  readonly #slotOf = new Map<string, number>();
  #alive = new Uint8Array(0);
  #dead = 0;
  #kind = new Uint8Array(0);
  #status = new Uint8Array(0);
  #b2cType = new Int32Array(0);
  #organization = new Int32Array(0);
  #owner = new Int32Array(0);
  #hidden = new Uint8Array(0);
  #newcomerFriendly = new Int32Array(0);
  #openToAsylumSeekers = new Int32Array(0);
  #remote = new Int32Array(0);
  #domains = new Int32Array(0);
  #languages = new Int32Array(0);
  #skills = new Int32Array(0);
  #compensations = new Int32Array(0);
  #lat = new Float64Array(0);
  #lng = new Float64Array(0);
  #titleLength = new Uint32Array(0);
  #bodyLength = new Uint32Array(0);
  readonly #createdAt = new Times();
  readonly #endsAt = new Times();

  // ---- shared values ----
  readonly #kinds = new Codes();
  readonly #statuses = new Codes();
  readonly #b2cTypes = new Codes();
  readonly #organizations = new Codes();
  readonly #owners = new Codes();
  /** Per organisation code: 1 when its listings are out of search (hidden or orphaned). */
  #organizationHidden = new Uint8Array(0);
  readonly #domainLists = new Lists();
  readonly #languageLists = new Lists();
  readonly #skillLists = new Lists();
  readonly #compensationLists = new Lists();

  // ---- words ----
  readonly #wordNumber = new Map<string, number>();
  readonly #wordText: string[] = [];
  /** Word numbers in the words' sorted order, so a prefix is a range. */
  #sortedWords: number[] = [];
  /** Postings laid out by word: word w's are at [#start[w], #start[w + 1]); words added later have none here. */
  #start = new Int32Array(1);
  #postingSlots = new Int32Array(0);
  #postingHits = new Uint32Array(0);
  /** Postings added since the layout, per word (slots ascending, all above the laid-out ones). */
  #late = new Map<number, { slots: number[]; hits: number[] }>();
  #lateCount = 0;
  /**
   * While loading: each loaded page's postings laid out by word number, in arrays of their exact
   * size, merged by `loaded()` (no growing arrays, whose copies the process keeps as memory).
   */
  #segments: { words: Int32Array; start: Int32Array; slots: Int32Array; hits: Uint32Array }[] = [];
  /** The page being loaded: (word, slot, hits), reused from page to page. */
  #pageWords = new Int32Array(0);
  #pageSlots = new Int32Array(0);
  #pageHits = new Uint32Array(0);
  #pageLength = 0;
  #loading = false;
  /** Scratch per word number while one listing's words are counted. */
  #titleCount = new Uint32Array(0);
  #bodyCount = new Uint32Array(0);

  // ---- orders ----
  /** Alive slots per latitude strip, in longitude order. */
  readonly #strips = new Map<number, number[]>();
  /** Alive slots of remote listings (they count in a place search wherever they are). */
  readonly #remoteSlots = new Set<number>();
  /** Alive slots, newest first (created_at, then id, descending). */
  #newest: number[] = [];

  // ---- scratch per query ----
  #titleScratch = new Uint32Array(0);
  #bodyScratch = new Uint32Array(0);
  #matched = new Uint8Array(0);
  #score = new Float64Array(0);
  #distance = new Float64Array(0);

  /** Compacts when dead slots (or late listings) pass this many and a quarter of the listings. */
  readonly #compactAt: number;

  constructor(table: 'needs' | 'offers', options: { compactAt?: number } = {}) {
    this.table = table;
    this.#compactAt = options.compactAt ?? 1024;
  }

  get size(): number {
    return this.#slotOf.size;
  }

  has(id: string): boolean {
    return this.#slotOf.has(id);
  }

  setOrganizationHidden(organizationId: string, hidden: boolean): void {
    const code = this.#organizations.code(organizationId);
    this.#organizationHidden = grown(this.#organizationHidden, code + 1);
    this.#organizationHidden[code] = hidden ? 1 : 0;
  }

  /** Room for `count` listings, so a load allocates its arrays once. */
  reserve(count: number): void {
    this.#reserve(this.#slotCount + count);
  }

  /**
   * While loading (`load` … `loaded`), listings are appended; their postings are laid out and the
   * orders sorted once at the end, instead of moving half of a 100,000-long list per listing.
   */
  load(listings: readonly IndexedListing[]): void {
    this.#loading = true;
    for (const listing of listings) this.upsert(listing);
    this.#closeSegment();
  }

  /** Lays out the page's postings by word number into a segment of their exact size. */
  #closeSegment(): void {
    const n = this.#pageLength;
    if (n === 0) return;
    const counts = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const w = this.#pageWords[i] ?? 0;
      counts.set(w, (counts.get(w) ?? 0) + 1);
    }
    const words = Int32Array.from(counts.keys()).sort();
    const start = new Int32Array(words.length + 1);
    const at = new Map<number, number>();
    words.forEach((w, j) => {
      at.set(w, start[j] ?? 0);
      start[j + 1] = (start[j] ?? 0) + (counts.get(w) ?? 0);
    });
    const slots = new Int32Array(n);
    const hits = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const w = this.#pageWords[i] ?? 0;
      const to = at.get(w) ?? 0;
      at.set(w, to + 1);
      slots[to] = this.#pageSlots[i] ?? 0;
      hits[to] = this.#pageHits[i] ?? 0;
    }
    this.#segments.push({ words, start, slots, hits });
    this.#pageLength = 0;
  }

  /** Lays out what `load` appended; the index answers in order again. */
  loaded(): void {
    this.#closeSegment();
    this.#loading = false;
    this.#pageWords = new Int32Array(0);
    this.#pageSlots = new Int32Array(0);
    this.#pageHits = new Uint32Array(0);
    const words = this.#wordText.length;
    const start = new Int32Array(words + 1);
    for (const g of this.#segments) {
      for (let j = 0; j < g.words.length; j++) {
        const w = (g.words[j] ?? 0) + 1;
        start[w] = (start[w] ?? 0) + ((g.start[j + 1] ?? 0) - (g.start[j] ?? 0));
      }
    }
    for (let w = 0; w < words; w++) start[w + 1] = (start[w + 1] ?? 0) + (start[w] ?? 0);
    const slots = new Int32Array(start[words] ?? 0);
    const hits = new Uint32Array(slots.length);
    const at = start.slice(0, words);
    // Segments in slot order, so each word's slots come out ascending.
    for (const g of this.#segments) {
      for (let j = 0; j < g.words.length; j++) {
        const w = g.words[j] ?? 0;
        const [from, to] = [g.start[j] ?? 0, g.start[j + 1] ?? 0];
        slots.set(g.slots.subarray(from, to), at[w] ?? 0);
        hits.set(g.hits.subarray(from, to), at[w] ?? 0);
        at[w] = (at[w] ?? 0) + (to - from);
      }
    }
    this.#segments = [];
    this.#start = start;
    this.#postingSlots = slots;
    this.#postingHits = hits;
    this.#late.clear();
    this.#lateCount = 0;
    const text = this.#wordText;
    this.#sortedWords = Array.from({ length: words }, (_, i) => i).sort((a, b) =>
      compareIds(text[a] ?? '', text[b] ?? ''),
    );
    this.#newest = [];
    for (let s = 0; s < this.#slotCount; s++) if (this.#alive[s] === 1) this.#newest.push(s);
    this.#newest.sort((a, b) => this.#newestOrder(a, b));
    for (const list of this.#strips.values()) list.sort((a, b) => (this.#lng[a] ?? 0) - (this.#lng[b] ?? 0));
  }

  /** Adds the listing, or replaces what the index knew of it. */
  upsert(listing: IndexedListing): void {
    this.remove(listing.id);
    const slot = this.#slotCount++;
    this.#reserve(this.#slotCount);
    this.#ids[slot] = listing.id;
    this.#slotOf.set(listing.id, slot);
    this.#alive[slot] = 1;
    this.#kind[slot] = this.#kinds.code(listing.kind);
    this.#status[slot] = this.#statuses.code(listing.status);
    this.#b2cType[slot] = listing.b2cType === null ? -1 : this.#b2cTypes.code(listing.b2cType);
    this.#organization[slot] = listing.organizationId === null ? -1 : this.#organizations.code(listing.organizationId);
    this.#owner[slot] = listing.ownerUserId === null ? -1 : this.#owners.code(listing.ownerUserId);
    this.#hidden[slot] = listing.hidden ? 1 : 0;
    this.#newcomerFriendly[slot] = listing.newcomerFriendly;
    this.#openToAsylumSeekers[slot] = listing.openToAsylumSeekers;
    this.#remote[slot] = listing.remote;
    this.#domains[slot] = this.#domainLists.number(listing.domains);
    this.#languages[slot] = this.#languageLists.number(listing.languages);
    this.#skills[slot] = this.#skillLists.number(listing.skills);
    this.#compensations[slot] = this.#compensationLists.number(listing.compensations);
    const hasPlace = listing.lat !== null && listing.lng !== null;
    this.#lat[slot] = hasPlace ? (listing.lat ?? 0) : Number.NaN;
    this.#lng[slot] = hasPlace ? (listing.lng ?? 0) : Number.NaN;
    this.#createdAt.set(slot, listing.createdAt);
    this.#endsAt.set(slot, listing.endsAt);
    this.#postWords(slot, listing.searchTitle, listing.searchBody);

    if (hasPlace) {
      const strip = latStrip(listing.lat ?? 0);
      let list = this.#strips.get(strip);
      if (!list) this.#strips.set(strip, (list = []));
      if (this.#loading) list.push(slot);
      else list.splice(this.#firstEastOf(list, listing.lng ?? 0), 0, slot);
    }
    if (listing.remote === 1) this.#remoteSlots.add(slot);
    if (this.#loading) return;
    this.#newest.splice(this.#newestPosition(slot), 0, slot);
    this.#compactIfWorth();
  }

  remove(id: string): void {
    const slot = this.#slotOf.get(id);
    if (slot === undefined) return;
    this.#slotOf.delete(id);
    this.#alive[slot] = 0;
    this.#dead++;
    const lng = this.#lng[slot] ?? Number.NaN;
    if (!Number.isNaN(lng)) {
      const list = this.#strips.get(latStrip(this.#lat[slot] ?? 0));
      if (list) {
        // A strip is in longitude order: look from the first listing at this longitude.
        const from = this.#firstEastOf(list, lng);
        const at = list[from] === slot ? from : list.indexOf(slot);
        if (at !== -1) list.splice(at, 1);
      }
    }
    this.#remoteSlots.delete(slot);
    if (this.#loading) return;
    const position = this.#newestPosition(slot);
    const at = this.#newest[position] === slot ? position : this.#newest.indexOf(slot);
    if (at !== -1) this.#newest.splice(at, 1);
    this.#compactIfWorth();
  }

  /** Dead slots, or late postings (about 32 per listing), past the threshold and a quarter of the listings. */
  #compactIfWorth(): void {
    const garbage = Math.max(this.#dead, this.#lateCount / 32);
    if (garbage > this.#compactAt && garbage > this.size / 4) this.#compact();
  }

  /** Counts the listing's words and posts the slot under each. */
  #postWords(slot: number, title: string, body: string): void {
    const touched: number[] = [];
    const count = (text: string, into: 'title' | 'body'): number => {
      if (text === '') return 0;
      let n = 0;
      for (const word of text.split(' ')) {
        n++;
        const w = this.#word(word);
        if ((this.#titleCount[w] ?? 0) === 0 && (this.#bodyCount[w] ?? 0) === 0) touched.push(w);
        if (into === 'title') this.#titleCount[w] = (this.#titleCount[w] ?? 0) + 1;
        else this.#bodyCount[w] = (this.#bodyCount[w] ?? 0) + 1;
      }
      return n;
    };
    this.#titleLength[slot] = count(title, 'title');
    this.#bodyLength[slot] = count(body, 'body');
    for (const w of touched) {
      const hits = packHits(this.#titleCount[w] ?? 0, this.#bodyCount[w] ?? 0);
      this.#titleCount[w] = 0;
      this.#bodyCount[w] = 0;
      if (this.#loading) {
        const i = this.#pageLength++;
        if (i >= this.#pageSlots.length) {
          this.#pageWords = grown(this.#pageWords, i + 1);
          this.#pageSlots = grown(this.#pageSlots, i + 1);
          this.#pageHits = grown(this.#pageHits, i + 1);
        }
        this.#pageWords[i] = w;
        this.#pageSlots[i] = slot;
        this.#pageHits[i] = hits;
      } else {
        let late = this.#late.get(w);
        if (!late) this.#late.set(w, (late = { slots: [], hits: [] }));
        late.slots.push(slot);
        late.hits.push(hits);
        this.#lateCount++;
      }
    }
  }

  #word(word: string): number {
    let w = this.#wordNumber.get(word);
    if (w === undefined) {
      w = this.#wordText.length;
      this.#wordNumber.set(word, w);
      this.#wordText.push(word);
      if (w >= this.#titleCount.length) {
        this.#titleCount = grown(this.#titleCount, w + 1);
        this.#bodyCount = grown(this.#bodyCount, w + 1);
      }
      if (!this.#loading) this.#sortedWords.splice(this.#firstWordFrom(word), 0, w);
    }
    return w;
  }

  #reserve(capacity: number): void {
    if (capacity <= this.#alive.length) return;
    this.#alive = grown(this.#alive, capacity);
    const size = this.#alive.length;
    this.#kind = grown(this.#kind, size);
    this.#status = grown(this.#status, size);
    this.#b2cType = grown(this.#b2cType, size);
    this.#organization = grown(this.#organization, size);
    this.#owner = grown(this.#owner, size);
    this.#hidden = grown(this.#hidden, size);
    this.#newcomerFriendly = grown(this.#newcomerFriendly, size);
    this.#openToAsylumSeekers = grown(this.#openToAsylumSeekers, size);
    this.#remote = grown(this.#remote, size);
    this.#domains = grown(this.#domains, size);
    this.#languages = grown(this.#languages, size);
    this.#skills = grown(this.#skills, size);
    this.#compensations = grown(this.#compensations, size);
    this.#lat = grown(this.#lat, size);
    this.#lng = grown(this.#lng, size);
    this.#titleLength = grown(this.#titleLength, size);
    this.#bodyLength = grown(this.#bodyLength, size);
    this.#createdAt.grow(size);
    this.#endsAt.grow(size);
    this.#titleScratch = grown(this.#titleScratch, size);
    this.#bodyScratch = grown(this.#bodyScratch, size);
    this.#matched = grown(this.#matched, size);
    this.#score = grown(this.#score, size);
    this.#distance = grown(this.#distance, size);
  }

  /**
   * Drops the dead slots: the alive ones are numbered anew in the same order (so postings stay
   * ascending) and the late postings join the laid-out ones.
   */
  #compact(): void {
    const count = this.#slotCount;
    const to = new Int32Array(count).fill(-1);
    const columns = [
      this.#kind,
      this.#status,
      this.#b2cType,
      this.#organization,
      this.#owner,
      this.#hidden,
      this.#newcomerFriendly,
      this.#openToAsylumSeekers,
      this.#remote,
      this.#domains,
      this.#languages,
      this.#skills,
      this.#compensations,
      this.#lat,
      this.#lng,
      this.#titleLength,
      this.#bodyLength,
    ];
    let n = 0;
    for (let s = 0; s < count; s++) {
      if (this.#alive[s] !== 1) continue;
      to[s] = n;
      if (n !== s) {
        for (const a of columns) a[n] = a[s] ?? 0;
        this.#alive[n] = 1;
        this.#ids[n] = this.#ids[s] ?? '';
        this.#slotOf.set(this.#ids[n] ?? '', n);
        this.#createdAt.move(s, n);
        this.#endsAt.move(s, n);
      }
      n++;
    }
    this.#alive.fill(0, n);
    this.#ids.length = n;
    this.#slotCount = n;
    this.#dead = 0;
    const words = this.#wordText.length;
    const start = new Int32Array(words + 1);
    const laid = this.#start.length - 1;
    for (let w = 0; w < words; w++) {
      let k = 0;
      if (w < laid)
        for (let i = this.#start[w] ?? 0; i < (this.#start[w + 1] ?? 0); i++)
          if ((to[this.#postingSlots[i] ?? 0] ?? -1) !== -1) k++;
      for (const s of this.#late.get(w)?.slots ?? []) if ((to[s] ?? -1) !== -1) k++;
      start[w + 1] = (start[w] ?? 0) + k;
    }
    const slots = new Int32Array(start[words] ?? 0);
    const hits = new Uint32Array(slots.length);
    for (let w = 0; w < words; w++) {
      let at = start[w] ?? 0;
      const put = (s: number, h: number) => {
        const t = to[s] ?? -1;
        if (t === -1) return;
        slots[at] = t;
        hits[at++] = h;
      };
      if (w < laid)
        for (let i = this.#start[w] ?? 0; i < (this.#start[w + 1] ?? 0); i++)
          put(this.#postingSlots[i] ?? 0, this.#postingHits[i] ?? 0);
      const late = this.#late.get(w);
      if (late) late.slots.forEach((s, i) => put(s, late.hits[i] ?? 0));
    }
    this.#start = start;
    this.#postingSlots = slots;
    this.#postingHits = hits;
    this.#late.clear();
    this.#lateCount = 0;
    const map = (s: number) => to[s] ?? 0;
    this.#newest = this.#newest.map(map);
    for (const [strip, list] of this.#strips) this.#strips.set(strip, list.map(map));
    const remote = [...this.#remoteSlots].map(map);
    this.#remoteSlots.clear();
    for (const s of remote) this.#remoteSlots.add(s);
  }

  /** Newest-first order: created_at, then id, descending. */
  #newestOrder(a: number, b: number): number {
    return this.#createdAt.compare(b, a) || compareIds(this.#ids[b] ?? '', this.#ids[a] ?? '');
  }

  /** The first position in the newest order whose listing comes after `slot`'s. */
  #newestPosition(slot: number): number {
    let lo = 0;
    let hi = this.#newest.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#newestOrder(this.#newest[mid] ?? 0, slot) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The first position in the newest order after the cursor (created_at, id). */
  #newestAfter(after: { createdAt: string; id: string }): number {
    const key = timeKey(after.createdAt);
    let lo = 0;
    let hi = this.#newest.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const s = this.#newest[mid] ?? 0;
      const c = this.#createdAt.compareTo(s, key);
      const isAfter = c < 0 || (c === 0 && (this.#ids[s] ?? '') < after.id);
      if (isAfter) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** The first position in a longitude-ordered strip whose listing lies at `lng` or east of it. */
  #firstEastOf(slots: readonly number[], lng: number): number {
    let lo = 0;
    let hi = slots.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.#lng[slots[mid] ?? 0] ?? 0) < lng) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Position of the first word ≥ `prefix` in the sorted words. */
  #firstWordFrom(prefix: string): number {
    let lo = 0;
    let hi = this.#sortedWords.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.#wordText[this.#sortedWords[mid] ?? 0] ?? '') < prefix) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Every filter but words and place, as `repository.ts` writes them in SQL, compiled for one query. */
  #filter(f: CandidateFilter): (slot: number) => boolean {
    const statuses = new Set(f.statuses);
    const openCode = this.#statuses.find('open');
    const wantOpen = statuses.has('open');
    const wantExpired = statuses.has('expired');
    const otherStatus = new Uint8Array(this.#statuses.size);
    for (const s of ['filled', 'closed'] as const) {
      const code = this.#statuses.find(s);
      if (statuses.has(s) && code >= 0) otherStatus[code] = 1;
    }
    const now = timeKey(f.now);
    const codesOf = (codes: Codes, texts: readonly string[] | undefined) => {
      if (!texts?.length) return undefined;
      const wanted = new Uint8Array(codes.size);
      for (const t of texts) {
        const c = codes.find(t);
        if (c >= 0) wanted[c] = 1;
      }
      return wanted;
    };
    const kinds = codesOf(this.#kinds, f.kinds);
    const b2cTypes = this.table === 'offers' ? codesOf(this.#b2cTypes, f.b2cTypes) : undefined;
    const lists: { of: Int32Array; has: (list: number) => boolean }[] = [];
    if (f.domains?.length) lists.push({ of: this.#domains, has: this.#domainLists.matcher(f.domains) });
    if (f.languages?.length) lists.push({ of: this.#languages, has: this.#languageLists.matcher(f.languages) });
    if (f.skills?.length) lists.push({ of: this.#skills, has: this.#skillLists.matcher(f.skills) });
    if (f.compensations?.length)
      lists.push({ of: this.#compensations, has: this.#compensationLists.matcher(f.compensations) });
    const newcomer = f.newcomerFriendly === undefined ? undefined : f.newcomerFriendly ? 1 : 0;
    const asylum =
      this.table === 'needs' && f.openToAsylumSeekers !== undefined ? (f.openToAsylumSeekers ? 1 : 0) : undefined;
    const organizations = f.organizationIds
      ? new Set(f.organizationIds.map((id) => this.#organizations.find(id)).filter((c) => c >= 0))
      : undefined;
    const owner = f.ownerUserId !== undefined && this.table === 'offers' ? this.#owners.find(f.ownerUserId) : undefined;
    const includeHidden = f.includeHidden === true;
    const orgHidden = this.#organizationHidden;

    return (s) => {
      const status = this.#status[s] ?? 0;
      if (status === openCode) {
        const ended = !this.#endsAt.isNull(s) && this.#endsAt.compareTo(s, now) <= 0;
        if (!(ended ? wantExpired : wantOpen)) return false;
      } else if (otherStatus[status] !== 1) return false;
      const org = this.#organization[s] ?? -1;
      if (!includeHidden && (this.#hidden[s] === 1 || (org >= 0 && orgHidden[org] === 1))) return false;
      if (kinds && kinds[this.#kind[s] ?? 0] !== 1) return false;
      for (const l of lists) if (!l.has(l.of[s] ?? 0)) return false;
      if (newcomer !== undefined && this.#newcomerFriendly[s] !== newcomer) return false;
      if (asylum !== undefined && this.#openToAsylumSeekers[s] !== asylum) return false;
      if (b2cTypes) {
        const b = this.#b2cType[s] ?? -1;
        if (b < 0 || b2cTypes[b] !== 1) return false;
      }
      const byOrganization = organizations ? org >= 0 && organizations.has(org) : undefined;
      const byOwner = owner !== undefined ? this.#owner[s] === owner : undefined;
      if (byOrganization === undefined || byOwner === undefined) return byOrganization ?? byOwner ?? true;
      return f.ownerEither ? byOrganization || byOwner : byOrganization && byOwner;
    };
  }

  /**
   * Whether the listing counts for a place search, as the SQL path and `search.ts` decide it
   * together: within the radius (exactly), or remote when remote listings are included. Its
   * distance goes to the scratch (Infinity for none: those sort after every distance).
   */
  #counts(s: number, near: Near): boolean {
    const lat = this.#lat[s] ?? Number.NaN;
    const lng = this.#lng[s] ?? Number.NaN;
    const remote = near.includeRemote && this.#remote[s] === 1;
    if (Number.isNaN(lat)) {
      this.#distance[s] = Number.POSITIVE_INFINITY;
      return remote;
    }
    const b = near.box;
    const inBox = lng >= b.minLng && lng <= b.maxLng && lat >= b.minLat && lat <= b.maxLat;
    if (!inBox && !remote) return false;
    const d = distanceKm(near, { lat, lng });
    this.#distance[s] = d;
    return (inBox && d <= near.radiusKm) || remote;
  }

  /**
   * Listings matching every query word (as a word prefix, in the title or the description), with
   * their relevance in the score scratch: for each word in order, the hits of every indexed word
   * it is a prefix of.
   */
  #textMatches(words: readonly string[]): number[] {
    const matched = this.#matched;
    const score = this.#score;
    const titles = this.#titleScratch;
    const bodies = this.#bodyScratch;
    const alive = this.#alive;
    const first: number[] = [];
    let survivors: number[] = [];
    const laid = this.#start.length - 1;
    for (let w = 0; w < words.length; w++) {
      const prefix = words[w] ?? '';
      const touched: number[] = [];
      const hit = (slot: number, hits: number) => {
        if (matched[slot] !== w || alive[slot] !== 1) return;
        if (titles[slot] === 0 && bodies[slot] === 0) touched.push(slot);
        titles[slot] = (titles[slot] ?? 0) + (hits >>> 16);
        bodies[slot] = (bodies[slot] ?? 0) + (hits & 0xffff);
      };
      for (let i = this.#firstWordFrom(prefix); i < this.#sortedWords.length; i++) {
        const number = this.#sortedWords[i] ?? 0;
        if (!(this.#wordText[number] ?? '').startsWith(prefix)) break;
        if (number < laid) {
          const end = this.#start[number + 1] ?? 0;
          for (let p = this.#start[number] ?? 0; p < end; p++)
            hit(this.#postingSlots[p] ?? 0, this.#postingHits[p] ?? 0);
        }
        const late = this.#late.get(number);
        if (late) for (let p = 0; p < late.slots.length; p++) hit(late.slots[p] ?? 0, late.hits[p] ?? 0);
      }
      survivors = [];
      for (const slot of touched) {
        score[slot] =
          (w === 0 ? 0 : (score[slot] ?? 0)) +
          wordScore(titles[slot] ?? 0, bodies[slot] ?? 0, this.#titleLength[slot] ?? 0, this.#bodyLength[slot] ?? 0);
        matched[slot] = w + 1;
        survivors.push(slot);
        if (w === 0) first.push(slot);
        titles[slot] = 0;
        bodies[slot] = 0;
      }
      if (survivors.length === 0) break;
    }
    const complete = survivors.filter((slot) => matched[slot] === words.length);
    for (const slot of first) matched[slot] = 0;
    return complete;
  }

  /** The slots in a place search's box, and the remote ones when they count. */
  #nearSlots(near: Near, visit: (slot: number) => void): void {
    const { minLng, maxLng } = near.box;
    const [south, north] = [latStrip(near.box.minLat), latStrip(near.box.maxLat)];
    for (const strip of stripsCovering(near.box)) {
      const slots = this.#strips.get(strip) ?? [];
      // Each strip is in longitude order: only the box's longitudes are read.
      for (let i = this.#firstEastOf(slots, minLng); i < slots.length; i++) {
        const slot = slots[i] ?? 0;
        if ((this.#lng[slot] ?? 0) > maxLng) break;
        visit(slot);
      }
    }
    if (!near.includeRemote) return;
    for (const slot of this.#remoteSlots) {
      const lat = this.#lat[slot] ?? Number.NaN;
      const lng = this.#lng[slot] ?? Number.NaN;
      const strip = Number.isNaN(lat) ? Number.NaN : latStrip(lat);
      const read = strip >= south && strip <= north && lng >= minLng && lng <= maxLng;
      if (!read) visit(slot);
    }
  }

  /**
   * One page of a search: the first `limit + 1` listings after the cursor that pass every filter
   * (words, place and the rest), in the page's order — what the SQL path's candidates, cut by
   * `search.ts`, give. The row past the limit tells that there is a next page.
   */
  search(f: CandidateFilter, order: IndexOrder): IndexRow[] {
    const passes = this.#filter(f);
    const near = f.near;
    const words = f.words?.length ? f.words : undefined;
    const ids = this.#ids;
    const k = order.limit + 1;
    const rows = (slots: readonly number[]): IndexRow[] =>
      slots.map((s) => {
        const d = this.#distance[s] ?? Number.POSITIVE_INFINITY;
        return {
          id: ids[s] ?? '',
          createdAt: this.#createdAt.text(s) ?? '',
          distance: near ? (d === Number.POSITIVE_INFINITY ? null : d) : undefined,
          rank: words ? (this.#score[s] ?? 0) : 0,
        };
      });

    if (order.sort === 'newest' && !words && !near) {
      // Walk the order from the cursor and stop once the page (and one more) is full.
      const found: number[] = [];
      for (let i = order.after ? this.#newestAfter(order.after) : 0; i < this.#newest.length && found.length < k; i++) {
        const s = this.#newest[i] ?? 0;
        if (passes(s)) found.push(s);
      }
      return rows(found);
    }

    let before: (a: number, b: number) => number;
    let isAfter: (s: number) => boolean = () => true;
    if (order.sort === 'newest') {
      before = (a, b) => this.#newestOrder(a, b);
      const a = order.after;
      if (a) {
        const key = timeKey(a.createdAt);
        isAfter = (s) => {
          const c = this.#createdAt.compareTo(s, key);
          return c < 0 || (c === 0 && (ids[s] ?? '') < a.id);
        };
      }
    } else if (order.sort === 'distance') {
      const dist = this.#distance;
      before = (a, b) => {
        const x = dist[a] ?? 0;
        const y = dist[b] ?? 0;
        return x === y ? compareIds(ids[a] ?? '', ids[b] ?? '') : x < y ? -1 : 1;
      };
      const a = order.after;
      if (a) {
        const from = a.dist ?? Number.POSITIVE_INFINITY;
        isAfter = (s) => {
          const d = dist[s] ?? 0;
          return d > from || (d === from && (ids[s] ?? '') > a.id);
        };
      }
    } else {
      const score = this.#score;
      before = (a, b) => (score[b] ?? 0) - (score[a] ?? 0) || compareIds(ids[a] ?? '', ids[b] ?? '');
      const a = order.after;
      if (a) {
        isAfter = (s) => {
          const r = score[s] ?? 0;
          return r < a.rank || (r === a.rank && (ids[s] ?? '') > a.id);
        };
      }
    }
    const collect = (place: Near | undefined, top: TopK) => (s: number) => {
      if (place && !this.#counts(s, place)) return;
      if (passes(s) && isAfter(s)) top.add(s);
    };
    if (near && !words && order.sort === 'distance') {
      // Nearest first, looked for in growing circles beyond the cursor: a circle that holds a full
      // page holds the page (every listing outside it is farther), so a dense city does not cost
      // the distance of every listing within a wide radius. Only the full radius adds remote ones.
      const from = order.after ? order.after.dist : 0;
      for (let step = FIRST_CIRCLE_KM; ; step *= 4) {
        const circle: number = from === null ? near.radiusKm : Math.min(near.radiusKm, from + step);
        const place: Near =
          circle >= near.radiusKm
            ? near
            : { ...near, radiusKm: circle, box: boundingBox(near, circle), includeRemote: false };
        const top = new TopK(k, before);
        this.#nearSlots(place, collect(place, top));
        if (place === near || top.full) return rows(top.slots);
      }
    }
    const top = new TopK(k, before);
    const add = collect(near, top);
    if (words) for (const s of this.#textMatches(words)) add(s);
    else if (near) this.#nearSlots(near, add);
    else for (const s of this.#newest) add(s);
    return rows(top.slots);
  }
}
