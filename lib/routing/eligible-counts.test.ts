import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { eligibleCounts, rankHosts, type MemberInput } from "./index";
import { cfg, minuteInterval } from "@/tests/support/routing-testkit";

const M = 60_000;
const config = cfg({ fairnessWindow: "month", timeZone: "UTC" });
const interval = minuteInterval(0, 1440, 300);
const intervals = fc.array(interval, { maxLength: 6 });
const member = fc.record({
  weight: fc.constantFrom(0, 1, 3),
  capPerDay: fc.constantFrom(null, 1, 3),
  capPerWeek: fc.constantFrom(null, 2, 5),
  dayCount: fc.integer({ min: 0, max: 3 }),
  weekCount: fc.integer({ min: 0, max: 5 }),
  exceptions: intervals,
  busy: intervals,
  calendarBusy: fc.option(intervals, { nil: undefined }),
  workingHours: fc.option(intervals, { nil: null }),
  groupIds: fc.constantFrom([], ["g1"], ["g2"]),
});

describe("eligibleCounts", () => {
  it("is rankHosts' eligibleCount for every slot, whatever the order of the members' intervals", () => {
    fc.assert(
      fc.property(
        fc.array(member, { maxLength: 8 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 1440 }), { maxLength: 30 }),
        fc.integer({ min: 1, max: 120 }),
        (raw, minutes, duration) => {
          const members: MemberInput[] = raw.map((m, i) => ({
            ...m,
            groupIds: [...m.groupIds],
            userId: `u${i}`,
            position: i,
            windowCount: 0,
            windowCredit: 0,
            lastAssignedAt: null,
          }));
          const groups = [
            { id: "g1", name: "First", priority: 1 },
            { id: "g2", name: "Second", priority: 2 },
          ];
          const starts = minutes.map((x) => x * M).sort((a, b) => a - b);
          const d = duration * M;
          const expected = starts.map(
            (start) => rankHosts(config, groups, members, { start, end: start + d, now: 0, limit: 0 }).eligibleCount,
          );
          expect([...eligibleCounts(members, starts, d)]).toEqual(expected);
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
