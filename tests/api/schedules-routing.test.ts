/**
 * Slots and routing follow hours set through the API: weekly hours, date overrides and the workspace's
 * defaults, across Europe's DST change, for people in Berlin and New York; deactivated people never.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { dbKinds, useApiTestDb } from "@/tests/support/db";
import { json, team } from "./_team";

type Slot = { start: string; hostIds: string[] };

describe.each(dbKinds())("schedules in slots and routing on %s", (kind) => {
  const t = useApiTestDb(kind);
  let c: Awaited<ReturnType<typeof team>>;
  let berlin: string;
  let newYork: string;
  beforeAll(async () => {
    c = await team(t.db, { weights: [1], strategy: "availability", durationMinutes: 30, slotIntervalMinutes: 30 });
    berlin = c.reps[0].id;
    expect((await c.client.patch(`/v4/user/${berlin}`, { timeZone: "Europe/Berlin" })).status).toBe(200);
    const hours = await c.client.call("PUT", `/v4/user/${berlin}/working-hours`, {
      body: {
        weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinute: 540, endMinute: 1020 })),
        overrides: [
          { day: "2030-03-29", ranges: [] }, // Friday: a day off
          { day: "2030-03-30", ranges: [{ startMinute: 600, endMinute: 660 }] }, // Saturday: 10:00–11:00 only
        ],
      },
    });
    expect(hours.status).toBe(200);
    // Added through the API with no hours given: the workspace's default, Mon–Fri 09:00–17:00 New York time.
    const ny = await c.client.post("/v4/user", {
      name: "Nia York",
      email: `nia-${kind}@team.test`,
      timeZone: "America/New_York",
    });
    expect(ny.status).toBe(201);
    newYork = (await json(ny)).id;
    const q = await c.client.patch(`/v4/queue/meeting-type/${c.meetingType.id}`, {
      users: [
        { userId: berlin, weight: 1 },
        { userId: newYork, weight: 1 },
      ],
    });
    expect(q.status).toBe(200);
  });

  const slots = async (start: string, end: string): Promise<Slot[]> => {
    const r = await c.client.get(
      `/v4/booking-availability?meetingTypeId=${c.meetingType.id}&start=${start}&end=${end}&timezone=UTC&hosts=ids`,
    );
    expect(r.status).toBe(200);
    return (await json(r)).availableSlots;
  };
  const startsOf = (list: Slot[], who?: string) =>
    list.filter((s) => !who || s.hostIds.includes(who)).map((s) => s.start.slice(11, 16));
  const range = (from: number, to: number) => {
    const out: string[] = [];
    for (let m = from * 60; m < to * 60; m += 30)
      out.push(`${String(Math.floor(m / 60)).padStart(2, "0")}:${m % 60 ? "30" : "00"}`);
    return out;
  };

  it("weekly hours in each person's zone: Berlin 08:00–16:00 UTC (CET), New York 13:00–21:00 UTC (EDT)", async () => {
    const monday = await slots("2030-03-25", "2030-03-25");
    expect(startsOf(monday, berlin)).toEqual(range(8, 16));
    expect(startsOf(monday, newYork)).toEqual(range(13, 21));
    // Nobody is offered around the clock: nothing before 08:00 or from 21:00 UTC.
    expect(startsOf(monday)).toEqual(range(8, 21));
  });

  it("a day off removes Berlin's Friday; special hours give Berlin a Saturday hour; the defaults give New York no weekend", async () => {
    expect(startsOf(await slots("2030-03-29", "2030-03-29"))).toEqual(range(13, 21));
    const saturday = await slots("2030-03-30", "2030-03-30");
    expect(saturday.map((s) => [s.start.slice(11, 16), s.hostIds])).toEqual([
      ["09:00", [berlin]],
      ["09:30", [berlin]],
    ]);
    expect(await slots("2030-03-31", "2030-03-31")).toEqual([]);
  });

  it("after Europe's DST change Berlin's 09:00 is 07:00 UTC; New York stays at 13:00 UTC", async () => {
    const monday = await slots("2030-04-01", "2030-04-01");
    expect(startsOf(monday, berlin)).toEqual(range(7, 15));
    expect(startsOf(monday, newYork)).toEqual(range(13, 21));
  });

  it("routing follows the same hours and overrides", async () => {
    const host = async (r: Response) => {
      expect(r.status).toBe(201);
      return (await json(r)).hostId;
    };
    expect(await host(await c.book("2030-03-30T09:00:00Z"))).toBe(berlin);
    expect(await host(await c.book("2030-03-30T09:30:00Z"))).toBe(berlin);
    // Berlin's day off, and 08:00 UTC is 04:00 in New York: nobody.
    expect((await c.book("2030-03-29T08:00:00Z")).status).toBe(409);
    // Sunday: nobody works.
    expect((await c.book("2030-03-31T12:00:00Z")).status).toBe(409);
    // Monday after the change: 07:00 UTC is 09:00 in Berlin, 03:00 in New York.
    expect(await host(await c.book("2030-04-01T07:00:00Z"))).toBe(berlin);
    expect(await host(await c.book("2030-04-01T20:00:00Z"))).toBe(newYork);
  });

  it("a deactivated person is never offered or routed to, nor booked by name", async () => {
    expect((await c.client.patch(`/v4/user/${berlin}`, { active: false })).status).toBe(200);
    const monday = await slots("2030-04-08", "2030-04-08");
    expect(startsOf(monday, berlin)).toEqual([]);
    expect(startsOf(monday)).toEqual(range(13, 21));
    expect((await c.book("2030-04-08T08:00:00Z")).status).toBe(409);
    const forced = await c.book("2030-04-08T08:00:00Z", { hostIds: [berlin] });
    expect(forced.status).toBe(422);
    expect((await c.client.patch(`/v4/user/${berlin}`, { active: true })).status).toBe(200);
    expect(startsOf(await slots("2030-04-08", "2030-04-08"), berlin)).toEqual(range(7, 15));
  });
});
