import { TZDate } from "@date-fns/tz";
import { addDays, addMonths, addWeeks, format, startOfDay, startOfISOWeek, startOfMonth } from "date-fns";
import type { FairnessWindow, Interval } from "./types";

/**
 * Key of the fairness window containing `at`, computed in the workspace time zone:
 * 'all' (none), 'YYYY-MM-DD' (day), 'GGGG-Www' ISO week (Monday start), 'YYYY-MM' (month).
 * Counters (windowCount/windowCredit) belong to one key; the caller resets them when it changes.
 */
export function windowKey(window: FairnessWindow, at: number, timeZone: string): string {
  if (window === "none") return "all";
  const d = new TZDate(at, timeZone);
  if (window === "day") return format(d, "yyyy-MM-dd");
  if (window === "week") return format(d, "RRRR-'W'II");
  return format(d, "yyyy-MM");
}

/** Largest instant a JS Date can represent; bounds the 'none' window. */
const MAX_TIME = 8.64e15;

/**
 * [start, end) of the window containing `at` in `timeZone` (DST-aware: a day may be 23/25 h).
 * Useful for counting windowCount, and with 'day'/'week' for dayCount/weekCount (caps).
 */
export function windowBounds(window: FairnessWindow, at: number, timeZone: string): Interval {
  if (window === "none") return { start: -MAX_TIME, end: MAX_TIME };
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
