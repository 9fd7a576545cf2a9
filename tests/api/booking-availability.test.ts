import { beforeAll, describe, expect, it } from "vitest";
import { dbKinds, useApiTestDb } from "@/tests/support/db";
import { json, team } from "./_team";

type Slot = { start: string; end: string; hostIds: string[]; availableHosts: number };

describe.each(dbKinds())("booking availability API on %s", (kind) => {
  const t = useApiTestDb(kind);
  let ny: Awaited<ReturnType<typeof team>>;
  let other: Awaited<ReturnType<typeof team>>;
  beforeAll(async () => {
    ny = await team(t.db, {
      weights: [1, 1],
      timeZone: "America/New_York",
      officeHours: true,
      durationMinutes: 60,
      slotIntervalMinutes: 60,
      bufferAfterMinutes: 30,
    });
    other = await team(t.db, { weights: [1] });
  });

  // With the host lists (hosts=ids) unless q says otherwise; "default" leaves `hosts` out.
  const slots = async (c: typeof ny, q: Record<string, string>) => {
    const { hosts = "ids", ...rest } = q;
    const asked = hosts === "default" ? rest : { ...rest, hosts };
    const r = await c.client.get(
      `/v4/booking-availability?${new URLSearchParams({ meetingTypeId: c.meetingType.id, ...asked })}`,
    );
    expect(r.status).toBe(200);
    return (await json(r)).availableSlots as Slot[];
  };

  it("follows each member's local working hours across the DST change (New York, 2030-03-10)", async () => {
    const fri = await slots(ny, { start: "2030-03-08", end: "2030-03-08", timezone: "America/New_York" });
    expect(fri.map((s) => s.start)).toEqual([14, 15, 16, 17, 18, 19, 20, 21].map((h) => `2030-03-08T${h}:00:00.000Z`));
    expect(fri[0]).toMatchObject({ end: "2030-03-08T15:00:00.000Z", availableHosts: 2 });
    const mon = await slots(ny, { start: "2030-03-11", end: "2030-03-11", timezone: "America/New_York" });
    expect(mon[0].start).toBe("2030-03-11T13:00:00.000Z");
    expect(mon).toHaveLength(8);
    expect(await slots(ny, { start: "2030-03-09", end: "2030-03-10", timezone: "America/New_York" })).toEqual([]); // weekend
  });

  it("end date is inclusive; default zone is the workspace's (Europe/Berlin); queueId accepted", async () => {
    const week = await slots(ny, { start: "2030-03-11", end: "2030-03-15", queueId: ny.queue.id });
    expect(week).toHaveLength(40);
  });

  it("subtracts exceptions and buffered bookings; caps and pauses apply through routing", async () => {
    const day = { start: "2030-03-12", end: "2030-03-12", timezone: "America/New_York" };
    await ny.client.post(
      "/v4/availability-exception/user",
      { startDate: "2030-03-12T13:00:00Z", endDate: "2030-03-12T15:00:00Z" },
      { "x-meetergo-api-user-id": ny.reps[0].id },
    );
    let s = await slots(ny, day);
    expect(s.find((x) => x.start === "2030-03-12T13:00:00.000Z")?.hostIds).toEqual([ny.reps[1].id]);
    expect((await ny.book("2030-03-12T13:00:00Z", { hostIds: [ny.reps[1].id] })).status).toBe(201);
    s = await slots(ny, day);
    expect(s.map((x) => x.start)).not.toContain("2030-03-12T13:00:00.000Z"); // rep0 away, rep1 booked
    // 30 min buffer after rep1's booking: 14:00 needs rep0, who is away until 15:00
    expect(s.map((x) => x.start)).not.toContain("2030-03-12T14:00:00.000Z");
    expect(s.find((x) => x.start === "2030-03-12T15:00:00.000Z")?.availableHosts).toBe(2);
    await ny.client.patch(`/v4/queue/meeting-type/${ny.meetingType.id}`, {
      users: [
        { userId: ny.reps[0].id, weight: 0 },
        { userId: ny.reps[1].id, weight: 1, capPerDay: 1 },
      ],
    });
    expect(await slots(ny, day)).toEqual([]); // rep0 paused, rep1 at its daily cap
    await ny.client.patch(`/v4/queue/meeting-type/${ny.meetingType.id}`, {
      users: ny.reps.map((r) => ({ userId: r.id, weight: 1 })),
    });
  });

  it("applies minimum notice relative to now", async () => {
    const c = await team(t.db, { weights: [1], minimumNoticeMinutes: 24 * 60 });
    const now = Date.now();
    const s = await slots(c, { start: new Date(now).toISOString(), end: new Date(now + 3 * 86_400_000).toISOString() });
    expect(s.length).toBeGreaterThan(0);
    expect(Date.parse(s[0].start)).toBeGreaterThanOrEqual(now + 24 * 3_600_000);
  });

  it("by default (and with hosts=count) answers the same slots as hosts=ids, with only the host counts", async () => {
    // Three tiers of availability: a cap, an exception and a booking make the counts differ per slot.
    const c = await team(t.db, { weights: [1, 2, 3], durationMinutes: 60, slotIntervalMinutes: 60 });
    await c.client.post(
      "/v4/availability-exception/user",
      { startDate: "2030-05-06T08:00:00Z", endDate: "2030-05-06T12:00:00Z" },
      { "x-meetergo-api-user-id": c.reps[0].id },
    );
    expect((await c.book("2030-05-06T10:00:00Z", { hostIds: [c.reps[1].id] })).status).toBe(201);
    const q = { start: "2030-05-06", end: "2030-05-07", timezone: "UTC" };
    const full = await slots(c, q);
    const counted = await slots(c, { ...q, hosts: "count" });
    expect(new Set(full.map((s) => s.availableHosts))).toEqual(new Set([1, 2, 3]));
    expect(counted).toEqual(full.map((s) => ({ start: s.start, end: s.end, availableHosts: s.hostIds.length })));
    expect(await slots(c, { ...q, hosts: "default" })).toEqual(counted);
    expect(
      (
        await c.client.get(
          `/v4/booking-availability?${new URLSearchParams({ meetingTypeId: c.meetingType.id, ...q, hosts: "names" })}`,
        )
      ).status,
    ).toBe(400);
  });

  it("refuses bad ranges and foreign ids", async () => {
    const get = (q: Record<string, string>) => ny.client.get(`/v4/booking-availability?${new URLSearchParams(q)}`);
    const mt = ny.meetingType.id;
    expect((await get({ meetingTypeId: mt, start: "2030-03-12", end: "2030-03-11" })).status).toBe(400);
    expect((await get({ meetingTypeId: mt, start: "2030-01-01", end: "2030-03-05" })).status).toBe(400); // 64 days
    expect((await get({ meetingTypeId: mt, start: "2030-01-01", end: "2030-03-03" })).status).toBe(200); // 62 days
    expect((await get({ meetingTypeId: mt, start: "2030-13-01", end: "2030-03-03" })).status).toBe(400);
    expect(
      (await get({ meetingTypeId: mt, start: "2030-01-01", end: "2030-01-02", timezone: "Mars/Base" })).status,
    ).toBe(400);
    expect((await get({ meetingTypeId: other.meetingType.id, start: "2030-01-01", end: "2030-01-02" })).status).toBe(
      404,
    );
    expect(
      (await get({ meetingTypeId: mt, start: "2030-01-01", end: "2030-01-02", queueId: other.queue.id })).status,
    ).toBe(404);
    expect((await get({ start: "2030-01-01", end: "2030-01-02" })).status).toBe(400);
  });
});
