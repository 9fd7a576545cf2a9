import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  describeQueueChange,
  diffQueueSettings,
  overlapsMemberSettings,
  type QueueSettingsState,
} from "./queue-changes";
import { ifMatchAllows } from "./queue-version";

const base: QueueSettingsState = {
  strategy: "weighted",
  fairnessWindow: "month",
  returnPolicy: "keep_position",
  users: [
    { userId: "a", weight: 3, capPerDay: null, capPerWeek: null },
    { userId: "b", weight: 2, capPerDay: 4, capPerWeek: null },
  ],
};
const names: Record<string, string> = { a: "Ana", b: "Ben", c: "Chloe" };
const nameOf = (id: string) => names[id] ?? id;

describe("diffQueueSettings / describeQueueChange", () => {
  it("names every changed field in plain words", () => {
    const after: QueueSettingsState = {
      ...base,
      strategy: "round_robin",
      fairnessWindow: "week",
      users: [
        { userId: "b", weight: 5, capPerDay: null, capPerWeek: 10 },
        { userId: "c", weight: 1, capPerDay: null, capPerWeek: null },
      ],
    };
    expect(diffQueueSettings(base, after).map((c) => describeQueueChange(c, nameOf))).toEqual([
      "Strategy: Weighted → Round-robin",
      "Fairness window: monthly → weekly",
      "Ben: weight 2 → 5, daily cap 4 → none, weekly cap none → 10",
      "Added Chloe (weight 1)",
      "Removed Ana",
    ]);
  });

  it("a reorder of the same members is one 'order' change", () => {
    const after = { ...base, users: [base.users[1], base.users[0]] };
    expect(diffQueueSettings(base, after)).toEqual([{ field: "order" }]);
  });

  it("nothing changed: no changes; any change to what a save writes overlaps", () => {
    const member = fc.record<QueueSettingsState["users"][number]>({
      userId: fc.constantFrom("a", "b", "c", "d"),
      weight: fc.integer({ min: 0, max: 5 }),
      capPerDay: fc.option(fc.integer({ min: 0, max: 3 })),
      capPerWeek: fc.option(fc.integer({ min: 0, max: 3 })),
    });
    const state = fc.record<QueueSettingsState>({
      strategy: fc.constantFrom("weighted", "round_robin"),
      fairnessWindow: fc.constantFrom("month", "week"),
      returnPolicy: fc.constantFrom("keep_position", "catch_up"),
      users: fc.uniqueArray(member, { selector: (m) => m.userId, maxLength: 4 }),
    });
    fc.assert(
      fc.property(state, state, (x, y) => {
        expect(diffQueueSettings(x, x)).toEqual([]);
        const changes = diffQueueSettings(x, y);
        // Empty diff exactly when the two states are the same.
        expect(changes.length === 0).toBe(JSON.stringify(x) === JSON.stringify(y));
        expect(overlapsMemberSettings(changes)).toBe(changes.length > 0);
      }),
    );
  });

  it("group and archive changes do not overlap a members/settings save", () => {
    expect(
      overlapsMemberSettings([
        { field: "groups", change: "members", groupName: "Leads", added: ["a"], removed: [] },
        { field: "archived", to: true },
      ]),
    ).toBe(false);
    expect(
      describeQueueChange({ field: "groups", change: "priority", groupName: "Leads", from: 1, to: 2 }, nameOf),
    ).toBe("Priority group “Leads”: priority 1 → 2");
    expect(
      describeQueueChange(
        { field: "groups", change: "members", groupName: "Leads", added: ["c"], removed: ["a"] },
        nameOf,
      ),
    ).toBe("Priority group “Leads”: added Chloe; removed Ana");
  });
});

describe("ifMatchAllows (RFC 9110 strong comparison)", () => {
  it.each([
    [null, 3, true],
    [undefined, 3, true],
    ["*", 3, true],
    ['"3"', 3, true],
    [' "2" , "3" ', 3, true],
    ['"2"', 3, false],
    ['W/"3"', 3, false],
    ["3", 3, false],
    ["", 3, false],
    ['"3', 3, false],
  ])("If-Match %j against version %i: %s", (header, version, ok) => {
    expect(ifMatchAllows(header, version)).toBe(ok);
  });
});
