/**
 * The live "Maatschappelijke Stand van het Land": every measured figure is read from the rollups
 * the confirming transactions keep (never a scan of the ledger); self-reported figures come from
 * initiative profiles and say so.
 */
import { foundingReport, minimumWageHistory } from '../../../shared/figures.ts';
import type { ImpactQuery, ImpactResponse, OrganizationImpact } from '../../../shared/schemas/recognition.ts';
import { domainCodes } from '../../../shared/vocabulary.ts';
import type { AppContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { allowancePeriod } from '../engagements/index.ts';
import { initiativeProfiles, selfReportOf } from '../organizations/index.ts';
import * as repo from './repository.ts';
import { ALL_DOMAINS, rollupMeasures, zeroMeasures, type Cohort, type Measures } from './rollup.ts';
import { resolveScope, type ResolvedScope } from './scope.ts';

const toMeasures = (row: Record<string, unknown> | undefined): Measures => {
  const m = zeroMeasures();
  if (row) for (const k of rollupMeasures) m[k] = Number(row[k] ?? 0);
  return m;
};

/** The statutory minimum hourly wage (21+) in force on a day; before the first known figure, that first figure (stated in the method). */
function hourlyMinimumWageOn(day: string): number {
  let rate = minimumWageHistory[0]!.hourly21PlusCents;
  for (const f of minimumWageHistory) if (f.validFrom <= day) rate = f.hourly21PlusCents;
  return rate;
}

interface InitiativeFacts {
  postcode: string;
  volunteers: number | null;
  paid_staff: number | null;
  people_reached_per_year: number | null;
  income_mix: string | null;
}

/** Self-reported profile figures of the initiatives in the scope, and the report's income-mix figure computed the same way. */
function selfReported(ctx: AppContext, scope: ResolvedScope, rows: InitiativeFacts[]) {
  const inScope = rows.filter((r) => {
    const p = ctx.postcodes.lookup(r.postcode);
    return scope.contains({
      pc4: r.postcode.slice(0, 4),
      municipality: p?.municipality ?? '',
      province: p?.province ?? '',
    });
  });
  const sum = (pick: (r: InitiativeFacts) => number | null) => {
    const known = inScope.map(pick).filter((v): v is number => v !== null);
    return { value: known.reduce((s, v) => s + v, 0), reportedBy: known.length };
  };
  const mixes = inScope.flatMap((r) =>
    r.income_mix
      ? [JSON.parse(r.income_mix) as { subsidiesPct: number; donationsPct: number; ownIncomePct: number }]
      : [],
  );
  const earning = mixes.filter((m) => m.ownIncomePct > 0);
  const avg = (values: number[]) =>
    values.length ? Math.round((values.reduce((s, v) => s + v, 0) / values.length) * 10) / 10 : null;
  const buckets = [
    { fromPct: 0, toPct: 0 },
    ...Array.from({ length: 10 }, (_, i) => ({ fromPct: i * 10 + 1, toPct: i * 10 + 10 })),
  ];
  return {
    initiatives: inScope.length,
    peopleReached: sum((r) => r.people_reached_per_year),
    volunteers: sum((r) => r.volunteers),
    paidStaff: sum((r) => r.paid_staff),
    incomeMix: {
      basis: 'selfReported' as const,
      initiativesReporting: mixes.length,
      withOwnIncomePct: mixes.length ? Math.round((earning.length / mixes.length) * 1000) / 10 : null,
      averageOwnIncomePct: avg(earning.map((m) => m.ownIncomePct)),
      averageSubsidiesPct: avg(mixes.map((m) => m.subsidiesPct)),
      averageDonationsPct: avg(mixes.map((m) => m.donationsPct)),
      distribution: buckets.map((b) => ({
        ...b,
        initiatives: mixes.filter((m) => m.ownIncomePct >= b.fromPct && m.ownIncomePct <= b.toPct).length,
      })),
    },
  };
}

export async function impactFor(ctx: AppContext, q: ImpactQuery): Promise<ImpactResponse> {
  const scope = resolveScope(ctx.postcodes, q);
  const to = q.to ?? allowancePeriod(ctx.clock.now()).day;
  const from = q.from ?? null;
  // '0000-00' sorts after '' (no previous month) and before every real month.
  const fromMonth = from ? from.slice(0, 7) : '0000-00';
  const toMonth = to.slice(0, 7);
  const width = q.interval === 'day' ? 10 : q.interval === 'month' ? 7 : 4;

  // Two reads of the rollups: the all-domains row of each day (totals, series, value per wage
  // period — at most a row per day and area) and the sums per domain.
  const [dayRows, byDomainRows, active, initiativeRows] = await Promise.all([
    repo.dayTotals(ctx.db, scope, from, to),
    repo.workMinutesByDomain(ctx.db, scope, from, to),
    repo.activeCounts(ctx.db, scope, fromMonth, toMonth),
    initiativeProfiles(ctx.db),
  ]);

  const totals = zeroMeasures();
  const series = new Map<string, Measures>();
  const configuredRate = ctx.config.impact.hourlyRateCents;
  let valueTimesSixty = 0;
  for (const r of dayRows) {
    const m = toMeasures(r);
    const period = String(r.day).slice(0, width);
    const bucket = series.get(period) ?? zeroMeasures();
    for (const k of rollupMeasures) {
      totals[k] += m[k];
      bucket[k] += m[k];
    }
    series.set(period, bucket);
    valueTimesSixty += m.work_minutes * (configuredRate ?? hourlyMinimumWageOn(String(r.day)));
  }
  const minutesByDomain: ImpactResponse['minutesByDomain'] = {};
  for (const r of byDomainRows) {
    const code = domainCodes.find((d) => d === r.domain);
    if (code) minutesByDomain[code] = Number(r.work_minutes);
  }
  const socialValueCents = Math.round(valueTimesSixty / 60);
  const reported = selfReported(ctx, scope, initiativeRows);
  const rateSource =
    configuredRate !== null
      ? (ctx.config.impact.rateSource ?? 'Configured rate')
      : `Rijksoverheid, Bedragen minimumloon (21+), per day of the work; before ${minimumWageHistory[0]!.validFrom} the first known figure`;

  return {
    scope: {
      type: scope.type,
      area: scope.name,
      postcode: scope.postcode,
      radiusKm: scope.radiusKm,
      pc4Count: scope.pc4Count,
    },
    period: { from, to, months: { from: from ? fromMonth : null, to: toMonth } },
    initiatives: reported.initiatives,
    initiativesWithConfirmedWork: active.initiatives,
    volunteers: active.people,
    newcomers: active.newcomers,
    workMinutes: totals.work_minutes,
    paidMinutes: totals.paid_minutes,
    unpaidMinutes: totals.unpaid_minutes,
    minutesByDomain,
    timeCreditsExchanged: totals.time_minutes,
    inkindCents: totals.inkind_cents,
    businessContributions: {
      businesses: active.businesses,
      workMinutes: totals.b2c_minutes,
      inkindCents: totals.b2c_inkind_cents,
    },
    socialValueCents,
    method: {
      rateCents: configuredRate ?? minimumWageHistory[minimumWageHistory.length - 1]!.hourly21PlusCents,
      rateSource,
      text: 'Input value: confirmed hours of work (paid and unpaid) × the hourly rate — what this work would cost at that rate. It is not a measure of impact (see SROI, MKBA).',
      activeCounting:
        'Volunteers, newcomers (only people who opted in), businesses and initiatives count once each if they had confirmed work in a calendar month of the period.',
      domains: 'A need in several domains counts fully in each domain; totals count it once.',
      timeCredits:
        'Time credits: TIME minutes posted for confirmed work in the area. Exchanges between people have no place and are not counted here.',
    },
    incomeMix: reported.incomeMix,
    peopleReached: {
      value: reported.peopleReached.value,
      basis: 'selfReported',
      reportedBy: reported.peopleReached.reportedBy,
    },
    volunteersReported: {
      value: reported.volunteers.value,
      basis: 'selfReported',
      reportedBy: reported.volunteers.reportedBy,
    },
    paidStaffReported: {
      value: reported.paidStaff.value,
      basis: 'selfReported',
      reportedBy: reported.paidStaff.reportedBy,
    },
    measured: {
      workMinutes: { value: totals.work_minutes, basis: 'measured' },
      volunteers: { value: active.people, basis: 'measured' },
    },
    series: [...series].map(([period, m]) => ({
      period,
      workMinutes: m.work_minutes,
      paidMinutes: m.paid_minutes,
      unpaidMinutes: m.unpaid_minutes,
      timeMinutes: m.time_minutes,
      inkindCents: m.inkind_cents,
    })),
    reference: {
      source: foundingReport.source,
      initiatives: foundingReport.initiatives,
      peopleReached: foundingReport.peopleReached,
      volunteers: foundingReport.volunteers,
      paidStaff: foundingReport.paidStaff,
      withOwnIncomePct: foundingReport.withOwnIncomePct,
      averageOwnIncomePct: foundingReport.averageOwnIncomePct,
    },
  };
}

/** CSV of the dashboard: one line per figure, then the time series and the domains. */
export function impactCsv(r: ImpactResponse): string {
  const esc = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n\r]/.test(s) || /^[=+\-@]/.test(s) ? `"${s.replace(/^([=+\-@])/, "'$1").replace(/"/g, '""')}"` : s;
  };
  const lines: string[][] = [['section', 'key', 'value', 'basis']];
  const figure = (key: string, value: unknown, basis = 'measured') =>
    lines.push(['figure', key, String(value ?? ''), basis]);
  figure('scope', r.scope.area ?? r.scope.postcode ?? r.scope.type, 'query');
  figure('from', r.period.from ?? '', 'query');
  figure('to', r.period.to, 'query');
  figure('initiatives', r.initiatives, 'registered');
  figure('initiativesWithConfirmedWork', r.initiativesWithConfirmedWork);
  figure('volunteers', r.volunteers);
  figure('newcomers', r.newcomers);
  figure('workMinutes', r.workMinutes);
  figure('paidMinutes', r.paidMinutes);
  figure('unpaidMinutes', r.unpaidMinutes);
  figure('timeCreditsExchanged', r.timeCreditsExchanged);
  figure('inkindCents', r.inkindCents);
  figure('businessContributions.businesses', r.businessContributions.businesses);
  figure('businessContributions.workMinutes', r.businessContributions.workMinutes);
  figure('businessContributions.inkindCents', r.businessContributions.inkindCents);
  figure('socialValueCents', r.socialValueCents, 'input value');
  figure('method.rateCents', r.method.rateCents, 'method');
  figure('method.rateSource', r.method.rateSource, 'method');
  figure('peopleReached', r.peopleReached.value, 'selfReported');
  figure('incomeMix.withOwnIncomePct', r.incomeMix.withOwnIncomePct, 'selfReported');
  figure('incomeMix.averageOwnIncomePct', r.incomeMix.averageOwnIncomePct, 'selfReported');
  for (const [d, v] of Object.entries(r.minutesByDomain)) lines.push(['domain', d, String(v), 'measured']);
  for (const s of r.series) lines.push(['series', s.period, String(s.workMinutes), 'measured']);
  return `${lines.map((l) => l.map(esc).join(',')).join('\r\n')}\r\n`;
}

/** An organisation's profile: measured figures from its rollups beside what it reports itself. */
export async function organizationMeasured(ctx: AppContext, organizationId: string): Promise<OrganizationImpact> {
  const org = await selfReportOf(ctx.db, organizationId);
  if (!org) throw notFound('Organisation');
  const scope = { level: 'organization' as const, areas: [organizationId] };
  const today = allowancePeriod(ctx.clock.now()).day;
  const yearAgo = `${Number(today.slice(0, 4)) - 1}${today.slice(4, 7)}`;
  const rows = await repo.totalsByDomain(ctx.db, scope, today);
  const counts = await repo.organizationActiveAllTime(ctx.db, organizationId);
  const recent = await repo.organizationActiveSince(ctx.db, organizationId, yearAgo);
  const allTime = (cohort: Cohort) => Number(counts.find((c) => c.cohort === cohort)?.all_time ?? 0);
  const totals = toMeasures(rows.find((r) => r.domain === ALL_DOMAINS));
  const minutesByDomain: OrganizationImpact['measured']['minutesByDomain'] = {};
  for (const r of rows) {
    const code = domainCodes.find((d) => d === r.domain);
    if (code) minutesByDomain[code] = Number(r.work_minutes);
  }
  return {
    organizationId,
    measured: {
      basis: 'measured',
      volunteersActive: allTime('people'),
      volunteersActiveLast12Months: Number(recent.find((c) => c.cohort === 'people')?.n ?? 0),
      workMinutes: totals.work_minutes,
      minutesByDomain,
      inkindReceivedCents: totals.inkind_cents,
      businessSupport: {
        businesses: allTime('businesses'),
        workMinutes: totals.b2c_minutes,
        inkindCents: totals.b2c_inkind_cents,
      },
    },
    selfReported: {
      basis: 'selfReported',
      volunteers: org.volunteers,
      paidStaff: org.paid_staff,
      peopleReachedPerYear: org.people_reached_per_year,
      incomeMix: org.income_mix
        ? (JSON.parse(org.income_mix) as OrganizationImpact['selfReported']['incomeMix'])
        : null,
      mainFunders: org.main_funders ? (JSON.parse(org.main_funders) as string[]) : null,
      lifePhase: org.life_phase,
      currentNeeds: org.current_needs ? (JSON.parse(org.current_needs) as string[]) : null,
    },
  };
}
