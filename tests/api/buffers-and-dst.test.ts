/**
 * Issue 13 guarantees through the API on both databases: a forced booking or a handoff into
 * another booking's buffer is refused (the database enforces buffered ranges); on a fall-back
 * day an ambiguous local time cannot double-book, and 02:00–04:00 working hours are 3 real hours.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { setWorkingHours } from "@/lib/people/manage-users";
import { dbKinds, useApiTestDb } from "@/tests/support/db";
import { at, json, team } from "./_team";

describe.each(dbKinds())("buffers and DST on %s", (kind) => {
  const t = useApiTestDb(kind);

  describe("buffers", () => {
    let a: Awaited<ReturnType<typeof team>>;
    beforeAll(async () => {
      // 30-minute meetings with 15 minutes before and after.
      a = await team(t.db, { weights: [1, 1], bufferBeforeMinutes: 15, bufferAfterMinutes: 15 });
    });

    it("refuses a forced booking inside another booking's buffer, and allows one just outside", async () => {
      const host = a.reps[0].id;
      expect((await a.book(at(10), { hostIds: [host] })).status).toBe(201); // blocks 09:45–10:45
      const inside = await a.book(new Date(Date.parse(at(10)) + 35 * 60_000), { hostIds: [host] }); // needs 10:20–
      expect(inside.status).toBe(409);
      expect((await json(inside)).error.code).toBe("host_unavailable");
      const outside = await a.book(new Date(Date.parse(at(10)) + 60 * 60_000), { hostIds: [host] }); // 10:45–11:45
      expect(outside.status).toBe(201);
    });

    it("refuses to hand an appointment to a host whose buffer it would cut into", async () => {
      const [x, y] = a.reps.map((r) => r.id);
      const mine = await json(await a.book(at(30), { hostIds: [x] })); // x: 06:00–06:30, blocks 05:45–06:45
      const theirs = await json(await a.book(new Date(Date.parse(at(30)) + 40 * 60_000), { hostIds: [y] }));
      const res = await a.client.post("/v4/handoff/appointment", { appointmentId: theirs.id, targetUserId: x });
      expect(res.status).toBe(409);
      expect((await json(await a.client.get(`/v4/booking/${theirs.id}`))).hostId).toBe(y);
      expect((await json(await a.client.get(`/v4/booking/${mine.id}`))).hostId).toBe(x);
    });
  });

  describe("the fall-back day in Berlin (2030-10-27: 02:00–03:00 happens twice)", () => {
    let b: Awaited<ReturnType<typeof team>>;
    beforeAll(async () => {
      b = await team(t.db, { weights: [1], timeZone: "Europe/Berlin", durationMinutes: 60 });
    });

    it("refuses a second booking at an ambiguous local time that overlaps, accepts one that does not", async () => {
      const host = { hostIds: [b.reps[0].id] };
      expect((await b.book("2030-10-27T02:30:00+02:00", host)).status).toBe(201); // 00:30–01:30Z
      // 02:00 in the second pass (CET) is 01:00Z: inside the first booking.
      expect((await b.book("2030-10-27T02:00:00+01:00", host)).status).toBe(409);
      expect((await b.book("2030-10-27T02:00:00+01:00")).status).toBe(409); // routed: nobody else is free
      // 02:30 CET is 01:30Z: right after it.
      expect((await b.book("2030-10-27T02:30:00+01:00", host)).status).toBe(201);
    });

    it("offers 3 real hours for working hours 02:00–04:00", async () => {
      const c = await team(t.db, { weights: [1], timeZone: "Europe/Berlin", durationMinutes: 60 });
      await setWorkingHours(t.db, c.reps[0].id, [{ weekday: 7, startMinute: 120, endMinute: 240 }]);
      const res = await c.client.get(
        `/v4/booking-availability?meetingTypeId=${c.meetingType.id}&start=2030-10-27&end=2030-10-27&timezone=Europe/Berlin`,
      );
      expect(res.status).toBe(200);
      const starts = (await json(res)).availableSlots.map((s: { start: string }) => s.start);
      expect(starts).toEqual(["2030-10-27T00:00:00.000Z", "2030-10-27T01:00:00.000Z", "2030-10-27T02:00:00.000Z"]);
    });
  });
});
