import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundingBox, distanceKm } from '../../shared/geo.ts';
import { latStrip, STRIP_DEGREES, stripsCovering } from '../../server/modules/listings/location.ts';
import {
  ftsMatch,
  queryWords,
  relevance,
  searchText,
  searchWords,
  tsQuery,
} from '../../server/modules/listings/search-text.ts';

describe('search text', () => {
  it('lowercases, strips diacritics and splits on anything but letters and digits', () => {
    expect(searchWords('Café-bezoek, 2× per week!')).toEqual(['cafe', 'bezoek', '2', 'per', 'week']);
    expect(searchWords('Naïeve Zoë <script>alert(1)</script>')).toEqual([
      'naieve',
      'zoe',
      'script',
      'alert',
      '1',
      'script',
    ]);
    expect(searchWords('مَرْحَبًا Привіт İstanbul')).toEqual(['مرحبا', 'привіт', 'istanbul']);
    expect(searchText('  Koken   voor de BUURT ')).toBe('koken voor de buurt');
    expect(searchWords('!!! ...')).toEqual([]);
  });

  it('builds the same AND-of-prefixes query for both databases', () => {
    const words = queryWords('Tuin tuin Rotterdam');
    expect(words).toEqual(['tuin', 'rotterdam']);
    expect(ftsMatch(words)).toBe('"tuin"* "rotterdam"*');
    expect(tsQuery(words)).toBe('tuin:* & rotterdam:*');
    expect(queryWords('a b c d e f g h i j')).toHaveLength(8);
  });

  it('scores title words above description words, more hits above fewer, prefixes counted', () => {
    const title = relevance(['moestuin'], 'moestuin aanleggen', 'samen graven');
    const body = relevance(['moestuin'], 'klus op het plein', 'ook een moestuin in de bakken');
    expect(title).toBeGreaterThan(body);
    expect(body).toBeGreaterThan(0);
    expect(relevance(['moes'], 'moestuin aanleggen', '')).toBe(relevance(['moestuin'], 'moestuin aanleggen', ''));
    expect(relevance(['paginatest'], 'paginatest 1 paginatest', '')).toBeGreaterThan(
      relevance(['paginatest'], 'paginatest 2', ''),
    );
    expect(relevance(['x'], 'moestuin', 'graven')).toBe(0);
  });

  it('scores exactly as BM25 over the split words (the scan counts word starts only, repeats included)', () => {
    // The definition, written the plain way: split the stored text, count words with the prefix.
    const saturated = (hits: number, length: number, typical: number) =>
      hits === 0 ? 0 : (hits * 2.2) / (hits + 1.2 * (0.25 + (0.75 * length) / typical));
    const reference = (words: readonly string[], title: string, body: string) => {
      const t = title === '' ? [] : title.split(' ');
      const b = body === '' ? [] : body.split(' ');
      let score = 0;
      for (const w of words)
        score +=
          10 * saturated(t.filter((x) => x.startsWith(w)).length, t.length, 6) +
          saturated(b.filter((x) => x.startsWith(w)).length, b.length, 30);
      return score;
    };
    // A small alphabet, so prefixes, repeats and matches inside words ("ntuin" for "tuin") are common.
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 't', 'u', 'i', 'n', 'é'), minLength: 1, maxLength: 6 });
    const text = fc.array(word, { maxLength: 40 }).map((ws) => searchText(ws.join(' ')));
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 8 }), text, text, (q, title, body) => {
        const words = queryWords(q.join(' '));
        expect(relevance(words, title, body)).toBe(reference(words, title, body));
      }),
      { numRuns: 2000 },
    );
    expect(relevance(['tuin'], 'moestuin tuinman tuin', 'tuintuin ntuin')).toBe(
      reference(['tuin'], 'moestuin tuinman tuin', 'tuintuin ntuin'),
    );
  });
});

describe('location strips', () => {
  it('cover every latitude of a box, so no listing in the box is missed', () => {
    expect(latStrip(52.37)).toBe(1047);
    for (const [lat, radius] of [
      [52.37, 5],
      [50.85, 25],
      [53.2, 0.1],
      [51.9999, 2],
    ] as const) {
      const box = boundingBox({ lat, lng: 5 }, radius);
      const strips = stripsCovering(box);
      expect(strips[0]).toBe(latStrip(box.minLat));
      expect(strips.at(-1)).toBe(latStrip(box.maxLat));
      for (let y = box.minLat; y <= box.maxLat; y += STRIP_DEGREES / 7) expect(strips).toContain(latStrip(y));
      // A point exactly on the radius, due north, lies in the box and in a covered strip.
      const north = { lat: lat + (radius / 6371.0088) * (180 / Math.PI), lng: 5 };
      expect(distanceKm({ lat, lng: 5 }, north)).toBeCloseTo(radius, 6);
      expect(strips).toContain(latStrip(north.lat));
    }
  });
});
