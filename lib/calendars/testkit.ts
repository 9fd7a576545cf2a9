/** iCalendar fixtures shared by the calendar unit and integration tests. */

export const NEW_YORK_VTIMEZONE = [
  "BEGIN:VTIMEZONE",
  "TZID:America/New_York",
  "BEGIN:DAYLIGHT",
  "TZOFFSETFROM:-0500",
  "TZOFFSETTO:-0400",
  "TZNAME:EDT",
  "DTSTART:19700308T020000",
  "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU",
  "END:DAYLIGHT",
  "BEGIN:STANDARD",
  "TZOFFSETFROM:-0400",
  "TZOFFSETTO:-0500",
  "TZNAME:EST",
  "DTSTART:19701101T020000",
  "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU",
  "END:STANDARD",
  "END:VTIMEZONE",
];

/** A VEVENT from property lines; DTSTAMP is added when missing (servers require it). */
export function vevent(lines: string[]): string[] {
  const stamp = lines.some((l) => l.startsWith("DTSTAMP")) ? [] : ["DTSTAMP:20260101T000000Z"];
  return ["BEGIN:VEVENT", ...stamp, ...lines, "END:VEVENT"];
}

/** A VCALENDAR with CRLF line endings around the given components (already split into lines). */
export function vcalendar(...components: string[][]): string {
  return [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Baton//Tests//EN",
    ...components.flat(),
    "END:VCALENDAR",
    "",
  ].join("\r\n");
}
