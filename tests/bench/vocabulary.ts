/**
 * The words of the benchmark's listings and queries: Dutch compounds as people write them in
 * listings (stem + head: "buurtmoestuin", "fietswerkplaats", "taalmaatje") and the place names of
 * the PC4 directory, in one seeded order with a Zipf-like frequency (Zipf–Mandelbrot: the word of
 * rank r is drawn with probability ∝ 1/(r + 10)), so a few words are common and most are rare — as
 * in real text, and unlike a short list of words that each hit a large share of all listings.
 */
import { rng } from './seeded-random.ts';

const stems = [
  'buurt',
  'tuin',
  'huis',
  'fiets',
  'taal',
  'school',
  'kinder',
  'ouderen',
  'voedsel',
  'energie',
  'zonne',
  'water',
  'boom',
  'park',
  'straat',
  'wijk',
  'stad',
  'dorp',
  'kerk',
  'sport',
  'muziek',
  'koor',
  'theater',
  'kunst',
  'boek',
  'computer',
  'web',
  'foto',
  'film',
  'kleding',
  'naai',
  'brood',
  'koffie',
  'thee',
  'maaltijd',
  'kook',
  'bak',
  'hout',
  'metaal',
  'verf',
  'klus',
  'dak',
  'muur',
  'vloer',
  'raam',
  'deur',
  'licht',
  'warmte',
  'isolatie',
  'afval',
  'plastic',
  'papier',
  'glas',
  'auto',
  'bus',
  'trein',
  'zorg',
  'mantel',
  'welzijn',
  'gezondheid',
  'beweeg',
  'wandel',
  'zwem',
  'dans',
  'yoga',
  'schaak',
  'spel',
  'speel',
  'leer',
  'huiswerk',
  'reken',
  'lees',
  'schrijf',
  'tolk',
  'vertaal',
  'recht',
  'geld',
  'schuld',
  'belasting',
  'formulier',
  'administratie',
  'budget',
  'markt',
  'winkel',
  'kring',
  'repair',
  'kringloop',
  'dieren',
  'honden',
  'katten',
  'paarden',
  'boerderij',
  'groente',
  'fruit',
  'bloem',
  'bijen',
  'vogel',
  'natuur',
  'bos',
  'duin',
  'strand',
  'polder',
  'dijk',
  'sloot',
  'moes',
  'gevel',
  'daken',
  'jongeren',
  'meiden',
  'jongens',
  'senioren',
  'vrouwen',
  'mannen',
  'gezins',
  'vluchtelingen',
  'nieuwkomers',
  'statushouders',
  'buren',
  'vrijwilligers',
  'studenten',
  'peuter',
] as const;
const heads = [
  'hulp',
  'werk',
  'les',
  'club',
  'groep',
  'dag',
  'avond',
  'middag',
  'ochtend',
  'project',
  'plan',
  'team',
  'coach',
  'maatje',
  'bank',
  'cafe',
  'tuin',
  'huis',
  'winkel',
  'markt',
  'feest',
  'festival',
  'training',
  'cursus',
  'atelier',
  'werkplaats',
  'hoek',
  'punt',
  'vereniging',
  'stichting',
  'collectief',
  'netwerk',
  'dienst',
  'ploeg',
  'kar',
  'tas',
  'pakket',
  'kast',
  'schuur',
  'kamer',
  'zaal',
  'veld',
  'baan',
  'spreekuur',
  'ontbijt',
  'lunch',
  'diner',
  'wandeling',
] as const;

/** Stem + head compounds, ~5,900 distinct words (a compound made twice counts once). */
export function compoundWords(): string[] {
  const words = new Set<string>();
  for (const s of stems) for (const h of heads) if (s !== h) words.add(`${s}${h}`);
  return [...words];
}

/** Place names as one search word each ("Den Haag" → "den haag" is two words: the first counts). */
export function placeWords(places: readonly string[]): string[] {
  const words = new Set<string>();
  for (const p of places) {
    const word = p
      .toLowerCase()
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .split(/[^\p{L}\p{N}]+/u)
      .find((w) => w.length >= 3);
    if (word) words.add(word);
  }
  return [...words];
}

export interface Vocabulary {
  words: readonly string[];
  /** A word drawn with Zipf-like frequency (rank r ∝ 1/(r + 10)). */
  draw(): string;
}

/** Flattens the head of the distribution: the commonest word is in ~1.5 % of draws, not ~10 %. */
const MANDELBROT_OFFSET = 10;

/** The words in a seeded order (rank), drawn by inverting the cumulative weights with a binary search. */
export function zipfVocabulary(words: readonly string[], seed: number): Vocabulary {
  const random = rng(seed);
  const shuffled = [...words];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j] as string, shuffled[i] as string];
  }
  const cumulative = new Float64Array(shuffled.length);
  let sum = 0;
  for (let r = 0; r < shuffled.length; r++) cumulative[r] = sum += 1 / (r + 1 + MANDELBROT_OFFSET);
  const draw = () => {
    const x = random() * sum;
    let lo = 0;
    let hi = shuffled.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) < x) lo = mid + 1;
      else hi = mid;
    }
    return shuffled[lo] as string;
  };
  return { words: shuffled, draw };
}
