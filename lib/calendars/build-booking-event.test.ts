import { describe, expect, it } from "vitest";
import fc from "fast-check";
import ICAL from "ical.js";
import { buildBookingEvent } from "./build-booking-event";
import { parseBusyTimes } from "./parse-busy-times";

const base = {
  uid: "6f1c9a7e-1111-4222-8333-944445555666",
  start: new Date("2026-03-30T07:00:00Z"),
  end: new Date("2026-03-30T07:45:00Z"),
  summary: "Demo: Acme, Inc.; EMEA",
  organizer: { name: "Hanna Host", email: "hanna@example.com" },
  attendees: [{ name: "Ivo Invitee", email: "ivo@example.org" }],
};

describe("buildBookingEvent", () => {
  it("is one VEVENT with UID, UTC times, organizer and attendee, that reads back as busy time", () => {
    const ics = buildBookingEvent({ ...base, description: "Booked through Baton\nRouted to Hanna", sequence: 2 });
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(ics.split("\r\n").every((line) => line.length <= 75)).toBe(true);
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent("vevent")!);
    expect(event.uid).toBe(base.uid);
    expect(event.summary).toBe(base.summary);
    expect(event.description).toBe("Booked through Baton\nRouted to Hanna");
    expect(event.sequence).toBe(2);
    expect(event.organizer).toBe("mailto:hanna@example.com");
    const attendee = event.attendees[0];
    expect(attendee.getFirstValue()).toBe("mailto:ivo@example.org");
    expect(attendee.getParameter("cn")).toBe("Ivo Invitee");
    expect(attendee.getParameter("schedule-agent")).toBe("CLIENT");
    const busy = parseBusyTimes({
      ics,
      from: new Date("2026-03-30Z"),
      to: new Date("2026-03-31Z"),
      timeZone: "Europe/Berlin",
    });
    expect(busy.intervals).toEqual([{ uid: base.uid, start: base.start, end: base.end, allDay: false }]);
  });

  it("round-trips any summary and names exactly", () => {
    fc.assert(
      // Names without backslashes: ical.js's parser unescapes parameter values as TEXT (CN=\N comes back as a
      // newline), although RFC 5545 parameter values have no backslash escapes. Baton only writes CN; the
      // reading side of Baton never uses it. Known upstream bug, not yet patched here.
      fc.property(
        fc.string({ minLength: 1, maxLength: 120 }),
        fc.string({ maxLength: 60 }).filter((n) => !n.includes("\\")),
        (summary, name) => {
          const ics = buildBookingEvent({ ...base, summary, attendees: [{ name, email: "x@example.org" }] });
          const event = new ICAL.Event(new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent("vevent")!);
          expect(event.summary).toBe(summary);
          if (name) expect(event.attendees[0].getParameter("cn")).toBe(name);
        },
      ),
    );
  });

  it("refuses an event that does not end after it starts", () => {
    expect(() => buildBookingEvent({ ...base, end: base.start })).toThrow(RangeError);
  });
});
