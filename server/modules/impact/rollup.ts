/**
 * The impact rollups as pure functions (no I/O): what one confirmed ledger transfer — or its
 * correction — adds to the sums per area, day and domain, and to the "who was active when"
 * counts. The repository applies these deltas in the confirming transaction; the property test
 * recomputes them from scratch and compares.
 *
 * Distinct counts over a range of months without scanning people: every subject's active months
 * m1 < m2 < … in an area are stored as pairs (m_i, m_{i-1}) (the first with ''). A subject is
 * active in [a, b] exactly when one of its active months lies in [a, b] and the one before it
 * lies before a (or does not exist) — exactly one pair per active subject qualifies. So
 * `distinct subjects in [a, b] = Σ n over pairs with a ≤ month ≤ b and prev_month < a`, and the
 * table of pair counts has at most months² / 2 rows per area.
 */

export const rollupLevels = ['country', 'province', 'municipality', 'pc4', 'organization'] as const;
export type RollupLevel = (typeof rollupLevels)[number];
export const cohorts = ['people', 'newcomers', 'businesses', 'initiatives'] as const;
export type Cohort = (typeof cohorts)[number];
export const ALL_DOMAINS = '*';
export const COUNTRY = 'NL';

export const rollupMeasures = [
  'work_minutes',
  'paid_minutes',
  'unpaid_minutes',
  'b2c_minutes',
  'time_minutes',
  'inkind_cents',
  'b2c_inkind_cents',
  'work_entries',
] as const;
export type Measure = (typeof rollupMeasures)[number];
export type Measures = Record<Measure, number>;
export const zeroMeasures = (): Measures => ({
  work_minutes: 0,
  paid_minutes: 0,
  unpaid_minutes: 0,
  b2c_minutes: 0,
  time_minutes: 0,
  inkind_cents: 0,
  b2c_inkind_cents: 0,
  work_entries: 0,
});

/** Where the work was done and for whom: the need's organisation and place. */
export interface Place {
  organizationId: string;
  pc4: string;
  municipality: string;
  province: string;
}

/**
 * One posted ledger transfer of a completed engagement, or (sign −1) its correction.
 * `people`: who did the work (the worker, or a business's participating staff) — WORK only.
 */
export interface ConfirmedFact {
  transferId: string;
  unit: 'WORK' | 'TIME' | 'INKIND';
  amount: number;
  sign: 1 | -1;
  /** Europe/Amsterdam day of the original confirmation (a correction undoes it on that day). */
  day: string;
  place: Place;
  domains: readonly string[];
  paid: boolean;
  /** The business that gave the work or materials (Business-to-Community), if any. */
  businessId: string | null;
  people: readonly { userId: string; newcomer: boolean }[];
}

export interface RollupDelta {
  level: RollupLevel;
  area: string;
  day: string;
  domain: string;
  measures: Measures;
}

export interface ActivityDelta {
  level: RollupLevel;
  area: string;
  cohort: Cohort;
  subjectId: string;
  month: string;
  entries: number;
}

export const areasOf = (place: Place): { level: RollupLevel; area: string }[] => [
  { level: 'country', area: COUNTRY },
  { level: 'province', area: place.province },
  { level: 'municipality', area: place.municipality },
  { level: 'pc4', area: place.pc4 },
  { level: 'organization', area: place.organizationId },
];

/** What one fact adds to each measure (before the sign). */
function measuresOf(fact: ConfirmedFact): Measures {
  const m = zeroMeasures();
  if (fact.unit === 'WORK') {
    m.work_minutes = fact.amount;
    m[fact.paid ? 'paid_minutes' : 'unpaid_minutes'] = fact.amount;
    if (fact.businessId) m.b2c_minutes = fact.amount;
    m.work_entries = 1;
  } else if (fact.unit === 'TIME') {
    m.time_minutes = fact.amount;
  } else {
    m.inkind_cents = fact.amount;
    if (fact.businessId) m.b2c_inkind_cents = fact.amount;
  }
  return m;
}

/**
 * The sums a fact changes: every area level × (each domain and '*').
 * Example: 90 WORK minutes, unpaid, greening + food in 3511 Utrecht → 5 areas × 3 domains rows of
 * work 90, unpaid 90, entries 1 (all negated for a correction).
 */
export function rollupDeltas(fact: ConfirmedFact): RollupDelta[] {
  const base = measuresOf(fact);
  // `v === 0 ? 0`: never −0, so a correction's zero columns equal a confirmation's.
  const measures = Object.fromEntries(
    Object.entries(base).map(([k, v]) => [k, v === 0 ? 0 : v * fact.sign]),
  ) as Measures;
  const domains = [ALL_DOMAINS, ...new Set(fact.domains)];
  return areasOf(fact.place).flatMap(({ level, area }) =>
    domains.map((domain) => ({ level, area, day: fact.day, domain, measures: { ...measures } })),
  );
}

/**
 * Who becomes (or stops being) active in the fact's month: each person (and newcomers separately),
 * the business, and the initiative that received work. Only WORK counts as activity.
 */
export function activityDeltas(fact: ConfirmedFact): ActivityDelta[] {
  if (fact.unit !== 'WORK') return [];
  const month = fact.day.slice(0, 7);
  const subjects: { cohort: Cohort; subjectId: string }[] = [];
  for (const p of fact.people) {
    subjects.push({ cohort: 'people', subjectId: p.userId });
    if (p.newcomer) subjects.push({ cohort: 'newcomers', subjectId: p.userId });
  }
  if (fact.businessId) subjects.push({ cohort: 'businesses', subjectId: fact.businessId });
  subjects.push({ cohort: 'initiatives', subjectId: fact.place.organizationId });
  return areasOf(fact.place).flatMap(({ level, area }) =>
    subjects.map((s) => ({ level, area, ...s, month, entries: fact.sign })),
  );
}

/** The (month, previous month) pairs of a subject's active months: see the file header. */
export function chainPairs(months: Iterable<string>): { month: string; prevMonth: string }[] {
  const sorted = [...new Set(months)].sort();
  return sorted.map((month, i) => ({ month, prevMonth: i === 0 ? '' : sorted[i - 1]! }));
}

/** Pair-count changes when a subject's active months go from `before` to `after`. */
export function pairCountChanges(
  before: Iterable<string>,
  after: Iterable<string>,
): { month: string; prevMonth: string; n: number }[] {
  const key = (p: { month: string; prevMonth: string }) => `${p.month}|${p.prevMonth}`;
  const counts = new Map<string, number>();
  for (const p of chainPairs(before)) counts.set(key(p), (counts.get(key(p)) ?? 0) - 1);
  for (const p of chainPairs(after)) counts.set(key(p), (counts.get(key(p)) ?? 0) + 1);
  return [...counts]
    .filter(([, n]) => n !== 0)
    .map(([k, n]) => {
      const [month, prevMonth] = k.split('|') as [string, string];
      return { month, prevMonth, n };
    });
}

/** Distinct active subjects in months [from, to] from pair counts (see the file header). */
export function distinctActive(
  pairs: Iterable<{ month: string; prevMonth: string; n: number }>,
  from: string,
  to: string,
): number {
  let total = 0;
  for (const p of pairs) if (p.month >= from && p.month <= to && p.prevMonth < from) total += p.n;
  return total;
}

/** In-memory rollups: the same deltas applied to maps. The property test's "from scratch" side, and the benchmark's builder. */
export class RollupState {
  readonly sums = new Map<
    string,
    { level: RollupLevel; area: string; day: string; domain: string; measures: Measures }
  >();
  /** `level|area|cohort|subject` → month → entries (only months with entries ≠ 0). */
  readonly activity = new Map<string, Map<string, number>>();
  /** `level|area|cohort|month|prevMonth` → n (only n ≠ 0). */
  readonly pairs = new Map<string, number>();

  apply(fact: ConfirmedFact): void {
    for (const d of rollupDeltas(fact)) {
      const k = `${d.level}|${d.area}|${d.day}|${d.domain}`;
      const row = this.sums.get(k) ?? {
        level: d.level,
        area: d.area,
        day: d.day,
        domain: d.domain,
        measures: zeroMeasures(),
      };
      for (const m of rollupMeasures) row.measures[m] += d.measures[m];
      this.sums.set(k, row);
    }
    for (const a of activityDeltas(fact)) {
      const subjectKey = `${a.level}|${a.area}|${a.cohort}|${a.subjectId}`;
      const months = this.activity.get(subjectKey) ?? new Map<string, number>();
      const before = activeMonths(months);
      const entries = (months.get(a.month) ?? 0) + a.entries;
      if (entries === 0) months.delete(a.month);
      else months.set(a.month, entries);
      if (months.size === 0) this.activity.delete(subjectKey);
      else this.activity.set(subjectKey, months);
      for (const c of pairCountChanges(before, activeMonths(months))) {
        const pk = `${a.level}|${a.area}|${a.cohort}|${c.month}|${c.prevMonth}`;
        const n = (this.pairs.get(pk) ?? 0) + c.n;
        if (n === 0) this.pairs.delete(pk);
        else this.pairs.set(pk, n);
      }
    }
  }
}

/** Months in which a subject has net entries above 0 (a correction can bring a month back to 0). */
export const activeMonths = (months: ReadonlyMap<string, number>): string[] =>
  [...months].filter(([, n]) => n > 0).map(([m]) => m);
