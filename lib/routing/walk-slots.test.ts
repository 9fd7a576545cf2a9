import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { walkSlots, type WalkMember } from "./walk-slots";
import { windowBounds, windowKey } from "./window";
import { cfg, member } from "@/tests/support/routing-testkit";

const TZ = "Europe/Berlin";
const MIN = 60_000;
const HOUR = 60 * MIN;
// Mon 30 Nov 2026 00:00 Europe/Berlin (UTC+1).
const MON = Date.UTC(2026, 10, 29, 23, 0);

/** 09:00–17:00 Berlin on each of `days` days from MON. */
function officeHours(days: number) {
  return Array.from({ length: days }, (_, d) => ({
    start: MON + d * 24 * HOUR + 9 * HOUR,
    end: MON + d * 24 * HOUR + 17 * HOUR,
  }));
}
/** Every 30 min inside office hours: the slot grid of a 30-minute meeting type. */
function grid(days: number, step = 30 * MIN, duration = 30 * MIN) {
  const out: number[] = [];
  for (const iv of officeHours(days)) for (let s = iv.start; s + duration <= iv.end; s += step) out.push(s);
  return out;
}
const walker = (id: string, over: Partial<WalkMember> = {}): WalkMember => {
  const { dayCount: _d, weekCount: _w, ...m } = member(id, { workingHours: officeHours(14), ...over });
  return { ...m, capStarts: [], ...over };
};

describe("walkSlots", () => {
  it("takes one lead per slot in time order and says when a daily cap is reached", () => {
    const members = [
      walker("sofia", { position: 0, capPerDay: 6, weight: 3 }),
      walker("lukas", { position: 1, weight: 1 }),
    ];
    const r = walkSlots({
      config: cfg({ timeZone: TZ }),
      groups: [],
      members,
      starts: grid(14),
      durationMs: 30 * MIN,
      bufferBeforeMs: 0,
      bufferAfterMs: 0,
      bookings: 40,
      now: MON - HOUR,
    });
    expect(r.sequence).toHaveLength(40);
    expect(r.sequence.map((s) => s.start)).toEqual(grid(14).slice(0, 40));
    // 3:1 until Sofia has 6 on Monday (after 8 slots); Lukas takes the rest of the day.
    const monday = r.sequence.filter((s) => windowKey("day", s.start, TZ) === "2026-11-30");
    expect(monday.slice(0, 8).filter((s) => s.userId === "sofia")).toHaveLength(6);
    expect(monday.slice(8).every((s) => s.userId === "lukas")).toBe(true);
    expect(r.capsReached[0]).toEqual({ userId: "sofia", kind: "daily", cap: 6, at: monday[7].start });
    expect(r.capsReached.filter((c) => c.userId === "sofia")).toHaveLength(3); // Mon, Tue and Wed
  });

  it("spreads bookings over days instead of piling them on today (the old preview's 6/6/6/82)", () => {
    const members = ["a", "b", "c", "d"].map((id, i) => walker(id, { position: i, capPerDay: i < 3 ? 6 : null }));
    const r = walkSlots({
      config: cfg({ timeZone: TZ, strategy: "round_robin" }),
      groups: [],
      members,
      starts: grid(14, 60 * MIN, 60 * MIN),
      durationMs: 60 * MIN,
      bufferBeforeMs: 0,
      bufferAfterMs: 0,
      bookings: 100,
      now: MON - HOUR,
    });
    expect(r.sequence).toHaveLength(100);
    // 8 hourly slots a day, 2 each: nobody reaches 6 a day.
    expect(r.counts).toEqual({ a: 25, b: 25, c: 25, d: 25 });
    expect(r.capsReached).toEqual([]);
  });

  it("respects caps, absences, working hours, buffers and its own placed bookings, in time order", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            weight: fc.integer({ min: 0, max: 4 }),
            capPerDay: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
            capPerWeek: fc.option(fc.integer({ min: 1, max: 12 }), { nil: null }),
            awayDay: fc.option(fc.integer({ min: 0, max: 9 }), { nil: null }),
            existing: fc.array(fc.integer({ min: 0, max: 9 * 16 }), { maxLength: 4 }),
          }),
          { minLength: 1, maxLength: 5 },
        ),
        fc.integer({ min: 1, max: 120 }),
        fc.constantFrom(0, 10 * MIN),
        fc.constantFrom("weighted", "round_robin", "availability"),
        (spec, n, buffer, strategy) => {
          const starts = grid(10);
          const members = spec.map((s, i) => {
            const existing = [...new Set(s.existing.map((k) => starts[k]))].sort((a, b) => a - b);
            return walker(`u${i}`, {
              position: i,
              weight: s.weight,
              capPerDay: s.capPerDay,
              capPerWeek: s.capPerWeek,
              exceptions:
                s.awayDay === null
                  ? []
                  : [{ start: MON + s.awayDay * 24 * HOUR, end: MON + (s.awayDay + 1) * 24 * HOUR }],
              busy: existing.map((t) => ({ start: t - 2 * buffer, end: t + 30 * MIN + 2 * buffer })),
              capStarts: existing,
            });
          });
          const r = walkSlots({
            config: cfg({ timeZone: TZ, strategy: strategy as "weighted" }),
            groups: [],
            members,
            starts,
            durationMs: 30 * MIN,
            bufferBeforeMs: buffer,
            bufferAfterMs: buffer,
            bookings: n,
            now: MON - HOUR,
          });
          expect(r.sequence.length).toBeLessThanOrEqual(n);
          for (let k = 1; k < r.sequence.length; k++)
            expect(r.sequence[k].start).toBeGreaterThan(r.sequence[k - 1].start);
          members.forEach((m, i) => {
            const mine = r.sequence.filter((s) => s.userId === m.userId).map((s) => s.start);
            expect(mine.length).toBe(r.counts[m.userId]);
            if (spec[i].weight === 0) expect(mine).toEqual([]);
            const all = [...m.capStarts, ...mine];
            for (const t of mine) {
              const day = windowBounds("day", t, TZ);
              const week = windowBounds("week", t, TZ);
              const inDay = all.filter((x) => x >= day.start && x < day.end).length;
              const inWeek = all.filter((x) => x >= week.start && x < week.end).length;
              if (m.capPerDay !== null) expect(inDay).toBeLessThanOrEqual(Math.max(m.capPerDay, 0));
              if (m.capPerWeek !== null) expect(inWeek).toBeLessThanOrEqual(m.capPerWeek);
              for (const ex of m.exceptions) expect(t < ex.start || t >= ex.end).toBe(true);
              expect(m.workingHours!.some((w) => w.start <= t && t + 30 * MIN <= w.end)).toBe(true);
              // No two of its bookings (existing or placed) closer than both buffers.
              for (const o of all) if (o !== t) expect(Math.abs(o - t)).toBeGreaterThanOrEqual(30 * MIN + 2 * buffer);
            }
            // A cap-reached note for every day on which the walk filled the cap.
            for (const c of r.capsReached.filter((x) => x.userId === m.userId && x.kind === "daily")) {
              const day = windowBounds("day", c.at, TZ);
              const existingThatDay = m.capStarts.filter((x) => x >= day.start && x < day.end).length;
              const placedSoFar = mine.filter((x) => x >= day.start && x <= c.at).length;
              expect(existingThatDay + placedSoFar).toBe(m.capPerDay);
            }
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it("places as many bookings as asked when someone is always free, by weight", () => {
    const r = walkSlots({
      config: cfg({ timeZone: TZ }),
      groups: [],
      members: [walker("a"), walker("b", { position: 1, weight: 2 })],
      starts: grid(14),
      durationMs: 30 * MIN,
      bufferBeforeMs: 0,
      bufferAfterMs: 0,
      bookings: 200,
      now: MON - HOUR,
    });
    expect(r.sequence).toHaveLength(200);
    expect(Math.abs(r.counts.b - 400 / 3)).toBeLessThan(1);
  });

  it("stops at the end of the grid", () => {
    const r = walkSlots({
      config: cfg({ timeZone: TZ }),
      groups: [],
      members: [walker("a")],
      starts: grid(2),
      durationMs: 30 * MIN,
      bufferBeforeMs: 0,
      bufferAfterMs: 0,
      bookings: 500,
      now: MON - HOUR,
    });
    expect(r.sequence).toHaveLength(32);
  });

  it("with leads one meeting length apart, weights decide even when buffers block back-to-back slots", () => {
    const members = [walker("a", { weight: 3 }), walker("b", { position: 1, weight: 1 })];
    const base = {
      config: cfg({ timeZone: TZ }),
      groups: [],
      members,
      starts: grid(14),
      durationMs: 30 * MIN,
      bufferBeforeMs: 0,
      bufferAfterMs: 10 * MIN,
      bookings: 40,
      now: MON - HOUR,
    };
    // Every slot: a booking blocks its host for the next one, so the two alternate whatever the weights.
    expect(walkSlots(base).counts).toEqual({ a: 20, b: 20 });
    // One lead per 40 minutes (every other slot): 3:1.
    const spaced = walkSlots({ ...base, minGapMs: 40 * MIN });
    expect(spaced.counts).toEqual({ a: 30, b: 10 });
    for (let k = 1; k < 40; k++)
      expect(spaced.sequence[k].start - spaced.sequence[k - 1].start).toBeGreaterThanOrEqual(40 * MIN);
  });
});
