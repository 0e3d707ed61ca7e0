import { sql } from 'kysely';
import type { Db } from '../../db/create-db.ts';
import type { ResolvedScope } from './scope.ts';
import {
  ALL_DOMAINS,
  type Cohort,
  activeMonths,
  activityDeltas,
  pairCountChanges,
  rollupDeltas,
  rollupMeasures,
  type ActivityDelta,
  type ConfirmedFact,
  type Measures,
  type RollupDelta,
} from './rollup.ts';

const rollupKey = (d: Pick<RollupDelta, 'level' | 'area' | 'day' | 'domain'>) =>
  `${d.level}\u0000${d.area}\u0000${d.day}\u0000${d.domain}`;

/** Sums deltas with the same key, so a group of facts costs one upsert per touched row. */
function mergeRollups(deltas: RollupDelta[]): RollupDelta[] {
  const merged = new Map<string, RollupDelta>();
  for (const d of deltas) {
    const k = rollupKey(d);
    const row = merged.get(k);
    if (!row) merged.set(k, { ...d, measures: { ...d.measures } });
    else for (const m of rollupMeasures) row.measures[m] += d.measures[m];
  }
  return [...merged.values()];
}

/**
 * Applies facts (confirmations and corrections) to the rollups, inside the caller's transaction.
 * Callers hold the ledger's journal head lock, so rollup writers never race each other.
 */
export async function applyFacts(trx: Db, facts: ConfirmedFact[]): Promise<void> {
  for (const d of mergeRollups(facts.flatMap(rollupDeltas))) {
    const m: Measures = d.measures;
    await trx
      .insertInto('impact_rollups')
      .values({ level: d.level, area: d.area, day: d.day, domain: d.domain, ...m })
      .onConflict((oc) =>
        oc
          .columns(['level', 'area', 'day', 'domain'])
          .doUpdateSet(
            Object.fromEntries(
              rollupMeasures.map((k) => [k, sql`impact_rollups.${sql.ref(k)} + excluded.${sql.ref(k)}`]),
            ) as Record<keyof Measures, never>,
          ),
      )
      .execute();
  }
  const activity = new Map<string, ActivityDelta>();
  for (const a of facts.flatMap(activityDeltas)) {
    const k = `${a.level}\u0000${a.area}\u0000${a.cohort}\u0000${a.subjectId}\u0000${a.month}`;
    const prev = activity.get(k);
    activity.set(k, prev ? { ...prev, entries: prev.entries + a.entries } : a);
  }
  for (const a of activity.values()) {
    if (a.entries !== 0) await applyActivity(trx, a);
  }
}

async function applyActivity(trx: Db, a: ActivityDelta): Promise<void> {
  const key = { level: a.level, area: a.area, cohort: a.cohort, subject_id: a.subjectId };
  const rows = await trx
    .selectFrom('impact_activity')
    .select(['month', 'entries'])
    .where((eb) => eb.and(key))
    .execute();
  const months = new Map(rows.map((r) => [r.month, Number(r.entries)]));
  const before = activeMonths(months);
  const entries = (months.get(a.month) ?? 0) + a.entries;
  if (entries === 0) {
    await trx
      .deleteFrom('impact_activity')
      .where((eb) => eb.and({ ...key, month: a.month }))
      .execute();
    months.delete(a.month);
  } else if (months.has(a.month)) {
    await trx
      .updateTable('impact_activity')
      .set({ entries })
      .where((eb) => eb.and({ ...key, month: a.month }))
      .execute();
    months.set(a.month, entries);
  } else {
    await trx
      .insertInto('impact_activity')
      .values({ level: a.level, area: a.area, cohort: a.cohort, subject_id: a.subjectId, month: a.month, entries })
      .execute();
    months.set(a.month, entries);
  }
  for (const c of pairCountChanges(before, activeMonths(months))) {
    await trx
      .insertInto('impact_active_counts')
      .values({ level: a.level, area: a.area, cohort: a.cohort, month: c.month, prev_month: c.prevMonth, n: c.n })
      .onConflict((oc) =>
        oc
          .columns(['level', 'area', 'cohort', 'month', 'prev_month'])
          .doUpdateSet({ n: sql`impact_active_counts.n + excluded.n` }),
      )
      .execute();
  }
}

/** What a confirmed engagement contributes to the figures: its kind, worker, minutes, need's domains and place. */
export const engagementFactsRow = (db: Db, engagementId: string) =>
  db
    .selectFrom('engagements as e')
    .innerJoin('needs as n', 'n.id', 'e.need_id')
    .innerJoin('organizations as o', 'o.id', 'e.organization_id')
    .select([
      'e.id',
      'e.kind',
      'e.worker_user_id',
      'e.worker_organization_id',
      'e.confirmed_minutes',
      'e.compensation_type',
      'e.organization_id',
      'n.domains',
      'n.postcode as need_postcode',
      'o.postcode as org_postcode',
    ])
    .where('e.id', '=', engagementId)
    .executeTakeFirst();

/** The personal record of confirmed work (recognition reads it; written here, in the confirming transaction). */
export async function insertParticipants(
  trx: Db,
  rows: { engagement_id: string; user_id: string; minutes: number; newcomer: number }[],
): Promise<void> {
  await trx.insertInto('engagement_participants').values(rows).execute();
}

export const participantsOf = (db: Db, engagementId: string) =>
  db
    .selectFrom('engagement_participants')
    .select(['user_id', 'newcomer'])
    .where('engagement_id', '=', engagementId)
    .execute();

// ——— reading the figures ———

const sumColumns = rollupMeasures.map((m) => sql<number>`coalesce(sum(${sql.ref(m)}), 0)`.as(m));
/** Rollup rows of the scope and period. */
function rollups(db: Db, scope: Pick<ResolvedScope, 'level' | 'areas'>, from: string | null, to: string) {
  let q = db
    .selectFrom('impact_rollups')
    .where('level', '=', scope.level)
    .where('area', 'in', scope.areas)
    .where('day', '<=', to);
  if (from) q = q.where('day', '>=', from);
  return q;
}

/** Distinct active subjects per cohort in months [from, to] (file header of rollup.ts). */
export async function activeCounts(
  db: Db,
  scope: ResolvedScope,
  fromMonth: string,
  toMonth: string,
): Promise<Record<Cohort, number>> {
  const out: Record<Cohort, number> = { people: 0, newcomers: 0, businesses: 0, initiatives: 0 };
  if (scope.areas.length === 1) {
    const rows = await db
      .selectFrom('impact_active_counts')
      .select(['cohort', sql<number>`coalesce(sum(n), 0)`.as('n')])
      .where('level', '=', scope.level)
      .where('area', '=', scope.areas[0]!)
      .where('month', '>=', fromMonth)
      .where('month', '<=', toMonth)
      .where('prev_month', '<', fromMonth)
      .groupBy('cohort')
      .execute();
    for (const r of rows) out[r.cohort as Cohort] = Number(r.n);
    return out;
  }
  // Several PC4 areas (a radius): a person active in two of them counts once.
  const rows = await db
    .selectFrom('impact_activity')
    .select(['cohort', sql<number>`count(distinct subject_id)`.as('n')])
    .where('level', '=', scope.level)
    .where('area', 'in', scope.areas)
    .where('month', '>=', fromMonth)
    .where('month', '<=', toMonth)
    .groupBy('cohort')
    .execute();
  for (const r of rows) out[r.cohort as Cohort] = Number(r.n);
  return out;
}

/** The all-domains totals of each day in the scope and period. */
export const dayTotals = (db: Db, scope: Pick<ResolvedScope, 'level' | 'areas'>, from: string | null, to: string) =>
  rollups(db, scope, from, to)
    .where('domain', '=', ALL_DOMAINS)
    .select(['day', ...sumColumns])
    .groupBy('day')
    .orderBy('day')
    .execute();

/** Work minutes per domain in the scope and period. */
export const workMinutesByDomain = (
  db: Db,
  scope: Pick<ResolvedScope, 'level' | 'areas'>,
  from: string | null,
  to: string,
) =>
  rollups(db, scope, from, to)
    .where('domain', '<>', ALL_DOMAINS)
    .select(['domain', sql<number>`coalesce(sum(work_minutes), 0)`.as('work_minutes')])
    .groupBy('domain')
    .execute();

/** Every measure per domain (the all-domains row included) up to `to`. */
export const totalsByDomain = (db: Db, scope: Pick<ResolvedScope, 'level' | 'areas'>, to: string) =>
  rollups(db, scope, null, to)
    .select(['domain', ...sumColumns])
    .groupBy('domain')
    .execute();

/** All time: each subject's first pair has prev_month ''. */
export const organizationActiveAllTime = (db: Db, organizationId: string) =>
  db
    .selectFrom('impact_active_counts')
    .select(['cohort', sql<number>`coalesce(sum(n), 0)`.as('all_time')])
    .where('level', '=', 'organization')
    .where('area', '=', organizationId)
    .where('prev_month', '=', '')
    .groupBy('cohort')
    .execute();

/** Subjects active after `since` (a month): the pairs that start at or before it and end after. */
export const organizationActiveSince = (db: Db, organizationId: string, since: string) =>
  db
    .selectFrom('impact_active_counts')
    .select(['cohort', sql<number>`coalesce(sum(n), 0)`.as('n')])
    .where('level', '=', 'organization')
    .where('area', '=', organizationId)
    .where('month', '>', since)
    .where('prev_month', '<=', since)
    .groupBy('cohort')
    .execute();
