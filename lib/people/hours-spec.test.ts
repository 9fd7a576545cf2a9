import { describe, expect, it } from "vitest";
import { HoursSpecError, formatWeeklySpec, parseOverrideSpec, parseWeeklySpec } from "./hours-spec";

describe("hours spec", () => {
  it("reads day ranges and several ranges a day", () => {
    expect(parseWeeklySpec("mon-tue 09:00-12:00,13:00-17:00; sat 10:00-24:00")).toEqual([
      { weekday: 1, startMinute: 540, endMinute: 720 },
      { weekday: 1, startMinute: 780, endMinute: 1020 },
      { weekday: 2, startMinute: 540, endMinute: 720 },
      { weekday: 2, startMinute: 780, endMinute: 1020 },
      { weekday: 6, startMinute: 600, endMinute: 1440 },
    ]);
    expect(parseWeeklySpec("none")).toEqual([]);
  });

  it("reads overrides", () => {
    expect(parseOverrideSpec("2026-12-24 off")).toEqual({ day: "2026-12-24", ranges: [] });
    expect(parseOverrideSpec("2026-12-31 10:00-12:00")).toEqual({
      day: "2026-12-31",
      ranges: [{ startMinute: 600, endMinute: 720 }],
    });
  });

  it("refuses what it cannot read, saying what it expected", () => {
    for (const bad of ["fri-mon 09:00-10:00", "mon 9-17", "funday 09:00-10:00", "mon 09:00-25:00", "mon"])
      expect(() => parseWeeklySpec(bad), bad).toThrow(HoursSpecError);
    expect(() => parseOverrideSpec("24.12.2026 off")).toThrow(HoursSpecError);
  });

  it("writes rules back the way it reads them", () => {
    for (const spec of [
      "mon-fri 09:00-17:00",
      "mon-tue 09:00-12:00,13:00-17:00; thu 08:00-24:00; sun 10:00-11:00",
      "none",
    ])
      expect(formatWeeklySpec(parseWeeklySpec(spec))).toBe(spec);
  });
});
