import { describe, expect, it } from 'vitest';
import {
  allBadgeIds,
  badgesFor,
  domainBadges,
  firstContribution,
  firstWorkInNetherlands,
  hoursBadges,
  knowledgeShared,
  minutesByDomain,
  sixMonths,
  threeDomains,
  type WorkEntry,
} from '../../server/modules/recognition/badge-rules.ts';

let n = 0;
const entry = (over: Partial<WorkEntry> = {}): WorkEntry => {
  n += 1;
  return {
    transferId: `t${String(n).padStart(3, '0')}`,
    engagementId: `e${n}`,
    minutes: 60,
    day: '2026-01-10',
    domains: ['greening'],
    organizationId: 'o1',
    needKind: 'hands',
    paid: false,
    ...over,
  };
};
const ids = (badges: { id: string }[]) => badges.map((b) => b.id);

describe('badge rules', () => {
  it('first contribution: the earliest entry, none without work', () => {
    const later = entry({ day: '2026-03-01' });
    const earlier = entry({ day: '2026-02-01' });
    expect(firstContribution([later, earlier])).toEqual({
      id: 'first_contribution',
      earnedOn: '2026-02-01',
      evidence: [earlier.transferId],
    });
    expect(firstContribution([])).toBeNull();
  });

  it('hours: 10/50/100/250/500, each resting on the entries that reached it', () => {
    const a = entry({ minutes: 300, day: '2026-01-01' });
    const b = entry({ minutes: 299, day: '2026-01-02' });
    expect(hoursBadges([a, b])).toEqual([]);
    const c = entry({ minutes: 1, day: '2026-01-03' });
    expect(hoursBadges([c, b, a])).toEqual([
      { id: 'hours_10', earnedOn: '2026-01-03', evidence: [a.transferId, b.transferId, c.transferId] },
    ]);
    expect(ids(hoursBadges([entry({ minutes: 500 * 60 })]))).toEqual([
      'hours_10',
      'hours_50',
      'hours_100',
      'hours_250',
      'hours_500',
    ]);
    expect(ids(hoursBadges([entry({ minutes: 250 * 60 - 1 })]))).toEqual(['hours_10', 'hours_50', 'hours_100']);
  });

  it('domain: 20 hours in one domain; a need in two domains counts for both', () => {
    expect(domainBadges([entry({ minutes: 1199, domains: ['greening'] })])).toEqual([]);
    const both = entry({ minutes: 1200, domains: ['greening', 'food'] });
    expect(ids(domainBadges([both]))).toEqual(['domain_greening', 'domain_food']);
    expect(
      ids(domainBadges([entry({ minutes: 600, domains: ['food'] }), entry({ minutes: 600, domains: ['greening'] })])),
    ).toEqual([]);
  });

  it('three domains: the first entry of each of the first three', () => {
    const g = entry({ day: '2026-01-01', domains: ['greening'] });
    const g2 = entry({ day: '2026-01-02', domains: ['greening'] });
    const f = entry({ day: '2026-01-03', domains: ['food'] });
    expect(threeDomains([g, g2, f])).toBeNull();
    const e = entry({ day: '2026-01-04', domains: ['education', 'food'] });
    expect(threeDomains([e, f, g2, g])).toEqual({
      id: 'three_domains',
      earnedOn: '2026-01-04',
      evidence: [g.transferId, f.transferId, e.transferId],
    });
  });

  it('knowledge shared: only work on a knowledge need', () => {
    expect(knowledgeShared([entry({ needKind: 'hands' })])).toBeNull();
    const k = entry({ needKind: 'knowledge' });
    expect(knowledgeShared([entry(), k])?.evidence).toEqual([k.transferId]);
  });

  it('six months: work in six different calendar months', () => {
    const months = ['2026-01-05', '2026-01-20', '2026-02-01', '2026-03-01', '2026-04-01', '2026-05-31'].map((day) =>
      entry({ day }),
    );
    expect(sixMonths(months)).toBeNull();
    const june = entry({ day: '2026-06-01' });
    const badge = sixMonths([...months, june]);
    expect(badge).toMatchObject({ id: 'six_months', earnedOn: '2026-06-01' });
    expect(badge?.evidence).toHaveLength(6);
    expect(badge?.evidence).not.toContain(months[1]!.transferId);
  });

  it('first work in the Netherlands: only for people who opted in as newcomer', () => {
    const first = entry({ day: '2026-01-01' });
    expect(firstWorkInNetherlands([first], false)).toBeNull();
    expect(firstWorkInNetherlands([], true)).toBeNull();
    expect(firstWorkInNetherlands([entry({ day: '2026-02-01' }), first], true)).toEqual({
      id: 'first_work_nl',
      earnedOn: '2026-01-01',
      evidence: [first.transferId],
    });
  });

  it('badgesFor: every rule, in a fixed order; entries without minutes count for nothing', () => {
    const work = [entry({ minutes: 1200, needKind: 'knowledge', domains: ['greening', 'food', 'culture'] })];
    const badges = badgesFor(work, { countAsNewcomer: true });
    expect(ids(badges)).toEqual([
      'first_contribution',
      'hours_10',
      'domain_greening',
      'domain_food',
      'domain_culture',
      'three_domains',
      'knowledge_shared',
      'first_work_nl',
    ]);
    expect(ids(badges)).toEqual(
      [...ids(badges)].sort((a, b) => allBadgeIds.indexOf(a as never) - allBadgeIds.indexOf(b as never)),
    );
    expect(badgesFor([entry({ minutes: 0 })], { countAsNewcomer: true })).toEqual([]);
    // Same entries in another order: the same badges and evidence.
    const many = Array.from({ length: 12 }, (_, i) =>
      entry({ minutes: 130, day: `2026-${String((i % 9) + 1).padStart(2, '0')}-0${(i % 3) + 1}` }),
    );
    expect(badgesFor([...many].reverse(), { countAsNewcomer: false })).toEqual(
      badgesFor(many, { countAsNewcomer: false }),
    );
  });

  it('minutesByDomain counts a need in each of its domains and once in the total', () => {
    expect(
      minutesByDomain([
        entry({ minutes: 90, domains: ['greening', 'food'] }),
        entry({ minutes: 30, domains: ['food'] }),
      ]),
    ).toEqual({ total: 120, byDomain: { greening: 90, food: 120 } });
  });
});
