import { TZDate } from "@date-fns/tz";
import { addDays, addMonths, addWeeks, startOfDay, startOfISOWeek, startOfMonth } from "date-fns";
import type { FairnessWindow, Interval } from "./types";
import { zoneOffset } from "./zone-offset";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** The local wall time of `at` in `timeZone`, as the UTC fields of the returned Date. */
function local(at: number, timeZone: string): Date {
  return new Date(at - zoneOffset(at, timeZone) * 60_000);
}

/** ISO week-numbering year and week (Monday start; week 1 holds the year's first Thursday) of a UTC date. */
function isoWeek(d: Date): { year: number; week: number } {
  const thursday = new Date(
    Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 3 - ((d.getUTCDay() + 6) % 7)),
  );
  const year = thursday.getUTCFullYear();
  return { year, week: 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) };
}

/**
 * Key of the fairness window containing `at`, computed in the workspace time zone:
 * 'all' (none), 'YYYY-MM-DD' (day), 'GGGG-Www' ISO week (Monday start), 'YYYY-MM' (month).
 * Counters (windowCount/windowCredit) belong to one key; the caller resets them when it changes.
 * Read from the cached zone offset: a TZDate and date-fns `format` cost about 100 µs a key, several
 * times per booking (lib/routing/window.test.ts compares with them).
 */
export function windowKey(window: FairnessWindow, at: number, timeZone: string): string {
  if (window === "none") return "all";
  const d = local(at, timeZone);
  if (window === "week") {
    const w = isoWeek(d);
    return `${pad(w.year, 4)}-W${pad(w.week, 2)}`;
  }
  const month = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}`;
  return window === "day" ? `${month}-${pad(d.getUTCDate(), 2)}` : month;
}

/** Largest instant a JS Date can represent; bounds the 'none' window. */
const MAX_TIME = 8.64e15;

/**
 * The instant of local midnight starting the day `y-m-d` (month 0-based, may overflow), or NaN when the
 * zone's offset changes within 3 hours of it (a midnight skipped or repeated: the caller asks TZDate).
 */
function midnight(y: number, m: number, d: number, timeZone: string): number {
  const wall = Date.UTC(y, m, d);
  const at = wall + zoneOffset(wall, timeZone) * 60_000;
  const offset = zoneOffset(at, timeZone);
  return wall + offset * 60_000 === at &&
    zoneOffset(at - 3 * HOUR_MS, timeZone) === offset &&
    zoneOffset(at + 3 * HOUR_MS, timeZone) === offset
    ? at
    : NaN;
}

/**
 * [start, end) of the window containing `at` in `timeZone` (DST-aware: a day may be 23/25 h).
 * Useful for counting windowCount, and with 'day'/'week'/'month' for caps and buckets.
 */
export function windowBounds(window: FairnessWindow, at: number, timeZone: string): Interval {
  if (window === "none") return { start: -MAX_TIME, end: MAX_TIME };
  const d = local(at, timeZone);
  const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()];
  const first = window === "day" ? day : window === "week" ? day - ((d.getUTCDay() + 6) % 7) : 1;
  const start = midnight(y, m, first, timeZone);
  const end =
    window === "month" ? midnight(y, m + 1, 1, timeZone) : midnight(y, m, first + (window === "day" ? 1 : 7), timeZone);
  return Number.isNaN(start) || Number.isNaN(end) ? zonedBounds(window, at, timeZone) : { start, end };
}

/** windowBounds by TZDate and date-fns, for the rare window edge next to an offset change. */
export function zonedBounds(window: "day" | "week" | "month", at: number, timeZone: string): Interval {
  const d = new TZDate(at, timeZone);
  if (window === "day") {
    const s = startOfDay(d);
    return { start: s.getTime(), end: addDays(s, 1).getTime() };
  }
  if (window === "week") {
    const s = startOfISOWeek(d);
    return { start: s.getTime(), end: addWeeks(s, 1).getTime() };
  }
  const s = startOfMonth(d);
  return { start: s.getTime(), end: addMonths(s, 1).getTime() };
}
