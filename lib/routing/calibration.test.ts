import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assignmentDeltas, calibrateNewMember, calibrateResume } from "./assign";
import { rankHosts } from "./rank";
import { applyDeltas, cfg, member, route, team } from "@/tests/support/routing-testkit";
import type { GroupInput, QueueConfig } from "./types";

/** Max over all windows [i, j) of the next `m` bookings of: count_u - ceil(len*w/W). */
function worstBurstExcess(seq: (string | null)[], u: string, share: number): number {
  let worst = -Infinity;
  for (let i = 0; i < seq.length; i++) {
    let c = 0;
    for (let j = i; j < seq.length; j++) {
      if (seq[j] === u) c++;
      worst = Math.max(worst, c - Math.ceil((j - i + 1) * share - 1e-9));
    }
  }
  return worst;
}

/** Member `away` is absent for bookings [from, from+k); returns the m bookings after its return. */
function afterReturn(config: QueueConfig, weights: number[], away: number, from: number, k: number, m: number) {
  const u = `m${away}`;
  const { sequence } = route(config, [], team(weights), from + k + m, (b, id) => id === u && b >= from && b < from + k);
  return sequence.slice(from + k);
}

describe("return policy", () => {
  const arb = fc.record({
    weights: fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 2, maxLength: 8 }),
    awayPick: fc.nat(),
    from: fc.integer({ min: 0, max: 60 }),
    k: fc.integer({ min: 1, max: 150 }),
  });

  it("keep_position: a returning member never gets more than ceil(fair share)+1 in any burst", () => {
    fc.assert(
      fc.property(arb, ({ weights, awayPick, from, k }) => {
        const away = awayPick % weights.length;
        const share = weights[away] / weights.reduce((a, b) => a + b, 0);
        const next = afterReturn(cfg({ returnPolicy: "keep_position" }), weights, away, from, k, 60);
        expect(worstBurstExcess(next, `m${away}`, share)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 200 },
    );
  });

  it("round_robin keep_position: same bound", () => {
    fc.assert(
      fc.property(arb, ({ weights, awayPick, from, k }) => {
        const away = awayPick % weights.length;
        const next = afterReturn(cfg({ strategy: "round_robin" }), weights, away, from, k, 60);
        expect(worstBurstExcess(next, `m${away}`, 1 / weights.length)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 200 },
    );
  });

  it("keep_position vs catch_up: 4 equal members, one away for 40 bookings", () => {
    const keep = afterReturn(cfg({ returnPolicy: "keep_position" }), [1, 1, 1, 1], 0, 0, 40, 20);
    const catchUp = afterReturn(cfg({ returnPolicy: "catch_up" }), [1, 1, 1, 1], 0, 0, 40, 20);
    const count = (s: (string | null)[]) => s.filter((x) => x === "m0").length;
    // keep_position: back at par, gets its normal quarter
    expect(count(keep)).toBe(5);
    expect(worstBurstExcess(keep, "m0", 0.25)).toBeLessThanOrEqual(1);
    // catch_up: takes the next bookings in a row until it has caught up with the others (~13 each)
    expect(catchUp.slice(0, 13)).toEqual(Array(13).fill("m0"));
    expect(count(catchUp)).toBeGreaterThanOrEqual(14);
  });

  it("catch_up: the returning member catches up to its full share of the window", () => {
    fc.assert(
      fc.property(
        fc.record({
          weights: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 6 }),
          awayPick: fc.nat(),
          from: fc.integer({ min: 0, max: 30 }),
          k: fc.integer({ min: 1, max: 40 }),
        }),
        ({ weights, awayPick, from, k }) => {
          const away = awayPick % weights.length;
          const W = weights.reduce((a, b) => a + b, 0);
          // enough bookings after the return that nobody is above its full-window share any more
          const total = from + k + k * W;
          const { state } = route(
            cfg({ returnPolicy: "catch_up" }),
            [],
            team(weights),
            total,
            (b, id) => id === `m${away}` && b >= from && b < from + k,
          );
          for (const [i, m] of state.entries()) {
            expect(Math.abs(m.windowCount - (total * weights[i]) / W)).toBeLessThan(1.5);
            expect(m.windowCredit).toBe(0);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe("assignmentDeltas", () => {
  const groups: GroupInput[] = [
    { id: "a", name: "A", priority: 1 },
    { id: "b", name: "B", priority: 2 },
  ];
  const H = 3_600_000;
  const req = { start: 10 * H, end: 11 * H, now: 9 * H };
  const ms = [
    member("chosen", { groupIds: ["a"], weight: 2, position: 0 }),
    member("peer", { groupIds: ["a"], weight: 3, position: 1 }),
    member("vacation", { groupIds: ["a"], weight: 5, position: 2, exceptions: [{ start: 0, end: 20 * H }] }),
    member("capped", { groupIds: ["a"], weight: 1, position: 3, capPerDay: 1, dayCount: 1 }),
    member("paused", { groupIds: ["a"], weight: 0, position: 4 }),
    member("busy", { groupIds: ["a"], weight: 1, position: 5, busy: [{ start: 10 * H, end: 12 * H }] }),
    member("offhours", { groupIds: ["a"], weight: 1, position: 6, workingHours: [] }),
    member("tier2away", { groupIds: ["b"], weight: 1, position: 7, exceptions: [{ start: 0, end: 20 * H }] }),
  ];

  it("keep_position credits absences in the winning tier with w_i / W_eligible", () => {
    const r = rankHosts(cfg(), groups, ms, req);
    expect(r.nextHosts.map((h) => h.userId)).toEqual(["peer", "chosen"]);
    const d = assignmentDeltas(cfg(), groups, ms, req, "chosen", r);
    expect(d).toEqual([
      { userId: "chosen", windowCount: 1, windowCredit: 0, lastAssignedAt: 9 * H },
      { userId: "vacation", windowCount: 0, windowCredit: 1 }, // 5 / (2+3)
      { userId: "capped", windowCount: 0, windowCredit: 0.2 }, // 1 / 5
    ]);
    const next = applyDeltas(ms, d);
    expect(next.find((m) => m.userId === "chosen")).toMatchObject({ windowCount: 1, lastAssignedAt: 9 * H });
    expect(ms[0].windowCount).toBe(0); // inputs untouched
  });

  it("catch_up gives no credit", () => {
    const c = cfg({ returnPolicy: "catch_up" });
    const d = assignmentDeltas(c, groups, ms, req, "peer", rankHosts(c, groups, ms, req));
    expect(d).toEqual([{ userId: "peer", windowCount: 1, windowCredit: 0, lastAssignedAt: 9 * H }]);
  });

  it("rejects a chosen user that is not in the queue", () => {
    expect(() => assignmentDeltas(cfg(), groups, ms, req, "nobody", rankHosts(cfg(), groups, ms, req))).toThrow();
  });
});

describe("calibration", () => {
  it("a new member starts at par and is not flooded", () => {
    const config = cfg();
    let { state } = route(config, [], team([2, 2, 1]), 50); // counts 20, 20, 10
    const credit = calibrateNewMember(config, [], state, { weight: 2, groupIds: [] });
    expect(credit).toBeCloseTo(20, 9);
    state = [...state, member("new", { weight: 2, position: 9, windowCredit: credit })];
    const { sequence } = route(config, [], state, 35);
    const got = sequence.filter((x) => x === "new").length;
    expect(got).toBeGreaterThanOrEqual(9); // fair share: 35 * 2/7 = 10
    expect(got).toBeLessThanOrEqual(11);
    expect(worstBurstExcess(sequence, "new", 2 / 7)).toBeLessThanOrEqual(1);

    // without calibration it would take every booking for a while
    const flooded = route(
      config,
      [],
      [...route(config, [], team([2, 2, 1]), 50).state, member("new", { weight: 2, position: 9 })],
      15,
    ).sequence;
    expect(flooded.every((x) => x === "new")).toBe(true);
  });

  it("new member calibration only looks at its tier and ignores paused members", () => {
    const groups: GroupInput[] = [{ id: "a", name: "A", priority: 1 }];
    const ms = [
      member("x", { groupIds: ["a"], weight: 1, windowCount: 8 }),
      member("y", { groupIds: ["a"], weight: 3, windowCount: 12, windowCredit: 4 }),
      member("p", { groupIds: ["a"], weight: 0, windowCount: 0 }),
      member("other", { groupIds: [], weight: 1, windowCount: 100 }),
    ];
    expect(calibrateNewMember(cfg(), groups, ms, { weight: 2, groupIds: ["a"] })).toBeCloseTo(12, 9); // 24/4 * 2
    expect(
      calibrateNewMember(cfg({ strategy: "round_robin" }), groups, ms, { weight: 2, groupIds: ["a"] }),
    ).toBeCloseTo(12, 9); // 24/2 * 1
    expect(calibrateNewMember(cfg(), groups, [], { weight: 2, groupIds: ["a"] })).toBe(0);
  });

  it("resume after pause: par under keep_position, nothing under catch_up", () => {
    const ms = [
      member("a", { windowCount: 10 }),
      member("b", { windowCount: 10 }),
      member("p", { weight: 0, windowCount: 2 }),
    ];
    expect(calibrateResume(cfg(), [], ms, "p", 1)).toBeCloseTo(8, 9);
    expect(calibrateResume(cfg({ returnPolicy: "catch_up" }), [], ms, "p", 1)).toBe(0);
    expect(calibrateResume(cfg(), [], ms, "a", 1)).toBe(0); // already at par: never lowers
  });
});
