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
      // Backslashes included: RFC 5545 parameter values have no backslash escapes, and ical.js reads CN as
      // written (patches/ical.js+2.2.1.patch; unpatched it read CN=\N as a newline).
      fc.property(
        fc.string({ minLength: 1, maxLength: 120 }),
        fc.oneof(fc.string({ maxLength: 60 }), fc.stringMatching(/^[a-z\\nN;:,"^ ]{0,20}$/)),
        (summary, name) => {
          const ics = buildBookingEvent({ ...base, summary, attendees: [{ name, email: "x@example.org" }] });
          const event = new ICAL.Event(new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent("vevent")!);
          expect(event.summary).toBe(summary);
          if (name) expect(event.attendees[0].getParameter("cn")).toBe(name);
        },
      ),
    );
  });

  it("reads a parameter value as written: no backslash escapes in CN (RFC 5545 3.2)", () => {
    for (const name of ["Dr\\Nguyen", "C:\\new\\Table", "back\\\\slash", "ends with \\"]) {
      const ics = buildBookingEvent({ ...base, attendees: [{ name, email: "x@example.org" }] });
      const event = new ICAL.Event(new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent("vevent")!);
      expect(event.attendees[0].getParameter("cn")).toBe(name);
    }
    // As another calendar writes it, unquoted: \N is a backslash and an N, not a newline.
    const line =
      "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:u\r\nATTENDEE;CN=A\\Nb\\\\c:mailto:a@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    const cn = new ICAL.Component(ICAL.parse(line))
      .getFirstSubcomponent("vevent")!
      .getFirstProperty("attendee")!
      .getParameter("cn");
    expect(cn).toBe("A\\Nb\\\\c");
  });

  it("refuses an event that does not end after it starts", () => {
    expect(() => buildBookingEvent({ ...base, end: base.start })).toThrow(RangeError);
  });
});
