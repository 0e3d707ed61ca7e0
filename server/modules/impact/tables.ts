/** Sums of confirmed work per (level, area, day, domain); `domain = '*'` is every domain together. */
export interface ImpactRollupsTable {
  /** country | province | municipality | pc4 | organization */
  level: string;
  area: string;
  /** YYYY-MM-DD, Europe/Amsterdam day of the confirmation. */
  day: string;
  domain: string;
  work_minutes: number;
  paid_minutes: number;
  unpaid_minutes: number;
  b2c_minutes: number;
  time_minutes: number;
  inkind_cents: number;
  b2c_inkind_cents: number;
  work_entries: number;
}

/** Which subject (person, business, initiative) was active in which month, per area and cohort. */
export interface ImpactActivityTable {
  level: string;
  area: string;
  /** people | newcomers | businesses | initiatives */
  cohort: string;
  subject_id: string;
  month: string;
  entries: number;
}

/** How many subjects have active month `month` whose previous active month (same area) is `prev_month` ('' for none). */
export interface ImpactActiveCountsTable {
  level: string;
  area: string;
  cohort: string;
  month: string;
  prev_month: string;
  n: number;
}

export interface ImpactTables {
  impact_rollups: ImpactRollupsTable;
  impact_activity: ImpactActivityTable;
  impact_active_counts: ImpactActiveCountsTable;
}
