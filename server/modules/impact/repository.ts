import { sql } from 'kysely';
import type { Db } from '../../db/create-db.ts';
import { activeMonths, activityDeltas, pairCountChanges, rollupDeltas, rollupMeasures, type ActivityDelta, type ConfirmedFact, type Measures, type RollupDelta } from './rollup.ts';

const rollupKey = (d: Pick<RollupDelta, 'level' | 'area' | 'day' | 'domain'>) => `${d.level}\u0000${d.area}\u0000${d.day}\u0000${d.domain}`;

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
        oc.columns(['level', 'area', 'day', 'domain']).doUpdateSet(Object.fromEntries(rollupMeasures.map((k) => [k, sql`impact_rollups.${sql.ref(k)} + excluded.${sql.ref(k)}`])) as Record<keyof Measures, never>),
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
  const rows = await trx.selectFrom('impact_activity').select(['month', 'entries']).where((eb) => eb.and(key)).execute();
  const months = new Map(rows.map((r) => [r.month, Number(r.entries)]));
  const before = activeMonths(months);
  const entries = (months.get(a.month) ?? 0) + a.entries;
  if (entries === 0) {
    await trx.deleteFrom('impact_activity').where((eb) => eb.and({ ...key, month: a.month })).execute();
    months.delete(a.month);
  } else if (months.has(a.month)) {
    await trx.updateTable('impact_activity').set({ entries }).where((eb) => eb.and({ ...key, month: a.month })).execute();
    months.set(a.month, entries);
  } else {
    await trx.insertInto('impact_activity').values({ level: a.level, area: a.area, cohort: a.cohort, subject_id: a.subjectId, month: a.month, entries }).execute();
    months.set(a.month, entries);
  }
  for (const c of pairCountChanges(before, activeMonths(months))) {
    await trx
      .insertInto('impact_active_counts')
      .values({ level: a.level, area: a.area, cohort: a.cohort, month: c.month, prev_month: c.prevMonth, n: c.n })
      .onConflict((oc) => oc.columns(['level', 'area', 'cohort', 'month', 'prev_month']).doUpdateSet({ n: sql`impact_active_counts.n + excluded.n` }))
      .execute();
  }
}
