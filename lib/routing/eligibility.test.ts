import { describe, expect, it } from "vitest";
import { checkEligibility, isAbsence } from "./eligibility";
import { member } from "@/tests/support/routing-testkit";

const H = 3_600_000;
const slot = { start: 10 * H, end: 11 * H, now: 5 * H };

describe("checkEligibility", () => {
  it("accepts a plain member", () => {
    expect(checkEligibility(member("a"), slot)).toBeNull();
  });

  it("weight 0 => paused, checked before anything else", () => {
    const m = member("a", { weight: 0, exceptions: [{ start: 0, end: 100 * H }], dayCount: 9, capPerDay: 1 });
    expect(checkEligibility(m, slot)?.code).toBe("paused");
  });

  it("exception overlapping the slot (half-open) => on_exception", () => {
    expect(checkEligibility(member("a", { exceptions: [{ start: 10.5 * H, end: 12 * H }] }), slot)?.code).toBe(
      "on_exception",
    );
    // touching ranges do not overlap
    expect(checkEligibility(member("a", { exceptions: [{ start: 11 * H, end: 12 * H }] }), slot)).toBeNull();
    expect(checkEligibility(member("a", { exceptions: [{ start: 9 * H, end: 10 * H }] }), slot)).toBeNull();
  });

  it("calendar busy time => busy with its own reason, after bookings and before working hours; never without a slot", () => {
    const cal = { calendarBusy: [{ start: 10.5 * H, end: 12 * H }], workingHours: [{ start: 0, end: 1 }] };
    expect(checkEligibility(member("a", cal), slot)).toEqual({
      code: "busy",
      reason: "busy in calendar 1970-01-01T10:30Z - 1970-01-01T12:00Z",
    });
    const both = { ...cal, busy: [{ start: 10 * H, end: 10.5 * H }] };
    expect(checkEligibility(member("a", both), slot)?.reason).toMatch(/^busy: existing booking/);
    expect(checkEligibility(member("a", { calendarBusy: [{ start: 11 * H, end: 12 * H }] }), slot)).toBeNull();
    expect(checkEligibility(member("a", cal), { now: 11 * H })).toBeNull();
  });

  it("exception beats busy; busy beats working hours; working hours beat caps", () => {
    const all = {
      exceptions: [{ start: 10 * H, end: 11 * H }],
      busy: [{ start: 10 * H, end: 11 * H }],
      workingHours: [{ start: 0, end: 1 }],
      capPerDay: 0,
      capPerWeek: 0,
    };
    expect(checkEligibility(member("a", all), slot)?.code).toBe("on_exception");
    expect(checkEligibility(member("a", { ...all, exceptions: [] }), slot)?.code).toBe("busy");
    expect(checkEligibility(member("a", { ...all, exceptions: [], busy: [] }), slot)?.code).toBe(
      "outside_working_hours",
    );
    expect(checkEligibility(member("a", { ...all, exceptions: [], busy: [], workingHours: null }), slot)?.code).toBe(
      "daily_cap",
    );
    expect(
      checkEligibility(member("a", { ...all, exceptions: [], busy: [], workingHours: null, capPerDay: null }), slot)
        ?.code,
    ).toBe("weekly_cap");
  });

  it("request must lie fully inside ONE working interval", () => {
    const wh = [
      { start: 8 * H, end: 10.5 * H },
      { start: 10.5 * H, end: 17 * H },
    ];
    expect(checkEligibility(member("a", { workingHours: wh }), slot)?.code).toBe("outside_working_hours");
    expect(checkEligibility(member("a", { workingHours: [{ start: 10 * H, end: 11 * H }] }), slot)).toBeNull();
    expect(checkEligibility(member("a", { workingHours: [] }), slot)?.code).toBe("outside_working_hours");
  });

  it("caps: count >= cap excludes, below does not", () => {
    expect(checkEligibility(member("a", { capPerDay: 3, dayCount: 2 }), slot)).toBeNull();
    const r = checkEligibility(member("a", { capPerDay: 3, dayCount: 3 }), slot);
    expect(r).toEqual({ code: "daily_cap", reason: "daily cap reached (3/3)" });
    expect(checkEligibility(member("a", { capPerWeek: 10, weekCount: 10 }), slot)?.code).toBe("weekly_cap");
  });

  it("without start/end: busy and working hours are skipped, exceptions checked at now", () => {
    const m = member("a", { busy: [{ start: 0, end: 100 * H }], workingHours: [] });
    expect(checkEligibility(m, { now: 5 * H })).toBeNull();
    const onVacation = member("a", { exceptions: [{ start: 4 * H, end: 6 * H }] });
    expect(checkEligibility(onVacation, { now: 5 * H })?.code).toBe("on_exception");
    expect(checkEligibility(onVacation, { now: 6 * H })).toBeNull(); // end is exclusive
  });

  it("start without end is an instant", () => {
    const m = member("a", { busy: [{ start: 10 * H, end: 11 * H }] });
    expect(checkEligibility(m, { start: 10 * H, now: 0 })?.code).toBe("busy");
    expect(checkEligibility(m, { start: 11 * H, now: 0 })).toBeNull();
  });

  it("reasons are human readable", () => {
    const r = checkEligibility(member("a", { exceptions: [{ start: 0, end: Date.UTC(2026, 10, 30) }] }), slot);
    expect(r?.reason).toBe("unavailable (exception) until 2026-11-30T00:00Z");
  });

  it("absence codes", () => {
    expect(["paused", "on_exception", "daily_cap", "weekly_cap"].every((c) => isAbsence(c as never))).toBe(true);
    expect(["busy", "outside_working_hours"].some((c) => isAbsence(c as never))).toBe(false);
  });
});
