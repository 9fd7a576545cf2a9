import { describe, expect, it } from "vitest";
import { rankHosts } from "./rank";
import { simulate } from "./simulate";
import { cfg, member, route, team } from "@/tests/support/routing-testkit";
import type { GroupInput } from "./types";

const ids = (r: { nextHosts: { userId: string }[] }) => r.nextHosts.map((h) => h.userId);

describe("rankHosts: weighted", () => {
  it("ranks by bookings behind target share", () => {
    // W = 10, n = 10: targets after the next booking: a 3.3, b 3.3, c 2.2, d 2.2
    const ms = [
      member("a", { weight: 3, position: 0, windowCount: 3 }),
      member("b", { weight: 3, position: 1, windowCount: 4 }),
      member("c", { weight: 2, position: 2, windowCount: 1 }),
      member("d", { weight: 2, position: 3, windowCount: 2 }),
    ];
    const r = rankHosts(cfg(), [], ms, { now: 0 });
    expect(ids(r)).toEqual(["c", "a", "d", "b"]);
    expect(r.nextHosts[0]).toMatchObject({ rank: 1, tier: 1, groupId: null, groupName: null, priority: null });
    expect(r.nextHosts[0].score).toBeCloseTo(1.2, 9);
    expect(r.nextHosts[0].reason).toBe("weighted: 1.2 bookings behind target share 20% (has 1 of 10)");
    expect(r.nextHosts[3].reason).toBe("weighted: 0.7 bookings ahead of target share 30% (has 4 of 10)");
  });

  it("3/3/2/2 gets exactly 30/30/20/20 of 100, with no bursts", () => {
    const { sequence } = route(cfg(), [], team([3, 3, 2, 2]), 100);
    const counts: Record<string, number> = {};
    for (const id of sequence) counts[id!] = (counts[id!] ?? 0) + 1;
    expect(counts).toEqual({ m0: 30, m1: 30, m2: 20, m3: 20 });
    // the same 10-booking cycle repeats; nobody gets 3 in a row
    expect(sequence.slice(0, 10)).toEqual(sequence.slice(10, 20));
    for (let i = 2; i < sequence.length; i++)
      expect(sequence[i] === sequence[i - 1] && sequence[i] === sequence[i - 2]).toBe(false);
    expect(simulate({ config: cfg(), groups: [], members: team([3, 3, 2, 2]), bookings: 100 }).counts).toEqual(counts);
  });

  it("ties: least recently assigned first (never first), then position, then userId", () => {
    const ms = [
      member("x", { position: 1, lastAssignedAt: 500 }),
      member("y", { position: 2, lastAssignedAt: 100 }),
      member("z", { position: 3, lastAssignedAt: null }),
      member("w", { position: 0, lastAssignedAt: null }),
      member("v", { position: 0, lastAssignedAt: null }),
    ];
    expect(ids(rankHosts(cfg(), [], ms, { now: 1000 }))).toEqual(["v", "w", "z", "y", "x"]);
  });

  it("fractional credits within epsilon count as ties", () => {
    const ms = [
      member("a", { position: 1, windowCount: 1, windowCredit: 0 }),
      member("b", { position: 0, windowCount: 0, windowCredit: 0.1 + 0.2 + 0.7 - 1e-15 }),
    ];
    expect(ids(rankHosts(cfg(), [], ms, { now: 0 }))).toEqual(["b", "a"]);
  });
});

describe("rankHosts: round_robin", () => {
  it("ignores weight values (> 0) and balances counts", () => {
    const ms = [
      member("a", { weight: 10, position: 0, windowCount: 2 }),
      member("b", { weight: 1, position: 1, windowCount: 1 }),
      member("c", { weight: 5, position: 2, windowCount: 1 }),
    ];
    const r = rankHosts(cfg({ strategy: "round_robin" }), [], ms, { now: 0 });
    expect(ids(r)).toEqual(["b", "c", "a"]);
    expect(r.nextHosts[0].reason).toBe("round robin: 0.7 bookings behind even share (has 1 of 4)");
  });

  it("rotates a,b,c,a,b,c", () => {
    const { sequence } = route(cfg({ strategy: "round_robin" }), [], team([5, 1, 2]), 6);
    expect(sequence).toEqual(["m0", "m1", "m2", "m0", "m1", "m2"]);
  });
});

describe("rankHosts: availability", () => {
  it("whoever is free, least recently assigned first; counts are irrelevant", () => {
    const slot = { start: 10_000_000, end: 11_000_000, now: 9_000_000 };
    const ms = [
      member("a", { position: 0, lastAssignedAt: 8_000_000, windowCount: 0 }),
      member("b", { position: 1, lastAssignedAt: 1_000_000, windowCount: 50 }),
      member("c", { position: 2, lastAssignedAt: null, busy: [{ start: 10_500_000, end: 12_000_000 }] }),
      member("d", { position: 3, lastAssignedAt: null, windowCount: 99 }),
    ];
    const r = rankHosts(cfg({ strategy: "availability" }), [], ms, slot);
    expect(ids(r)).toEqual(["d", "b", "a"]);
    expect(r.excluded).toEqual([{ userId: "c", code: "busy", reason: expect.stringContaining("busy") }]);
    expect(r.nextHosts[0].reason).toBe("availability: free, never assigned");
    expect(r.nextHosts[1].reason).toBe("availability: free, last assigned 133 min ago");
    expect(r.nextHosts[1].score).toBe(133);
  });
});

describe("rankHosts: eligibility and tiers", () => {
  const groups: GroupInput[] = [
    { id: "g-b", name: "Backup", priority: 2 },
    { id: "g-a", name: "AEs", priority: 1 },
    { id: "g-c", name: "Also backup", priority: 2 }, // same priority: name decides -> before 'Backup'
  ];
  const vacation = [{ start: 0, end: 10_000 }];

  it("weight 0 is paused and excluded", () => {
    const r = rankHosts(cfg(), [], [member("a", { weight: 0 }), member("b", { position: 1 })], { now: 5 });
    expect(ids(r)).toEqual(["b"]);
    expect(r.excluded).toEqual([{ userId: "a", code: "paused", reason: "paused (weight 0)" }]);
  });

  it("all members unavailable: empty nextHosts, every member excluded with a reason", () => {
    const ms = [
      member("a", { weight: 0 }),
      member("b", { position: 1, exceptions: vacation }),
      member("c", { position: 2, capPerDay: 2, dayCount: 2 }),
      member("d", { position: 3, capPerWeek: 5, weekCount: 7 }),
    ];
    const r = rankHosts(cfg(), [], ms, { now: 5 });
    expect(r.nextHosts).toEqual([]);
    expect(r.excluded.map((x) => [x.userId, x.code])).toEqual([
      ["a", "paused"],
      ["b", "on_exception"],
      ["c", "daily_cap"],
      ["d", "weekly_cap"],
    ]);
    for (const x of r.excluded) expect(x.reason.length).toBeGreaterThan(5);
    expect(r.tiers).toEqual([{ tier: 1, groupId: null, name: "Ungrouped", priority: null, eligible: 0 }]);
  });

  it("tiers ordered by priority, then name; tier 1 all on vacation -> tier 2 gets it", () => {
    const ms = [
      member("ae1", { groupIds: ["g-a"], position: 0, exceptions: vacation }),
      member("ae2", { groupIds: ["g-a"], position: 1, exceptions: vacation }),
      member("bk1", { groupIds: ["g-b"], position: 2 }),
      member("al1", { groupIds: ["g-c"], position: 3, windowCount: 5 }),
      member("free", { groupIds: [], position: 4 }),
    ];
    const r = rankHosts(cfg(), groups, ms, { now: 5 });
    expect(r.tiers).toEqual([
      { tier: 1, groupId: "g-a", name: "AEs", priority: 1, eligible: 0 },
      { tier: 2, groupId: "g-c", name: "Also backup", priority: 2, eligible: 1 },
      { tier: 3, groupId: "g-b", name: "Backup", priority: 2, eligible: 1 },
      { tier: 4, groupId: null, name: "Ungrouped", priority: null, eligible: 1 },
    ]);
    // tier 2's only member wins despite having more bookings than tier 3's
    expect(r.nextHosts.map((h) => [h.userId, h.rank, h.tier, h.groupName])).toEqual([
      ["al1", 1, 2, "Also backup"],
      ["bk1", 2, 3, "Backup"],
      ["free", 3, 4, null],
    ]);
    expect(r.excluded.map((x) => x.code)).toEqual(["on_exception", "on_exception"]);
  });

  it("a member in several groups sits in its best tier; unknown groups fall to the last tier", () => {
    const ms = [
      member("multi", { groupIds: ["g-b", "g-a"], position: 5 }),
      member("ghost", { groupIds: ["deleted-group"], position: 0 }),
      member("b", { groupIds: ["g-b"], position: 1 }),
    ];
    const r = rankHosts(cfg(), groups, ms, { now: 5 });
    expect(r.nextHosts.map((h) => [h.userId, h.tier])).toEqual([
      ["multi", 1],
      ["b", 3],
      ["ghost", 4],
    ]);
  });

  it("fairness is computed per tier", () => {
    // tier 1: a has 10, b has 0 -> b first; tier 2 member has 0 but stays behind tier 1
    const ms = [
      member("a", { groupIds: ["g-a"], windowCount: 10, position: 0 }),
      member("b", { groupIds: ["g-a"], windowCount: 0, position: 1 }),
      member("c", { groupIds: ["g-b"], windowCount: 0, position: 2 }),
    ];
    expect(ids(rankHosts(cfg(), groups, ms, { now: 0 }))).toEqual(["b", "a", "c"]);
  });
});
