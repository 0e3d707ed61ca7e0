import type { ImpactResponse } from '../../../../shared/schemas/recognition.ts';

export type ImpactScope = 'country' | 'province' | 'municipality' | 'radius';

/** What the dashboard's picker holds; only the fields its scope needs go into the query. */
export interface ImpactFilter {
  scope: ImpactScope;
  area: string;
  postcode: string;
  radiusKm: number;
  from: string;
  to: string;
  interval: 'day' | 'month' | 'year';
}

/** `?scope=municipality&area=Utrecht&from=…`: the same query for the page, the CSV and the JSON export. */
export function impactSearch(filter: ImpactFilter): string {
  const params: [string, string][] = [['scope', filter.scope]];
  if (filter.scope === 'province' || filter.scope === 'municipality') params.push(['area', filter.area.trim()]);
  if (filter.scope === 'radius')
    params.push(['postcode', filter.postcode.replace(/\s+/g, '').toUpperCase()], ['radiusKm', String(filter.radiusKm)]);
  if (filter.from) params.push(['from', filter.from]);
  if (filter.to) params.push(['to', filter.to]);
  params.push(['interval', filter.interval]);
  return `?${new URLSearchParams(params)}`;
}

const scopes: readonly ImpactScope[] = ['country', 'province', 'municipality', 'radius'];
const intervals: readonly ImpactFilter['interval'][] = ['day', 'month', 'year'];
const isoDay = /^\d{4}-\d{2}-\d{2}$/;

/** The picker from a shared link's query (`impactSearch`'s output); anything unknown falls back to the country. */
export function filterFromQuery(query: URLSearchParams): ImpactFilter {
  const scope = scopes.find((s) => s === query.get('scope')) ?? 'country';
  const interval = intervals.find((i) => i === query.get('interval')) ?? 'month';
  const radiusKm = Number(query.get('radiusKm') ?? '10');
  const day = (key: string) => {
    const value = query.get(key) ?? '';
    return isoDay.test(value) ? value : '';
  };
  return {
    scope,
    area: (query.get('area') ?? '').slice(0, 80),
    postcode: (query.get('postcode') ?? '').slice(0, 7),
    radiusKm: Number.isFinite(radiusKm) ? radiusKm : 10,
    from: day('from'),
    to: day('to'),
    interval,
  };
}

/** Whether the picker holds enough to ask (an area for a province or municipality, a postcode for a radius). */
export function filterComplete(filter: ImpactFilter): boolean {
  if (filter.scope === 'province' || filter.scope === 'municipality') return filter.area.trim() !== '';
  if (filter.scope === 'radius')
    return /^\d{4}\s?[A-Za-z]{0,2}$/.test(filter.postcode.trim()) && filter.radiusKm >= 0.5 && filter.radiusKm <= 300;
  return true;
}

/** Domains with confirmed work, most minutes first (ties by code, so the order is stable). */
export function domainRows(byDomain: Partial<Record<string, number>>): { domain: string; minutes: number }[] {
  return Object.entries(byDomain)
    .filter((e): e is [string, number] => typeof e[1] === 'number' && e[1] > 0)
    .map(([domain, minutes]) => ({ domain, minutes }))
    .sort((a, b) => b.minutes - a.minutes || a.domain.localeCompare(b.domain));
}

/** The time series as the chart draws it: hours unpaid and paid per period, in the series' order. */
export function seriesColumns(series: ImpactResponse['series']): { unpaid: number[]; paid: number[] } {
  return { unpaid: series.map((p) => p.unpaidMinutes / 60), paid: series.map((p) => p.paidMinutes / 60) };
}
