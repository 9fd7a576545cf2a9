import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { TZDate } from "@date-fns/tz";
import { dayOf, expandWorkingHours, wallClock, type DayRangeRule, type WeeklyRule } from "./index";
import { zoneOffset } from "@/lib/routing";
import { referenceDayOf, referenceExpandWorkingHours, referenceWallClock } from "@/tests/support/zone-reference";
import { ZONES_WITH_CHANGES, instantNearChange, zoneTransitions } from "@/tests/support/zone-instants";

const H = 3_600_000;
const DAY = 24 * H;
const ZONES = ZONES_WITH_CHANGES;
const TRANSITIONS = zoneTransitions(ZONES);
const zone = fc.constantFrom(...ZONES);
const instantIn = (z: string) => instantNearChange(TRANSITIONS, z);
/** Minutes of the day, with the hours DST skips and repeats (01:00–03:30) over-represented. */
const minute = fc.oneof(fc.integer({ min: 0, max: 1440 }), fc.integer({ min: 60, max: 210 }));
const rule = fc
  .tuple(fc.integer({ min: 1, max: 7 }), minute, minute)
  .filter(([, a, b]) => a !== b)
  .map(([weekday, a, b]): WeeklyRule => ({ weekday, startMinute: Math.min(a, b), endMinute: Math.max(a, b) }));
const dayRange = fc
  .tuple(minute, minute)
  .filter(([a, b]) => a !== b)
  .map(([a, b]): DayRangeRule => ({ startMinute: Math.min(a, b), endMinute: Math.max(a, b) }));

describe("zone offsets cached per hour give the uncached results", () => {
  it("finds offset changes in every zone with DST (the generators aim at them)", () => {
    for (const z of ["Europe/Berlin", "Australia/Adelaide", "Australia/Lord_Howe", "America/St_Johns"])
      expect(TRANSITIONS.get(z)!.length).toBeGreaterThan(20);
  });

  it("property: zoneOffset and dayOf equal @date-fns/tz at any instant, incl. the minutes around a change", () => {
    fc.assert(
      fc.property(
        zone.chain((z) => fc.tuple(fc.constant(z), instantIn(z))),
        fc.integer({ min: -90, max: 90 }),
        ([z, at], nudgeMinutes) => {
          const t = at + nudgeMinutes * 60_000;
          expect(zoneOffset(t, z)).toBe(new TZDate(t, z).getTimezoneOffset());
          expect(dayOf(t, z)).toEqual(referenceDayOf(t, z));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("property: wallClock resolves every wall time as before (skipped, repeated, first and last reading)", () => {
    fc.assert(
      fc.property(
        zone.chain((z) => fc.tuple(fc.constant(z), instantIn(z))),
        minute,
        fc.boolean(),
        ([z, at], m, last) => {
          const d = referenceDayOf(at, z);
          expect(wallClock(d, m, z, { last })).toBe(referenceWallClock(d, m, z, { last }));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("property: expandWorkingHours equals the uncached expansion across DST changes, with date overrides", () => {
    fc.assert(
      fc.property(
        zone.chain((z) => fc.tuple(fc.constant(z), instantIn(z))),
        fc.integer({ min: 1, max: 10 * DAY }),
        fc.array(rule, { maxLength: 6 }),
        fc.array(fc.tuple(fc.integer({ min: -2, max: 12 }), fc.array(dayRange, { maxLength: 2 })), { maxLength: 3 }),
        ([z, start], length, rules, overrideList) => {
          const overrides = new Map<string, DayRangeRule[]>();
          for (const [offsetDays, ranges] of overrideList) {
            const d = referenceDayOf(start + offsetDays * DAY, z);
            const key = `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
            overrides.set(key, ranges);
          }
          const range = { start, end: start + length };
          expect(expandWorkingHours(rules, z, range, overrides)).toEqual(
            referenceExpandWorkingHours(rules, z, range, overrides),
          );
        },
      ),
      { numRuns: 1500 },
    );
  });
});
