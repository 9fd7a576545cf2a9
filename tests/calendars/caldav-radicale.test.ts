/**
 * The CalDAV client against a real Radicale: discovery, busy times across a DST change, Baton's own
 * events written, seen, replaced and deleted, incremental sync, and failures in plain words.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { getBasicAuthHeaders } from "tsdav";
import { describeWithRadicale, startRadicale, type Radicale } from "@/tests/support/radicale";
import {
  deleteEvent,
  discoverCalendars,
  fetchChangesSince,
  fetchCollectionState,
  fetchEvents,
  isCalendarChanged,
  putEvent,
  type CaldavAccount,
} from "@/lib/calendars/caldav-client";
import { CalendarError } from "@/lib/calendars/calendar-error";
import { buildBookingEvent } from "@/lib/calendars/build-booking-event";
import { parseBusyTimes } from "@/lib/calendars/parse-busy-times";
import { NEW_YORK_VTIMEZONE, vcalendar, vevent } from "@/lib/calendars/testkit";

const BERLIN = "Europe/Berlin";
const berlin = (d: Date) => format(new TZDate(d, BERLIN), "EEE dd MMM HH:mm");

async function rejection(p: Promise<unknown>): Promise<CalendarError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(CalendarError);
  return e as CalendarError;
}

describeWithRadicale("CalDAV client against Radicale", () => {
  let radicale: Radicale;
  let alice: CaldavAccount;
  let calendarUrl: string;

  beforeAll(async () => {
    radicale = await startRadicale();
    const [a, b] = radicale.users;
    calendarUrl = await radicale.createCalendar(a, "work");
    await radicale.createCalendar(b, "private");
    alice = { serverUrl: radicale.url, username: a.username, password: a.password };
  });
  afterAll(async () => {
    await radicale?.close();
  });

  it("discovers the user's own calendars from the server root", async () => {
    const calendars = await discoverCalendars(alice);
    expect(calendars.map((c) => [c.url, c.displayName])).toEqual([[calendarUrl, "work"]]);
    expect(calendars[0].supportsSyncCollection).toBe(true);
    expect(calendars[0].syncToken).toBeTruthy();
  });

  it("a weekly New York event blocks the right Berlin times across the US DST change", async () => {
    const ics = vcalendar(
      NEW_YORK_VTIMEZONE,
      vevent([
        "UID:standup-ny",
        "SUMMARY:Standup",
        "DTSTART;TZID=America/New_York:20260106T100000",
        "DTEND;TZID=America/New_York:20260106T110000",
        "RRULE:FREQ=WEEKLY;BYDAY=TU",
      ]),
    );
    await putEvent(alice, { calendarUrl, uid: "standup-ny", ics });
    // US clocks change 8 March, EU clocks 29 March: 10:00 New York is 16:00, then 15:00, then 16:00 in Berlin.
    const window = { from: new Date("2026-03-01T00:00:00Z"), to: new Date("2026-04-04T00:00:00Z") };
    const objects = await fetchEvents(alice, calendarUrl, window);
    expect(objects.map((o) => o.url)).toEqual([`${calendarUrl}standup-ny.ics`]);
    expect(objects[0].etag).toBeTruthy();
    const busy = parseBusyTimes({ ics: objects[0].data, ...window, timeZone: BERLIN });
    expect(busy.intervals.map((i) => `${berlin(i.start)}–${format(new TZDate(i.end, BERLIN), "HH:mm")}`)).toEqual([
      "Tue 03 Mar 16:00–17:00",
      "Tue 10 Mar 15:00–16:00",
      "Tue 17 Mar 15:00–16:00",
      "Tue 24 Mar 15:00–16:00",
      "Tue 31 Mar 16:00–17:00",
    ]);
    // The server's own time-range filter expands the rule too: a window before the series finds nothing.
    expect(
      await fetchEvents(alice, calendarUrl, { from: new Date("2025-06-01Z"), to: new Date("2025-07-01Z") }),
    ).toEqual([]);
  });

  it("an all-day event blocks the whole Berlin day; transparent and cancelled events do not block", async () => {
    const events: Array<[string, string[]]> = [
      ["offsite", ["DTSTART;VALUE=DATE:20260415", "DTEND;VALUE=DATE:20260416", "SUMMARY:Offsite"]],
      ["reminder", ["DTSTART:20260415T100000Z", "DTEND:20260415T110000Z", "TRANSP:TRANSPARENT"]],
      ["called-off", ["DTSTART:20260416T100000Z", "DTEND:20260416T110000Z", "STATUS:CANCELLED"]],
    ];
    for (const [uid, lines] of events)
      await putEvent(alice, { calendarUrl, uid, ics: vcalendar(vevent([`UID:${uid}`, ...lines])) });
    // From Tuesday evening (after that day's New York standup) to Saturday.
    const window = { from: new Date("2026-04-14T20:00:00Z"), to: new Date("2026-04-18T00:00:00Z") };
    const objects = await fetchEvents(alice, calendarUrl, window);
    expect(objects.map((o) => o.url.split("/").pop()).sort()).toEqual([
      "called-off.ics",
      "offsite.ics",
      "reminder.ics",
    ]);
    const intervals = objects.flatMap((o) => parseBusyTimes({ ics: o.data, ...window, timeZone: BERLIN }).intervals);
    expect(intervals.map((i) => [i.uid, i.start.toISOString(), i.end.toISOString(), i.allDay])).toEqual([
      ["offsite", "2026-04-14T22:00:00.000Z", "2026-04-15T22:00:00.000Z", true],
    ]);
  });

  it("writes a booking as an event, sees it in a fresh fetch, replaces it by ETag and deletes it", async () => {
    const uid = "0b1c2d3e-booking-1";
    const booking = {
      uid,
      start: new Date("2026-05-04T09:00:00Z"),
      end: new Date("2026-05-04T09:30:00Z"),
      summary: "Intro call with Dana Lee",
      organizer: { name: "Alice Host", email: "alice@example.com" },
      attendees: [{ name: "Dana Lee", email: "dana@example.org" }],
    };
    const window = { from: new Date("2026-05-04T00:00:00Z"), to: new Date("2026-05-05T00:00:00Z") };
    const written = await putEvent(alice, { calendarUrl, uid, ics: buildBookingEvent(booking) });
    expect(written.url).toBe(`${calendarUrl}${uid}.ics`);
    expect(written.etag).toBeTruthy();

    const [seen] = await fetchEvents(alice, calendarUrl, window);
    expect(seen.url).toBe(written.url);
    expect(seen.etag).toBe(written.etag);
    const unfolded = seen.data.replace(/\r\n[ \t]/g, "");
    expect(unfolded).toMatch(/^ORGANIZER;CN=Alice Host:mailto:alice@example\.com\r$/m);
    expect(unfolded).toMatch(/^ATTENDEE;CN=Dana Lee;.*SCHEDULE-AGENT=CLIENT:mailto:dana@example\.org\r$/m);
    expect(
      parseBusyTimes({ ics: seen.data, ...window, timeZone: BERLIN }).intervals.map((i) => berlin(i.start)),
    ).toEqual(["Mon 04 May 11:00"]);

    const moved = {
      ...booking,
      start: new Date("2026-05-04T13:00:00Z"),
      end: new Date("2026-05-04T13:30:00Z"),
      sequence: 1,
    };
    const replaced = await putEvent(alice, { calendarUrl, uid, ics: buildBookingEvent(moved), etag: written.etag });
    expect(replaced.etag).not.toBe(written.etag);
    const stale = await rejection(
      putEvent(alice, { calendarUrl, uid, ics: buildBookingEvent(booking), etag: written.etag }),
    );
    expect(stale.code).toBe("conflict");
    const [after] = await fetchEvents(alice, calendarUrl, window);
    expect(
      parseBusyTimes({ ics: after.data, ...window, timeZone: BERLIN }).intervals.map((i) => berlin(i.start)),
    ).toEqual(["Mon 04 May 15:00"]);

    await deleteEvent(alice, { calendarUrl, uid });
    expect(await fetchEvents(alice, calendarUrl, window)).toEqual([]);
    await deleteEvent(alice, { calendarUrl, uid }); // already gone: still fine (outbox retries)
  });

  it("syncs incrementally: ctag and sync-token say what changed", async () => {
    const before = await fetchCollectionState(alice, calendarUrl);
    expect(before.ctag).toBeTruthy();
    expect(before.syncToken).toBeTruthy();
    expect(await isCalendarChanged(alice, calendarUrl, before.ctag)).toEqual({ changed: false, ctag: before.ctag });
    expect(await fetchChangesSince(alice, calendarUrl, before.syncToken!)).toMatchObject({
      changed: [],
      deletedUrls: [],
      syncToken: before.syncToken,
    });

    const ics = vcalendar(vevent(["UID:sync-1", "DTSTART:20260601T090000Z", "DTEND:20260601T100000Z"]));
    const { url } = await putEvent(alice, { calendarUrl, uid: "sync-1", ics });
    const dirty = await isCalendarChanged(alice, calendarUrl, before.ctag);
    expect(dirty.changed).toBe(true);
    expect(dirty.ctag).not.toBe(before.ctag);
    const added = await fetchChangesSince(alice, calendarUrl, before.syncToken!);
    expect(added.changed.map((o) => o.url)).toEqual([url]);
    expect(added.changed[0].data).toContain("UID:sync-1");
    expect(added.deletedUrls).toEqual([]);
    expect(added.syncToken).not.toBe(before.syncToken);

    await deleteEvent(alice, { calendarUrl, uid: "sync-1" });
    const removed = await fetchChangesSince(alice, calendarUrl, added.syncToken!);
    expect(removed.changed).toEqual([]);
    expect(removed.deletedUrls).toEqual([url]);

    // A resource whose name does not end in .ics (servers choose names freely) is a change like any other.
    const plain = `${calendarUrl}event-without-extension`;
    const put = await fetch(plain, {
      method: "PUT",
      headers: { ...getBasicAuthHeaders(radicale.users[0]), "content-type": "text/calendar" },
      body: vcalendar(vevent(["UID:plain", "DTSTART:20260602T090000Z", "DTEND:20260602T100000Z"])),
    });
    expect(put.status).toBe(201);
    const named = await fetchChangesSince(alice, calendarUrl, removed.syncToken!);
    expect(named.changed.map((o) => o.url)).toEqual([plain]);

    const forgotten = await rejection(fetchChangesSince(alice, calendarUrl, "http://radicale.org/ns/sync/unknown"));
    expect(forgotten.code).toBe("sync_token_invalid");
  });

  it("a wrong password is auth_failed with a plain message, on discovery and on every call", async () => {
    const wrong = { ...alice, password: "not-the-app-password" };
    const onDiscovery = await rejection(discoverCalendars(wrong));
    expect(onDiscovery.code).toBe("auth_failed");
    expect(onDiscovery.message).toBe("The server refused the username or app password");
    expect((await rejection(fetchEvents(wrong, calendarUrl, { from: new Date(0), to: new Date() }))).code).toBe(
      "auth_failed",
    );
    expect((await rejection(fetchCollectionState({ ...alice, username: "mallory" }, calendarUrl))).code).toBe(
      "auth_failed",
    );
    // Another user's calendar is refused too, not read.
    const bobs = calendarUrl.replace("/alice/work/", "/bob/private/");
    expect((await rejection(fetchEvents(alice, bobs, { from: new Date(0), to: new Date() }))).code).toBe("auth_failed");
  });

  it("a stopped server is unreachable, and works again once it is back", async () => {
    await radicale.stop();
    try {
      const down = await rejection(fetchCollectionState(alice, calendarUrl));
      expect(down.code).toBe("unreachable");
      expect(down.transient).toBe(true);
      expect(down.message).toMatch(/^The calendar server could not be reached/);
    } finally {
      await radicale.start();
    }
    expect((await fetchCollectionState(alice, calendarUrl)).ctag).toBeTruthy();
  });

  it("a calendar that does not exist is not_found, not an empty calendar", async () => {
    const gone = `${radicale.url}alice/deleted-calendar/`;
    expect((await rejection(fetchEvents(alice, gone, { from: new Date(0), to: new Date() }))).code).toBe("not_found");
  });
});
