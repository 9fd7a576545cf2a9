import type { Interval } from "@/lib/routing";
import { addCalendarDays, dayOf, isoWeekday, wallClock } from "./calendar";
import { mergeIntervals } from "./intervals";

/** One weekly rule, as stored in working_hours: ISO weekday and minutes in the user's zone. */
export interface WeeklyRule {
  weekday: number;
  startMinute: number;
  endMinute: number;
}

/** Around the clock, every day: what a user without any working-hours rows gets. */
export const ALL_DAY: readonly WeeklyRule[] = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
  weekday,
  startMinute: 0,
  endMinute: 1440,
}));

/**
 * Absolute working intervals covering `range`, expanded day by day in the user's own
 * `timeZone` (DST-correct: 09:00–17:00 stays 09:00–17:00 local on change days).
 * Whole local days touching the range are expanded and not clipped, so slot grids anchored
 * on interval starts do not depend on the query range. Result is merged (adjacent days join).
 */
export function expandWorkingHours(rules: readonly WeeklyRule[], timeZone: string, range: Interval): Interval[] {
  if (rules.length === 0 || range.end <= range.start) return [];
  const out: Interval[] = [];
  const last = dayOf(range.end, timeZone);
  // Start one day early: a rule ending at 24:00 of the previous day may touch the range.
  for (let d = addCalendarDays(dayOf(range.start, timeZone), -1); ; d = addCalendarDays(d, 1)) {
    const weekday = isoWeekday(d);
    for (const r of rules) {
      if (r.weekday !== weekday) continue;
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
