import type { Interval } from "@/lib/routing";
import { addCalendarDays, dayOf, isoWeekday, wallClock, type CalendarDay } from "./calendar";
import { mergeIntervals } from "./intervals";

import type { DayRange, WeeklyHours } from "@/db/office-hours";

/** One weekly rule, as stored in working_hours: ISO weekday and minutes in the user's zone. */
export type WeeklyRule = WeeklyHours;
/** One range of one day, minutes after local midnight (0–1440). */
export type DayRangeRule = DayRange;
export { OFFICE_HOURS } from "@/db/office-hours";

/**
 * Date overrides by calendar day 'YYYY-MM-DD' (in the user's zone): on that day exactly these
 * ranges replace the weekly rules; an empty list is a day off.
 */
export type DateOverrides = ReadonlyMap<string, readonly DayRangeRule[]>;

/** Around the clock, every day. Only ever used on purpose (tests, load fixtures); never a fallback. */
export const ALL_DAY: readonly WeeklyRule[] = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
  weekday,
  startMinute: 0,
  endMinute: 1440,
}));

const pad = (n: number) => String(n).padStart(2, "0");
/** 'YYYY-MM-DD' of a calendar day. */
export const dayKey = (d: CalendarDay) => `${d.year}-${pad(d.month)}-${pad(d.day)}`;

/**
 * Absolute working intervals covering `range`, expanded day by day in the user's own
 * `timeZone` (DST-correct: 09:00–17:00 stays 09:00–17:00 local on change days). A day listed in
 * `overrides` uses the override's ranges instead of the weekly rules (none = a day off).
 * Whole local days touching the range are expanded and not clipped, so slot grids anchored
 * on interval starts do not depend on the query range. Result is merged (adjacent days join).
 * No rules and no overrides = never working: nobody is bookable around the clock by omission.
 */
export function expandWorkingHours(
  rules: readonly WeeklyRule[],
  timeZone: string,
  range: Interval,
  overrides?: DateOverrides,
): Interval[] {
  if ((rules.length === 0 && !overrides?.size) || range.end <= range.start) return [];
  const out: Interval[] = [];
  const last = dayOf(range.end, timeZone);
  // Start one day early: a rule ending at 24:00 of the previous day may touch the range.
  for (let d = addCalendarDays(dayOf(range.start, timeZone), -1); ; d = addCalendarDays(d, 1)) {
    const override = overrides?.size ? overrides.get(dayKey(d)) : undefined;
    const weekday = isoWeekday(d);
    const todays = override ?? rules.filter((r) => r.weekday === weekday);
    for (const r of todays) {
      const iv = {
        start: wallClock(d, r.startMinute, timeZone),
        end: wallClock(d, r.endMinute, timeZone, { last: true }),
      };
      if (iv.end > range.start && iv.start < range.end) out.push(iv);
    }
    if (d.year === last.year && d.month === last.month && d.day === last.day) break;
  }
  return mergeIntervals(out);
}
