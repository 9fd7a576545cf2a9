import { TZDate, tzOffset } from "@date-fns/tz";
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

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Per zone, by UTC day and (only for days with an offset change) by UTC hour: the offset, or NaN when it changes inside. */
const offsetsByZone = new Map<string, { days: Map<number, number>; hours: Map<number, number> }>();
/** Entries kept per zone and kind; a long-running process starts over beyond that. */
const MAX_CACHED = 100_000;

/** The zone's offset at `at` as TZDate's getTimezoneOffset reads it (minutes, UTC minus local): one Intl call. */
function exactOffset(at: number, timeZone: string): number {
  const offset = -tzOffset(timeZone, new Date(at));
  return offset > 0 ? Math.floor(offset) : Math.ceil(offset);
}

/** The offset of `[from, from + length)` if the same at its first and last millisecond, else NaN. */
function cached(map: Map<number, number>, key: number, length: number, timeZone: string): number {
  let offset = map.get(key);
  if (offset === undefined) {
    const first = exactOffset(key * length, timeZone);
    offset = first === exactOffset(key * length + length - 1, timeZone) ? first : NaN;
    if (map.size >= MAX_CACHED) map.clear();
    map.set(key, offset);
  }
  return offset;
}

/**
 * The zone's offset at `at`, cached per zone and UTC day, and per hour on the few days with a change:
 * asking Intl for every instant was most of the CPU of expanding working hours. Offsets change a few times
 * a year at whole minutes and never twice in a day, so a day (or hour) whose first and last millisecond
 * share an offset has it throughout; inside the hour of a change each instant asks Intl.
 */
export function zoneOffset(at: number, timeZone: string): number {
  let zone = offsetsByZone.get(timeZone);
  if (!zone) offsetsByZone.set(timeZone, (zone = { days: new Map(), hours: new Map() }));
  const daily = cached(zone.days, Math.floor(at / DAY_MS), DAY_MS, timeZone);
  if (!Number.isNaN(daily)) return daily;
  const hourly = cached(zone.hours, Math.floor(at / HOUR_MS), HOUR_MS, timeZone);
  return Number.isNaN(hourly) ? exactOffset(at, timeZone) : hourly;
}

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
