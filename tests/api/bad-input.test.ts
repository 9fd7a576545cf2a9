/**
 * Input PostgreSQL cannot store, or no route exists for, answered with a clear 4xx and the
 * error envelope (never a 500, never HTML), changing nothing (issue 13).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { count } from "drizzle-orm";
import { availabilityExceptions, bookings, queueGroups } from "@/db/schema";
import { errorEnvelopeSchema } from "@/lib/http/envelope";
import { DATE_RANGE_MESSAGE } from "@/lib/validation";
import { dbKinds, useApiTestDb } from "@/tests/support/db";
import { at, json, team } from "./_team";

const NUL = "Ann\u0000Lee";

describe.each(dbKinds())("bad input on %s", (kind) => {
  const t = useApiTestDb(kind);
  let a: Awaited<ReturnType<typeof team>>;
  beforeAll(async () => {
    a = await team(t.db, { weights: [1, 1] });
  });

  const rows = async () => ({
    bookings: (await t.db.select({ n: count() }).from(bookings))[0].n,
    groups: (await t.db.select({ n: count() }).from(queueGroups))[0].n,
    exceptions: (await t.db.select({ n: count() }).from(availabilityExceptions))[0].n,
  });
  /** A 400 envelope whose details name `field`, with `message` in it. */
  async function expectInvalid(res: Response, field: string, message?: string) {
    const text = await res.text();
    expect(res.status, text).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    const body = errorEnvelopeSchema.parse(JSON.parse(text));
    const details = body.error.details as { path: string; message: string }[];
    const hit = details.find((d) => d.path === field);
    expect(hit, text).toBeDefined();
    if (message) expect(hit!.message).toContain(message);
  }

  it("refuses a NUL byte in an attendee's name, a group name, an exception name and a coverage name", async () => {
    const before = await rows();
    await expectInvalid(
      await a.book(at(10), { attendee: { email: "lead@client.test", fullname: NUL } }),
      "attendee.fullname",
      "control characters",
    );
    await expectInvalid(
      await a.client.post("/v4/queue-user-group", { name: NUL, queueId: a.queue.id, userIds: [], priority: 1 }),
      "name",
    );
    await expectInvalid(
      await a.client.post("/v4/availability-exception/user", {
        startDate: "2030-02-01",
        endDate: "2030-02-02",
        name: NUL,
      }),
      "name",
    );
    await expectInvalid(
      await a.client.post("/v4/handoff/coverage", {
        userId: a.reps[0].id,
        targetUserId: a.reps[1].id,
        startDate: "2030-02-01",
        endDate: "2030-02-02",
        name: NUL,
      }),
      "name",
    );
    expect(await rows()).toEqual(before);
  });

  it("refuses dates PostgreSQL cannot store, naming the allowed range", async () => {
    const before = await rows();
    await expectInvalid(await a.book("9999-12-28T10:00:00Z"), "start", DATE_RANGE_MESSAGE);
    await expectInvalid(
      await a.client.get("/v4/booking?start=0000-01-01T00:00:00Z"),
      "start",
      "between 1970-01-01 and 2999-12-31",
    );
    for (const start of ["0000-01-01T00:00:00Z", "9999-12-30T10:00:00Z"])
      await expectInvalid(
        await a.client.get(`/v4/queue/${a.queue.id}/next?start=${encodeURIComponent(start)}`),
        "start",
        DATE_RANGE_MESSAGE,
      );
    await expectInvalid(
      await a.client.get(`/v4/booking-availability?meetingTypeId=${a.meetingType.id}&start=9999-12-30&end=9999-12-30`),
      "start",
      DATE_RANGE_MESSAGE,
    );
    await expectInvalid(
      await a.client.post("/v4/availability-exception/user", { startDate: "0000-01-01", endDate: "2030-01-01" }),
      "startDate",
      DATE_RANGE_MESSAGE,
    );
    expect(await rows()).toEqual(before);
  });

  it("refuses day strings with years 0000–0099 instead of moving them to the 1900s", async () => {
    await expectInvalid(
      await a.client.post("/v4/availability-exception/user", { startDate: "0099-03-01", endDate: "0099-03-02" }),
      "startDate",
      DATE_RANGE_MESSAGE,
    );
    await expectInvalid(
      await a.client.post("/v4/handoff/bulk", {
        fromUserIds: [a.reps[0].id],
        targetUserId: a.reps[1].id,
        startDate: "0024-01-01",
        endDate: "0024-01-02",
      }),
      "startDate",
      DATE_RANGE_MESSAGE,
    );
    const list = await json(await a.client.get(`/v4/availability-exception/user`));
    expect(JSON.stringify(list)).not.toMatch(/"19\d\d-/);
  });

  it("refuses cursors Baton did not write: 36 dashes, dates of ±275760, and keeps real ones working", async () => {
    await a.book(at(20));
    await a.book(at(21));
    const first = await json(await a.client.get("/v4/booking?limit=1"));
    expect(first.nextCursor).toEqual(expect.any(String));
    expect((await a.client.get(`/v4/booking?limit=1&cursor=${first.nextCursor}`)).status).toBe(200);
    const forged = (start: string) => Buffer.from(JSON.stringify([start, a.reps[0].id])).toString("base64url");
    for (const cursor of [
      "-".repeat(36),
      forged("+275760-09-13T00:00:00.000Z"),
      forged("-271821-04-20T00:00:00.000Z"),
      forged("0000-01-01T00:00:00.000Z"),
      Buffer.from(JSON.stringify(["2030-01-01T00:00:00.000Z", "-".repeat(36)])).toString("base64url"),
    ])
      await expectInvalid(await a.client.get(`/v4/booking?cursor=${cursor}`), "cursor", "not a cursor");
  });

  it("answers methods a path does not have with a 405 envelope and Allow", async () => {
    for (const [method, path, allow] of [
      ["PUT", "/v4/booking", "GET, POST, HEAD, OPTIONS"],
      ["DELETE", "/v4/queue-user-group", "GET, POST, HEAD, OPTIONS"],
      ["GET", `/v4/queue/meeting-type/${a.meetingType.id}`, "PATCH, OPTIONS"],
      ["PATCH", "/availability-exception/user", "GET, POST, HEAD, OPTIONS"],
    ] as const) {
      const res = await a.client.call(method, path);
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.get("allow")).toBe(allow);
      expect(errorEnvelopeSchema.parse(await res.json()).error.code).toBe("method_not_allowed");
    }
  });

  it("answers unknown /v4 paths with a 404 envelope", async () => {
    for (const [method, path] of [
      ["GET", "/v4/nope"],
      ["POST", "/v4/booking/x/y/z"],
      ["DELETE", "/v4/queue"],
    ] as const) {
      const res = await a.client.call(method, path);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(errorEnvelopeSchema.parse(await res.json()).error.code).toBe("not_found");
    }
  });
});
