import { describe, expect, it } from "vitest";
import { describeAssignment, type HistoryEvent } from "./describe-assignment";

const A = "00000000-0000-4000-8000-00000000000a";
const B = "00000000-0000-4000-8000-00000000000b";
const C = "00000000-0000-4000-8000-00000000000c";
const M = "00000000-0000-4000-8000-0000000000a1";
const Q = "00000000-0000-4000-8000-0000000000f1";

const routed: HistoryEvent = {
  type: "booking.routed",
  reason: "weighted: 2 of 5 below target",
  actorUserId: M,
  fromUserId: null,
  toUserId: A,
  data: { strategy: "weighted", tier: 1, rank: 1 },
  createdAt: "2030-01-01T09:00:00.000Z",
};
const single: HistoryEvent = {
  type: "handoff.appointment",
  reason: "handoff to Bea",
  actorUserId: M,
  fromUserId: A,
  toUserId: B,
  data: { viaQueueId: null },
  createdAt: "2030-01-02T09:00:00.000Z",
};
const coverage: HistoryEvent = {
  type: "handoff.bulk",
  reason: `handoff via queue Sales to Cem: least recently assigned`,
  actorUserId: M,
  fromUserId: B,
  toUserId: C,
  data: { viaQueueId: Q, coverage: { userId: B, startDate: "2030-01-05", endDate: "2030-01-09", exceptionId: "x" } },
  createdAt: "2030-01-03T09:00:00.000Z",
};

describe("describeAssignment", () => {
  it("a routed booking that never moved: the routing decision explains the host", () => {
    const a = describeAssignment([routed], A);
    expect(a.handedOff).toBe(false);
    expect(a.handoffs).toEqual([]);
    expect(a.first).toMatchObject({ kind: "routed", hostId: A, strategy: "weighted", tier: 1, rank: 1 });
  });

  it("routed, then handed off twice: the chain in time order, with who, why and via which queue", () => {
    // Given out of order, as a caller might.
    const a = describeAssignment([coverage, routed, single], C);
    expect(a.handedOff).toBe(true);
    expect(a.currentHostId).toBe(C);
    expect(a.first).toMatchObject({ kind: "routed", hostId: A });
    expect(a.handoffs).toEqual([
      {
        fromUserId: A,
        toUserId: B,
        byUserId: M,
        viaQueueId: null,
        why: { kind: "single" },
        reason: "handoff to Bea",
        at: single.createdAt,
      },
      {
        fromUserId: B,
        toUserId: C,
        byUserId: M,
        viaQueueId: Q,
        why: { kind: "coverage", absentUserId: B, startDate: "2030-01-05", endDate: "2030-01-09" },
        reason: coverage.reason,
        at: coverage.createdAt,
      },
    ]);
    // The last step ends at the current host.
    expect(a.handoffs.at(-1)!.toUserId).toBe(a.currentHostId);
  });

  it("a forced booking carries no strategy, tier or rank; a plain bulk handoff says bulk", () => {
    const forced: HistoryEvent = {
      ...routed,
      type: "booking.forced",
      reason: "host chosen by the caller",
      data: { strategy: "forced", tier: null, rank: null },
    };
    const bulk: HistoryEvent = { ...single, type: "handoff.bulk", data: { bulk: { fromUserIds: [A] } } };
    const a = describeAssignment([forced, bulk], B);
    expect(a.first).toMatchObject({ kind: "forced", strategy: null, tier: null, rank: null });
    expect(a.handoffs[0].why).toEqual({ kind: "bulk" });
  });

  it("handed back to the routed host is still shown as handed off", () => {
    const back: HistoryEvent = { ...single, fromUserId: B, toUserId: A, createdAt: "2030-01-04T09:00:00.000Z" };
    const a = describeAssignment([routed, single, back], A);
    expect(a.handedOff).toBe(true);
    expect(a.handoffs.map((h) => h.toUserId)).toEqual([B, A]);
  });

  it("events at the same instant keep their given order", () => {
    const same = { ...single, createdAt: routed.createdAt };
    const a = describeAssignment([routed, same], B);
    expect(a.first?.hostId).toBe(A);
    expect(a.handoffs).toHaveLength(1);
  });
});
