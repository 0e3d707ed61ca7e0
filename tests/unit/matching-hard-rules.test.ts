import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distanceKm } from '../../shared/geo.ts';
import { askFirst, checkHardRules, type ExclusionRule } from '../../server/modules/matching/core/hard-rules.ts';
import { score, scoreValue } from '../../server/modules/matching/core/scoring.ts';
import type { MatchCandidate, MatchNeed } from '../../server/modules/matching/core/types.ts';
import { DAY, NOW, makeCandidate, makeNeed, pairArb, places } from '../helpers/matching.ts';

describe('hard rules', () => {
  it('let a plain fitting pair through', () => {
    expect(checkHardRules(makeNeed(), makeCandidate(), NOW)).toBeNull();
  });

  describe('paid work only for people who may do paid work', () => {
    const paid = makeNeed({ compensation: 'paid' });
    it.each(['no', 'unknown'] as const)('excludes mayDoPaidWork = %s', (answer) => {
      expect(checkHardRules(paid, makeCandidate({ mayDoPaidWork: answer, compensationAccepted: ['paid'] }), NOW)).toBe(
        'paid_work_not_allowed',
      );
    });
    it('allows yes', () => {
      expect(
        checkHardRules(paid, makeCandidate({ mayDoPaidWork: 'yes', compensationAccepted: ['paid'] }), NOW),
      ).toBeNull();
    });
    it.each(['no', 'unknown'] as const)('allows %s when the employer arranged the work permit', (answer) => {
      const arranged = makeNeed({ compensation: 'paid', workPermitArranged: true, openToAsylumSeekers: false });
      expect(
        checkHardRules(arranged, makeCandidate({ mayDoPaidWork: answer, compensationAccepted: ['paid'] }), NOW),
      ).toBeNull();
    });
    it('does not treat a volunteer allowance as paid work', () => {
      const allowance = makeNeed({ compensation: 'allowance', openToAsylumSeekers: true });
      expect(
        checkHardRules(allowance, makeCandidate({ mayDoPaidWork: 'no', compensationAccepted: ['allowance'] }), NOW),
      ).toBeNull();
    });
  });

  describe('VOG', () => {
    const vogNeed = makeNeed({ requiresVog: true });
    it('excludes people without a recorded VOG', () => {
      expect(checkHardRules(vogNeed, makeCandidate({ vogVerified: false }), NOW)).toBe('vog_required');
    });
    it('allows people with a recorded VOG', () => {
      expect(checkHardRules(vogNeed, makeCandidate({ vogVerified: true }), NOW)).toBeNull();
    });
  });

  describe('needs not open to asylum seekers', () => {
    const closedToAsylum = makeNeed({ openToAsylumSeekers: false });
    it('are not suggested to someone who declared they may not do paid work', () => {
      expect(checkHardRules(closedToAsylum, makeCandidate({ mayDoPaidWork: 'no' }), NOW)).toBe(
        'not_open_to_asylum_seekers',
      );
      expect(
        checkHardRules(
          makeNeed({ openToAsylumSeekers: false, kind: 'knowledge' }),
          makeCandidate({ kinds: ['knowledge'], mayDoPaidWork: 'no' }),
          NOW,
        ),
      ).toBe('not_open_to_asylum_seekers');
    });
    it('are suggested to someone who has not answered, with a question to ask first', () => {
      const newcomer = makeCandidate({ mayDoPaidWork: 'unknown' });
      expect(checkHardRules(closedToAsylum, newcomer, NOW)).toBeNull();
      expect(askFirst(closedToAsylum, newcomer)).toBe('work_permission');
      expect(askFirst(makeNeed({ openToAsylumSeekers: true }), newcomer)).toBeNull();
      expect(askFirst(closedToAsylum, makeCandidate({ mayDoPaidWork: 'yes' }))).toBeNull();
    });
    it('are suggested to someone who may work', () => {
      expect(checkHardRules(closedToAsylum, makeCandidate({ mayDoPaidWork: 'yes' }), NOW)).toBeNull();
    });
    it('open needs are suggested to anyone', () => {
      expect(
        checkHardRules(makeNeed({ openToAsylumSeekers: true }), makeCandidate({ mayDoPaidWork: 'no' }), NOW),
      ).toBeNull();
    });
    it('do not restrict giving materials, which is not work', () => {
      const materials = makeNeed({ kind: 'materials', openToAsylumSeekers: false });
      expect(checkHardRules(materials, makeCandidate({ kinds: ['materials'], mayDoPaidWork: 'no' }), NOW)).toBeNull();
    });
  });

  describe('radius', () => {
    const need = makeNeed({ location: places.amsterdam1012 });
    const utrecht = makeCandidate({ location: places.utrecht3511, radiusKm: 20 });
    it('excludes a candidate beyond their radius', () => {
      expect(checkHardRules(need, utrecht, NOW)).toBe('outside_radius');
    });
    it('includes the edge of the radius', () => {
      const d = distanceKm(places.amsterdam1012, places.utrecht3511);
      expect(checkHardRules(need, makeCandidate({ location: places.utrecht3511, radiusKm: d }), NOW)).toBeNull();
    });
    it('allows beyond the radius only when both work remotely', () => {
      expect(
        checkHardRules(
          makeNeed({ remote: true }),
          makeCandidate({ location: places.utrecht3511, radiusKm: 20, remote: true }),
          NOW,
        ),
      ).toBeNull();
      expect(checkHardRules(makeNeed({ remote: true }), utrecht, NOW)).toBe('outside_radius');
      expect(
        checkHardRules(need, makeCandidate({ location: places.utrecht3511, radiusKm: 20, remote: true }), NOW),
      ).toBe('outside_radius');
    });
    it('counts an unknown place as outside', () => {
      expect(checkHardRules(makeNeed({ location: null }), makeCandidate(), NOW)).toBe('outside_radius');
      expect(checkHardRules(need, makeCandidate({ location: null }), NOW)).toBe('outside_radius');
      expect(
        checkHardRules(
          makeNeed({ location: null, remote: true }),
          makeCandidate({ location: null, remote: true }),
          NOW,
        ),
      ).toBeNull();
    });
  });

  describe('closed, filled and expired listings', () => {
    it.each(['filled', 'closed', 'expired'] as const)('never suggests a %s need or offer', (status) => {
      expect(checkHardRules(makeNeed({ status }), makeCandidate(), NOW)).toBe('listing_not_open');
      expect(checkHardRules(makeNeed(), makeCandidate({ status }), NOW)).toBe('listing_not_open');
    });
    it('treats an end date in the past as expired', () => {
      expect(checkHardRules(makeNeed({ endsAtMs: NOW }), makeCandidate(), NOW)).toBe('listing_not_open');
      expect(checkHardRules(makeNeed(), makeCandidate({ availableUntilMs: NOW - DAY }), NOW)).toBe('listing_not_open');
      expect(
        checkHardRules(makeNeed({ endsAtMs: NOW + DAY }), makeCandidate({ availableUntilMs: NOW + DAY }), NOW),
      ).toBeNull();
    });
  });

  describe('fit gates', () => {
    it('materials only meet materials', () => {
      expect(checkHardRules(makeNeed({ kind: 'materials' }), makeCandidate({ kinds: ['hands'] }), NOW)).toBe(
        'kind_mismatch',
      );
      expect(checkHardRules(makeNeed({ kind: 'hands' }), makeCandidate({ kinds: ['materials'] }), NOW)).toBe(
        'kind_mismatch',
      );
      expect(checkHardRules(makeNeed({ kind: 'hands' }), makeCandidate({ kinds: ['knowledge'] }), NOW)).toBeNull();
    });
    it('an unpaid or time-credit need and someone who only accepts paid work do not fit', () => {
      const paidOnly = makeCandidate({ compensationAccepted: ['paid'] });
      expect(checkHardRules(makeNeed({ compensation: 'unpaid' }), paidOnly, NOW)).toBe('compensation_mismatch');
      expect(checkHardRules(makeNeed({ compensation: 'time_credits' }), paidOnly, NOW)).toBe('compensation_mismatch');
      expect(checkHardRules(makeNeed({ compensation: 'allowance' }), paidOnly, NOW)).toBe('compensation_mismatch');
      expect(checkHardRules(makeNeed({ compensation: 'paid' }), paidOnly, NOW)).toBeNull();
    });
  });
});

describe('hard rules hold for random needs and candidates', () => {
  it('never scores a pair that breaks one, and scores every other pair in 0..1', () => {
    fc.assert(
      fc.property(pairArb, ([need, candidate]) => {
        const result = score(need, candidate, NOW);
        const excluded = checkHardRules(need, candidate, NOW);
        expect(result === null).toBe(excluded !== null);
        expect(scoreValue(need, candidate, NOW)).toBe(result?.score ?? null);
        if (!result) return;
        if (need.compensation === 'paid' && !need.workPermitArranged) expect(candidate.mayDoPaidWork).toBe('yes');
        if (need.requiresVog) expect(candidate.vogVerified).toBe(true);
        if (!need.openToAsylumSeekers && need.kind !== 'materials' && need.compensation !== 'paid')
          expect(candidate.mayDoPaidWork).not.toBe('no');
        expect(need.status).toBe('open');
        expect(candidate.status).toBe('open');
        if (need.endsAtMs !== null) expect(need.endsAtMs).toBeGreaterThan(NOW);
        if (candidate.availableUntilMs !== null) expect(candidate.availableUntilMs).toBeGreaterThan(NOW);
        const within =
          need.location !== null &&
          candidate.location !== null &&
          distanceKm(need.location, candidate.location) <= candidate.radiusKm;
        if (!within) expect(need.remote && candidate.remote).toBe(true);
        if (
          need.compensation !== 'paid' &&
          candidate.compensationAccepted.length > 0 &&
          candidate.compensationAccepted.every((c) => c === 'paid')
        ) {
          throw new Error('paid-only candidate suggested unpaid work');
        }
        expect(result.score).toBeGreaterThanOrEqual(0);
        expect(result.score).toBeLessThanOrEqual(1);
        expect(result.reasons).toHaveLength(8);
        for (const r of result.reasons) {
          expect(r.score).toBeGreaterThanOrEqual(0);
          expect(r.score).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 5000 },
    );
  }, 60_000);
});

/**
 * The protected rules written again from ../shared/DOMAIN.md ("How matching reads that answer"),
 * independently of hard-rules.ts: "no" brings in the asylum-seeker rules (unpaid work only when
 * open to asylum seekers, paid work only with the permit arranged); "don't know" rules out paid
 * work without an arranged permit and nothing else; "yes" rules out nothing. Materials are not work.
 */
function domainExcludes(need: MatchNeed, candidate: MatchCandidate): boolean {
  const work = need.kind !== 'materials';
  if (need.compensation === 'paid') return candidate.mayDoPaidWork !== 'yes' && !need.workPermitArranged;
  return work && candidate.mayDoPaidWork === 'no' && !need.openToAsylumSeekers;
}

const protectedRules: readonly ExclusionRule[] = ['paid_work_not_allowed', 'not_open_to_asylum_seekers'];

describe('the paid-work answer excludes exactly what the domain rules exclude', () => {
  it('for random profiles and needs (the other rules held fixed so they cannot hide a difference)', () => {
    fc.assert(
      fc.property(pairArb, ([randomNeed, randomCandidate]) => {
        // Every rule that does not read the paid-work answer is made to pass, so the only possible exclusions are the protected ones.
        const need: MatchNeed = {
          ...randomNeed,
          status: 'open',
          endsAtMs: null,
          requiresVog: false,
          location: places.amsterdam1012,
          remote: false,
        };
        const candidate: MatchCandidate = {
          ...randomCandidate,
          status: 'open',
          availableUntilMs: null,
          vogVerified: true,
          location: places.amsterdam1012,
          kinds: need.kind === 'materials' ? ['materials'] : [need.kind],
          compensationAccepted: [need.compensation],
        };
        const rule = checkHardRules(need, candidate, NOW);
        expect(rule === null || protectedRules.includes(rule)).toBe(true);
        expect(rule !== null).toBe(domainExcludes(need, candidate));
        if (rule === null)
          expect(askFirst(need, candidate) !== null).toBe(
            candidate.mayDoPaidWork === 'unknown' &&
              need.kind !== 'materials' &&
              (need.compensation === 'paid' || !need.openToAsylumSeekers),
          );
      }),
      { numRuns: 3000 },
    );
  });
});
