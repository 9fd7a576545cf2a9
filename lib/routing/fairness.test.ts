import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  calibrateJoin,
  calibrateTierMove,
  handoffDeltas,
  leaveQueueDeltas,
  rebaseToPar,
  releaseDeltas,
  weightsChanged,
  type Attribution,
  type FairnessDelta,
  type HandoffFairness,
} from "./fairness";
import { rankHosts } from "./rank";
import { applyDeltas, cfg, member, route, team } from "@/tests/support/routing-testkit";
import type { GroupInput, MemberInput, QueueConfig } from "./types";

type Counters = Map<string, { count: number; credit: number; covered: number }>;
function apply(c: Counters, deltas: FairnessDelta[]) {
  for (const d of deltas) {
    const cur = c.get(d.userId) ?? { count: 0, credit: 0, covered: 0 };
    c.set(d.userId, { count: cur.count + d.count, credit: cur.credit + d.credit, covered: cur.covered + d.covered });
  }
}
const get = (c: Counters, u: string) => c.get(u) ?? { count: 0, credit: 0, covered: 0 };

/** Applies handoff deltas (count and credit) to engine inputs, as the use case persists them. */
function handOff(state: MemberInput[], deltas: FairnessDelta[]): MemberInput[] {
  return applyDeltas(
    state,
    deltas.map((d) => ({ userId: d.userId, windowCount: d.count, windowCredit: d.credit })),
  );
}

const mode = fc.constantFrom<HandoffFairness>("keep_routed_credit", "move_count");

describe("handoffs and fairness", () => {
  it("any chain of handoffs, under either mode, keeps every standing and ends at zero on cancel", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ to: fc.integer({ min: 0, max: 4 }), mode }), { maxLength: 12 }), (steps) => {
        const c: Counters = new Map();
        let a: Attribution = { creditedUserId: "u0", countedUserId: "u0" };
        apply(c, [{ userId: "u0", count: 1, credit: 0, covered: 0 }]); // routed to u0
        let host = "u0";
        for (const s of steps) {
          const to = `u${s.to}`;
          if (to === host) continue;
          const r = handoffDeltas({ mode: s.mode, attribution: a, fromUserId: host, toUserId: to });
          apply(c, r.deltas);
          a = r.attribution;
          host = to;
          for (let u = 0; u < 5; u++) {
            const x = get(c, `u${u}`);
            // standing (count + credit) exactly as if the booking had never moved
            expect(x.count + x.credit).toBe(u === 0 ? 1 : 0);
            expect(x.covered).toBe(`u${u}` === host && host !== "u0" ? 1 : 0);
          }
          expect(get(c, s.mode === "move_count" ? host : "u0").count).toBe(1);
        }
        apply(c, releaseDeltas(a, host));
        for (const x of c.values()) expect(x).toEqual({ count: 0, credit: 0, covered: 0 });
      }),
      { numRuns: 300 },
    );
  });

  it("a booking leaving for another queue leaves the routed host's standing here as credit", () => {
    for (const m of ["keep_routed_credit", "move_count"] as const) {
      const c: Counters = new Map();
      const a0: Attribution = { creditedUserId: "s", countedUserId: "s" };
      apply(c, [{ userId: "s", count: 1, credit: 0, covered: 0 }]);
      const { attribution, deltas } = handoffDeltas({ mode: m, attribution: a0, fromUserId: "s", toUserId: "b" });
      apply(c, deltas);
      apply(c, leaveQueueDeltas(attribution, "b"));
      expect(get(c, "s")).toEqual({ count: 0, credit: 1, covered: 0 });
      expect(get(c, "b")).toEqual({ count: 0, credit: 0, covered: 0 });
    }
  });

  const arb = fc.record({
    weights: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 2, maxLength: 6 }),
    before: fc.integer({ min: 0, max: 60 }),
    covered: fc.integer({ min: 1, max: 15 }),
    absentee: fc.nat(),
    backup: fc.nat(),
    strategy: fc.constantFrom<QueueConfig["strategy"]>("weighted", "round_robin"),
    mode,
  });

  it("covering N bookings changes nobody's next choices: absentee not flooded, backup not behind", () => {
    fc.assert(
      fc.property(arb, ({ weights, before, covered, absentee, backup, strategy, mode }) => {
        const n = weights.length;
        const A = `m${absentee % n}`;
        const B = `m${(absentee + 1 + (backup % (n - 1))) % n}`;
        const config = cfg({ strategy });
        const { state } = route(config, [], team(weights), before);
        // A's upcoming bookings (routed to A earlier; N of them, whatever A's count) move to B
        let moved = state.map((m) => (m.userId === A ? { ...m, windowCount: m.windowCount + covered } : m));
        const baseline = moved;
        let a: Attribution = { creditedUserId: A, countedUserId: A };
        for (let i = 0; i < covered; i++) {
          const r = handoffDeltas({ mode, attribution: { ...a, countedUserId: A }, fromUserId: A, toUserId: B });
          moved = handOff(moved, r.deltas);
          a = r.attribution;
        }
        const next = 30;
        const withCover = route(config, [], moved, next).sequence;
        const without = route(config, [], baseline, next).sequence;
        expect(withCover).toEqual(without);
        // and so, the routing guarantee from that point: A gets no more than its share of the next N
        const w = strategy === "round_robin" ? weights.map(() => 1) : weights;
        const W = w.reduce((x, y) => x + y, 0);
        const share = (u: string) => w[Number(u.slice(1))] / W;
        const gotA = withCover.slice(0, covered).filter((x) => x === A).length;
        const gotB = withCover.slice(0, covered).filter((x) => x === B).length;
        expect(gotA).toBeLessThanOrEqual(Math.ceil(covered * share(A)) + 1);
        expect(gotB).toBeGreaterThanOrEqual(Math.floor(covered * share(B)) - 1);
      }),
      { numRuns: 200 },
    );
  });

  it("the issue's case: moving the count without compensation floods the absentee (what this replaces)", () => {
    const config = cfg();
    const { state } = route(config, [], team([3, 3, 2, 2]), 40);
    // 7 of m0's bookings covered by m1
    const naive = state.map((m) =>
      m.userId === "m0"
        ? { ...m, windowCount: m.windowCount - 7 }
        : m.userId === "m1"
          ? { ...m, windowCount: m.windowCount + 7 }
          : m,
    );
    const floodedRun = route(config, [], naive, 20).sequence;
    expect(floodedRun.slice(0, 7).filter((x) => x === "m0").length).toBeGreaterThanOrEqual(6);
    expect(floodedRun.filter((x) => x === "m1").length).toBeLessThanOrEqual(3);
    let fair = state;
    let a: Attribution = { creditedUserId: "m0", countedUserId: "m0" };
    for (let i = 0; i < 7; i++) {
      const r = handoffDeltas({
        mode: "move_count",
        attribution: { ...a, countedUserId: "m0" },
        fromUserId: "m0",
        toUserId: "m1",
      });
      fair = handOff(fair, r.deltas);
      a = r.attribution;
    }
    const counts = (s: (string | null)[]) => ["m0", "m1", "m2", "m3"].map((u) => s.filter((x) => x === u).length);
    expect(counts(route(config, [], fair, 20).sequence)).toEqual([6, 6, 4, 4]);
  });
});

/** Max over prefixes of |count_i − prefix·w_i/W| for the sequence. */
function maxDeviation(seq: (string | null)[], weights: Record<string, number>): number {
  const W = Object.values(weights).reduce((a, b) => a + b, 0);
  const c: Record<string, number> = {};
  let worst = 0;
  seq.forEach((u, k) => {
    if (u) c[u] = (c[u] ?? 0) + 1;
    for (const [id, w] of Object.entries(weights)) worst = Math.max(worst, Math.abs((c[id] ?? 0) - ((k + 1) * w) / W));
  });
  return worst;
}

describe("weight changes", () => {
  const arb = fc.record({
    old: fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 2, maxLength: 7 }),
    fresh: fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 7, maxLength: 7 }),
    before: fc.integer({ min: 0, max: 80 }),
    credit: fc.array(fc.double({ min: 0, max: 4, noNaN: true }), { minLength: 7, maxLength: 7 }),
  });

  it("from now: after rebaseToPar the next bookings follow the new weights within the <1 bound", () => {
    fc.assert(
      fc.property(arb, ({ old, fresh, before, credit }) => {
        const config = cfg();
        let { state } = route(config, [], team(old), before);
        // some absence credit on top, as a real window has
        state = state.map((m, i) => ({ ...m, windowCredit: m.windowCredit + credit[i] }));
        const changed = state.map((m, i) => ({ ...m, weight: fresh[i] }));
        const rebased = applyDeltas(changed, rebaseToPar(config, [], changed));
        const sum = (ms: MemberInput[]) => ms.reduce((s, m) => s + m.windowCount + m.windowCredit, 0);
        expect(sum(rebased)).toBeCloseTo(sum(changed), 6); // the tier's total is kept
        const seq = route(config, [], rebased, 60).sequence;
        const weights = Object.fromEntries(changed.map((m) => [m.userId, m.weight]));
        expect(maxDeviation(seq, weights)).toBeLessThan(1);
      }),
      { numRuns: 200 },
    );
  });

  it("whole window: no rebase, routing catches up to the new weights over the window (today's behaviour)", () => {
    const config = cfg();
    const { state } = route(config, [], team([3, 3, 2, 2]), 50); // 15/15/10/10
    const changed = state.map((m, i) => ({ ...m, weight: [4, 2, 2, 2][i] }));
    const count = (s: (string | null)[]) => ["m0", "m1", "m2", "m3"].map((u) => s.filter((x) => x === u).length);
    // whole window: m0 is owed 50·0.4−15 = 5 bookings at once, m1 (15 of 10) waits
    const whole = route(config, [], changed, 20).sequence;
    expect(whole.slice(0, 5)).toEqual(Array(5).fill("m0"));
    expect(count(whole)).toEqual([12, 0, 4, 4]); // m1 is 5 ahead under 2/10: nothing for 20
    // from now: exactly the new weights
    const fromNow = route(config, [], applyDeltas(changed, rebaseToPar(config, [], changed)), 20).sequence;
    expect(count(fromNow)).toEqual([8, 4, 4, 4]);
  });

  it("rebases each tier on its own and leaves paused members alone", () => {
    const groups: GroupInput[] = [{ id: "a", name: "A", priority: 1 }];
    const ms = [
      member("x", { groupIds: ["a"], weight: 1, windowCount: 9 }),
      member("y", { groupIds: ["a"], weight: 2, windowCount: 0 }),
      member("p", { groupIds: ["a"], weight: 0, windowCount: 4 }),
      member("z", { weight: 1, windowCount: 5 }),
    ];
    const d = rebaseToPar(cfg(), groups, ms);
    expect(d.map((x) => [x.userId, x.windowCredit])).toEqual([
      ["x", -6],
      ["y", 6],
    ]);
  });

  it("weightsChanged ignores pauses, resumes, joins and strategies that ignore weights", () => {
    const before = { config: cfg(), members: [member("a", { weight: 2 }), member("b", { weight: 0 })] };
    expect(weightsChanged(before, { config: cfg(), members: [member("a", { weight: 3 })] })).toBe(true);
    expect(weightsChanged(before, { config: cfg(), members: [member("a", { weight: 0 })] })).toBe(false);
    expect(weightsChanged(before, { config: cfg(), members: [member("b", { weight: 4 })] })).toBe(false);
    expect(weightsChanged(before, { config: cfg(), members: [member("c", { weight: 4 })] })).toBe(false);
    const rr = cfg({ strategy: "round_robin" });
    expect(weightsChanged({ ...before, config: rr }, { config: rr, members: [member("a", { weight: 5 })] })).toBe(
      false,
    );
  });
});

describe("return policy on tier moves and joins", () => {
  const groups: GroupInput[] = [
    { id: "t1", name: "Tier 1", priority: 1 },
    { id: "t2", name: "Tier 2", priority: 2 },
  ];
  const arb = fc.record({
    weights: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 6 }),
    moverWeight: fc.integer({ min: 1, max: 6 }),
    before: fc.integer({ min: 0, max: 80 }),
  });

  it("keep_position: a 0-booking member moved into tier 1 gets at most ceil(fair share)+1 of the next 20", () => {
    fc.assert(
      fc.property(arb, ({ weights, moverWeight, before }) => {
        const config = cfg({ returnPolicy: "keep_position" });
        const tier1 = team(weights, { groupIds: ["t1"] });
        const mover = member("d", { weight: moverWeight, groupIds: ["t2"], position: 99 });
        const { state } = route(config, groups, [...tier1, mover], before);
        expect(state.find((m) => m.userId === "d")!.windowCount).toBe(0); // tier 2 never needed
        const moved = state.map((m) => (m.userId === "d" ? { ...m, groupIds: ["t1"] } : m));
        const credit = calibrateTierMove(config, groups, moved, "d");
        const calibrated = applyDeltas(moved, [{ userId: "d", windowCount: 0, windowCredit: credit }]);
        const seq = route(config, groups, calibrated, 20).sequence;
        const share = moverWeight / (moverWeight + weights.reduce((a, b) => a + b, 0));
        expect(seq.filter((x) => x === "d").length).toBeLessThanOrEqual(Math.ceil(20 * share) + 1);
      }),
      { numRuns: 200 },
    );
  });

  it("catch_up: the moved member catches up with its new tier (the burst the issue saw)", () => {
    const config = cfg({ returnPolicy: "catch_up" });
    const ms = [...team([1, 1, 1], { groupIds: ["t1"] }), member("d", { groupIds: ["t2"], position: 9 })];
    const { state } = route(config, groups, ms, 30);
    const moved = state.map((m) => (m.userId === "d" ? { ...m, groupIds: ["t1"] } : m));
    expect(calibrateTierMove(config, groups, moved, "d")).toBe(0);
    expect(route(config, groups, moved, 20).sequence.filter((x) => x === "d").length).toBeGreaterThanOrEqual(10);
    // keep_position on the same state: exactly at par, so a quarter
    const keep = cfg();
    const credit = calibrateTierMove(keep, groups, moved, "d");
    expect(credit).toBeCloseTo(10, 9);
    const seq = route(keep, groups, applyDeltas(moved, [{ userId: "d", windowCount: 0, windowCredit: credit }]), 20);
    expect(seq.sequence.filter((x) => x === "d").length).toBe(5);
  });

  it("keep_position: a member arriving ahead of its new tier is brought down to par, not parked", () => {
    const ms = [
      member("a", { groupIds: ["t1"], windowCount: 2 }),
      member("b", { groupIds: ["t1"], windowCount: 2 }),
      member("d", { groupIds: ["t1"], windowCount: 12 }),
    ];
    expect(calibrateTierMove(cfg(), groups, ms, "d")).toBeCloseTo(-10, 9);
    expect(calibrateTierMove(cfg(), groups, [ms[2]], "d")).toBe(0); // nobody to be at par with
  });

  it("joining: keep_position lifts to par (never lowers), catch_up gives nothing", () => {
    const ms = [member("a", { windowCount: 10 }), member("b", { windowCount: 6, weight: 1 })];
    expect(calibrateJoin(cfg(), [], ms, { weight: 2, groupIds: [], current: 0 })).toBeCloseTo(16, 9);
    expect(calibrateJoin(cfg(), [], ms, { weight: 1, groupIds: [], current: 3 })).toBeCloseTo(5, 9);
    expect(calibrateJoin(cfg(), [], ms, { weight: 1, groupIds: [], current: 30 })).toBe(0);
    expect(calibrateJoin(cfg({ returnPolicy: "catch_up" }), [], ms, { weight: 2, groupIds: [], current: 0 })).toBe(0);
    // the ranking after a keep_position join: the newcomer is at par, not first for many bookings
    const joined = [...ms, member("n", { weight: 2, position: 5, windowCredit: 16 })];
    const r = route(cfg(), [], joined, 8).sequence;
    expect(r.filter((x) => x === "n").length).toBeLessThanOrEqual(5);
    expect(rankHosts(cfg(), [], joined, { now: 1 }).nextHosts.length).toBe(3);
  });
});
