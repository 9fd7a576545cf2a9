/**
 * memberInputsAt with `spanMs` keeps only the intervals that can touch a slot starting that day: the
 * engine must decide every such slot exactly as with the members' whole lists.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { rankHosts } from "@/lib/routing";
import { cfg, minuteInterval } from "@/tests/support/routing-testkit";
import { memberInputsAt, type QueueSnapshot, type SnapshotMember } from "./load-queue-snapshot";

const M = 60_000;
const T0 = Date.parse("2030-03-29T00:00:00Z"); // the Berlin spring-forward weekend is inside the range
const config = cfg({ fairnessWindow: "month" });
const interval = minuteInterval(T0, 4 * 1440, 600);
const intervals = fc.array(interval, { maxLength: 8 });

const member = (i: number) =>
  fc
    .record({
      weight: fc.constantFrom(0, 1, 2),
      capPerDay: fc.constantFrom(null, 1, 2),
      busy: intervals,
      exceptions: intervals,
      calendarBusy: intervals,
      workingHours: fc.option(intervals, { nil: null }),
      capStarts: fc.array(
        fc.integer({ min: 0, max: 4 * 1440 }).map((x) => T0 + x * M),
        { maxLength: 4 },
      ),
    })
    .map((x): SnapshotMember => ({
      ...x,
      capStarts: x.capStarts.sort((a, b) => a - b),
      userId: `u${i}`,
      name: `U ${i}`,
      email: `u${i}@team.test`,
      timeZone: "UTC",
      capPerWeek: null,
      groupIds: [],
      position: i,
      windowCount: i % 3,
      windowCredit: 0,
      covered: 0,
      deactivated: false,
      lastAssignedAt: null,
    }));

const snapshotOf = (members: SnapshotMember[]): QueueSnapshot => ({
  queue: {} as QueueSnapshot["queue"],
  config,
  windowKey: "2030-03",
  groups: [],
  members,
});

describe("memberInputsAt with a span", () => {
  it("ranks every slot starting that day as with the whole lists", () => {
    fc.assert(
      fc.property(
        fc.tuple(member(0), member(1), member(2), member(3)),
        fc.integer({ min: 0, max: 3 * 1440 }),
        fc.integer({ min: 5, max: 240 }),
        fc.integer({ min: 0, max: 240 }),
        (members, startMinute, duration, extraSpan) => {
          const start = T0 + startMinute * M;
          const req = { start, end: start + duration * M, now: T0 - 1440 * M };
          const clipped = memberInputsAt(snapshotOf(members), start, { spanMs: (duration + extraSpan) * M });
          const whole = memberInputsAt(snapshotOf(members), start);
          expect(rankHosts(config, [], clipped, req)).toEqual(rankHosts(config, [], whole, req));
        },
      ),
      { numRuns: 400 },
    );
  });
});
