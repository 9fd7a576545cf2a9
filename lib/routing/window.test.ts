import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { windowBounds, windowKey, zonedBounds } from "./window";
import { referenceWindowKey } from "@/tests/support/zone-reference";
import {
  MIDNIGHT_CHANGE_ZONES,
  ZONES_WITH_CHANGES,
  instantNearChange,
  zoneTransitions,
} from "@/tests/support/zone-instants";

const BER = "Europe/Berlin";
const NY = "America/New_York";

describe("windowKey", () => {
  it("none => all", () => {
    expect(windowKey("none", 0, BER)).toBe("all");
  });

  it("day/week/month in the workspace time zone", () => {
    const t = Date.UTC(2026, 10, 25, 12); // Wed 2026-11-25
    expect(windowKey("day", t, BER)).toBe("2026-11-25");
    expect(windowKey("week", t, BER)).toBe("2026-W48");
    expect(windowKey("month", t, BER)).toBe("2026-11");
  });

  it("local midnight decides the day, not UTC", () => {
    const t = Date.UTC(2026, 10, 25, 23, 30); // 00:30 next day in Berlin, 18:30 in New York
    expect(windowKey("day", t, BER)).toBe("2026-11-26");
    expect(windowKey("day", t, NY)).toBe("2026-11-25");
    const monthEdge = Date.UTC(2026, 10, 30, 23, 30); // Dec 1st in Berlin
    expect(windowKey("month", monthEdge, BER)).toBe("2026-12");
    expect(windowKey("month", monthEdge, NY)).toBe("2026-11");
  });

  it("ISO week turns over Sunday -> Monday at local midnight", () => {
    // Sun 2026-11-29 23:30 Berlin = 22:30Z; Mon 00:30 Berlin = 23:30Z Sunday in UTC
    expect(windowKey("week", Date.UTC(2026, 10, 29, 22, 30), BER)).toBe("2026-W48");
    expect(windowKey("week", Date.UTC(2026, 10, 29, 23, 30), BER)).toBe("2026-W49");
    // New York: Sun 23:30 EST = Mon 04:30Z; still W48 locally
    expect(windowKey("week", Date.UTC(2026, 10, 30, 4, 30), NY)).toBe("2026-W48");
    expect(windowKey("week", Date.UTC(2026, 10, 30, 5, 30), NY)).toBe("2026-W49");
  });

  it("ISO week-year differs from calendar year at the year edge", () => {
    expect(windowKey("week", Date.UTC(2027, 0, 1, 12), BER)).toBe("2026-W53"); // Fri Jan 1 2027
    expect(windowKey("week", Date.UTC(2024, 11, 30, 12), NY)).toBe("2025-W01"); // Mon Dec 30 2024
  });

  it("DST change days", () => {
    // Berlin spring forward: 2026-03-29 02:00 -> 03:00 (UTC+1 -> UTC+2)
    expect(windowKey("day", Date.UTC(2026, 2, 28, 23, 30), BER)).toBe("2026-03-29");
    expect(windowKey("day", Date.UTC(2026, 2, 29, 21, 59), BER)).toBe("2026-03-29");
    expect(windowKey("day", Date.UTC(2026, 2, 29, 22, 0), BER)).toBe("2026-03-30");
    // New York fall back: 2026-11-01 02:00 -> 01:00 (UTC-4 -> UTC-5)
    expect(windowKey("day", Date.UTC(2026, 10, 1, 4, 0), NY)).toBe("2026-11-01");
    expect(windowKey("day", Date.UTC(2026, 10, 2, 4, 59), NY)).toBe("2026-11-01");
    expect(windowKey("day", Date.UTC(2026, 10, 2, 5, 0), NY)).toBe("2026-11-02");
  });
});

describe("windowBounds", () => {
  it("DST days are 23h / 25h long", () => {
    const spring = windowBounds("day", Date.UTC(2026, 2, 29, 12), BER);
    expect(spring).toEqual({ start: Date.UTC(2026, 2, 28, 23), end: Date.UTC(2026, 2, 29, 22) });
    const fall = windowBounds("day", Date.UTC(2026, 10, 1, 12), NY);
    expect(fall.end - fall.start).toBe(25 * 3_600_000);
  });

  it("week starts Monday 00:00 local; month bounds", () => {
    expect(windowBounds("week", Date.UTC(2026, 10, 25, 12), BER)).toEqual({
      start: Date.UTC(2026, 10, 22, 23),
      end: Date.UTC(2026, 10, 29, 23),
    });
    expect(windowBounds("month", Date.UTC(2026, 10, 25, 12), NY)).toEqual({
      start: Date.UTC(2026, 10, 1, 4),
      end: Date.UTC(2026, 11, 1, 5),
    });
  });

  it("key is constant inside bounds and changes at the end", () => {
    for (const w of ["day", "week", "month"] as const) {
      const t = Date.UTC(2026, 2, 29, 12);
      const b = windowBounds(w, t, BER);
      expect(windowKey(w, b.start, BER)).toBe(windowKey(w, t, BER));
      expect(windowKey(w, b.end - 1, BER)).toBe(windowKey(w, t, BER));
      expect(windowKey(w, b.end, BER)).not.toBe(windowKey(w, t, BER));
    }
  });
});

describe("windowKey and windowBounds from cached offsets equal TZDate and date-fns", () => {
  const zones = [...ZONES_WITH_CHANGES, ...MIDNIGHT_CHANGE_ZONES];
  const changes = zoneTransitions(zones);
  const zoned = fc.constantFrom(...zones).chain((z) => fc.tuple(fc.constant(z), instantNearChange(changes, z)));
  const windows = fc.constantFrom("day" as const, "week" as const, "month" as const);

  it("finds midnight changes in the zones that have them (the generator aims at them)", () => {
    for (const z of MIDNIGHT_CHANGE_ZONES) expect(changes.get(z)!.length).toBeGreaterThan(2);
  });

  it("property: same key and same bounds at any instant, incl. the hours around a change", () => {
    fc.assert(
      fc.property(zoned, windows, fc.integer({ min: -180, max: 180 }), ([z, at], w, nudgeMinutes) => {
        const t = at + nudgeMinutes * 60_000;
        expect(windowKey(w, t, z)).toBe(referenceWindowKey(w, t, z));
        expect(windowBounds(w, t, z)).toEqual(zonedBounds(w, t, z));
      }),
      { numRuns: 5000 },
    );
  });
});
