import { describe, expect, it } from 'vitest';
import { certificateUrl } from '../../web/src/lib/api/recognition.ts';
import { badgeCriteria, badgeName } from '../../web/src/lib/impact/badges.ts';
import {
  domainRows,
  filterComplete,
  filterFromQuery,
  impactSearch,
  seriesColumns,
  type ImpactFilter,
} from '../../web/src/lib/impact/impact-query.ts';

const base: ImpactFilter = {
  scope: 'country',
  area: 'Utrecht',
  postcode: '3511 ab',
  radiusKm: 10,
  from: '',
  to: '',
  interval: 'month',
};

describe('the dashboard query', () => {
  it('sends only what the scope needs', () => {
    expect(impactSearch(base)).toBe('?scope=country&interval=month');
    expect(impactSearch({ ...base, scope: 'municipality', area: " 's-Hertogenbosch " })).toBe(
      '?scope=municipality&area=%27s-Hertogenbosch&interval=month',
    );
    expect(impactSearch({ ...base, scope: 'province' })).toBe('?scope=province&area=Utrecht&interval=month');
    expect(
      impactSearch({ ...base, scope: 'radius', radiusKm: 2.5, from: '2026-01-01', to: '2026-06-30', interval: 'year' }),
    ).toBe('?scope=radius&postcode=3511AB&radiusKm=2.5&from=2026-01-01&to=2026-06-30&interval=year');
  });
  it('reads a shared link back into the same picker, and ignores what it does not know', () => {
    const radius: ImpactFilter = {
      ...base,
      scope: 'radius',
      area: '',
      postcode: '3511AB',
      radiusKm: 2.5,
      from: '2026-01-01',
      to: '2026-06-30',
      interval: 'year',
    };
    expect(filterFromQuery(new URLSearchParams(impactSearch(radius)))).toEqual(radius);
    expect(filterFromQuery(new URLSearchParams('?scope=municipality&area=Utrecht'))).toEqual({
      ...base,
      scope: 'municipality',
      postcode: '',
      interval: 'month',
    });
    expect(filterFromQuery(new URLSearchParams('?scope=planet&interval=week&from=gisteren&radiusKm=veel'))).toEqual({
      scope: 'country',
      area: '',
      postcode: '',
      radiusKm: 10,
      from: '',
      to: '',
      interval: 'month',
    });
  });
  it('asks only when an area or a postcode and radius are given', () => {
    expect(filterComplete(base)).toBe(true);
    expect(filterComplete({ ...base, scope: 'municipality', area: '  ' })).toBe(false);
    expect(filterComplete({ ...base, scope: 'municipality' })).toBe(true);
    expect(filterComplete({ ...base, scope: 'radius', postcode: '' })).toBe(false);
    expect(filterComplete({ ...base, scope: 'radius', postcode: '3511' })).toBe(true);
    expect(filterComplete({ ...base, scope: 'radius', radiusKm: 0.1 })).toBe(false);
    expect(filterComplete({ ...base, scope: 'radius', radiusKm: Number.NaN })).toBe(false);
  });
});

describe('chart data', () => {
  it('orders domains by minutes, leaving out empty ones, ties by code', () => {
    expect(domainRows({ greening: 60, poverty: 120, food: 60, culture: 0 })).toEqual([
      { domain: 'poverty', minutes: 120 },
      { domain: 'food', minutes: 60 },
      { domain: 'greening', minutes: 60 },
    ]);
  });
  it('turns minutes into hours unpaid and paid per period, in order', () => {
    const series = [
      { period: '2026-10', workMinutes: 90, paidMinutes: 30, unpaidMinutes: 60, timeMinutes: 0, inkindCents: 0 },
      { period: '2026-11', workMinutes: 120, paidMinutes: 0, unpaidMinutes: 120, timeMinutes: 0, inkindCents: 0 },
    ];
    expect(seriesColumns(series)).toEqual({ unpaid: [1, 2], paid: [0.5, 0] });
  });
});

describe('badges and certificates in the web app', () => {
  const domain = (code: string) => `<${code}>`;
  it('names hour, domain and fixed badges through the catalogue', () => {
    expect(badgeName('hours_250', domain)).toEqual({ key: 'recognition.badge.hours.name', params: { hours: 250 } });
    expect(badgeName('domain_greening', domain)).toEqual({
      key: 'recognition.badge.domain.name',
      params: { hours: 20, domain: '<greening>' },
    });
    expect(badgeName('six_months', domain)).toEqual({ key: 'recognition.badge.six_months.name', params: {} });
    expect(badgeCriteria('hours_10', domain).key).toBe('recognition.badge.hours.criteria');
    expect(badgeCriteria('first_work_nl', domain).key).toBe('recognition.badge.first_work_nl.criteria');
  });
  it('builds the certificate link with only the ends of the period that are given', () => {
    expect(certificateUrl({})).toBe('/api/me/certificate.pdf');
    expect(certificateUrl({ from: '2026-01-01' })).toBe('/api/me/certificate.pdf?from=2026-01-01');
    expect(certificateUrl({ from: '2026-01-01', to: '2026-12-31' })).toBe(
      '/api/me/certificate.pdf?from=2026-01-01&to=2026-12-31',
    );
  });
});
