import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decisionPool, expectedCounts, isDeviation, type Decision } from "./expected";
import { assignmentDeltas } from "./assign";
import { rankHosts } from "./rank";
import { cfg, member, applyDeltas } from "@/tests/support/routing-testkit";
import type { GroupInput, MemberInput, RoutingRequest } from "./types";

const ids = ["a", "b", "c", "d", "e", "f"];
const arbPool = fc
  .subarray(ids, { minLength: 0 })
  .chain((pick) => fc.tuple(...pick.map(() => fc.integer({ min: 0, max: 10 }))).map((ws) => ({ pick, ws })))
  .map(({ pick, ws }) => Object.fromEntries(pick.map((id, i) => [id, ws[i]])));
const arbDecisions = fc.array(
  fc.record({ chosenUserId: fc.constantFrom(...ids), pool: arbPool }) as fc.Arbitrary<Decision>,
  { maxLength: 60 },
);

describe("expectedCounts", () => {
  it("sums to the number of decisions", () => {
    fc.assert(
      fc.property(arbDecisions, (ds) => {
        const total = Object.values(expectedCounts(ds)).reduce((s, x) => s + x, 0);
        expect(total).toBeCloseTo(ds.length, 9);
      }),
    );
  });

  it("gives 0 to a member that was never eligible (and never chosen)", () => {
    fc.assert(
      fc.property(arbDecisions, fc.constantFrom(...ids), (ds, who) => {
        const never = ds.every((d) => !(d.pool[who] > 0) && d.chosenUserId !== who);
        fc.pre(never);
        expect(expectedCounts(ds)[who] ?? 0).toBe(0);
      }),
    );
  });

  it("equals n·w/W when everyone is always eligible", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 200 }),
        (weights, n) => {
          const pool = Object.fromEntries(weights.map((w, i) => [ids[i], w]));
          const W = weights.reduce((s, w) => s + w, 0);
          const ds: Decision[] = Array.from({ length: n }, () => ({ chosenUserId: ids[0], pool }));
          const e = expectedCounts(ds);
          weights.forEach((w, i) => expect(e[ids[i]] ?? 0).toBeCloseTo((n * w) / W, 6));
        },
      ),
    );
  });

  it("gives a decision without a usable pool to whoever took it", () => {
    expect(expectedCounts([{ chosenUserId: "a", pool: {} }])).toEqual({ a: 1 });
    expect(expectedCounts([{ chosenUserId: "a", pool: { b: 0 } }])).toEqual({ a: 1 });
  });
});

describe("decisionPool with the engine", () => {
  const groups: GroupInput[] = [
    { id: "g1", name: "Tier 1", priority: 1 },
    { id: "g2", name: "Tier 2", priority: 2 },
  ];

  /** Routes `n` bookings (member ids absent at booking b per `away`), recording each decision's pool. */
  function run(members: MemberInput[], n: number, away: (b: number, id: string) => boolean, strategy = "weighted") {
    const config = cfg({ strategy: strategy as "weighted" });
    let state = members;
    const decisions: Decision[] = [];
    for (let b = 0; b < n; b++) {
      const now = 1_000_000 + b * 60_000;
      const req: RoutingRequest = { now, limit: 2 };
      const view = state.map((m) => (away(b, m.userId) ? { ...m, exceptions: [{ start: now - 1, end: now + 1 }] } : m));
      const r = rankHosts(config, groups, view, req);
      const chosen = r.nextHosts[0]?.userId;
      if (!chosen) continue;
      decisions.push({
        chosenUserId: chosen,
        pool: decisionPool({ strategy: config.strategy, groups, members: view, result: r, chosenUserId: chosen }),
      });
      state = applyDeltas(state, assignmentDeltas(config, groups, view, req, chosen, r));
    }
    return { state, decisions };
  }

  it("counts a tier-2 member only for the decisions tier 1 could not take", () => {
    const ms = [
      member("a", { weight: 1, position: 0, groupIds: ["g1"] }),
      member("b", { weight: 1, position: 1, groupIds: ["g1"] }),
      member("c", { weight: 1, position: 2, groupIds: ["g2"] }),
    ];
    // Tier 1 away for bookings 10..19: c takes those 10 and is expected to.
    const { state, decisions } = run(ms, 30, (b, id) => id !== "c" && b >= 10 && b < 20);
    const e = expectedCounts(decisions);
    expect(e.c).toBeCloseTo(10, 9);
    expect(e.a).toBeCloseTo(10, 9);
    expect(e.b).toBeCloseTo(10, 9);
    for (const m of state) expect(isDeviation(m.windowCount, e[m.userId] ?? 0)).toBe(false);
  });

  it("keeps actual counts within one booking of expected when everyone is always eligible", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 60 }),
        fc.constantFrom("weighted", "round_robin"),
        (weights, n, strategy) => {
          const ms = weights.map((w, i) => member(ids[i], { weight: w, position: i, groupIds: ["g1"] }));
          const { state, decisions } = run(ms, n, () => false, strategy);
          const e = expectedCounts(decisions);
          for (const m of state) expect(Math.abs(m.windowCount - (e[m.userId] ?? 0))).toBeLessThan(1 + 1e-9);
        },
      ),
    );
  });

  it("never puts an absent member in the pool, and pools hold only the chosen host's tier", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ w: fc.integer({ min: 0, max: 4 }), g: fc.constantFrom("g1", "g2", "none") }), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 29 }), fc.integer({ min: 0, max: 5 })), { maxLength: 40 }),
        (spec, absences) => {
          const ms = spec.map((s, i) =>
            member(ids[i], { weight: s.w, position: i, groupIds: s.g === "none" ? [] : [s.g] }),
          );
          const off = new Set(absences.map(([b, i]) => `${b}:${ids[i]}`));
          const { decisions } = run(ms, 30, (bk, id) => off.has(`${bk}:${id}`));
          for (const d of decisions) {
            const chosenGroup = ms.find((m) => m.userId === d.chosenUserId)!.groupIds.join();
            expect(d.pool[d.chosenUserId]).toBeGreaterThan(0);
            for (const id of Object.keys(d.pool)) {
              expect(ms.find((m) => m.userId === id)!.groupIds.join()).toBe(chosenGroup);
            }
          }
          const e = expectedCounts(decisions);
          for (const m of ms) if (m.weight === 0) expect(e[m.userId] ?? 0).toBe(0);
        },
      ),
    );
  });
});

describe("isDeviation", () => {
  it("flags only more than 1.5 bookings and more than 10% off", () => {
    expect(isDeviation(4, 2)).toBe(true);
    expect(isDeviation(3, 2)).toBe(false);
    expect(isDeviation(53, 50)).toBe(false);
    expect(isDeviation(56, 50)).toBe(true);
    expect(isDeviation(2, 0)).toBe(true);
    expect(isDeviation(0, 1.4)).toBe(false);
  });
});
