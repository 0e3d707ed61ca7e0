import { describe, expect, it } from 'vitest';
import { compensationFigureIssue } from '../../shared/compensation-figures.ts';
import { createNeedBody, createOfferBody, weeklySlot } from '../../shared/schemas/listings.ts';
import { ruleMessageKey } from '../../web/src/lib/forms/rule-messages.ts';
import {
  apiQuery,
  availableSorts,
  effectiveSort,
  emptySearch,
  parseSearch,
  searchToQuery,
} from '../../web/src/lib/search/search-query.ts';
import nl from '../../web/src/locales/nl/listings.json' with { type: 'json' };

const baseNeed = {
  organizationId: 'o1',
  kind: 'hands',
  title: 'Koken',
  domains: ['food'],
  postcode: '1012AB',
  compensation: { type: 'unpaid' },
};
const baseOffer = { kind: 'hands', title: 'Fietsen maken', postcode: '1012AB', compensationAccepted: ['unpaid'] };

/** The English messages of every cross-field rule, triggered through the shared schemas themselves. */
function ruleMessages(): string[] {
  const broken: unknown[][] = [
    [createNeedBody, { ...baseNeed, postcode: null }],
    [createNeedBody, { ...baseNeed, startsAt: '2026-12-02T00:00:00Z', endsAt: '2026-12-01T00:00:00Z' }],
    [createNeedBody, { ...baseNeed, kind: 'materials', unit: 'stuks' }],
    [createNeedBody, { ...baseNeed, quantity: 3 }],
    [
      createNeedBody,
      { ...baseNeed, kind: 'materials', materialsMode: 'give', compensation: { type: 'paid', hourlyRateCents: 2000 } },
    ],
    [createNeedBody, { ...baseNeed, compensation: { type: 'paid', hourlyRateCents: 2000 }, openToAsylumSeekers: true }],
    [createOfferBody, { ...baseOffer, postcode: null, remote: false }],
    [createOfferBody, { ...baseOffer, postcode: null, remote: true, radiusKm: 5 }],
    [createOfferBody, { ...baseOffer, kind: 'materials', materialsMode: 'give', capacityHoursPerMonth: 4 }],
    [createOfferBody, { ...baseOffer, organizationId: 'b1' }],
    [createOfferBody, { ...baseOffer, b2cType: 'pro_bono' }],
    [createOfferBody, { ...baseOffer, organizationId: 'b1', b2cType: 'materials' }],
    [createOfferBody, { ...baseOffer, organizationId: 'b1', b2cType: 'paid_assignment' }],
    [createOfferBody, { ...baseOffer, organizationId: 'b1', b2cType: 'accepts_time_credits' }],
    [weeklySlot, { day: 'mon', from: '12:00', to: '09:00' }],
  ];
  return broken.flatMap(([schema, value]) => {
    const result = (schema as typeof createNeedBody).safeParse(value);
    expect(result.success, JSON.stringify(value)).toBe(false);
    return result.success ? [] : result.error.issues.filter((i) => i.code === 'custom').map((i) => i.message);
  });
}

describe('listing rules in the web app', () => {
  it('translates every cross-field rule of the shared schemas (none falls back to "invalid")', () => {
    const messages = ruleMessages();
    expect(messages.length).toBeGreaterThanOrEqual(15);
    const lookup = (key: string) =>
      key
        .split('.')
        .slice(1)
        .reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], nl);
    for (const message of messages) {
      const key = ruleMessageKey(message);
      expect(key, message).toBeDefined();
      expect(typeof lookup(key ?? ''), `${key} in nl/listings.json`).toBe('string');
    }
  });

  it('checks pay against the statutory figures of the work dates', () => {
    const now = new Date('2026-03-01T00:00:00Z');
    expect(compensationFigureIssue(now, { type: 'paid', hourlyRateCents: 1470 })?.code).toBe('below_minimum_wage');
    expect(compensationFigureIssue(now, { type: 'paid', hourlyRateCents: 1471 })).toBeNull();
    expect(compensationFigureIssue(now, { type: 'allowance', allowanceCents: 561 })?.code).toBe('allowance_limit');
    expect(compensationFigureIssue(now, { type: 'allowance', allowanceCents: 560 })).toBeNull();
    // In 2025 €14.50 was enough; work that runs into 2026 must pay the 2026 minimum.
    const before = new Date('2025-11-01T00:00:00Z');
    expect(
      compensationFigureIssue(before, { type: 'paid', hourlyRateCents: 1450 }, null, '2025-12-20T00:00:00Z'),
    ).toBeNull();
    expect(
      compensationFigureIssue(before, { type: 'paid', hourlyRateCents: 1450 }, null, '2026-01-20T00:00:00Z')?.figures,
    ).toMatchObject({ hourly21PlusCents: 1471 });
  });
});

describe('search state in the URL', () => {
  it('round-trips every filter, and leaves defaults out', () => {
    const state = {
      ...emptySearch,
      side: 'offers' as const,
      q: 'koken',
      kind: ['materials' as const],
      domain: ['food' as const],
      compensation: ['paid' as const, 'unpaid' as const],
      language: ['ar'],
      newcomerFriendly: true,
      near: '1012AB',
      radiusKm: 25,
      includeRemote: false,
      sort: 'distance' as const,
    };
    expect(parseSearch(searchToQuery(state))).toEqual({ ...state, compensation: ['unpaid', 'paid'] });
    expect(searchToQuery(emptySearch).toString()).toBe('');
  });

  it('drops unknown values instead of failing', () => {
    const s = parseSearch(new URLSearchParams('kind=hands,robots&radiusKm=7&sort=random&side=x&language=xx,nl'));
    expect(s).toMatchObject({ kind: ['hands'], radiusKm: 10, sort: null, side: 'needs', language: ['nl'] });
  });

  it('asks the API only for sorts that make sense, with the postcode normalised', () => {
    expect(availableSorts(emptySearch)).toEqual(['newest']);
    expect(effectiveSort({ ...emptySearch, sort: 'distance' })).toBe('newest');
    const near = { ...emptySearch, near: '1012 ab', q: 'fiets' };
    expect(availableSorts(near)).toEqual(['relevance', 'distance', 'newest']);
    expect(Object.fromEntries(apiQuery({ ...near, sort: 'distance' }, 'c1'))).toEqual({
      q: 'fiets',
      near: '1012AB',
      radiusKm: '10',
      includeRemote: 'true',
      sort: 'distance',
      limit: '20',
      cursor: 'c1',
    });
    // A half-typed postcode is not sent.
    expect(apiQuery({ ...emptySearch, near: '10' }).has('near')).toBe(false);
  });
});
