import { figuresAt, type MinimumWageFigures, type VolunteerAllowanceFigures } from './figures.ts';

/**
 * Which statutory figures bind a need's pay: the strictest one over the days the work covers (from
 * its start, or today when it starts earlier or is flexible, to its end). Figures only change on
 * 1 January and 1 July, so the first and the last day are enough. Pure, so the web form checks
 * the same rule the listings service enforces, and shows the figure with its source.
 */
export function figureDays(
  now: Date,
  startsAt: string | null | undefined,
  endsAt: string | null | undefined,
): string[] {
  const today = now.toISOString();
  const from = startsAt && startsAt > today ? startsAt : today;
  return endsAt && endsAt > from ? [from, endsAt] : [from];
}

/** The highest minimum wage (21+) in force on any of the work's days; undefined before the first entry. */
export function bindingMinimumWage(
  now: Date,
  startsAt?: string | null,
  endsAt?: string | null,
): MinimumWageFigures | undefined {
  const wages = figureDays(now, startsAt, endsAt)
    .map((d) => figuresAt(d).minimumWage)
    .filter((w): w is MinimumWageFigures => w !== undefined);
  return wages.reduce<MinimumWageFigures | undefined>(
    (a, b) => (!a || b.hourly21PlusCents > a.hourly21PlusCents ? b : a),
    undefined,
  );
}

/** The lowest tax-free hourly allowance (21+) in force on any of the work's days. */
export function bindingAllowance(
  now: Date,
  startsAt?: string | null,
  endsAt?: string | null,
): VolunteerAllowanceFigures | undefined {
  const limits = figureDays(now, startsAt, endsAt)
    .map((d) => figuresAt(d).volunteerAllowance)
    .filter((l): l is VolunteerAllowanceFigures => l !== undefined);
  return limits.reduce<VolunteerAllowanceFigures | undefined>(
    (a, b) => (!a || b.hourlyMax21PlusCents < a.hourlyMax21PlusCents ? b : a),
    undefined,
  );
}

export type CompensationFigureIssue =
  | { code: 'below_minimum_wage'; path: 'compensation.hourlyRateCents'; figures: MinimumWageFigures }
  | { code: 'allowance_limit'; path: 'compensation.allowanceCents'; figures: VolunteerAllowanceFigures };

/**
 * Paid work earns at least the minimum wage; a flat allowance stays within the tax-free hourly
 * maximum. Example (2026): `{ type: 'paid', hourlyRateCents: 1400 }` → below_minimum_wage (€14.71).
 */
export function compensationFigureIssue(
  now: Date,
  compensation: { type: string; hourlyRateCents?: number | undefined; allowanceCents?: number | undefined },
  startsAt?: string | null,
  endsAt?: string | null,
): CompensationFigureIssue | null {
  if (compensation.type === 'paid' && compensation.hourlyRateCents !== undefined) {
    const wage = bindingMinimumWage(now, startsAt, endsAt);
    if (wage && compensation.hourlyRateCents < wage.hourly21PlusCents) {
      return { code: 'below_minimum_wage', path: 'compensation.hourlyRateCents', figures: wage };
    }
  }
  if (compensation.type === 'allowance' && compensation.allowanceCents !== undefined) {
    const limit = bindingAllowance(now, startsAt, endsAt);
    if (limit && compensation.allowanceCents > limit.hourlyMax21PlusCents) {
      return { code: 'allowance_limit', path: 'compensation.allowanceCents', figures: limit };
    }
  }
  return null;
}
