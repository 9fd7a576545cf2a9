/**
 * The zone math as it was before the per-hour offset cache (lib/slots/calendar.ts): every instant
 * asks @date-fns/tz (Intl) directly. The property test compares the cached code with it, and the
 * bench measures both.
 */
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import type { Interval } from "@/lib/routing";
import { addCalendarDays, isoWeekday, mergeIntervals, dayKey, type CalendarDay } from "@/lib/slots";
import type { DateOverrides, WeeklyRule } from "@/lib/slots";

export function referenceDayOf(at: number, timeZone: string): CalendarDay {
  const d = new TZDate(at, timeZone);
  return { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate() };
}

export function referenceWallClock(
  d: CalendarDay,
  minute: number,
  timeZone: string,
  opts: { last?: boolean } = {},
): number {
  const resolved = new TZDate(d.year, d.month - 1, d.day, 0, minute, timeZone).getTime();
  const wall = new Date(0);
  wall.setUTCFullYear(d.year, d.month - 1, d.day);
  wall.setUTCHours(0, minute, 0, 0);
  const offsets = new Set([-3, 0, 3].map((h) => new TZDate(resolved + h * 3_600_000, timeZone).getTimezoneOffset()));
  const readings = [...offsets]
    .map((offset) => wall.getTime() + offset * 60_000)
    .filter((at) => new TZDate(at, timeZone).getTimezoneOffset() * 60_000 === at - wall.getTime());
  if (readings.length === 0) return resolved;
  return opts.last ? Math.max(...readings) : Math.min(...readings);
}

export function referenceExpandWorkingHours(
  rules: readonly WeeklyRule[],
  timeZone: string,
  range: Interval,
  overrides?: DateOverrides,
): Interval[] {
  if ((rules.length === 0 && !overrides?.size) || range.end <= range.start) return [];
  const out: Interval[] = [];
  const last = referenceDayOf(range.end, timeZone);
  for (let d = addCalendarDays(referenceDayOf(range.start, timeZone), -1); ; d = addCalendarDays(d, 1)) {
    const override = overrides?.size ? overrides.get(dayKey(d)) : undefined;
    const weekday = isoWeekday(d);
    const todays = override ?? rules.filter((r) => r.weekday === weekday);
    for (const r of todays) {
      const iv = {
        start: referenceWallClock(d, r.startMinute, timeZone),
        end: referenceWallClock(d, r.endMinute, timeZone, { last: true }),
      };
      if (iv.end > range.start && iv.start < range.end) out.push(iv);
    }
    if (d.year === last.year && d.month === last.month && d.day === last.day) break;
  }
  return mergeIntervals(out);
}

/** windowKey as it was before the cached offsets: a TZDate and date-fns `format`. */
export function referenceWindowKey(window: "day" | "week" | "month", at: number, timeZone: string): string {
  const d = new TZDate(at, timeZone);
  return format(d, window === "day" ? "yyyy-MM-dd" : window === "week" ? "RRRR-'W'II" : "yyyy-MM");
}
