/**
 * The in-memory search index of one listing table (needs or offers), per server instance: it
 * answers `CandidateFilter` + `SqlPage` with the same candidates as `repository.ts`'s SQL path,
 * without a database round trip. Pure data structure, no I/O: `index-sync.ts` fills it from the
 * database at start and keeps it fresh from the domain events.
 *
 * - Text: a posting list per distinct word (listing slots with the word's hit counts in the title
 *   and in the description) and the words in sorted order, so a query word's prefix is a range of
 *   words. The relevance comes from those counts through `wordScore`, the very function the SQL
 *   path's `relevance` uses, summed in the same order: the same number to the last bit.
 * - Place: the listings per 0.05° latitude strip (`location.ts`), so a circle reads only its strips.
 * - Newest: the slots in (created_at, id) descending order, so a first page stops early.
 * Distances are the exact great-circle distances of `shared/geo.ts` (the SQL path sorts by the
 * database's own, which may differ in the last digit; the answers are re-checked by the same code).
 */
import { distanceKm } from '../../../shared/geo.ts';
import { latStrip, stripsCovering } from './location.ts';
import type { Candidate, CandidateFilter, SqlPage, StatusFilter } from './repository.ts';
import { wordScore } from './search-text.ts';

/** Slack for rounding at the circle's edge, as the SQL path allows; the caller re-checks exactly. */
const RADIUS_SLACK_KM = 1e-6;

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

/** What the index keeps of a listing: its filter values, without the texts (their words are posted). */
interface Entry extends Omit<IndexedListing, 'searchTitle' | 'searchBody'> {
  titleLength: number;
  bodyLength: number;
  /** Where the word numbers this listing is posted under start in the shared word pool, and how many. */
  wordsAt: number;
  wordCount: number;
  /** Its latitude strip, or null when it has no place. */
  strip: number | null;
}

/** A growable list of (slot, title hits, description hits). */
class Posting {
  slots = new Int32Array(4);
  titleHits = new Uint16Array(4);
  bodyHits = new Uint16Array(4);
  length = 0;

  add(slot: number, titleHits: number, bodyHits: number): void {
    if (this.length === this.slots.length) {
      const grow = <T extends Int32Array | Uint16Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.slots = grow(this.slots, (n) => new Int32Array(n));
      this.titleHits = grow(this.titleHits, (n) => new Uint16Array(n));
      this.bodyHits = grow(this.bodyHits, (n) => new Uint16Array(n));
    }
    this.slots[this.length] = slot;
    this.titleHits[this.length] = titleHits;
    this.bodyHits[this.length] = bodyHits;
    this.length++;
  }

  remove(slot: number): void {
    for (let i = 0; i < this.length; i++) {
      if (this.slots[i] !== slot) continue;
      const last = --this.length;
      this.slots[i] = this.slots[last] ?? 0;
      this.titleHits[i] = this.titleHits[last] ?? 0;
      this.bodyHits[i] = this.bodyHits[last] ?? 0;
      return;
    }
  }
}

/** Word → hits in one text (the stored search text: words joined by single spaces). */
function countWords(text: string, into: Map<string, [number, number]>, field: 0 | 1): number {
  if (text === '') return 0;
  let n = 0;
  for (const word of text.split(' ')) {
    n++;
    const hits = into.get(word) ?? [0, 0];
    hits[field]++;
    into.set(word, hits);
  }
  return n;
}

const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * One shared copy of each value and value list: a national index holds 100,000s of listings whose
 * kinds, statuses and filter lists repeat, and every row read from the database brings fresh copies.
 */
class Interner {
  readonly #strings = new Map<string, string>();
  readonly #lists = new Map<string, readonly string[]>();
  string<T extends string | null>(value: T): T {
    if (value === null) return value;
    const known = this.#strings.get(value);
    if (known !== undefined) return known as T;
    this.#strings.set(value, value);
    return value;
  }
  list(values: readonly string[]): readonly string[] {
    const key = values.join('\u0000');
    const known = this.#lists.get(key);
    if (known) return known;
    const list = Object.freeze(values.map((v) => this.string(v)));
    this.#lists.set(key, list);
    return list;
  }
}

export class ListingIndex {
  readonly table: 'needs' | 'offers';
  readonly #entries: (Entry | undefined)[] = [];
  readonly #slotOf = new Map<string, number>();
  readonly #free: number[] = [];
  readonly #wordNumber = new Map<string, number>();
  readonly #wordText: string[] = [];
  readonly #postings: Posting[] = [];
  /** Every word ever indexed, sorted, so a prefix is a range. */
  readonly #sortedWords: string[] = [];
  readonly #strips = new Map<number, number[]>();
  /** Listings without a place. */
  readonly #placeless: number[] = [];
  /** Slots, newest first (created_at, then id, descending). */
  readonly #newest: number[] = [];
  readonly #hiddenOrganizations = new Set<string>();
  readonly #shared = new Interner();
  /**
   * Every listing's word numbers, one after the other in one array (a typed array per listing
   * costs more than its contents). A changed listing's old run stays unused until the next
   * rebuild: changes are few next to the listings.
   */
  #wordPool = new Int32Array(1 << 16);
  #wordPoolLength = 0;
  /** Scratch per slot for text queries: hits summed over a prefix's words, and how many query words matched. */
  #titleScratch = new Uint32Array(0);
  #bodyScratch = new Uint32Array(0);
  #matched = new Uint8Array(0);
  #score = new Float64Array(0);

  constructor(table: 'needs' | 'offers') {
    this.table = table;
  }

  get size(): number {
    return this.#slotOf.size;
  }

  has(id: string): boolean {
    return this.#slotOf.has(id);
  }

  setOrganizationHidden(organizationId: string, hidden: boolean): void {
    if (hidden) this.#hiddenOrganizations.add(organizationId);
    else this.#hiddenOrganizations.delete(organizationId);
  }

  /**
   * While loading (`load` … `loaded`), listings are appended and the newest order and the strips'
   * longitude order are sorted once at the end: inserting each in place would move half of a
   * 100,000-long list per listing.
   */
  #loading = false;

  load(listings: readonly IndexedListing[]): void {
    this.#loading = true;
    try {
      for (const listing of listings) this.upsert(listing);
    } finally {
      this.#loading = false;
    }
  }

  /** Sorts what `load` appended; the index answers in order again. */
  loaded(): void {
    const e = (slot: number) => this.#entries[slot];
    this.#newest.sort((a, b) => {
      const x = e(a);
      const y = e(b);
      if (!x || !y) return 0;
      return x.createdAt < y.createdAt ? 1 : x.createdAt > y.createdAt ? -1 : compareIds(y.id, x.id);
    });
    for (const slots of this.#strips.values()) slots.sort((a, b) => (e(a)?.lng ?? 0) - (e(b)?.lng ?? 0));
  }

  /** Adds the listing, or replaces what the index knew of it. */
  upsert(listing: IndexedListing): void {
    this.remove(listing.id);
    const slot = this.#free.pop() ?? this.#entries.length;
    const counts = new Map<string, [number, number]>();
    const titleLength = countWords(listing.searchTitle, counts, 0);
    const bodyLength = countWords(listing.searchBody, counts, 1);
    const wordsAt = this.#wordPoolLength;
    this.#reservePool(counts.size);
    for (const [word, [titleHits, bodyHits]] of counts) {
      const number = this.#word(word);
      this.#postings[number]?.add(slot, titleHits, bodyHits);
      this.#wordPool[this.#wordPoolLength++] = number;
    }
    const strip = listing.lat !== null && listing.lng !== null ? latStrip(listing.lat) : null;
    const shared = this.#shared;
    const entry: Entry = {
      id: listing.id, kind: shared.string(listing.kind), status: shared.string(listing.status), endsAt: listing.endsAt, hidden: listing.hidden,
      organizationId: shared.string(listing.organizationId), ownerUserId: listing.ownerUserId, b2cType: shared.string(listing.b2cType),
      newcomerFriendly: listing.newcomerFriendly, openToAsylumSeekers: listing.openToAsylumSeekers,
      domains: shared.list(listing.domains), languages: shared.list(listing.languages), skills: shared.list(listing.skills), compensations: shared.list(listing.compensations),
      lat: listing.lat, lng: listing.lng, remote: listing.remote, createdAt: listing.createdAt, titleLength, bodyLength, wordsAt, wordCount: counts.size, strip,
    };
    this.#entries[slot] = entry;
    this.#slotOf.set(listing.id, slot);
    if (strip === null) this.#placeless.push(slot);
    else {
      const list = this.#strips.get(strip) ?? [];
      if (this.#loading) list.push(slot);
      else list.splice(this.#firstEastOf(list, listing.lng ?? 0), 0, slot);
      this.#strips.set(strip, list);
    }
    if (this.#loading) this.#newest.push(slot);
    else this.#newest.splice(this.#newestPosition(entry), 0, slot);
    if (slot >= this.#matched.length) this.#growScratch(slot + 1);
  }

  remove(id: string): void {
    const slot = this.#slotOf.get(id);
    if (slot === undefined) return;
    const entry = this.#entries[slot];
    if (!entry) return;
    for (let i = entry.wordsAt; i < entry.wordsAt + entry.wordCount; i++) this.#postings[this.#wordPool[i] ?? -1]?.remove(slot);
    const list = entry.strip === null ? this.#placeless : this.#strips.get(entry.strip);
    if (list) {
      // A strip is in longitude order: look from the first listing at this longitude.
      const from = entry.lng === null ? 0 : this.#firstEastOf(list, entry.lng);
      const at = list[from] === slot ? from : list.indexOf(slot);
      if (at !== -1) list.splice(at, 1);
    }
    // Its own place in the order is where a listing like it would go.
    const position = this.#newestPosition(entry);
    this.#newest.splice(this.#newest[position] === slot ? position : this.#newest.indexOf(slot), 1);
    this.#entries[slot] = undefined;
    this.#slotOf.delete(id);
    this.#free.push(slot);
  }

  /** The first position whose listing comes after `entry` in newest-first order. */
  #newestPosition(entry: Entry): number {
    let lo = 0;
    let hi = this.#newest.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const other = this.#entries[this.#newest[mid] ?? 0];
      const before = other !== undefined && (other.createdAt > entry.createdAt || (other.createdAt === entry.createdAt && other.id > entry.id));
      if (before) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #word(word: string): number {
    let number = this.#wordNumber.get(word);
    if (number === undefined) {
      number = this.#wordText.length;
      this.#wordNumber.set(word, number);
      this.#wordText.push(word);
      this.#postings.push(new Posting());
      this.#sortedWords.splice(this.#firstWordFrom(word), 0, word);
    }
    return number;
  }

  /** The first position in a longitude-ordered strip whose listing lies at `lng` or east of it. */
  #firstEastOf(slots: readonly number[], lng: number): number {
    let lo = 0;
    let hi = slots.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.#entries[slots[mid] ?? 0]?.lng ?? 0) < lng) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #reservePool(count: number): void {
    if (this.#wordPoolLength + count <= this.#wordPool.length) return;
    const grown = new Int32Array(Math.max(this.#wordPool.length * 2, this.#wordPoolLength + count));
    grown.set(this.#wordPool.subarray(0, this.#wordPoolLength));
    this.#wordPool = grown;
  }

  /** Position of the first word ≥ `prefix` in the sorted words. */
  #firstWordFrom(prefix: string): number {
    let lo = 0;
    let hi = this.#sortedWords.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.#sortedWords[mid] ?? '') < prefix) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #growScratch(atLeast: number): void {
    const size = Math.max(atLeast, this.#matched.length * 2, 1024);
    this.#titleScratch = new Uint32Array(size);
    this.#bodyScratch = new Uint32Array(size);
    this.#matched = new Uint8Array(size);
    this.#score = new Float64Array(size);
  }

  /** Every filter but words and place, as `repository.ts` writes them in SQL. */
  #passes(e: Entry, f: CandidateFilter, statuses: ReadonlySet<StatusFilter>): boolean {
    const open = e.status === 'open';
    const statusOk =
      (statuses.has('open') && open && (e.endsAt === null || e.endsAt > f.now)) ||
      (statuses.has('expired') && open && e.endsAt !== null && e.endsAt <= f.now) ||
      (statuses.has('filled') && e.status === 'filled') ||
      (statuses.has('closed') && e.status === 'closed');
    if (!statusOk) return false;
    if (!f.includeHidden && (e.hidden || (e.organizationId !== null && this.#hiddenOrganizations.has(e.organizationId)))) return false;
    if (f.kinds?.length && !f.kinds.includes(e.kind)) return false;
    if (f.domains?.length && !e.domains.some((v) => f.domains?.includes(v))) return false;
    if (f.languages?.length && !e.languages.some((v) => f.languages?.includes(v))) return false;
    if (f.skills?.length && !e.skills.some((v) => f.skills?.includes(v))) return false;
    if (f.compensations?.length && !e.compensations.some((v) => f.compensations?.includes(v))) return false;
    if (f.newcomerFriendly !== undefined && e.newcomerFriendly !== (f.newcomerFriendly ? 1 : 0)) return false;
    if (this.table === 'needs' && f.openToAsylumSeekers !== undefined && e.openToAsylumSeekers !== (f.openToAsylumSeekers ? 1 : 0)) return false;
    if (this.table === 'offers' && f.b2cTypes?.length && (e.b2cType === null || !f.b2cTypes.includes(e.b2cType))) return false;
    const byOrganization = f.organizationIds ? e.organizationId !== null && f.organizationIds.includes(e.organizationId) : undefined;
    const byOwner = f.ownerUserId !== undefined && this.table === 'offers' ? e.ownerUserId === f.ownerUserId : undefined;
    if (byOrganization === undefined || byOwner === undefined) return byOrganization ?? byOwner ?? true;
    return f.ownerEither ? byOrganization || byOwner : byOrganization && byOwner;
  }

  /** With a place filter: the exact distance when the listing counts, `undefined` when it does not. */
  #placeOf(e: Entry, f: CandidateFilter): number | null | undefined {
    const near = f.near;
    if (!near) return undefined;
    const b = near.box;
    const inBox = e.lat !== null && e.lng !== null && e.lng >= b.minLng && e.lng <= b.maxLng && e.lat >= b.minLat && e.lat <= b.maxLat;
    const remote = near.includeRemote && e.remote === 1;
    if (!inBox && !remote) return undefined;
    const dist = e.lat !== null && e.lng !== null ? distanceKm(near, { lat: e.lat, lng: e.lng }) : null;
    if (dist !== null && dist <= near.radiusKm + RADIUS_SLACK_KM) return dist;
    return remote ? dist : undefined;
  }

  /** The slots a place filter can reach: the box's strips, and the placeless ones when remote listings count. */
  *#slotsNear(f: CandidateFilter): Iterable<number> {
    const near = f.near;
    if (!near) return;
    const { minLng, maxLng } = near.box;
    const [south, north] = [latStrip(near.box.minLat), latStrip(near.box.maxLat)];
    // Each strip's listings are in longitude order: only the box's longitudes are read.
    for (const strip of stripsCovering(near.box)) {
      const slots = this.#strips.get(strip) ?? [];
      for (let i = this.#firstEastOf(slots, minLng); i < slots.length; i++) {
        const slot = slots[i] ?? 0;
        if ((this.#entries[slot]?.lng ?? Infinity) > maxLng) break;
        yield slot;
      }
    }
    if (near.includeRemote) {
      // Remote listings count wherever they are: the placeless ones and those outside what was read above.
      yield* this.#placeless;
      for (const [strip, slots] of this.#strips) {
        const read = strip >= south && strip <= north;
        for (const slot of slots) {
          const e = this.#entries[slot];
          if (e?.remote === 1 && !(read && e.lng !== null && e.lng >= minLng && e.lng <= maxLng)) yield slot;
        }
      }
    }
  }

  /**
   * Listings matching every query word (as a word prefix, in the title or the description), with
   * their relevance: for each word in order, the hits of every indexed word it is a prefix of.
   */
  #textMatches(words: readonly string[]): { slots: number[]; score: Float64Array } {
    const touchedAll: number[] = [];
    const matched = this.#matched;
    const score = this.#score;
    let survivors: number[] = [];
    for (let w = 0; w < words.length; w++) {
      const prefix = words[w] ?? '';
      const touched: number[] = [];
      for (let i = this.#firstWordFrom(prefix); i < this.#sortedWords.length; i++) {
        const word = this.#sortedWords[i] ?? '';
        if (!word.startsWith(prefix)) break;
        const posting = this.#postings[this.#wordNumber.get(word) ?? -1];
        if (!posting) continue;
        for (let p = 0; p < posting.length; p++) {
          const slot = posting.slots[p] ?? 0;
          if (matched[slot] !== w) continue;
          if (this.#titleScratch[slot] === 0 && this.#bodyScratch[slot] === 0) touched.push(slot);
          this.#titleScratch[slot] = (this.#titleScratch[slot] ?? 0) + (posting.titleHits[p] ?? 0);
          this.#bodyScratch[slot] = (this.#bodyScratch[slot] ?? 0) + (posting.bodyHits[p] ?? 0);
        }
      }
      survivors = [];
      for (const slot of touched) {
        const e = this.#entries[slot];
        if (e) {
          score[slot] = (w === 0 ? 0 : (score[slot] ?? 0)) + wordScore(this.#titleScratch[slot] ?? 0, this.#bodyScratch[slot] ?? 0, e.titleLength, e.bodyLength);
          matched[slot] = w + 1;
          survivors.push(slot);
          if (w === 0) touchedAll.push(slot);
        }
        this.#titleScratch[slot] = 0;
        this.#bodyScratch[slot] = 0;
      }
      if (survivors.length === 0) break;
    }
    const complete = survivors.filter((slot) => matched[slot] === words.length);
    for (const slot of touchedAll) matched[slot] = 0;
    return { slots: complete, score };
  }

  /** The same candidates as `repository.ts`'s SQL path, with `rank` instead of the search text. */
  candidates(f: CandidateFilter, page?: SqlPage): Candidate[] {
    const statuses = new Set(f.statuses);
    const words = f.words?.length ? f.words : undefined;
    const out: Candidate[] = [];
    const take = (slot: number, rank: number | undefined): boolean => {
      const e = this.#entries[slot];
      if (!e) return false;
      // The place first: a strip spans the whole country's width, so most of its listings lie outside the box.
      const dist = this.#placeOf(e, f);
      if (f.near && dist === undefined) return false;
      if (!this.#passes(e, f, statuses)) return false;
      const c: Candidate = { id: e.id, lat: e.lat, lng: e.lng, remote: e.remote, created_at: e.createdAt };
      if (f.near) c.dist = dist;
      if (rank !== undefined) c.rank = rank;
      out.push(c);
      return true;
    };

    if (words) {
      const { slots, score } = this.#textMatches(words);
      for (const slot of slots) take(slot, page ? undefined : score[slot]);
    } else if (page?.sort === 'newest' && !f.near) {
      // Newest first without a place: walk the order and stop once the page (and one more) is full.
      const a = page.after;
      for (const slot of this.#newest) {
        const e = this.#entries[slot];
        if (!e) continue;
        if (a && !(e.createdAt < a.createdAt || (e.createdAt === a.createdAt && e.id < a.id))) continue;
        if (take(slot, undefined) && out.length > page.limit) break;
      }
      return out;
    } else if (f.near) {
      for (const slot of this.#slotsNear(f)) take(slot, undefined);
    } else {
      for (const slot of this.#newest) take(slot, undefined);
    }
    return page ? this.#page(out, page) : out;
  }

  /** The keyset page the SQL path's ORDER BY … LIMIT would give. */
  #page(rows: Candidate[], page: SqlPage): Candidate[] {
    if (page.sort === 'newest') {
      const a = page.after;
      const kept = a ? rows.filter((c) => c.created_at < a.createdAt || (c.created_at === a.createdAt && c.id < a.id)) : rows;
      return smallest(kept, page.limit + 1, (x, y) => (x.created_at < y.created_at ? 1 : x.created_at > y.created_at ? -1 : compareIds(y.id, x.id)));
    }
    const a = page.after;
    const kept = a
      ? rows.filter((c) => {
          const d = c.dist ?? null;
          if (a.dist === null) return d === null && c.id > a.id;
          return d === null || d > a.dist || (d === a.dist && c.id > a.id);
        })
      : rows;
    return smallest(kept, page.limit + 1, (x, y) => {
      const dx = x.dist ?? null;
      const dy = y.dist ?? null;
      if (dx === null || dy === null) return dx === dy ? compareIds(x.id, y.id) : dx === null ? 1 : -1;
      return dx - dy || compareIds(x.id, y.id);
    });
  }
}

/** The first `k` rows in `compare` order, without sorting them all (a page of a few thousand matches). */
function smallest<T>(rows: readonly T[], k: number, compare: (a: T, b: T) => number): T[] {
  const best: T[] = [];
  for (const row of rows) {
    const worst = best[best.length - 1];
    if (best.length === k && worst !== undefined && compare(row, worst) >= 0) continue;
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(best[mid] as T, row) <= 0) lo = mid + 1;
      else hi = mid;
    }
    best.splice(lo, 0, row);
    if (best.length > k) best.pop();
  }
  return best;
}
