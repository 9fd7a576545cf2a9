import { describe, expect, it } from "vitest";
import fc from "fast-check";
import ICAL from "ical.js";
import { IcsParseError, parseBusyTimes, type BusyTimes } from "./parse-busy-times";
import { NEW_YORK_VTIMEZONE, vcalendar, vevent } from "./testkit";

const BERLIN = "Europe/Berlin";
const iso = (r: BusyTimes) => r.intervals.map((i) => [i.start.toISOString(), i.end.toISOString()]);
const march = { from: new Date("2026-03-01T00:00:00Z"), to: new Date("2026-04-01T00:00:00Z"), timeZone: BERLIN };

/** Tuesdays 10:00–11:00 in New York, from January 2026. */
const weeklyNewYork = (extra: string[] = []) =>
  vevent([
    "UID:weekly-ny",
    "DTSTART;TZID=America/New_York:20260106T100000",
    "DTEND;TZID=America/New_York:20260106T110000",
    "RRULE:FREQ=WEEKLY;BYDAY=TU",
    ...extra,
  ]);

describe("parseBusyTimes: time zones", () => {
  it("expands a weekly New York event across the US DST change, which comes three weeks before Berlin's", () => {
    const r = parseBusyTimes({ ics: vcalendar(NEW_YORK_VTIMEZONE, weeklyNewYork()), ...march });
    // EST (UTC-5) until 8 March, EDT (UTC-4) after: 10:00 New York is 16:00, then 15:00 (gap weeks), then 16:00 CEST in Berlin.
    expect(iso(r)).toEqual([
      ["2026-03-03T15:00:00.000Z", "2026-03-03T16:00:00.000Z"],
      ["2026-03-10T14:00:00.000Z", "2026-03-10T15:00:00.000Z"],
      ["2026-03-17T14:00:00.000Z", "2026-03-17T15:00:00.000Z"],
      ["2026-03-24T14:00:00.000Z", "2026-03-24T15:00:00.000Z"],
      ["2026-03-31T14:00:00.000Z", "2026-03-31T15:00:00.000Z"],
    ]);
    expect(r.skipped).toEqual([]);
    expect(r.intervals.every((i) => i.uid === "weekly-ny" && !i.allDay)).toBe(true);
  });

  it("reads an IANA TZID without a VTIMEZONE in that zone", () => {
    const r = parseBusyTimes({ ics: vcalendar(weeklyNewYork()), ...march });
    expect(iso(r)[1]).toEqual(["2026-03-10T14:00:00.000Z", "2026-03-10T15:00:00.000Z"]);
  });

  it("uses the file's own VTIMEZONE for a non-IANA TZID, and one file's zones never leak into another's", () => {
    const custom = (offset: string) => [
      "BEGIN:VTIMEZONE",
      "TZID:Office Time",
      "BEGIN:STANDARD",
      `TZOFFSETFROM:${offset}`,
      `TZOFFSETTO:${offset}`,
      "DTSTART:19700101T000000",
      "END:STANDARD",
      "END:VTIMEZONE",
    ];
    const event = vevent([
      "UID:o",
      "DTSTART;TZID=Office Time:20260305T090000",
      "DTEND;TZID=Office Time:20260305T100000",
    ]);
    const plus3 = parseBusyTimes({ ics: vcalendar(custom("+0300"), event), ...march });
    const minus7 = parseBusyTimes({ ics: vcalendar(custom("-0700"), event), ...march });
    expect(iso(plus3)).toEqual([["2026-03-05T06:00:00.000Z", "2026-03-05T07:00:00.000Z"]]);
    expect(iso(minus7)).toEqual([["2026-03-05T16:00:00.000Z", "2026-03-05T17:00:00.000Z"]]);
  });

  it("reads floating times and unknown TZIDs in the person's zone, UTC times as UTC", () => {
    const ics = vcalendar(
      vevent(["UID:f", "DTSTART:20260305T090000", "DTEND:20260305T100000"]),
      vevent(["UID:u", "DTSTART;TZID=Nowhere/Special:20260306T090000", "DTEND;TZID=Nowhere/Special:20260306T100000"]),
      vevent(["UID:z", "DTSTART:20260307T090000Z", "DURATION:PT30M"]),
    );
    expect(iso(parseBusyTimes({ ics, ...march }))).toEqual([
      ["2026-03-05T08:00:00.000Z", "2026-03-05T09:00:00.000Z"],
      ["2026-03-06T08:00:00.000Z", "2026-03-06T09:00:00.000Z"],
      ["2026-03-07T09:00:00.000Z", "2026-03-07T09:30:00.000Z"],
    ]);
    const tokyo = parseBusyTimes({ ics, ...march, timeZone: "Asia/Tokyo" });
    expect(iso(tokyo)[0]).toEqual(["2026-03-05T00:00:00.000Z", "2026-03-05T01:00:00.000Z"]);
  });
});

describe("parseBusyTimes: all-day, transparent and cancelled events", () => {
  it("blocks all-day events from midnight to midnight in the person's zone, also over the DST night", () => {
    const ics = vcalendar(
      vevent(["UID:one", "DTSTART;VALUE=DATE:20260310", "DTEND;VALUE=DATE:20260311"]),
      vevent(["UID:nodtend", "DTSTART;VALUE=DATE:20260312"]),
      vevent(["UID:three", "DTSTART;VALUE=DATE:20260328", "DTEND;VALUE=DATE:20260331"]),
    );
    const r = parseBusyTimes({ ics, ...march });
    expect(iso(r)).toEqual([
      ["2026-03-09T23:00:00.000Z", "2026-03-10T23:00:00.000Z"],
      ["2026-03-11T23:00:00.000Z", "2026-03-12T23:00:00.000Z"],
      // 28 March 00:00 CET → 31 March 00:00 CEST (29 March has 23 hours).
      ["2026-03-27T23:00:00.000Z", "2026-03-30T22:00:00.000Z"],
    ]);
    expect(r.intervals.every((i) => i.allDay)).toBe(true);
  });

  it("ignores transparent and cancelled events, series and single overridden occurrences", () => {
    const ics = vcalendar(
      NEW_YORK_VTIMEZONE,
      vevent(["UID:free", "DTSTART:20260305T090000Z", "DTEND:20260305T100000Z", "TRANSP:TRANSPARENT"]),
      vevent(["UID:gone", "DTSTART:20260305T120000Z", "DTEND:20260305T130000Z", "STATUS:CANCELLED"]),
      vevent(["UID:allday-free", "DTSTART;VALUE=DATE:20260306", "TRANSP:TRANSPARENT"]),
      vevent(["UID:kept", "DTSTART:20260305T140000Z", "DTEND:20260305T150000Z", "TRANSP:OPAQUE", "STATUS:CONFIRMED"]),
      weeklyNewYork(),
      vevent([
        "UID:weekly-ny",
        "RECURRENCE-ID;TZID=America/New_York:20260317T100000",
        "DTSTART;TZID=America/New_York:20260317T100000",
        "DTEND;TZID=America/New_York:20260317T110000",
        "STATUS:CANCELLED",
      ]),
      vevent([
        "UID:weekly-ny",
        "RECURRENCE-ID;TZID=America/New_York:20260324T100000",
        "DTSTART;TZID=America/New_York:20260324T100000",
        "DTEND;TZID=America/New_York:20260324T110000",
        "TRANSP:TRANSPARENT",
      ]),
    );
    const r = parseBusyTimes({ ics, ...march });
    expect(r.intervals.map((i) => i.uid)).toEqual(["weekly-ny", "kept", "weekly-ny", "weekly-ny"]);
    expect(iso(r).map(([s]) => s.slice(0, 10))).toEqual(["2026-03-03", "2026-03-05", "2026-03-10", "2026-03-31"]);
  });
});

describe("parseBusyTimes: recurrence", () => {
  it("applies EXDATE, RDATE and RECURRENCE-ID overrides, including ones moved into or out of the window", () => {
    const ics = vcalendar(
      NEW_YORK_VTIMEZONE,
      weeklyNewYork(["EXDATE;TZID=America/New_York:20260310T100000", "RDATE;TZID=America/New_York:20260312T160000"]),
      // 17 March moved to 18 March 08:00–09:30.
      vevent([
        "UID:weekly-ny",
        "RECURRENCE-ID;TZID=America/New_York:20260317T100000",
        "DTSTART;TZID=America/New_York:20260318T080000",
        "DTEND;TZID=America/New_York:20260318T093000",
      ]),
      // 24 February moved into the window (2 March); 31 March moved out of it (7 April).
      vevent([
        "UID:weekly-ny",
        "RECURRENCE-ID;TZID=America/New_York:20260224T100000",
        "DTSTART:20260302T120000Z",
        "DTEND:20260302T130000Z",
      ]),
      vevent([
        "UID:weekly-ny",
        "RECURRENCE-ID;TZID=America/New_York:20260331T100000",
        "DTSTART;TZID=America/New_York:20260407T100000",
        "DTEND;TZID=America/New_York:20260407T110000",
      ]),
    );
    expect(iso(parseBusyTimes({ ics, ...march }))).toEqual([
      ["2026-03-02T12:00:00.000Z", "2026-03-02T13:00:00.000Z"],
      ["2026-03-03T15:00:00.000Z", "2026-03-03T16:00:00.000Z"],
      ["2026-03-12T20:00:00.000Z", "2026-03-12T21:00:00.000Z"],
      ["2026-03-18T12:00:00.000Z", "2026-03-18T13:30:00.000Z"],
      ["2026-03-24T14:00:00.000Z", "2026-03-24T15:00:00.000Z"],
    ]);
  });

  it("honours COUNT and UNTIL, and shifts later occurrences with RANGE=THISANDFUTURE", () => {
    const ics = vcalendar(
      vevent(["UID:c", "DTSTART:20260302T090000Z", "DTEND:20260302T091500Z", "RRULE:FREQ=DAILY;COUNT=3"]),
      vevent([
        "UID:u",
        "DTSTART:20260302T100000Z",
        "DTEND:20260302T101500Z",
        "RRULE:FREQ=DAILY;UNTIL=20260303T235959Z",
      ]),
      vevent(["UID:r", "DTSTART:20260309T080000Z", "DTEND:20260309T090000Z", "RRULE:FREQ=WEEKLY;COUNT=4"]),
      vevent([
        "UID:r",
        "RECURRENCE-ID;RANGE=THISANDFUTURE:20260316T080000Z",
        "DTSTART:20260316T100000Z",
        "DTEND:20260316T110000Z",
      ]),
    );
    const r = parseBusyTimes({ ics, ...march });
    expect(r.intervals.filter((i) => i.uid === "c")).toHaveLength(3);
    expect(r.intervals.filter((i) => i.uid === "u")).toHaveLength(2);
    expect(iso({ ...r, intervals: r.intervals.filter((i) => i.uid === "r") }).map(([s]) => s)).toEqual([
      "2026-03-09T08:00:00.000Z",
      "2026-03-16T10:00:00.000Z",
      "2026-03-23T10:00:00.000Z",
      "2026-03-30T10:00:00.000Z",
    ]);
  });

  it("returns intervals that overlap the window, not ones that only touch it", () => {
    const ics = vcalendar(
      vevent(["UID:before", "DTSTART:20260228T230000Z", "DTEND:20260301T000000Z"]),
      vevent(["UID:across", "DTSTART:20260228T230000Z", "DTEND:20260301T003000Z"]),
      vevent(["UID:after", "DTSTART:20260401T000000Z", "DTEND:20260401T010000Z"]),
    );
    expect(parseBusyTimes({ ics, ...march }).intervals.map((i) => i.uid)).toEqual(["across"]);
  });
});

describe("parseBusyTimes: bounded and robust", () => {
  const never = vevent([
    "UID:never",
    "DTSTART:20260101T090000Z",
    "DTEND:20260101T100000Z",
    "RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
  ]);

  it("stops within the window on a rule that can never match", () => {
    const started = Date.now();
    expect(parseBusyTimes({ ics: vcalendar(never), ...march }).intervals).toEqual([]);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("ical.js (patches/ical.js+*.patch) ends an impossible rule instead of looping forever", () => {
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(vcalendar(never))).getFirstSubcomponent("vevent")!);
    const iterator = event.iterator();
    expect(iterator.next()?.toString()).toBe("2026-01-01T09:00:00Z"); // DTSTART itself always counts
    expect(iterator.next()).toBeFalsy(); // unpatched, this call never returns
    expect(iterator.complete).toBe(true);
  });

  it("does not expand sub-daily rules and caps occurrences and iterations, saying so", () => {
    const ics = vcalendar(
      vevent(["UID:minutely", "DTSTART:20260302T090000Z", "DTEND:20260302T090100Z", "RRULE:FREQ=MINUTELY"]),
      vevent(["UID:daily", "DTSTART:20260101T090000Z", "DTEND:20260101T091500Z", "RRULE:FREQ=DAILY"]),
      vevent(["UID:old", "DTSTART:19700101T090000Z", "DTEND:19700101T091500Z", "RRULE:FREQ=DAILY"]),
    );
    const r = parseBusyTimes({ ics, ...march, maxOccurrencesPerEvent: 10, maxIterationsPerEvent: 1000 });
    expect(r.intervals.filter((i) => i.uid === "minutely")).toHaveLength(1);
    expect(r.intervals.filter((i) => i.uid === "daily")).toHaveLength(10);
    expect(r.intervals.filter((i) => i.uid === "old")).toHaveLength(0);
    expect(r.skipped.map((s) => s.uid).sort()).toEqual(["daily", "minutely", "old"]);
    expect(r.skipped.find((s) => s.uid === "old")?.reason).toMatch(/Stopped after 1000 repetitions/);
  });

  it("skips a broken event but keeps the others, and rejects text that is not iCalendar", () => {
    const ics = vcalendar(
      vevent(["UID:bad", "DTSTART:20260302T090000Z", "DTEND:20260302T100000Z", "RRULE:FREQ=WEEKLY;BYMONTHDAY=3"]),
      vevent(["UID:good", "DTSTART:20260303T090000Z", "DTEND:20260303T100000Z"]),
    );
    const r = parseBusyTimes({ ics, ...march });
    expect(r.intervals.map((i) => i.uid)).toEqual(["good"]);
    expect(r.skipped).toEqual([{ uid: "bad", reason: expect.stringMatching(/^Could not be read/) }]);
    // ical.js refuses a whole file for one invalid value: the other events must still count.
    const invalid = vcalendar(
      NEW_YORK_VTIMEZONE,
      vevent(["UID:invalid", "DTSTART:20260302T090000Z", "DTEND:20260302T100000Z", "RRULE:FREQ=MONTHLY;BYMONTH=0"]),
      vevent([
        "UID:fine",
        "DTSTART;TZID=America/New_York:20260310T090000",
        "DTEND;TZID=America/New_York:20260310T093000",
      ]),
    );
    const partly = parseBusyTimes({ ics: invalid, ...march });
    expect(iso(partly)).toEqual([["2026-03-10T13:00:00.000Z", "2026-03-10T13:30:00.000Z"]]);
    expect(partly.skipped).toEqual([{ uid: "invalid", reason: expect.stringMatching(/BYMONTH/) }]);
    expect(() => parseBusyTimes({ ics: "<html>Sign in</html>", ...march })).toThrow(IcsParseError);
    expect(() => parseBusyTimes({ ics: vcalendar(), ...march, timeZone: "Mars/Olympus" })).toThrow(RangeError);
  });
});

describe("parseBusyTimes: properties", () => {
  const HOUR = 3_600_000;
  const base = Date.UTC(2026, 0, 1);
  const stamp = (ms: number) =>
    new Date(ms)
      .toISOString()
      .replace(/[-:]/g, "")
      .replace(/\.\d{3}/, "");

  it("splitting the window in two finds exactly the occurrences the whole window finds", () => {
    fc.assert(
      fc.property(
        fc.record({
          startHour: fc.integer({ min: 0, max: 24 * 60 }),
          minutes: fc.integer({ min: 1, max: 600 }),
          freq: fc.constantFrom("DAILY", "WEEKLY", "MONTHLY"),
          interval: fc.integer({ min: 1, max: 3 }),
          count: fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
          zone: fc.constantFrom("America/New_York", "Europe/Berlin", "Asia/Kolkata", "UTC"),
          windowStart: fc.integer({ min: 0, max: 24 * 200 }),
          windowHours: fc.integer({ min: 1, max: 24 * 120 }),
          cut: fc.double({ min: 0, max: 1, noNaN: true }),
        }),
        (c) => {
          const start = base + c.startHour * HOUR;
          const rule = `RRULE:FREQ=${c.freq};INTERVAL=${c.interval}${c.count ? `;COUNT=${c.count}` : ""}`;
          const ics = vcalendar(
            vevent([`UID:p`, `DTSTART:${stamp(start)}Z`, `DTEND:${stamp(start + c.minutes * 60_000)}Z`, rule]),
          );
          const from = base + c.windowStart * HOUR;
          const to = from + c.windowHours * HOUR;
          const mid = Math.floor(from + (to - from) * c.cut);
          const whole = parseBusyTimes({ ics, from: new Date(from), to: new Date(to), timeZone: c.zone });
          const left = parseBusyTimes({ ics, from: new Date(from), to: new Date(mid), timeZone: c.zone });
          const right = parseBusyTimes({ ics, from: new Date(mid), to: new Date(to), timeZone: c.zone });
          const key = (r: BusyTimes) => r.intervals.map((i) => `${i.start.toISOString()}/${i.end.toISOString()}`);
          const union = [...new Set([...key(left), ...key(right)])].sort();
          expect(union).toEqual(key(whole));
          for (const i of whole.intervals) {
            expect(i.end.getTime() - i.start.getTime()).toBe(c.minutes * 60_000);
            expect(i.start.getTime() < to && i.end.getTime() > from).toBe(true);
          }
          if (c.count) expect(whole.intervals.length).toBeLessThanOrEqual(c.count);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("any combination of RRULE parts finishes quickly and never throws (bad rules are reported instead)", () => {
    const part = fc.oneof(
      fc.constantFrom("DAILY", "WEEKLY", "MONTHLY", "YEARLY", "HOURLY").map((f) => `FREQ=${f}`),
      fc.integer({ min: -3, max: 1000 }).map((n) => `INTERVAL=${n}`),
      fc.integer({ min: -2, max: 400 }).map((n) => `COUNT=${n}`),
      fc
        .subarray(["MO", "TU", "WE", "TH", "FR", "SA", "SU", "1MO", "-1FR", "5SU", "53TU"], { minLength: 1 })
        .map((d) => `BYDAY=${d.join(",")}`),
      fc
        .array(fc.integer({ min: -32, max: 32 }), { minLength: 1, maxLength: 3 })
        .map((d) => `BYMONTHDAY=${d.join(",")}`),
      fc.array(fc.integer({ min: 0, max: 13 }), { minLength: 1, maxLength: 3 }).map((m) => `BYMONTH=${m.join(",")}`),
      fc
        .array(fc.integer({ min: -367, max: 367 }), { minLength: 1, maxLength: 2 })
        .map((d) => `BYYEARDAY=${d.join(",")}`),
      fc.array(fc.integer({ min: -54, max: 54 }), { minLength: 1, maxLength: 2 }).map((w) => `BYWEEKNO=${w.join(",")}`),
      fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 2 }).map((p) => `BYSETPOS=${p.join(",")}`),
      fc.constantFrom("UNTIL=20260315T000000Z", "UNTIL=20250101", "WKST=SU", "BYHOUR=9,25"),
    );
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 5 }), (parts) => {
        const ics = vcalendar(
          vevent(["UID:fuzz", "DTSTART:20260101T090000Z", "DTEND:20260101T100000Z", `RRULE:${parts.join(";")}`]),
        );
        const started = Date.now();
        const r = parseBusyTimes({ ics, ...march });
        expect(Date.now() - started).toBeLessThan(5_000);
        for (const i of r.intervals) expect(i.end.getTime()).toBeGreaterThan(i.start.getTime());
      }),
      { numRuns: 300 },
    );
  });

  it("never throws anything but IcsParseError on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        try {
          parseBusyTimes({ ics: text, ...march });
        } catch (e) {
          expect(e).toBeInstanceOf(IcsParseError);
        }
      }),
      { numRuns: 200 },
    );
  });
});
