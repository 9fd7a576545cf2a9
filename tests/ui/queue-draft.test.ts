import { describe, expect, it } from "vitest";
import type { QueueResponse } from "@/lib/api/schemas/queues";
import { draftFrom, followQueue, isDirty, isEdited, settingsFrom } from "@/components/queues/queue-draft";

const queue = (version: number, weights: number[]): QueueResponse => ({
  id: "00000000-0000-4000-8000-0000000000f1",
  workspaceId: "00000000-0000-4000-8000-000000000001",
  meetingTypeId: "00000000-0000-4000-8000-0000000000e1",
  name: "Sales team",
  strategy: "weighted",
  fairnessWindow: "month",
  returnPolicy: "keep_position",
  handoffFairness: "keep_routed_credit",
  users: weights.map((weight, i) => ({
    userId: `00000000-0000-4000-8000-00000000000${i}`,
    name: `Rep ${i}`,
    email: `rep${i}@example.org`,
    weight,
    paused: weight === 0,
    capPerDay: null,
    capPerWeek: null,
    position: i,
    lastAssignedAt: null,
    groupIds: [],
    covered: 0,
  })),
  groups: [],
  archivedAt: null,
  version,
  createdAt: "2030-01-01T00:00:00.000Z",
  updatedAt: "2030-01-01T00:00:00.000Z",
});

describe("the queue editor's draft and the queue's version", () => {
  it("an untouched draft follows a queue changed elsewhere (another tab, a group move)", () => {
    const d = draftFrom(queue(3, [3, 2]));
    const moved = queue(4, [5, 2]);
    expect(isEdited(d)).toBe(false);
    const shown = followQueue(moved, d);
    expect(shown.version).toBe(4);
    expect(shown.members[0].weight).toBe("5");
    expect(isDirty(moved, shown)).toBe(false);
  });

  it("an edited draft is kept, with the version it started from, so the save can be refused and explained", () => {
    const d = draftFrom(queue(3, [3, 2]));
    const edited = { ...d, members: d.members.map((m, i) => (i === 1 ? { ...m, capPerDay: "4" } : m)) };
    expect(isEdited(edited)).toBe(true);
    const moved = queue(4, [5, 2]);
    const shown = followQueue(moved, edited);
    expect(shown).toBe(edited);
    expect(shown.version).toBe(3);
    expect(isDirty(moved, shown)).toBe(true);
    expect(settingsFrom(shown).users.map((u) => [u.weight, u.capPerDay])).toEqual([
      [3, null],
      [2, 4],
    ]);
  });

  it("a change typed and typed back is not an edit; the version alone never makes a draft dirty", () => {
    const q = queue(3, [3, 2]);
    const d = draftFrom(q);
    const back = { ...d, members: d.members.map((m) => ({ ...m })) };
    expect(isEdited(back)).toBe(false);
    expect(isDirty({ ...q, version: 9 }, d)).toBe(false);
  });
});
