import { describe, expect, it } from "vitest";
import { historyEntries, type HistoryEvent } from "./get-queue-history";
import { diffQueueSettings, type QueueSettingsState } from "./queue-changes";

const names = new Map([
  ["s", "Sofia Weber"],
  ["l", "Lukas Braun"],
  ["d", "Dmitri Ivanov"],
  ["m", "Maria Manager"],
]);
let seq = 0;
const ev = (type: string, data: Record<string, unknown>, at = seq++, actor: string | null = "m"): HistoryEvent => ({
  id: `e${at}-${type}`,
  type,
  createdAt: new Date(Date.UTC(2026, 11, 1, 10, at)),
  actorUserId: actor,
  reason: null,
  data,
});
const state = (over: Partial<QueueSettingsState> = {}): QueueSettingsState => ({
  strategy: "weighted",
  fairnessWindow: "month",
  returnPolicy: "keep_position",
  users: [
    { userId: "s", weight: 3, capPerDay: null, capPerWeek: null },
    { userId: "l", weight: 3, capPerDay: null, capPerWeek: null },
  ],
  ...over,
});

describe("diffQueueSettings", () => {
  it("lists only what changed", () => {
    const after = state({
      strategy: "round_robin",
      users: [
        { userId: "s", weight: 4, capPerDay: 6, capPerWeek: null },
        { userId: "d", weight: 1, capPerDay: null, capPerWeek: null },
      ],
    });
    expect(diffQueueSettings(state(), after)).toEqual([
      { field: "strategy", from: "weighted", to: "round_robin" },
      {
        field: "member",
        userId: "s",
        from: { weight: 3, capPerDay: null, capPerWeek: null },
        to: { weight: 4, capPerDay: 6, capPerWeek: null },
      },
      { field: "member", userId: "d", from: null, to: { weight: 1, capPerDay: null, capPerWeek: null } },
      { field: "member", userId: "l", from: { weight: 3, capPerDay: null, capPerWeek: null }, to: null },
    ]);
    expect(diffQueueSettings(state(), state())).toEqual([]);
  });
});

describe("historyEntries", () => {
  it("says who changed what, newest first, from stored before/after", () => {
    const changes = diffQueueSettings(
      state(),
      state({ users: [{ userId: "s", weight: 4, capPerDay: 6, capPerWeek: null }, state().users[1]] }),
    );
    const out = historyEntries([ev("queue.updated", { ...state(), changes })], names);
    expect(out).toEqual([
      expect.objectContaining({ actor: "Maria Manager", lines: ["Sofia Weber: weight 3 → 4, daily cap none → 6"] }),
    ]);
  });

  it("rebuilds old events without before/after from the previous one, and shows the first in full", () => {
    const out = historyEntries(
      [
        ev("queue.updated", { ...state() }),
        ev("queue.updated", {
          ...state({ fairnessWindow: "week", users: [{ userId: "s", weight: 0, capPerDay: null, capPerWeek: null }] }),
        }),
      ],
      names,
    );
    expect(out[0].lines).toEqual([
      "Fairness window: monthly → weekly",
      "Sofia Weber: weight 3 → 0 (paused)",
      "Removed Lukas Braun",
    ]);
    expect(out[1].lines[0]).toMatch(/^Saved Weighted, monthly window; Sofia Weber weight 3; Lukas Braun weight 3/);
  });

  it("tells group changes, merging one transaction's events into one entry", () => {
    const at = 100;
    const out = historyEntries(
      [
        ev("queue_group.created", { groupId: "g1", name: "Closers", priority: 1, userIds: ["s"] }, 90),
        ev("queue_group.created", { groupId: "g2", name: "Backup", priority: 2, userIds: ["l", "d"] }, 91),
        ev("queue_group.updated", { groupId: "g2", userIds: ["l"], before: { userIds: ["l", "d"] } }, at),
        ev("queue_group.updated", { groupId: "g1", userIds: ["s", "d"] }, at),
        ev("queue_group.updated", { groupId: "g1", name: "Tier 1", before: { name: "Closers" } }, 101),
        ev("queue_group.deleted", { groupId: "g2", name: "Backup" }, 102, null),
      ],
      names,
    );
    expect(out.map((e) => e.lines)).toEqual([
      ["Deleted priority group “Backup”"],
      ["Renamed priority group “Closers” to “Tier 1”"],
      ["Priority group “Backup”: removed Dmitri Ivanov", "Priority group “Closers”: added Dmitri Ivanov"],
      ["Created priority group “Backup” (priority 2) with Lukas Braun, Dmitri Ivanov"],
      ["Created priority group “Closers” (priority 1) with Sofia Weber"],
    ]);
    expect(out[0].actor).toBeNull();
  });

  it("reads groups, order and archiving from the changes stored with each event", () => {
    const out = historyEntries(
      [
        ev("queue_group.created", {
          groupId: "g1",
          name: "Closers",
          priority: 1,
          userIds: ["s"],
          version: 2,
          changes: [{ field: "groups", change: "created", groupName: "Closers", priority: 1, userIds: ["s"] }],
        }),
        ev("queue_group.updated", {
          groupId: "g1",
          userIds: ["l"],
          version: 3,
          changes: [{ field: "groups", change: "members", groupName: "Closers", added: ["l"], removed: ["s"] }],
        }),
        ev("queue.updated", { ...state(), version: 4, changes: [{ field: "order" }] }),
        ev("queue.archived", { version: 5, changes: [{ field: "archived", to: true }] }),
      ],
      names,
    );
    expect(out.map((e) => e.lines)).toEqual([
      ["Archived the queue"],
      ["Changed the order of the members"],
      ["Priority group “Closers”: added Lukas Braun; removed Sofia Weber"],
      ["Created priority group “Closers” (priority 1) with Sofia Weber"],
    ]);
  });
});
