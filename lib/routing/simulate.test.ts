import { describe, expect, it } from "vitest";
import { simulate } from "./simulate";
import { cfg, member, team } from "@/tests/support/routing-testkit";

const H = 3_600_000;

describe("simulate", () => {
  it("reports counts for every member, the sequence and unrouted bookings", () => {
    const r = simulate({
      config: cfg(),
      groups: [],
      members: [...team([1, 1]), member("off", { weight: 0 })],
      bookings: 4,
    });
    expect(r).toEqual({ counts: { m0: 2, m1: 2, off: 0 }, sequence: ["m0", "m1", "m0", "m1"], unrouted: 0 });
    const none = simulate({ config: cfg(), groups: [], members: [member("off", { weight: 0 })], bookings: 3 });
    expect(none).toEqual({ counts: { off: 0 }, sequence: [], unrouted: 3 });
  });

  it("does not mutate its input", () => {
    const ms = team([3, 1]);
    const copy = structuredClone(ms);
    simulate({ config: cfg(), groups: [], members: ms, bookings: 20, unavailable: (b) => b % 3 === 0 });
    expect(ms).toEqual(copy);
  });

  it("unavailable members are skipped for that booking and (keep_position) return at par", () => {
    const r = simulate({
      config: cfg(),
      groups: [],
      members: team([1, 1, 1, 1]),
      bookings: 80,
      unavailable: (b, id) => id === "m0" && b < 40,
    });
    expect(r.sequence.slice(0, 40)).not.toContain("m0");
    expect(r.counts.m0).toBe(10); // a quarter of the 40 after its return
    const catchUp = simulate({
      config: cfg({ returnPolicy: "catch_up" }),
      groups: [],
      members: team([1, 1, 1, 1]),
      bookings: 80,
      unavailable: (b, id) => id === "m0" && b < 40,
    });
    expect(catchUp.counts.m0).toBe(20);
  });

  it("timed: daily caps apply per local day and reset at midnight", () => {
    const startAt = Date.UTC(2026, 10, 25, 8); // 09:00 Berlin
    const members = [member("capped", { capPerDay: 2, position: 0 }), member("other", { position: 1 })];
    const r = simulate({
      config: cfg({ strategy: "round_robin" }),
      groups: [],
      members,
      bookings: 48,
      startAt,
      spacingMs: H,
    });
    // 48 hourly slots span 3 local days (09:00 day 1 .. 08:00 day 3): 2 + 2 + 2 for the capped member
    expect(r.counts).toEqual({ capped: 6, other: 42 });
  });

  it("timed: busy intervals are respected", () => {
    const startAt = 10 * H;
    const members = [member("a", { busy: [{ start: 10 * H, end: 12 * H }] }), member("b", { position: 1 })];
    const r = simulate({
      config: cfg({ strategy: "availability" }),
      groups: [],
      members,
      bookings: 4,
      startAt,
      spacingMs: H,
    });
    expect(r.sequence).toEqual(["b", "b", "a", "b"]);
  });
});
