/**
 * Weekly hours written the way people say them, for the CLI: "mon-fri 09:00-12:00,13:00-17:00; sat 10:00-14:00".
 * Days are mon…sun (ranges like mon-fri allowed), times HH:MM with 24:00 as the end of a day. "none" = no weekly hours.
 * Date overrides: "2026-12-24 off" or "2026-12-31 10:00-12:00,13:00-14:00".
 */
import type { DayRange, WeeklyHours } from "@/db/office-hours";

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

export class HoursSpecError extends Error {}

function minutes(s: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(s.trim());
  if (!m || Number(m[2]) > 59 || Number(m[1]) * 60 + Number(m[2]) > 1440)
    throw new HoursSpecError(`"${s}" is not a time such as 09:00`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export function parseRanges(s: string): DayRange[] {
  return s.split(",").map((part) => {
    const [a, b, ...rest] = part.trim().split("-");
    if (b === undefined || rest.length) throw new HoursSpecError(`"${part.trim()}" is not a range such as 09:00-17:00`);
    return { startMinute: minutes(a), endMinute: minutes(b) };
  });
}

function weekdays(s: string): number[] {
  const [a, b, ...rest] = s.toLowerCase().split("-");
  const from = DAYS.indexOf(a);
  const to = b === undefined ? from : DAYS.indexOf(b);
  if (from < 0 || to < 0 || to < from || rest.length)
    throw new HoursSpecError(`"${s}" is not a day or days such as mon or mon-fri`);
  return Array.from({ length: to - from + 1 }, (_, i) => from + i + 1);
}

/** Weekly rules from "mon-fri 09:00-17:00; sat 10:00-14:00" (not yet validated for overlaps: the use case does). */
export function parseWeeklySpec(spec: string): WeeklyHours[] {
  if (spec.trim().toLowerCase() === "none") return [];
  return spec
    .split(";")
    .map((s) => s.trim())
    .filter(Boolean)
    .flatMap((clause) => {
      const [days, ranges, ...rest] = clause.split(/\s+/);
      if (!ranges || rest.length) throw new HoursSpecError(`"${clause}" should look like "mon-fri 09:00-17:00"`);
      const parsed = parseRanges(ranges);
      return weekdays(days).flatMap((weekday) => parsed.map((r) => ({ weekday, ...r })));
    });
}

/** One date override from "2026-12-24 off" or "2026-12-31 10:00-12:00". */
export function parseOverrideSpec(spec: string): { day: string; ranges: DayRange[] } {
  const [day, what, ...rest] = spec.trim().split(/\s+/);
  if (!day || !what || rest.length || !/^\d{4}-\d{2}-\d{2}$/.test(day))
    throw new HoursSpecError(`"${spec}" should look like "2026-12-24 off" or "2026-12-31 10:00-12:00"`);
  return { day, ranges: what.toLowerCase() === "off" ? [] : parseRanges(what) };
}

const hm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;

/** Weekly rules written back as "mon-fri 09:00-17:00; sat 10:00-14:00" (consecutive days with the same ranges joined). */
export function formatWeeklySpec(rules: readonly WeeklyHours[]): string {
  const byDay = [1, 2, 3, 4, 5, 6, 7].map((d) =>
    rules
      .filter((r) => r.weekday === d)
      .sort((a, b) => a.startMinute - b.startMinute)
      .map((r) => `${hm(r.startMinute)}-${hm(r.endMinute)}`)
      .join(","),
  );
  const clauses: string[] = [];
  for (let d = 0; d < 7; d++) {
    if (!byDay[d]) continue;
    let e = d;
    while (e + 1 < 7 && byDay[e + 1] === byDay[d]) e++;
    clauses.push(`${DAYS[d]}${e > d ? `-${DAYS[e]}` : ""} ${byDay[d]}`);
    d = e;
  }
  return clauses.join("; ") || "none";
}
