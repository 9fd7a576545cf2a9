import { beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { bookings, queueMemberStats } from "@/db/schema";
import { dbKinds, useApiTestDb } from "@/tests/support/db";
import { at, json, team, uuid0 } from "./_team";

describe.each(dbKinds())("bookings API on %s", (kind) => {
  const t = useApiTestDb(kind);
  let a: Awaited<ReturnType<typeof team>>;
  let b: Awaited<ReturnType<typeof team>>;
  beforeAll(async () => {
    a = await team(t.db, { weights: [1, 1] });
    b = await team(t.db, { weights: [1] });
  });

  it("routes a booking through the queue", async () => {
    const r = await a.book(at(9));
    expect(r.status).toBe(201);
    const bk = await json(r);
    expect(bk).toMatchObject({
      meetingTypeId: a.meetingType.id,
      start: at(9),
      end: at(9.5),
      status: "confirmed",
      queueId: a.queue.id,
      attendee: { email: "lead@client.test", fullname: "Lead" },
      routing: { strategy: "weighted", tier: 1, rank: 1, reason: expect.stringContaining("weighted") },
    });
    expect(a.reps.map((u) => u.id)).toContain(bk.hostId);
    expect(bk.host).toMatchObject({ id: bk.hostId, name: expect.any(String), email: expect.any(String) });
    const detail = await json(await a.client.get(`/v4/booking/${bk.id}`));
    expect(detail.events.map((e: { type: string }) => e.type)).toEqual(["booking.routed"]);
    expect(detail.routing).toEqual(bk.routing);
  });

  it("forces the first free named host, 409 host_unavailable when all are busy", async () => {
    const [r0, r1] = a.reps;
    const first = await json(await a.book(at(11), { hostIds: [r0.id] }));
    expect(first).toMatchObject({ hostId: r0.id, routing: { strategy: "forced", tier: null, rank: null } });
    const second = await json(await a.book(at(11), { hostIds: [r0.id, r1.id] }));
    expect(second.hostId).toBe(r1.id);
    const third = await a.book(at(11), { hostIds: [r0.id, r1.id] });
    expect(third.status).toBe(409);
    expect((await json(third)).error.code).toBe("host_unavailable");
    const routed = await a.book(at(11));
    expect(routed.status).toBe(409);
    const err = (await json(routed)).error;
    expect(err.code).toBe("no_eligible_host");
    expect(err.details.excluded.map((x: { code: string }) => x.code)).toEqual(["busy", "busy"]);
    expect((await a.book(at(11), { hostIds: [b.reps[0].id] })).status).toBe(404);
  });

  it("Idempotency-Key: a retry returns the first booking, never a second one", async () => {
    const key = { "idempotency-key": `k-${kind}-1` };
    const r1 = await a.book(at(13), {}, key);
    const r2 = await a.book(at(13), {}, key);
    expect(r1.status).toBe(201);
    expect(r2.status).toBe(200);
    expect((await json(r2)).id).toBe((await json(r1)).id);
    const parallel = await Promise.all(
      [1, 2, 3, 4].map(() => a.book(at(14), {}, { "idempotency-key": `k-${kind}-2` })),
    );
    const ids = new Set(await Promise.all(parallel.map(async (r) => (await json(r)).id)));
    expect(ids.size).toBe(1);
    expect(parallel.filter((r) => r.status === 201)).toHaveLength(1);
    const rows = await t.db
      .select()
      .from(bookings)
      .where(eq(bookings.idempotencyKey, `k-${kind}-2`));
    expect(rows).toHaveLength(1);
    const reused = await a.book(at(15), {}, key); // same key, different booking
    expect(reused.status).toBe(422);
    expect((await json(reused)).error.code).toBe("idempotency_key_reused");
  });

  it("Idempotency-Key fingerprints the whole request: another attendee, hostIds or queueId is refused", async () => {
    const key = { "idempotency-key": `fp-${kind}` };
    const first = await a.book(at(16), { attendee: { email: "Lead@Client.test", fullname: "Lead" } }, key);
    expect(first.status).toBe(201);
    const { id } = await json(first);
    for (const extra of [
      { attendee: { email: "other@client.test", fullname: "Lead" } },
      { attendee: { email: "lead@client.test", fullname: "Someone Else" } },
      { hostIds: [a.reps[1].id] },
      { queueId: a.queue.id },
    ]) {
      const res = await a.book(at(16), extra, key);
      expect(res.status, JSON.stringify(extra)).toBe(422);
      expect((await json(res)).error).toMatchObject({ code: "idempotency_key_reused", details: { bookingId: id } });
    }
    // The same request written differently (another offset, email case, key order) is a replay.
    const same = await a.client.post(
      "/v4/booking",
      {
        attendee: { fullname: "Lead", email: "lead@client.test" },
        start: new Date(Date.parse(at(16))).toISOString().replace("Z", "+00:00"),
        meetingTypeId: a.meetingType.id,
      },
      key,
    );
    expect(same.status).toBe(200);
    expect(same.headers.get("idempotent-replayed")).toBe("true");
    expect((await json(same)).id).toBe(id);
  });

  it("Idempotency-Key replay of a cancelled booking answers 200 with the booking as it is now (cancelled)", async () => {
    const key = { "idempotency-key": `cancelled-${kind}` };
    const { id } = await json(await a.book(at(17), {}, key));
    expect((await a.client.post(`/v4/booking/${id}/cancel`, {})).status).toBe(200);
    const replay = await a.book(at(17), {}, key);
    expect(replay.status).toBe(200);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(await json(replay)).toMatchObject({ id, status: "cancelled" });
    expect((await t.db.select().from(bookings).where(eq(bookings.idempotencyKey, key["idempotency-key"]))).length).toBe(
      1,
    );
  });

  it("refuses bad input, changing nothing", async () => {
    const count = async () => (await t.db.select().from(bookings)).length;
    const before = await count();
    const post = (body: Record<string, unknown>) => a.client.post("/v4/booking", body);
    const ok = { meetingTypeId: a.meetingType.id, start: at(20), attendee: { email: "x@y.test", fullname: "X" } };
    expect((await post({ ...ok, start: "tomorrow" })).status).toBe(400);
    expect((await post({ ...ok, attendee: { email: "nope", fullname: "X" } })).status).toBe(400);
    expect((await post({ ...ok, meetingTypeId: uuid0 })).status).toBe(404);
    expect((await post({ ...ok, meetingTypeId: b.meetingType.id })).status).toBe(404);
    expect((await post({ ...ok, queueId: b.queue.id })).status).toBe(404);
    expect((await post({ ...ok, start: "2001-01-01T10:00:00Z" })).status).toBe(422);
    expect((await post({ ...ok, hostIds: [] })).status).toBe(400);
    expect((await a.client.post("/v4/booking", ok, { "idempotency-key": "" })).status).toBe(400);
    expect(await count()).toBe(before);
  });

  it("lists with filters and cursor/offset pagination", async () => {
    for (let i = 0; i < 5; i++) await a.book(at(30 + i));
    const all = await json(await a.client.get(`/v4/booking?limit=200`));
    expect(all.bookings.length).toBeGreaterThanOrEqual(9);
    const starts = all.bookings.map((x: { start: string }) => x.start);
    expect([...starts].sort()).toEqual(starts);
    const p1 = await json(await a.client.get(`/v4/booking?limit=2&status=confirmed`));
    const p2 = await json(await a.client.get(`/v4/booking?limit=2&status=confirmed&cursor=${p1.nextCursor}`));
    const o2 = await json(await a.client.get(`/v4/booking?limit=2&status=confirmed&offset=2`));
    expect(p2.bookings.map((x: { id: string }) => x.id)).toEqual(o2.bookings.map((x: { id: string }) => x.id));
    expect(p2.bookings[0].id).not.toBe(p1.bookings[1].id);
    const host = a.reps[0].id;
    const mine = await json(
      await a.client.get(
        `/v4/booking?hostId=${host}&start=${encodeURIComponent(at(30))}&end=${encodeURIComponent(at(40))}`,
      ),
    );
    expect(mine.bookings.every((x: { hostId: string; start: string }) => x.hostId === host && x.start >= at(30))).toBe(
      true,
    );
    expect(
      (await json(await a.client.get(`/v4/booking?queueId=${a.queue.id}&limit=200`))).bookings.length,
    ).toBeGreaterThan(0);
    expect((await a.client.get(`/v4/booking?limit=201`)).status).toBe(400);
    expect((await a.client.get(`/v4/booking?cursor=garbage`)).status).toBe(400);
    expect(
      (await a.client.get(`/v4/booking?start=${encodeURIComponent(at(5))}&end=${encodeURIComponent(at(1))}`)).status,
    ).toBe(400);
    expect((await a.client.get(`/v4/booking?hostId=${b.reps[0].id}`)).status).toBe(404);
    expect((await json(await b.client.get(`/v4/booking`))).bookings).toEqual([]);
  });

  it("cancel gives the fairness count back (POST cancel and DELETE), idempotently", async () => {
    const stat = async (userId: string, windowKey: string) =>
      (
        await t.db
          .select()
          .from(queueMemberStats)
          .where(
            and(
              eq(queueMemberStats.queueId, a.queue.id),
              eq(queueMemberStats.userId, userId),
              eq(queueMemberStats.windowKey, windowKey),
            ),
          )
      )[0]?.count ?? 0;
    const bk = await json(await a.book(at(50)));
    const [row] = await t.db.select().from(bookings).where(eq(bookings.id, bk.id));
    const before = await stat(bk.hostId, row.windowKey!);
    const r = await a.client.post(`/v4/booking/${bk.id}/cancel`, {});
    expect(r.status).toBe(200);
    expect(await json(r)).toMatchObject({ status: "cancelled", cancelledAt: expect.any(String) });
    expect(await stat(bk.hostId, row.windowKey!)).toBe(before - 1);
    expect((await a.client.delete(`/v4/booking/${bk.id}`)).status).toBe(200);
    expect(await stat(bk.hostId, row.windowKey!)).toBe(before - 1);
    const detail = await json(await a.client.get(`/v4/booking/${bk.id}`));
    expect(detail.events.map((e: { type: string }) => e.type)).toEqual(["booking.routed", "booking.cancelled"]);
    const again = await a.book(at(50), { hostIds: [bk.hostId] });
    expect(again.status).toBe(201); // the time is free again
    expect((await b.client.delete(`/v4/booking/${bk.id}`)).status).toBe(404);
    expect((await b.client.get(`/v4/booking/${bk.id}`)).status).toBe(404);
    expect((await a.client.get(`/v4/booking/123`)).status).toBe(404);
  });

  it("lists the workspace's meeting types and users", async () => {
    const mts = await json(await a.client.get("/v4/meeting-type"));
    expect(mts.map((m: { id: string }) => m.id)).toEqual([a.meetingType.id]);
    const us = await json(await a.client.get("/v4/user"));
    expect(us.map((u: { id: string }) => u.id).sort()).toEqual([a.admin.id, ...a.reps.map((r) => r.id)].sort());
    expect(us[0].passwordHash).toBeUndefined();
  });
});
