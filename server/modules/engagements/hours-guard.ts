/**
 * The checks of `hours-rules.ts` against the database, for `logHours`: 422 `hours_implausible_date`
 * or `hours_over_day_limit` with the facts. The day total is read inside the logging transaction,
 * after the worker's row is locked (PostgreSQL; SQLite writes one at a time), so two loggings at once
 * cannot both slip under the limit.
 */
import type { AppContext } from '../../context.ts';
import type { Db } from '../../db/create-db.ts';
import { ruleRefused } from '../../errors.ts';
import { allowancePeriod } from './allowance-guard.ts';
import { HOURS_DAY_LIMIT_MINUTES, hoursDateIssue, overDayLimit } from './hours-rules.ts';
import { hoursLoggedOn, lockWorker } from './repository.ts';

export function requirePlausibleHoursDate(
  ctx: AppContext,
  date: string,
  engagement: { accepted_at: string | null; created_at: string },
): void {
  const issue = hoursDateIssue(date, {
    today: allowancePeriod(ctx.clock.now()).day,
    acceptedOn: allowancePeriod(new Date(engagement.accepted_at ?? engagement.created_at)).day,
  });
  if (!issue) return;
  const message =
    issue.problem === 'future'
      ? 'Hours can be logged for today or earlier'
      : `Hours can be logged from ${issue.earliest}: a week before the engagement was accepted`;
  throw ruleRefused('hours_implausible_date', message, { ...issue }, { date: message });
}

export async function requireWithinDayLimit(
  ctx: AppContext,
  trx: Db,
  workerId: string,
  date: string,
  minutes: number,
): Promise<void> {
  await lockWorker(trx, ctx.dialect, workerId);
  const logged = await hoursLoggedOn(trx, workerId, date);
  if (overDayLimit(logged, minutes)) {
    const message = `At most ${HOURS_DAY_LIMIT_MINUTES / 60} hours on one day; ${logged} minutes are already logged on ${date}`;
    throw ruleRefused(
      'hours_over_day_limit',
      message,
      { date, loggedMinutes: logged, limitMinutes: HOURS_DAY_LIMIT_MINUTES },
      { minutes: message },
    );
  }
}
