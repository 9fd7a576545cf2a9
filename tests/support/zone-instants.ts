/**
 * Instants for the zone-math properties: each zone's offset changes in 2020–2035, found with @date-fns/tz,
 * and a generator of instants mostly within a few days of one.
 */
import fc from "fast-check";
import { TZDate } from "@date-fns/tz";

const DAY = 86_400_000;
export const FROM = Date.parse("2020-01-01T00:00:00Z");
export const TO = Date.parse("2036-01-01T00:00:00Z");

/**
 * Whole-hour DST (Berlin, New York, Sydney south of the equator), half-hour zones with DST (Adelaide,
 * St John's), a 30-minute DST change (Lord Howe), 45-minute zones (Kathmandu, Chatham), none (Kolkata, UTC).
 */
export const ZONES_WITH_CHANGES = [
  "Europe/Berlin",
  "America/New_York",
  "Australia/Sydney",
  "Australia/Adelaide",
  "America/St_Johns",
  "Australia/Lord_Howe",
  "Asia/Kathmandu",
  "Pacific/Chatham",
  "Asia/Kolkata",
  "UTC",
];
/** Zones whose clocks change at midnight, so a local midnight is skipped or happens twice. */
export const MIDNIGHT_CHANGE_ZONES = [
  "America/Santiago",
  "America/Havana",
  "Asia/Beirut",
  "America/Asuncion",
  "Africa/Cairo",
];

/** Instants of each zone's offset changes in [FROM, TO), found by a daily scan and bisection. */
export function zoneTransitions(zones: readonly string[]): Map<string, number[]> {
  return new Map(
    zones.map((zone) => {
      const out: number[] = [];
      const off = (t: number) => new TZDate(t, zone).getTimezoneOffset();
      for (let t = FROM; t < TO; t += DAY) {
        if (off(t) === off(t + DAY)) continue;
        let lo = t;
        let hi = t + DAY;
        while (hi - lo > 60_000) {
          const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
          if (off(mid) === off(lo)) lo = mid;
          else hi = mid;
        }
        out.push(hi);
      }
      return [zone, out];
    }),
  );
}

/** Mostly instants within a few days of one of the zone's offset changes, some anywhere. */
export function instantNearChange(transitions: Map<string, number[]>, zone: string): fc.Arbitrary<number> {
  const changes = transitions.get(zone) ?? [];
  return changes.length
    ? fc.oneof(
        fc.tuple(fc.constantFrom(...changes), fc.integer({ min: -3 * DAY, max: 3 * DAY })).map(([t, d]) => t + d),
        fc.integer({ min: FROM, max: TO }),
      )
    : fc.integer({ min: FROM, max: TO });
}
