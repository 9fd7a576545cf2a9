/**
 * A booking as the iCalendar event Baton writes into the host's calendar (built with ical.js).
 *
 * - UID is the booking id, so the same booking always maps to the same event (and resource URL):
 *   a retried write replaces rather than duplicates.
 * - Times are written in UTC: unambiguous on every server, and calendar apps show them in the
 *   viewer's zone anyway. No VTIMEZONE to get wrong.
 * - ORGANIZER is the host; the attendee carries SCHEDULE-AGENT=CLIENT (RFC 6638) so servers with
 *   implicit scheduling (iCloud, Nextcloud, Fastmail) do not email invitations on Baton's behalf:
 *   Baton owns notifications, and a handoff must not spam the invitee with cancel/re-invite mail.
 * - SEQUENCE must grow with each change of the same booking (the caller passes a counter).
 */
import ICAL from "ical.js";

export interface EventPerson {
  name?: string | null;
  email: string;
}

export interface BookingEventInput {
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  description?: string | null;
  location?: string | null;
  organizer: EventPerson;
  attendees: EventPerson[];
  sequence?: number;
  /** When the booking was created or last changed; DTSTAMP and LAST-MODIFIED. */
  updatedAt?: Date;
  status?: "CONFIRMED" | "CANCELLED";
}

export const PRODID = "-//Baton//Booking routing//EN";

function person(prop: ICAL.Property, p: EventPerson) {
  prop.setValue(`mailto:${p.email}`);
  if (p.name) prop.setParameter("cn", p.name);
}

export function buildBookingEvent(input: BookingEventInput): string {
  if (!(input.end.getTime() > input.start.getTime())) throw new RangeError("An event must end after it starts");
  const calendar = new ICAL.Component(["vcalendar", [], []]);
  calendar.addPropertyWithValue("prodid", PRODID);
  calendar.addPropertyWithValue("version", "2.0");
  calendar.addPropertyWithValue("calscale", "GREGORIAN");

  const event = new ICAL.Component("vevent");
  const stamp = ICAL.Time.fromJSDate(input.updatedAt ?? new Date(), true);
  event.addPropertyWithValue("uid", input.uid);
  event.addPropertyWithValue("dtstamp", stamp);
  event.addPropertyWithValue("last-modified", stamp);
  event.addPropertyWithValue("dtstart", ICAL.Time.fromJSDate(input.start, true));
  event.addPropertyWithValue("dtend", ICAL.Time.fromJSDate(input.end, true));
  event.addPropertyWithValue("sequence", input.sequence ?? 0);
  event.addPropertyWithValue("summary", input.summary);
  if (input.description) event.addPropertyWithValue("description", input.description);
  if (input.location) event.addPropertyWithValue("location", input.location);
  event.addPropertyWithValue("status", input.status ?? "CONFIRMED");
  event.addPropertyWithValue("transp", "OPAQUE");

  const organizer = new ICAL.Property("organizer");
  person(organizer, input.organizer);
  event.addProperty(organizer);
  for (const a of input.attendees) {
    const attendee = new ICAL.Property("attendee");
    person(attendee, a);
    attendee.setParameter("role", "REQ-PARTICIPANT");
    attendee.setParameter("partstat", "ACCEPTED");
    attendee.setParameter("schedule-agent", "CLIENT");
    event.addProperty(attendee);
  }
  calendar.addSubcomponent(event);
  return calendar.toString().replace(/\r?\n/g, "\r\n") + "\r\n";
}
