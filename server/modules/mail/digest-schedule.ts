/**
 * When the daily digest goes out: once a day, at the first run of the hourly job after 08:00 in
 * Amsterdam, with the lines written before that 08:00 (pure).
 */
export const DIGEST_HOUR = 8;

const amsterdamParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Amsterdam',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Minutes Amsterdam is ahead of UTC at `at` (60 in winter, 120 in summer). */
function offsetMinutes(at: Date): number {
  const p = Object.fromEntries(amsterdamParts.formatToParts(at).map((x) => [x.type, Number(x.value)]));
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** The instant of `hour`:00 Amsterdam time on the Amsterdam calendar day `days` after the day of `at`. */
function amsterdamHour(at: Date, hour: number, days: number): Date {
  const p = Object.fromEntries(amsterdamParts.formatToParts(at).map((x) => [x.type, Number(x.value)]));
  const wall = Date.UTC(p.year!, p.month! - 1, p.day! + days, hour);
  // The offset of the result itself (a daylight-saving switch may lie between `at` and it).
  const guess = new Date(wall - offsetMinutes(at) * 60_000);
  return new Date(wall - offsetMinutes(guess) * 60_000);
}

/** The latest digest time (08:00 Amsterdam) at or before `now`. */
export function lastDigestTime(now: Date, hour: number = DIGEST_HOUR): Date {
  const today = amsterdamHour(now, hour, 0);
  return today.getTime() <= now.getTime() ? today : amsterdamHour(now, hour, -1);
}
