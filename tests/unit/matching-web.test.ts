import { describe, expect, it } from 'vitest';
import type { MatchReason } from '../../shared/schemas/matching.ts';
import { distanceOf, inviteRefusalKey, percent, topReasons } from '../../web/src/lib/api/matching.ts';

const reason = (factor: MatchReason['factor'], score: number, params: MatchReason['params'] = {}): MatchReason => ({
  factor,
  score,
  text: `matching.${factor}.x`,
  params,
});

describe('matching in the web app', () => {
  it('shows the strongest reasons first, and on equal scores the telling ones before "same kind"', () => {
    const reasons = [
      reason('kind', 1),
      reason('fairness', 0.5),
      reason('skills', 1),
      reason('distance', 0.8),
      reason('language', 0.2),
    ];
    expect(topReasons(reasons, 3).map((r) => r.factor)).toEqual(['skills', 'kind', 'distance']);
    expect(topReasons(reasons, 10)).toHaveLength(5);
    expect(reasons[0]?.factor).toBe('kind'); // the input is left as it was
  });

  it('turns a score into a whole percentage within 0..100', () => {
    expect(percent(0.824)).toBe(82);
    expect(percent(0.825)).toBe(83);
    expect(percent(1)).toBe(100);
    expect(percent(1.2)).toBe(100);
    expect(percent(-0.1)).toBe(0);
  });

  it("takes the listing's own distance, else the one the distance reason names", () => {
    expect(distanceOf({ distanceKm: 2.5 }, [reason('distance', 1, { km: 9 })])).toBe(2.5);
    expect(distanceOf({ distanceKm: null }, [reason('distance', 1, { km: 0.4 })])).toBe(0.4);
    expect(distanceOf({}, [reason('distance', 1)])).toBeNull();
    expect(distanceOf({}, [])).toBeNull();
  });

  it('explains refused invitations in words where it can, else by error code', () => {
    expect(inviteRefusalKey({ code: 'conflict', details: {}, fields: {} })).toBe('matches.refused.already');
    expect(inviteRefusalKey({ code: 'rule_refused', details: { mayDoPaidWork: 'no' }, fields: {} })).toBe(
      'matches.refused.paidWork',
    );
    expect(
      inviteRefusalKey({ code: 'rule_refused', details: { status: 'filled' }, fields: { needId: 'Not open' } }),
    ).toBe('matches.refused.notOpen');
    expect(inviteRefusalKey({ code: 'not_found', details: {}, fields: {} })).toBe('matches.refused.notOpen');
    expect(inviteRefusalKey({ code: 'rule_refused', details: {}, fields: { offerId: 'Same organisation' } })).toBe(
      'errors.rule_refused',
    );
    expect(inviteRefusalKey({ code: 'forbidden', details: {}, fields: {} })).toBe('errors.forbidden');
  });
});
