/**
 * Expanding working hours (lib/slots/working-hours.ts) for a week of availability: 50 people in ten
 * zones (half-hour and 45-minute ones included) over 9 days around a DST change, with the zone offset
 * cache vs the uncached computation it replaced (every instant asks Intl through @date-fns/tz).
 * Each timed pass uses new ranges, so the cache's gain on a first request is measured, not only on repeats.
 */
import { expandWorkingHours, OFFICE_HOURS } from "@/lib/slots";
import { referenceExpandWorkingHours } from "@/tests/support/zone-reference";

const ZONES = [
  "Europe/Berlin",
  "America/New_York",
  "America/Los_Angeles",
  "Australia/Sydney",
  "Australia/Adelaide",
  "America/St_Johns",
  "Asia/Kathmandu",
  "Asia/Kolkata",
  "Pacific/Chatham",
  "UTC",
];
const DAY = 86_400_000;

export function benchZones(people = 50, passes = 20) {
  const base = Date.parse("2031-03-25T00:00:00Z"); // Europe's change to summer time is in this week
  const time = (expand: typeof expandWorkingHours, offsetDays: number) => {
    const s = performance.now();
    for (let p = 0; p < passes; p++) {
      const start = base + (offsetDays + p * 13) * DAY; // a new fortnight each pass: cold cache hours
      for (let i = 0; i < people; i++)
        expand(OFFICE_HOURS, ZONES[i % ZONES.length], { start: start - DAY, end: start + 8 * DAY });
    }
    return (performance.now() - s) / passes;
  };
  time(expandWorkingHours, 1000); // warm-up (JIT), far from the timed ranges
  time(referenceExpandWorkingHours, 1000);
  const referenceMs = time(referenceExpandWorkingHours, 0);
  const cachedMs = time(expandWorkingHours, 0);
  const repeatMs = time(expandWorkingHours, 0); // the same ranges again: every hour cached
  return { people, days: 9, referenceMs, cachedMs, repeatMs, speedup: referenceMs / cachedMs };
}
