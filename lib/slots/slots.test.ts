import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  dayRange,
  expandWorkingHours,
  gridStarts,
  mergeIntervals,
  parseDay,
  resolveRange,
  subtractIntervals,
  ALL_DAY,
  OFFICE_HOURS,
  unionStarts,
  bufferedBusy,
} from "./index";

const t = (s: string) => Date.parse(s);
const iso = (ms: number) => new Date(ms).toISOString();
const H = 3_600_000;
const nineToFive = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startMinute: 540, endMinute: 1020 }));

describe("calendar days in a zone", () => {
  it("spring-forward and fall-back days are 23 h and 25 h long", () => {
    const len = (d: string, tz: string) => {
      const r = dayRange(parseDay(d), tz);
      return (r.end - r.start) / H;
    };
    expect(len("2024-03-31", "Europe/Berlin")).toBe(23);
    expect(len("2024-10-27", "Europe/Berlin")).toBe(25);
    expect(len("2024-03-10", "America/New_York")).toBe(23);
    expect(len("2024-11-03", "America/New_York")).toBe(25);
    expect(len("2024-01-15", "Europe/Berlin")).toBe(24);
  });

  it("resolves day ranges inclusively in the given zone and keeps date-times", () => {
    expect(resolveRange("2024-01-15", "2024-01-15", "Europe/Berlin")).toEqual({
      start: t("2024-01-14T23:00:00Z"),
      end: t("2024-01-15T23:00:00Z"),
    });
    expect(resolveRange("2024-01-15T10:00:00Z", "2024-01-16T00:00:00+01:00", "UTC")).toEqual({
      start: t("2024-01-15T10:00:00Z"),
      end: t("2024-01-15T23:00:00Z"),
    });
  });
});

describe("expandWorkingHours", () => {
  const around = (d: string, tz: string) =>
    expandWorkingHours(nineToFive, tz, dayRange(parseDay(d), tz)).map((i) => [iso(i.start), iso(i.end)]);

  it("keeps 09:00–17:00 local across Berlin's DST changes", () => {
    expect(around("2024-03-30", "Europe/Berlin")).toContainEqual([
      "2024-03-30T08:00:00.000Z",
      "2024-03-30T16:00:00.000Z",
    ]);
    expect(around("2024-03-31", "Europe/Berlin")).toContainEqual([
      "2024-03-31T07:00:00.000Z",
      "2024-03-31T15:00:00.000Z",
    ]);
    expect(around("2024-10-27", "Europe/Berlin")).toContainEqual([
      "2024-10-27T08:00:00.000Z",
      "2024-10-27T16:00:00.000Z",
    ]);
  });

  it("keeps 09:00–17:00 local across New York's DST changes", () => {
    expect(around("2024-03-09", "America/New_York")).toContainEqual([
      "2024-03-09T14:00:00.000Z",
      "2024-03-09T22:00:00.000Z",
    ]);
    expect(around("2024-03-10", "America/New_York")).toContainEqual([
      "2024-03-10T13:00:00.000Z",
      "2024-03-10T21:00:00.000Z",
    ]);
    expect(around("2024-11-03", "America/New_York")).toContainEqual([
      "2024-11-03T14:00:00.000Z",
      "2024-11-03T22:00:00.000Z",
    ]);
  });

  it("only expands the rule's weekdays (ISO 1 = Monday)", () => {
    const monday = [{ weekday: 1, startMinute: 600, endMinute: 660 }];
    const week = expandWorkingHours(monday, "UTC", {
      start: t("2024-01-15T00:00:00Z"),
      end: t("2024-01-22T00:00:00Z"),
    });
    expect(week).toEqual([{ start: t("2024-01-15T10:00:00Z"), end: t("2024-01-15T11:00:00Z") }]);
  });

  it("a local hour skipped by DST yields a shorter interval, never a negative one", () => {
    const night = [{ weekday: 7, startMinute: 60, endMinute: 240 }]; // 01:00–04:00 local, Sunday
    const [iv] = expandWorkingHours(night, "Europe/Berlin", dayRange(parseDay("2024-03-31"), "Europe/Berlin"));
    expect((iv.end - iv.start) / H).toBe(2);
    const [fall] = expandWorkingHours(night, "Europe/Berlin", dayRange(parseDay("2024-10-27"), "Europe/Berlin"));
    expect((fall.end - fall.start) / H).toBe(4);
  });

  it("a local hour repeated by DST counts twice: 02:00–04:00 on a fall-back day is 3 real hours", () => {
    const early = [{ weekday: 7, startMinute: 120, endMinute: 240 }];
    const [berlin] = expandWorkingHours(early, "Europe/Berlin", dayRange(parseDay("2024-10-27"), "Europe/Berlin"));
    expect([iso(berlin.start), iso(berlin.end)]).toEqual(["2024-10-27T00:00:00.000Z", "2024-10-27T03:00:00.000Z"]);
    const ny = [{ weekday: 7, startMinute: 60, endMinute: 150 }]; // 01:00–02:30, 01:xx happens twice
    const [fall] = expandWorkingHours(ny, "America/New_York", dayRange(parseDay("2024-11-03"), "America/New_York"));
    expect([iso(fall.start), iso(fall.end)]).toEqual(["2024-11-03T05:00:00.000Z", "2024-11-03T07:30:00.000Z"]);
    // An interval ending inside the repeated hour ends at its second occurrence.
    const [toRepeated] = expandWorkingHours(
      [{ weekday: 7, startMinute: 0, endMinute: 150 }],
      "Europe/Berlin",
      dayRange(parseDay("2024-10-27"), "Europe/Berlin"),
    );
    expect((toRepeated.end - toRepeated.start) / H).toBe(3.5);
  });

  it("merges around-the-clock days into one interval", () => {
    const r = { start: t("2024-01-15T00:00:00Z"), end: t("2024-01-17T00:00:00Z") };
    expect(expandWorkingHours(ALL_DAY, "UTC", r)).toEqual([
      { start: t("2024-01-15T00:00:00Z"), end: t("2024-01-17T00:00:00Z") },
    ]);
  });
});

describe("date overrides and office hours", () => {
  const week = (tz: string) => resolveRange("2024-03-25", "2024-03-31", tz);

  it("no weekly rules and no overrides is never working, not around the clock", () => {
    expect(expandWorkingHours([], "UTC", week("UTC"))).toEqual([]);
  });

  it("a day off removes that day only; special hours replace the weekly rule on that date", () => {
    const overrides = new Map([
      ["2024-03-26", []],
      [
        "2024-03-27",
        [
          { startMinute: 600, endMinute: 660 },
          { startMinute: 780, endMinute: 840 },
        ],
      ],
      ["2024-03-30", [{ startMinute: 480, endMinute: 540 }]], // a Saturday
    ]);
    const got = expandWorkingHours(OFFICE_HOURS, "Europe/Berlin", week("Europe/Berlin"), overrides).map((i) => [
      iso(i.start),
      iso(i.end),
    ]);
    expect(got).toEqual([
      ["2024-03-25T08:00:00.000Z", "2024-03-25T16:00:00.000Z"],
      ["2024-03-27T09:00:00.000Z", "2024-03-27T10:00:00.000Z"],
      ["2024-03-27T12:00:00.000Z", "2024-03-27T13:00:00.000Z"],
      ["2024-03-28T08:00:00.000Z", "2024-03-28T16:00:00.000Z"],
      ["2024-03-29T08:00:00.000Z", "2024-03-29T16:00:00.000Z"],
      // Saturday 30 March is still CET (UTC+1); the clocks change on Sunday the 31st.
      ["2024-03-30T07:00:00.000Z", "2024-03-30T08:00:00.000Z"],
    ]);
  });

  it("an override on the DST change day keeps local wall-clock hours, per zone", () => {
    // Sunday 31 March 2024: Berlin moves to CEST; New York already did on 10 March.
    const o = new Map([["2024-03-31", [{ startMinute: 540, endMinute: 1020 }]]]);
    const berlin = expandWorkingHours([], "Europe/Berlin", dayRange(parseDay("2024-03-31"), "Europe/Berlin"), o);
    expect(berlin.map((i) => [iso(i.start), iso(i.end)])).toEqual([
      ["2024-03-31T07:00:00.000Z", "2024-03-31T15:00:00.000Z"],
    ]);
    const ny = expandWorkingHours([], "America/New_York", dayRange(parseDay("2024-03-31"), "America/New_York"), o);
    expect(ny.map((i) => [iso(i.start), iso(i.end)])).toEqual([
      ["2024-03-31T13:00:00.000Z", "2024-03-31T21:00:00.000Z"],
    ]);
  });
});

describe("interval algebra", () => {
  it("subtracts busy ranges", () => {
    const base = [{ start: 0, end: 100 }];
    expect(
      subtractIntervals(base, [
        { start: 10, end: 20 },
        { start: 15, end: 30 },
        { start: 90, end: 120 },
      ]),
    ).toEqual([
      { start: 0, end: 10 },
      { start: 30, end: 90 },
    ]);
    expect(subtractIntervals(base, [{ start: -5, end: 200 }])).toEqual([]);
  });

  const ivs = fc.array(
    fc
      .tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 50 }))
      .map(([s, l]) => ({ start: s, end: s + l })),
    { maxLength: 12 },
  );

  it("property: a point is free iff it is in base and in no busy range", () => {
    fc.assert(
      fc.property(ivs, ivs, fc.integer({ min: 0, max: 260 }), (base, busy, p) => {
        const inside = (l: { start: number; end: number }[]) => l.some((i) => i.start <= p && p < i.end);
        expect(inside(subtractIntervals(base, busy))).toBe(inside(base) && !inside(busy));
      }),
    );
  });

  it("property: merged ranges are sorted and disjoint", () => {
    fc.assert(
      fc.property(ivs, (l) => {
        const m = mergeIntervals(l);
        for (let i = 1; i < m.length; i++) expect(m[i].start).toBeGreaterThan(m[i - 1].end);
      }),
    );
  });
});

describe("bufferedBusy", () => {
  const M = 60_000;
  it("widens an existing booking by its own buffers and the placed booking's", () => {
    const existing = [{ start: 100 * M, end: 130 * M, bufferBeforeMinutes: 10, bufferAfterMinutes: 5 }];
    // Existing occupies [90, 135); a slot with 15 min before and 20 min after must end by 70 and start at 150.
    expect(bufferedBusy(existing, { bufferBeforeMinutes: 15, bufferAfterMinutes: 20 })).toEqual([
      { start: 70 * M, end: 150 * M },
    ]);
  });
  it("property: a bare slot avoids the result iff the buffered ranges do not overlap", () => {
    const mins = fc.integer({ min: 0, max: 240 });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 1, max: 120 }),
        mins,
        mins,
        mins,
        mins,
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 1, max: 120 }),
        (s, len, eb, ea, pb, pa, t, tl) => {
          const [busy] = bufferedBusy(
            [{ start: s * M, end: (s + len) * M, bufferBeforeMinutes: eb, bufferAfterMinutes: ea }],
            {
              bufferBeforeMinutes: pb,
              bufferAfterMinutes: pa,
            },
          );
          const hitsBusy = busy.start < (t + tl) * M && busy.end > t * M;
          const buffersOverlap = (s - eb) * M < (t + tl + pa) * M && (s + len + ea) * M > (t - pb) * M;
          expect(hitsBusy).toBe(buffersOverlap);
        },
      ),
    );
  });
});

describe("slot grid", () => {
  const day = { start: t("2024-01-15T00:00:00Z"), end: t("2024-01-16T00:00:00Z") };
  const work = [{ start: t("2024-01-15T09:00:00Z"), end: t("2024-01-15T11:00:00Z") }];

  it("steps from the working interval's start and keeps whole slots inside", () => {
    const s = gridStarts(work, { durationMs: 45 * 60_000, stepMs: 30 * 60_000, notBefore: 0, range: day });
    expect(s.map(iso)).toEqual(["2024-01-15T09:00:00.000Z", "2024-01-15T09:30:00.000Z", "2024-01-15T10:00:00.000Z"]);
  });

  it("applies minimum notice without shifting the grid", () => {
    const s = gridStarts(work, {
      durationMs: 30 * 60_000,
      stepMs: 30 * 60_000,
      notBefore: t("2024-01-15T09:40:00Z"),
      range: day,
    });
    expect(s.map(iso)).toEqual(["2024-01-15T10:00:00.000Z", "2024-01-15T10:30:00.000Z"]);
  });

  it("unions per-member lists", () => {
    const starts = gridStarts(work, { durationMs: 30 * 60_000, stepMs: 30 * 60_000, notBefore: 0, range: day });
    expect(unionStarts([[starts[0], starts[2]], [starts[1]], [starts[2]]])).toEqual(starts.slice(0, 3));
  });

  it("a Berlin spring-forward day offers 09:00–17:00 local slots", () => {
    const tz = "Europe/Berlin";
    const range = dayRange(parseDay("2024-03-31"), tz);
    const s = gridStarts(expandWorkingHours(nineToFive, tz, range), { durationMs: H, stepMs: H, notBefore: 0, range });
    expect(s.length).toBe(8);
    expect(iso(s[0])).toBe("2024-03-31T07:00:00.000Z");
  });
});

describe("united starts (one native sort)", () => {
  const M = 60_000;

  it("unionStarts is the sorted set of all starts", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: -1e6, max: 1e6 }).map((x) => x * M))), (lists) => {
        expect(unionStarts(lists)).toEqual([...new Set(lists.flat())].sort((a, b) => a - b));
      }),
      { numRuns: 300 },
    );
  });
});
