import { TZDate } from "@date-fns/tz";
import { zoneOffset, type Interval } from "@/lib/routing";

/** A calendar day 'YYYY-MM-DD' (no time zone). */
export interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

export function parseDay(s: string): CalendarDay {
  const [year, month, day] = s.split("-").map(Number);
  return { year, month, day };
}

const HOUR_MS = 3_600_000;

/** The local calendar day containing `at` in `timeZone`. */
export function dayOf(at: number, timeZone: string): CalendarDay {
  const local = new Date(at - zoneOffset(at, timeZone) * 60_000);
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
}

/** `d` shifted by `n` calendar days (pure calendar arithmetic, no time zone involved). */
export function addCalendarDays(d: CalendarDay, n: number): CalendarDay {
  const u = new Date(Date.UTC(d.year, d.month - 1, d.day + n));
  return { year: u.getUTCFullYear(), month: u.getUTCMonth() + 1, day: u.getUTCDate() };
}

/** ISO weekday, 1 = Monday … 7 = Sunday. */
export function isoWeekday(d: CalendarDay): number {
  const w = new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
  return w === 0 ? 7 : w;
}

/**
 * The instant of wall-clock `minute` (0..1440) on day `d` in `timeZone`. 1440 is the next
 * midnight. A wall time skipped by a DST jump resolves forward (02:30 on a spring-forward
 * day in Berlin is 03:30 CEST); TZDate does the zone math. A wall time that happens twice
 * (02:30 on a fall-back day) resolves to its first occurrence, or with `last: true` to its
 * second: an interval starting at the first and ending at the last holds every real hour
 * (02:00–04:00 on Berlin's fall-back day is 3 hours).
 */
export function wallClock(d: CalendarDay, minute: number, timeZone: string, opts: { last?: boolean } = {}): number {
  const date = new Date(0);
  date.setUTCFullYear(d.year, d.month - 1, d.day);
  date.setUTCHours(0, minute, 0, 0);
  const wall = date.getTime();
  // Near the instant reading `wall` (within the size of one offset change of this guess), every offset
  // in force: one reading per offset whose instant really has that offset.
  const guess = wall + zoneOffset(wall, timeZone) * 60_000;
  let first = NaN;
  let last = NaN;
  for (const around of [guess - 3 * HOUR_MS, guess, guess + 3 * HOUR_MS]) {
    const offset = zoneOffset(around, timeZone);
    const at = wall + offset * 60_000;
    if (zoneOffset(at, timeZone) !== offset) continue;
    if (!(at >= first)) first = at;
    if (!(at <= last)) last = at;
  }
  // Skipped by a jump forward (rare): TZDate resolves it forward.
  if (Number.isNaN(first)) return new TZDate(d.year, d.month - 1, d.day, 0, minute, timeZone).getTime();
  return opts.last ? last : first;
}

/** Midnight-to-midnight of a local day: 23 h or 25 h on DST change days. */
export function dayRange(d: CalendarDay, timeZone: string): Interval {
  return { start: wallClock(d, 0, timeZone), end: wallClock(addCalendarDays(d, 1), 0, timeZone) };
}

/**
 * A query range: a day ('2024-01-15') means its local midnight in `timeZone`; an `end` day is
 * inclusive (up to the next local midnight); ISO date-times are taken as given.
 */
export function resolveRange(start: string, end: string, timeZone: string): Interval {
  const isDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);
  return {
    start: isDay(start) ? dayRange(parseDay(start), timeZone).start : Date.parse(start),
    end: isDay(end) ? dayRange(parseDay(end), timeZone).end : Date.parse(end),
  };
}
