import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assignmentDeltas } from "./assign";
import { checkEligibility } from "./eligibility";
import { rankHostIds, rankHosts } from "./rank";
import { cfg, member, team } from "@/tests/support/routing-testkit";
import type { GroupInput, MemberInput, QueueConfig, RoutingRequest } from "./types";

const H = 3_600_000;
const SLOT: RoutingRequest = { start: 10 * H, end: 11 * H, now: 9 * H };

/**
 * Queues built to produce ties: few distinct counts, credits that are equal, equal up to
 * rounding (0.1 + 0.2 vs 0.3) or within EPS = 1e-9 of each other (chains of near-ties), shared
 * lastAssignedAt and positions, several tiers (and the ungrouped one), some ineligible members.
 */
// Keys are -(e + 1 - sigma) * W / w, so a credit difference d moves keys by d * W / w: the tiny
// credits give near-ties (and chains of them) for some W / w and clear gaps for others.
const CREDITS = [0, 0, 0, 2e-12, 5e-12, 1e-11, 2e-11, 5e-11, 1e-10, 1 / 3, 0.1 + 0.2, 0.3, 0.5, 2 / 3, 1 - 1e-15, 1];
const arbTiedQueue = fc
  .record({
    groupCount: fc.integer({ min: 0, max: 3 }),
    priorities: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 3, maxLength: 3 }),
    members: fc.array(
      fc.record({
        weight: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 })),
        group: fc.integer({ min: -1, max: 3 }), // -1: no group; 3 may not exist
        windowCount: fc.integer({ min: 0, max: 3 }),
        credit: fc.constantFrom(...CREDITS),
        lastAssignedAt: fc.option(fc.constantFrom(100, 200, 300), { nil: null }),
        position: fc.integer({ min: 0, max: 4 }),
        state: fc.constantFrom("ok", "ok", "ok", "ok", "vacation", "busy", "capped"),
      }),
      { minLength: 1, maxLength: 40 },
    ),
    strategy: fc.constantFrom<QueueConfig["strategy"]>("weighted", "round_robin", "availability"),
    returnPolicy: fc.constantFrom<QueueConfig["returnPolicy"]>("keep_position", "catch_up"),
    timed: fc.boolean(),
  })
  .map(({ groupCount, priorities, members, strategy, returnPolicy, timed }) => {
    const groups: GroupInput[] = Array.from({ length: groupCount }, (_, g) => ({
      id: `g${g}`,
      name: `G${g}`,
      priority: priorities[g],
    }));
    const ms: MemberInput[] = members.map((r, i) =>
      member(`u${i}`, {
        weight: r.weight,
        position: r.position,
        groupIds: r.group < 0 ? [] : [`g${r.group}`],
        windowCount: r.windowCount,
        windowCredit: r.credit,
        lastAssignedAt: r.lastAssignedAt,
        exceptions: r.state === "vacation" ? [{ start: 8 * H, end: 30 * H }] : [],
        busy: r.state === "busy" ? [{ start: 10.5 * H, end: 12 * H }] : [],
        capPerDay: r.state === "capped" ? 1 : null,
        dayCount: 1,
      }),
    );
    const req: RoutingRequest = timed ? SLOT : { now: 9 * H };
    return { config: cfg({ strategy, returnPolicy }), groups, members: ms, req };
  });

describe("rankHosts with req.limit", () => {
  it("nextHosts is exactly the first `limit` of the unlimited ranking; everything else is complete", () => {
    fc.assert(
      fc.property(arbTiedQueue, fc.integer({ min: 0, max: 45 }), ({ config, groups, members, req }, limit) => {
        const full = rankHosts(config, groups, members, req);
        const part = rankHosts(config, groups, members, { ...req, limit });
        expect(part.nextHosts).toEqual(full.nextHosts.slice(0, limit));
        expect(part.excluded).toEqual(full.excluded);
        expect(part.tiers).toEqual(full.tiers);
        expect(part.eligibleCount).toBe(full.nextHosts.length);
        expect(full.eligibleCount).toBe(full.nextHosts.length);
      }),
      { numRuns: 1500 },
    );
  });

  it("rankHostIds is nextHosts' ids, for any limit, and leaves rankHosts' answers unchanged", () => {
    fc.assert(
      fc.property(arbTiedQueue, fc.option(fc.integer({ min: 0, max: 45 }), { nil: undefined }), (queue, limit) => {
        const { config, groups, members, req } = queue;
        const asked = { ...req, limit };
        const before = rankHosts(config, groups, members, asked);
        expect(rankHostIds(config, groups, members, asked)).toEqual(before.nextHosts.map((h) => h.userId));
        expect(rankHosts(config, groups, members, asked)).toEqual(before);
      }),
      { numRuns: 1500 },
    );
  });

  it("every limit gives a prefix, on a large tied queue spanning several tiers", () => {
    const groups: GroupInput[] = [
      { id: "a", name: "A", priority: 1 },
      { id: "b", name: "B", priority: 2 },
    ];
    const ms = Array.from({ length: 300 }, (_, i) =>
      member(`u${i}`, {
        weight: 1 + (i % 3),
        position: i % 7,
        groupIds: i % 5 === 0 ? [] : [i % 2 ? "a" : "b"],
        windowCount: i % 4,
        windowCredit: CREDITS[i % CREDITS.length],
        lastAssignedAt: i % 9 === 0 ? null : 1000 * (i % 4),
        capPerDay: i % 11 === 0 ? 0 : null,
      }),
    );
    for (const strategy of ["weighted", "round_robin", "availability"] as const) {
      const full = rankHosts(cfg({ strategy }), groups, ms, { now: 0 });
      expect(full.tiers.map((t) => t.eligible)).toEqual([expect.any(Number), expect.any(Number), expect.any(Number)]);
      for (const limit of [0, 1, 2, 3, 5, 8, 13, 50, 100, 101, 150, 200, 260, 299, 300, 1000]) {
        const part = rankHosts(cfg({ strategy }), groups, ms, { now: 0, limit });
        expect(part.nextHosts).toEqual(full.nextHosts.slice(0, limit));
        expect(part.eligibleCount).toBe(full.nextHosts.length);
      }
    }
  });

  it("near-equal keys tie: a cut inside or below such a cluster keeps the cluster order", () => {
    // round robin: a (e = 1) and b (e = 1 - 1.1e-15) tie; b's raw key is higher, but a was never
    // assigned, so a comes first. c, d, e (e = 1.5) follow, then g, h (ahead of their share).
    const c = cfg({ strategy: "round_robin" });
    const ms = [
      member("a", { position: 0, windowCount: 1 }),
      member("b", { position: 1, windowCredit: 1 - 1e-15, lastAssignedAt: 100 }),
      ...["c", "d", "e"].map((id, i) => member(id, { position: 2 + i, windowCount: 1, windowCredit: 0.5 })),
      member("g", { position: 5, windowCount: 5 }),
      member("h", { position: 6, windowCount: 5 }),
    ];
    const full = rankHosts(c, [], ms, { now: 0 });
    expect(full.nextHosts.map((h) => h.userId)).toEqual(["a", "b", "c", "d", "e", "g", "h"]);
    for (let limit = 0; limit <= ms.length; limit++) {
      expect(rankHosts(c, [], ms, { now: 0, limit }).nextHosts).toEqual(full.nextHosts.slice(0, limit));
    }
  });

  it("a chain of near-ties (each within EPS of the next, ends further apart) is one tie group", () => {
    // round robin, W = 8: credits 0.1e-9 apart move keys 0.8e-9 apart; the chain spans 4e-9
    const credits = [0, 0.1e-9, 0.2e-9, 0.3e-9, 0.4e-9, 0.5e-9];
    const ms = credits.map((x, i) =>
      member(`m${i}`, { position: 9 - i, windowCount: 1, windowCredit: x, lastAssignedAt: i % 2 ? 100 : null }),
    );
    ms.push(member("behind", { position: 0, windowCount: 2 }), member("ahead", { position: 0 }));
    const c = cfg({ strategy: "round_robin" });
    const full = rankHosts(c, [], ms, { now: 0 });
    // never-assigned members of the chain first (by position), then the others; input order irrelevant
    expect(full.nextHosts.map((h) => h.userId)).toEqual(["ahead", "m4", "m2", "m0", "m5", "m3", "m1", "behind"]);
    expect(rankHosts(c, [], ms.slice().reverse(), { now: 0 }).nextHosts).toEqual(full.nextHosts);
    for (let limit = 0; limit <= ms.length; limit++) {
      expect(rankHosts(c, [], ms, { now: 0, limit }).nextHosts).toEqual(full.nextHosts.slice(0, limit));
    }
  });

  it("limit edge values: 0, fractional, negative, NaN, Infinity", () => {
    const ms = team([1, 2, 3, 0]);
    const full = rankHosts(cfg(), [], ms, { now: 0 });
    expect(full.nextHosts).toHaveLength(3);
    const zero = rankHosts(cfg(), [], ms, { now: 0, limit: 0 });
    expect(zero.nextHosts).toEqual([]);
    expect(zero.eligibleCount).toBe(3);
    expect(zero.tiers).toEqual(full.tiers);
    expect(zero.excluded).toEqual([{ userId: "m3", code: "paused", reason: "paused (weight 0)" }]);
    expect(rankHosts(cfg(), [], ms, { now: 0, limit: 1.9 }).nextHosts).toEqual(full.nextHosts.slice(0, 1));
    expect(rankHosts(cfg(), [], ms, { now: 0, limit: -2 }).nextHosts).toEqual([]);
    expect(rankHosts(cfg(), [], ms, { now: 0, limit: NaN }).nextHosts).toEqual(full.nextHosts);
    expect(rankHosts(cfg(), [], ms, { now: 0, limit: Infinity }).nextHosts).toEqual(full.nextHosts);
    expect(rankHosts(cfg(), [], ms, { now: 0, limit: 99 }).nextHosts).toEqual(full.nextHosts);
  });

  it("excluded reasons match checkEligibility (cheap strings are the same strings)", () => {
    fc.assert(
      fc.property(arbTiedQueue, fc.integer({ min: 0, max: 5 }), ({ config, groups, members, req }, limit) => {
        const r = rankHosts(config, groups, members, { ...req, limit });
        for (const x of r.excluded) {
          expect(
            checkEligibility(
              members.find((m) => m.userId === x.userId)!,
              req,
            ),
          ).toEqual({ code: x.code, reason: x.reason });
        }
      }),
      { numRuns: 300 },
    );
  });

  it("assignmentDeltas gives the same deltas for a limited result as for the full one", () => {
    fc.assert(
      fc.property(
        arbTiedQueue,
        fc.integer({ min: 1, max: 6 }),
        fc.nat(),
        ({ config, groups, members, req }, limit, pick) => {
          const full = rankHosts(config, groups, members, req);
          const part = rankHosts(config, groups, members, { ...req, limit });
          if (part.nextHosts.length === 0) return;
          // any host the booking service may fall back to, plus a forced (excluded) one
          const chosen = [part.nextHosts[pick % part.nextHosts.length].userId];
          if (full.excluded.length > 0) chosen.push(full.excluded[pick % full.excluded.length].userId);
          for (const id of chosen) {
            expect(assignmentDeltas(config, groups, members, req, id, part)).toEqual(
              assignmentDeltas(config, groups, members, req, id, full),
            );
          }
        },
      ),
      { numRuns: 600 },
    );
  });

  it("assignmentDeltas credits absentees against the whole tier, not just the listed hosts", () => {
    const ms = [
      ...team([1, 1, 1, 1]),
      member("away", { weight: 2, position: 9, exceptions: [{ start: 0, end: 100 * H }] }),
    ];
    const part = rankHosts(cfg(), [], ms, { now: H, limit: 1 });
    expect(part.nextHosts).toHaveLength(1);
    expect(part.eligibleCount).toBe(4);
    const d = assignmentDeltas(cfg(), [], ms, { now: H }, part.nextHosts[0].userId, part);
    expect(d[1]).toEqual({ userId: "away", windowCount: 0, windowCredit: 2 / 4 });
  });
});
