/**
 * ical.js (patched, patches/ical.js+2.2.1.patch): a FREQ=WEEKLY rule with BYWEEKNO (which RFC 5545 allows
 * only with FREQ=YEARLY) that can never match made the recurrence iterator loop forever on its first
 * step: a calendar feed could hang the process. Run in a child process, so an unpatched ical.js fails
 * this test by its timeout instead of hanging the test run.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const script = `
const m = require("ical.js"); const ICAL = m.default ?? m;
const ics = ["BEGIN:VCALENDAR","VERSION:2.0","PRODID:-//t//t//EN","BEGIN:VEVENT","UID:a","DTSTAMP:20260101T000000Z",
  "DTSTART:20260105T090000Z","DTEND:20260105T100000Z","RRULE:" + process.argv[1],"END:VEVENT","END:VCALENDAR"].join("\\r\\n");
const ev = new ICAL.Event(new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent("vevent"));
const it = ev.iterator(); let n = 0, t;
while ((t = it.next()) && n < 50 && t.year < 2030) n++;
console.log(n);`;

describe("ical.js weekly rules with BYWEEKNO", () => {
  it.each(["FREQ=WEEKLY;BYWEEKNO=20;BYDAY=MO;BYMONTH=1", "FREQ=WEEKLY;BYWEEKNO=-1;BYMONTH=1"])(
    "%s ends instead of looping",
    (rule) => {
      const r = spawnSync(process.execPath, ["-e", script, rule], { timeout: 10_000, encoding: "utf8" });
      expect(r.error, "the iterator did not finish within 10 s").toBeUndefined();
      expect(r.status, r.stderr).toBe(0);
      expect(Number(r.stdout.trim())).toBeGreaterThanOrEqual(1);
    },
  );
});
