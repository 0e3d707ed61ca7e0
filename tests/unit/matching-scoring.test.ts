import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localeCodes } from '../../shared/locales.ts';
import { buildCatalogues, placeholders } from '../../web/src/lib/i18n/catalogue.ts';
import { exclusionRules } from '../../server/modules/matching/core/hard-rules.ts';
import { score, scoreValue, weights } from '../../server/modules/matching/core/scoring.ts';
import {
  canonicalSkill,
  normalizeSkill,
  relatedSkills,
  synonymGroups,
} from '../../server/modules/matching/core/skills-related.ts';
import {
  weeklySlots,
  type Factor,
  type MatchCandidate,
  type MatchNeed,
} from '../../server/modules/matching/core/types.ts';
import { DAY, NOW, makeCandidate, makeNeed, pairArb, places } from '../helpers/matching.ts';

function scored(need: MatchNeed, candidate: MatchCandidate) {
  const result = score(need, candidate, NOW);
  if (!result) throw new Error('pair unexpectedly excluded');
  return result;
}

function factor(need: MatchNeed, candidate: MatchCandidate, name: Factor) {
  const reason = scored(need, candidate).reasons.find((r) => r.factor === name);
  if (!reason) throw new Error(`no ${name} reason`);
  return reason;
}

describe('weights', () => {
  it('sum to 1, so a perfect fit scores exactly 1', () => {
    expect(Object.values(weights).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(scored(makeNeed(), makeCandidate()).score).toBe(1);
  });
});

describe('skills', () => {
  it('scores the same skill 1', () => {
    expect(factor(makeNeed({ skills: ['koken'] }), makeCandidate({ skills: ['koken'] }), 'skills')).toEqual({
      factor: 'skills',
      score: 1,
      textKey: 'skills.all',
      params: { skills: 'koken' },
    });
  });

  it('treats Dutch and English names, case and accents as the same skill', () => {
    expect(factor(makeNeed({ skills: ['gardening'] }), makeCandidate({ skills: ['Tuinieren'] }), 'skills').score).toBe(
      1,
    );
    expect(
      factor(makeNeed({ skills: ['coördinatie'] }), makeCandidate({ skills: ['coordination'] }), 'skills').score,
    ).toBe(1);
    expect(normalizeSkill('  Coördinatie   Team ')).toBe('coordinatie team');
    expect(canonicalSkill('Bike Repair')).toBe('fietsen repareren');
    expect(canonicalSkill('breien')).toBe('breien');
  });

  it('gives half for a related skill', () => {
    expect(factor(makeNeed({ skills: ['tolken'] }), makeCandidate({ skills: ['translation'] }), 'skills')).toEqual({
      factor: 'skills',
      score: 0.5,
      textKey: 'skills.related',
      params: { skills: 'tolken' },
    });
    expect(relatedSkills('vertalen')?.has('tolken')).toBe(true);
  });

  it('scores the share of asked skills that match', () => {
    expect(factor(makeNeed({ skills: ['koken', 'tolken'] }), makeCandidate({ skills: ['cooking'] }), 'skills')).toEqual(
      {
        factor: 'skills',
        score: 0.5,
        textKey: 'skills.some',
        params: { skills: 'koken', matched: 1, total: 2 },
      },
    );
  });

  it('scores 0 without any matching skill, and ranks the skilled first', () => {
    const need = makeNeed({ skills: ['elektra'] });
    expect(factor(need, makeCandidate({ skills: ['koken'] }), 'skills')).toMatchObject({
      score: 0,
      textKey: 'skills.none',
    });
    expect(scored(need, makeCandidate({ skills: ['electrician'] })).score).toBeGreaterThan(
      scored(need, makeCandidate({ skills: ['koken'] })).score,
    );
  });

  it('is neutral when the need asks no skills', () => {
    expect(factor(makeNeed({ skills: [] }), makeCandidate({ skills: [] }), 'skills')).toMatchObject({
      score: 0.5,
      textKey: 'skills.not_required',
    });
  });

  it('keeps every synonym in exactly one group', () => {
    const names = synonymGroups.flat().map(normalizeSkill);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('distance', () => {
  it('is 1 in the same postcode area', () => {
    expect(factor(makeNeed(), makeCandidate(), 'distance')).toEqual({
      factor: 'distance',
      score: 1,
      textKey: 'distance.within',
      params: { km: 0 },
    });
  });

  it('decays linearly to 0.2 at the edge of the radius', () => {
    // 1012 → 1091 Amsterdam is 2.32 km; with a 10 km radius: 1 − 0.8 × 0.232.
    const near = factor(makeNeed(), makeCandidate({ location: places.amsterdam1091, radiusKm: 10 }), 'distance');
    expect(near.score).toBeCloseTo(1 - 0.8 * 0.23241, 4);
    expect(near.params).toEqual({ km: 2.3 });
    const edge = factor(
      makeNeed({ location: places.amsterdam1012 }),
      makeCandidate({ location: places.utrecht3511, radiusKm: 35.04 }),
      'distance',
    );
    expect(edge.score).toBeCloseTo(0.2, 3);
    expect(scored(makeNeed(), makeCandidate({ location: places.amsterdam1091 })).score).toBeLessThan(
      scored(makeNeed(), makeCandidate()).score,
    );
  });

  it('scores remote work on its own terms when both sides work remotely', () => {
    const need = makeNeed({ remote: true });
    expect(factor(need, makeCandidate({ remote: true, location: places.groningen9711 }), 'distance')).toEqual({
      factor: 'distance',
      score: 0.8,
      textKey: 'distance.remote',
      params: {},
    });
    expect(factor(makeNeed({ remote: true, location: null }), makeCandidate({ remote: true }), 'distance').score).toBe(
      0.8,
    );
    // Nearby and remote: the better of the two.
    expect(factor(need, makeCandidate({ remote: true }), 'distance')).toMatchObject({
      score: 1,
      textKey: 'distance.within',
    });
  });
});

describe('availability', () => {
  const need = makeNeed({ weeklySlots: weeklySlots(['mon_morning', 'sat_afternoon']) });

  it('scores the share of the need’s day parts the candidate is free', () => {
    expect(
      factor(
        need,
        makeCandidate({ weeklySlots: weeklySlots(['mon_morning', 'sat_afternoon', 'sun_evening']) }),
        'availability',
      ),
    ).toMatchObject({ score: 1, textKey: 'availability.all' });
    expect(
      factor(need, makeCandidate({ weeklySlots: weeklySlots(['mon_morning', 'tue_evening']) }), 'availability'),
    ).toEqual({
      factor: 'availability',
      score: 0.5,
      textKey: 'availability.some',
      params: { shared: 1, total: 2 },
    });
    expect(factor(need, makeCandidate({ weeklySlots: weeklySlots(['tue_evening']) }), 'availability')).toMatchObject({
      score: 0,
      textKey: 'availability.none',
    });
  });

  it('is 1 for a flexible need and 0.5 when the candidate did not say', () => {
    expect(
      factor(makeNeed(), makeCandidate({ weeklySlots: weeklySlots(['tue_evening']) }), 'availability'),
    ).toMatchObject({ score: 1, textKey: 'availability.flexible' });
    expect(factor(need, makeCandidate({ weeklySlots: null }), 'availability')).toMatchObject({
      score: 0.5,
      textKey: 'availability.unknown',
    });
  });

  it('is 0 when the date ranges do not meet', () => {
    const dated = makeNeed({ startsAtMs: NOW + 10 * DAY, endsAtMs: NOW + 12 * DAY });
    expect(factor(dated, makeCandidate({ availableFromMs: NOW + 20 * DAY }), 'availability')).toMatchObject({
      score: 0,
      textKey: 'availability.dates_disjoint',
    });
    expect(factor(dated, makeCandidate({ availableUntilMs: NOW + 5 * DAY }), 'availability')).toMatchObject({
      score: 0,
      textKey: 'availability.dates_disjoint',
    });
    expect(
      factor(
        dated,
        makeCandidate({ availableFromMs: NOW + 11 * DAY, availableUntilMs: NOW + 30 * DAY }),
        'availability',
      ).score,
    ).toBe(1);
  });

  it('rejects unknown slot names', () => {
    expect(() => weeklySlots(['mon_noon' as 'mon_morning'])).toThrow(RangeError);
    expect(weeklySlots(['mon_morning', 'sun_evening'])).toBe(1 | (1 << 20));
  });
});

describe('language', () => {
  it('is 1 with a language in common and 0 without', () => {
    expect(
      factor(makeNeed({ languages: ['nl', 'ar'] }), makeCandidate({ languages: ['ar', 'ti'] }), 'language'),
    ).toEqual({
      factor: 'language',
      score: 1,
      textKey: 'language.shared',
      params: { languages: 'ar' },
    });
    expect(factor(makeNeed({ languages: ['nl'] }), makeCandidate({ languages: ['ti'] }), 'language')).toEqual({
      factor: 'language',
      score: 0,
      textKey: 'language.none',
      params: { languages: 'nl' },
    });
  });

  it('accepts any language for a newcomer-friendly need', () => {
    expect(
      factor(makeNeed({ languages: ['nl'], newcomerFriendly: true }), makeCandidate({ languages: ['ti'] }), 'language'),
    ).toMatchObject({ score: 1, textKey: 'language.newcomer_friendly' });
  });

  it('is 1 when the need asks none and 0.5 when the candidate did not say', () => {
    expect(factor(makeNeed({ languages: [] }), makeCandidate({ languages: ['ti'] }), 'language')).toMatchObject({
      score: 1,
      textKey: 'language.not_required',
    });
    expect(factor(makeNeed(), makeCandidate({ languages: [] }), 'language')).toMatchObject({
      score: 0.5,
      textKey: 'language.unknown',
    });
  });
});

describe('compensation', () => {
  it('fits a time-credit need for people who accept credits or work unpaid', () => {
    const need = makeNeed({ compensation: 'time_credits' });
    expect(factor(need, makeCandidate({ compensationAccepted: ['unpaid'] }), 'compensation')).toMatchObject({
      score: 1,
      textKey: 'compensation.fits_time_credits',
    });
    expect(factor(need, makeCandidate({ compensationAccepted: ['time_credits'] }), 'compensation').score).toBe(1);
    expect(factor(need, makeCandidate({ compensationAccepted: ['allowance'] }), 'compensation')).toMatchObject({
      score: 0.6,
      textKey: 'compensation.acceptable',
    });
  });

  it('ranks near-fits below exact fits', () => {
    expect(
      factor(
        makeNeed({ compensation: 'unpaid' }),
        makeCandidate({ compensationAccepted: ['time_credits'] }),
        'compensation',
      ),
    ).toMatchObject({ score: 0.3, textKey: 'compensation.poor' });
    expect(
      factor(makeNeed({ compensation: 'paid' }), makeCandidate({ compensationAccepted: ['unpaid'] }), 'compensation'),
    ).toMatchObject({ score: 0.6, textKey: 'compensation.acceptable' });
    expect(
      factor(
        makeNeed({ compensation: 'paid' }),
        makeCandidate({ compensationAccepted: ['unpaid', 'paid'] }),
        'compensation',
      ),
    ).toMatchObject({ score: 1, textKey: 'compensation.fits_paid' });
  });

  it('is neutral when the candidate did not say', () => {
    expect(factor(makeNeed(), makeCandidate({ compensationAccepted: [] }), 'compensation')).toMatchObject({
      score: 0.5,
      textKey: 'compensation.unknown',
    });
  });
});

describe('kind', () => {
  it('is 1 for the same kind and 0.3 between hands and knowledge', () => {
    expect(factor(makeNeed({ kind: 'knowledge' }), makeCandidate({ kinds: ['knowledge'] }), 'kind')).toMatchObject({
      score: 1,
      textKey: 'kind.same',
    });
    expect(factor(makeNeed({ kind: 'hands' }), makeCandidate({ kinds: ['knowledge'] }), 'kind')).toMatchObject({
      score: 0.3,
      textKey: 'kind.related',
    });
    expect(factor(makeNeed({ kind: 'hands' }), makeCandidate({ kinds: ['knowledge', 'hands'] }), 'kind').score).toBe(1);
  });
});

describe('freshness', () => {
  it('halves every 30 days per side, never below 0.1', () => {
    expect(factor(makeNeed(), makeCandidate(), 'freshness')).toMatchObject({ score: 1, textKey: 'freshness.recent' });
    expect(factor(makeNeed(), makeCandidate({ listedAtMs: NOW - 30 * DAY }), 'freshness').score).toBeCloseTo(0.75, 6);
    expect(
      factor(makeNeed({ listedAtMs: NOW - 400 * DAY }), makeCandidate({ listedAtMs: NOW - 400 * DAY }), 'freshness'),
    ).toMatchObject({ score: 0.1, textKey: 'freshness.older' });
  });
});

describe('fairness', () => {
  it('gives people without an engagement yet a gentle boost of 0.05', () => {
    const need = makeNeed();
    const newcomer = scored(need, makeCandidate({ hasHadEngagement: false }));
    const regular = scored(need, makeCandidate({ hasHadEngagement: true }));
    expect(newcomer.score - regular.score).toBeCloseTo(0.05, 6);
    expect(regular.reasons.find((r) => r.factor === 'fairness')).toMatchObject({
      score: 0,
      textKey: 'fairness.experienced',
    });
    expect(newcomer.reasons.find((r) => r.factor === 'fairness')).toMatchObject({
      score: 1,
      textKey: 'fairness.first_chance',
    });
  });

  it('never outweighs a real difference in skills', () => {
    const need = makeNeed({ skills: ['koken'] });
    const skilled = scored(need, makeCandidate({ skills: ['koken'], hasHadEngagement: true }));
    const unskilled = scored(need, makeCandidate({ skills: [], hasHadEngagement: false }));
    expect(skilled.score).toBeGreaterThan(unskilled.score);
  });
});

describe('score', () => {
  it('explains every factor once, strongest contribution first', () => {
    const result = scored(
      makeNeed({ skills: ['koken', 'tolken'] }),
      makeCandidate({ location: places.amsterdam1091, hasHadEngagement: true }),
    );
    expect(result.reasons.map((r) => r.factor).sort()).toEqual(Object.keys(weights).sort());
    const contributions = result.reasons.map((r) => weights[r.factor] * r.score);
    expect(contributions).toEqual([...contributions].sort((a, b) => b - a));
    const sum = result.reasons.reduce((s, r) => s + weights[r.factor] * r.score, 0);
    expect(result.score).toBeCloseTo(sum, 5);
  });

  it('gives the same value without reasons', () => {
    const need = makeNeed({ skills: ['koken', 'tolken'], weeklySlots: weeklySlots(['mon_morning']) });
    const candidate = makeCandidate({ location: places.amsterdam1091, listedAtMs: NOW - 9 * DAY });
    expect(scoreValue(need, candidate, NOW)).toBe(scored(need, candidate).score);
  });
});

describe('reason texts', () => {
  // Languages whose catalogues have arrived (tests/unit/locales.test.ts requires all seven once merged).
  const languagesWithCatalogues = localeCodes.filter((lang) =>
    existsSync(new URL(`../../web/src/locales/${lang}/matching.json`, import.meta.url)),
  );
  const files = Object.fromEntries(
    languagesWithCatalogues.map((lang) => [
      `/locales/${lang}/matching.json`,
      JSON.parse(
        readFileSync(new URL(`../../web/src/locales/${lang}/matching.json`, import.meta.url), 'utf8'),
      ) as unknown,
    ]),
  );
  const catalogues = buildCatalogues(files);

  it('exist in every language for every reason the scorer gives, with the same placeholders as its params', () => {
    const emitted = new Map<string, string[]>();
    for (const [need, candidate] of fc.sample(pairArb, { numRuns: 8_000, seed: 42 })) {
      for (const r of score(need, candidate, NOW)?.reasons ?? []) emitted.set(r.textKey, Object.keys(r.params).sort());
    }
    for (const lang of languagesWithCatalogues) {
      for (const [key, params] of emitted) {
        const message = catalogues[lang].get(`matching.${key}`);
        expect(message, `${lang}: matching.${key}`).toBeDefined();
        expect(placeholders(message ?? ''), `${lang}: matching.${key}`).toEqual(params);
      }
      // No text without a reason that uses it (factor names and exclusions are shown by the web).
      const unused = [...catalogues[lang].keys()].filter(
        (k) =>
          !k.startsWith('matching.factors.') &&
          !k.startsWith('matching.excluded.') &&
          !emitted.has(k.slice('matching.'.length)),
      );
      expect(unused, lang).toEqual([]);
      for (const f of Object.keys(weights))
        expect(catalogues[lang].has(`matching.factors.${f}`), `${lang} factor ${f}`).toBe(true);
      for (const rule of exclusionRules)
        expect(catalogues[lang].has(`matching.excluded.${rule}`), `${lang} rule ${rule}`).toBe(true);
    }
  }, 60_000);
});
