import { TZDate } from "@date-fns/tz";
import type { Interval } from "@/lib/routing";

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

/** The local calendar day containing `at` in `timeZone`. */
export function dayOf(at: number, timeZone: string): CalendarDay {
  const d = new TZDate(at, timeZone);
  return { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate() };
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
  const resolved = new TZDate(d.year, d.month - 1, d.day, 0, minute, timeZone).getTime();
  const wall = new Date(0);
  wall.setUTCFullYear(d.year, d.month - 1, d.day);
  wall.setUTCHours(0, minute, 0, 0);
  // Every instant whose local time reads `wall`: one per offset in force around it.
  const offsets = new Set([-3, 0, 3].map((h) => new TZDate(resolved + h * 3_600_000, timeZone).getTimezoneOffset()));
  const readings = [...offsets]
    .map((offset) => wall.getTime() + offset * 60_000)
    .filter((at) => new TZDate(at, timeZone).getTimezoneOffset() * 60_000 === at - wall.getTime());
  if (readings.length === 0) return resolved; // skipped by a jump forward
  return opts.last ? Math.max(...readings) : Math.min(...readings);
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
