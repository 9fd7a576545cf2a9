/**
 * Calendar busy time in routing, end to end through /v4: a weekly 09:00–10:00 event in New York
 * (an ICS feed served locally, synced into the cache) blocks the right hour for a Berlin host
 * across both DST changes (US 2030-03-10, EU 2030-03-31), in GET /next, booking-availability,
 * routed booking, handoff options and coverage, with the reason "busy in calendar".
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dbKinds, useApiTestDb } from "@/tests/support/db";
import { startHttpServer, type TestHttpServer } from "@/tests/support/http-server";
import { connectCalendar } from "@/lib/calendars/connect-calendar";
import { syncCalendarNow } from "@/lib/calendars/refresh-calendars";
import { calendarBusyForRouting } from "@/lib/calendars/calendar-busy-for-routing";
import { NEW_YORK_VTIMEZONE, vcalendar, vevent } from "@/lib/calendars/testkit";
import { json, team } from "@/tests/api/_team";

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const feed = vcalendar(
  NEW_YORK_VTIMEZONE,
  vevent([
    "UID:weekly-standup",
    "SUMMARY:Private standup",
    "DTSTART;TZID=America/New_York:20300226T090000",
    "DTEND;TZID=America/New_York:20300226T100000",
    "RRULE:FREQ=WEEKLY;BYDAY=TU",
  ]),
  vevent(["UID:free", "DTSTART:20300305T080000Z", "DTEND:20300305T090000Z", "TRANSP:TRANSPARENT"]),
);

/** The event in UTC: 09:00 EST = 14:00Z (15:00 CET) before 10 March; 09:00 EDT = 13:00Z after. */
const BEFORE_US = "2030-03-05"; // Berlin 15:00–16:00
const BETWEEN = "2030-03-12"; // Berlin 14:00–15:00 (US already on summer time, EU not yet)
const AFTER_EU = "2030-04-02"; // Berlin 15:00–16:00 CEST

describe.each(dbKinds())("calendar busy time in routing on %s", (kind) => {
  const t = useApiTestDb(kind);
  let server: TestHttpServer;
  let s: Awaited<ReturnType<typeof team>>;
  let busyRep: string;
  let freeRep: string;

  beforeAll(async () => {
    server = await startHttpServer((req, res) => {
      if (req.url !== "/secret/standup.ics") return res.writeHead(404).end();
      res.writeHead(200, { "content-type": "text/calendar" }).end(feed);
    });
    s = await team(t.db, {
      weights: [1, 1],
      timeZone: "Europe/Berlin",
      officeHours: true,
      durationMinutes: 60,
      slotIntervalMinutes: 60,
      strategy: "availability",
    });
    [busyRep, freeRep] = s.reps.map((r) => r.id);
    const now = new Date("2030-03-01T00:00:00Z");
    const view = await connectCalendar({
      db: t.db,
      workspaceId: s.workspace.id,
      userId: busyRep,
      input: { kind: "ics", url: `${server.url}/secret/standup.ics` },
      now,
    });
    const outcome = await syncCalendarNow({ db: t.db, owner: "test", now, connectionId: view.id });
    expect(outcome).toMatchObject({ status: "synced" });
  });
  afterAll(async () => {
    await server?.close();
  });

  const next = async (start: string) => {
    const r = await s.client.get(`/v4/queue/${s.queue.id}/next?start=${encodeURIComponent(start)}`);
    const body = await json(r);
    expect(r.status, JSON.stringify(body)).toBe(200);
    return body;
  };
  const slotsOn = async (day: string) => {
    const q = new URLSearchParams({
      meetingTypeId: s.meetingType.id,
      start: day,
      end: day,
      timezone: "Europe/Berlin",
      hosts: "ids",
    });
    const r = await s.client.get(`/v4/booking-availability?${q}`);
    expect(r.status).toBe(200);
    const out: Record<string, string[]> = {};
    for (const slot of (await json(r)).availableSlots as Any[]) out[slot.start.slice(11, 16)] = slot.hostIds;
    return out;
  };

  it("GET /next names `busy in calendar` at the event's hour on both sides of each DST change", async () => {
    for (const [day, busyAt, freeAt] of [
      [BEFORE_US, "14:00", "13:00"],
      [BETWEEN, "13:00", "14:00"],
      [AFTER_EU, "13:00", "14:00"],
    ]) {
      const busy = await next(`${day}T${busyAt}:00Z`);
      expect(
        busy.nextHosts.map((h: Any) => h.userId),
        day,
      ).toEqual([freeRep]);
      expect(busy.excluded).toEqual([
        expect.objectContaining({ userId: busyRep, code: "busy", reason: expect.stringMatching(/^busy in calendar /) }),
      ]);
      // No title, place or attendee of the private event ever shows.
      expect(JSON.stringify(busy)).not.toMatch(/standup/i);
      const free = await next(`${day}T${freeAt}:00Z`);
      expect(free.nextHosts.map((h: Any) => h.userId).sort(), day).toEqual([busyRep, freeRep].sort());
    }
  });

  it("booking-availability leaves the busy host out of exactly the event's hour; transparent events do not block", async () => {
    const before = await slotsOn(BEFORE_US);
    // Office hours 09–17 Berlin = 08:00–16:00Z in winter; the 08:00Z hour is the transparent event.
    expect(Object.keys(before)).toEqual(["08:00", "09:00", "10:00", "11:00", "12:00", "13:00", "14:00", "15:00"]);
    for (const [hour, hosts] of Object.entries(before))
      expect([hour, hosts.sort()]).toEqual([hour, hour === "14:00" ? [freeRep] : [busyRep, freeRep].sort()]);
    const between = await slotsOn(BETWEEN);
    expect(between["13:00"]).toEqual([freeRep]);
    expect(between["14:00"].sort()).toEqual([busyRep, freeRep].sort());
    const after = await slotsOn(AFTER_EU); // CEST: office hours 07:00–15:00Z
    expect(Object.keys(after)[0]).toBe("07:00");
    expect(after["13:00"]).toEqual([freeRep]);
    expect(after["12:00"].sort()).toEqual([busyRep, freeRep].sort());
  });

  it("calendar busy time is widened by the buffers of the meeting being placed, like a booking", async () => {
    const day = Date.parse(`${BETWEEN}T00:00:00Z`);
    const busy = await calendarBusyForRouting(
      t.db,
      [busyRep, freeRep],
      { start: day, end: day + 86_400_000 },
      { bufferBeforeMinutes: 15, bufferAfterMinutes: 30 },
    );
    // The event is 13:00–14:00Z: a new meeting's after-buffer (30 min) must end before it starts,
    // and its before-buffer (15 min) start after it ends.
    expect(busy.get(busyRep)?.map((i) => [new Date(i.start).toISOString(), new Date(i.end).toISOString()])).toEqual([
      [`${BETWEEN}T12:30:00.000Z`, `${BETWEEN}T14:15:00.000Z`],
    ]);
    expect(busy.has(freeRep)).toBe(false);
  });

  it("a routed booking in the event's hour goes to the free host; handoff options and coverage say why not", async () => {
    const r = await s.book(`${BETWEEN}T13:00:00Z`);
    const booking = await json(r);
    expect(r.status, JSON.stringify(booking)).toBe(201);
    expect(booking.hostId ?? booking.host?.id ?? booking.userId).toBe(freeRep);
    const id = booking.id ?? booking.uid;

    const options = await json(await s.client.get(`/v4/handoff/available-handoffs?appointmentId=${id}`));
    expect(options.users.map((u: Any) => u.userId)).not.toContain(busyRep);
    expect(options.unavailable.find((u: Any) => u.userId === busyRep)).toMatchObject({
      code: "busy",
      reason: expect.stringMatching(/^busy in calendar /),
    });
    const moved = await s.client.post("/v4/handoff/appointment", { appointmentId: id, targetUserId: busyRep });
    const refused = await json(moved);
    expect([moved.status, refused.error?.code]).toEqual([409, "host_unavailable"]);
    expect(refused.error.details).toMatchObject({ userId: busyRep, code: "busy" });

    const coverage = await json(
      await s.client.post("/v4/handoff/coverage", {
        userId: freeRep,
        targetUserId: busyRep,
        startDate: BETWEEN,
        endDate: BETWEEN,
        name: "Dentist",
        dryRun: true,
      }),
    );
    expect(coverage.failed).toEqual([expect.objectContaining({ appointmentId: id, code: "busy" })]);
    expect(JSON.stringify(coverage.failed)).toMatch(/busy in calendar/);
  });
});
