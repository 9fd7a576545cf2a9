/** Limits an integration can hit by accident or on purpose: size, content type, revoked keys, other workspaces. */
import { beforeAll, describe, expect, it } from "vitest";
import { count } from "drizzle-orm";
import { bookings } from "@/db/schema";
import { MAX_BODY_BYTES } from "@/lib/http/parse";
import { revokeApiKey } from "@/lib/workspaces/manage-api-keys";
import { dbKinds, useApiTestDb } from "@/tests/support/db";
import { call } from "@/tests/support/app-router";
import { at, json, team } from "./_team";

describe.each(dbKinds())("API security on %s", (kind) => {
  const t = useApiTestDb(kind);
  let a: Awaited<ReturnType<typeof team>>;
  let b: Awaited<ReturnType<typeof team>>;
  beforeAll(async () => {
    a = await team(t.db, { weights: [1, 1] });
    b = await team(t.db, { weights: [1] });
  });

  const bookingCount = async () => (await t.db.select({ n: count() }).from(bookings))[0].n;

  it("refuses a body above the size limit with 413 and books nothing", async () => {
    const before = await bookingCount();
    const huge = {
      meetingTypeId: a.meetingType.id,
      start: at(10),
      attendee: { email: "a@b.test", fullname: "x".repeat(MAX_BODY_BYTES) },
    };
    const res = await a.client.post("/v4/booking", huge);
    expect(res.status).toBe(413);
    expect((await json(res)).error.code).toBe("payload_too_large");
    expect(await bookingCount()).toBe(before);
  });

  it("refuses a body that is not JSON with 415, and broken JSON with 400", async () => {
    const text = await a.client.call("POST", "/v4/booking", {
      rawBody: "meetingTypeId=1",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(text.status).toBe(415);
    const broken = await a.client.call("POST", "/v4/booking", {
      rawBody: '{"meetingTypeId":',
      headers: { "content-type": "application/json" },
    });
    expect(broken.status).toBe(400);
    expect((await json(broken)).error).toMatchObject({ code: "bad_request" });
  });

  it("never lets workspace A's key reach workspace B's queue, meeting type, users or bookings", async () => {
    const bBooking = await json(await b.book(at(12)));
    for (const path of [
      `/v4/queue/${b.queue.id}`,
      `/v4/queue/${b.queue.id}/next`,
      `/v4/queue/workspace/${b.workspace.id}`,
      `/v4/booking/${bBooking.id}`,
      `/v4/handoff/available-handoffs?appointmentId=${bBooking.id}`,
      `/v4/booking-availability?meetingTypeId=${b.meetingType.id}&start=2030-01-07&end=2030-01-08`,
    ]) {
      const res = await a.client.get(path);
      expect(res.status, path).toBe(404);
    }
    const forced = await a.client.post("/v4/booking", {
      meetingTypeId: a.meetingType.id,
      start: at(30),
      hostIds: [b.reps[0].id],
      attendee: { email: "x@y.test", fullname: "X" },
    });
    expect(forced.status).toBe(404);
    const cancel = await a.client.post(`/v4/booking/${bBooking.id}/cancel`, {});
    expect(cancel.status).toBe(404);
    const list = await json(await a.client.get("/v4/booking?limit=200"));
    expect(JSON.stringify(list)).not.toContain(bBooking.id);
  });

  it("limits requests per API key with 429, Retry-After and RateLimit headers, without touching other keys", async () => {
    const previous = process.env.BATON_API_RATE_LIMIT;
    process.env.BATON_API_RATE_LIMIT = "3";
    try {
      const c = await team(t.db, { weights: [1] }); // its queue PATCH is the key's first request
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push(await c.client.get("/v4/user"));
      expect(answers.map((r) => r.status)).toEqual([200, 200, 429]);
      expect(answers[0].headers.get("ratelimit-limit")).toBe("3");
      expect(answers[1].headers.get("ratelimit-remaining")).toBe("0");
      const refused = answers[2];
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(Number(refused.headers.get("ratelimit-reset"))).toBeLessThanOrEqual(60);
      expect((await json(refused)).error.code).toBe("rate_limited");
      const d = await team(t.db, { weights: [1] });
      expect((await d.client.get("/v4/user")).status).toBe(200);
    } finally {
      if (previous === undefined) delete process.env.BATON_API_RATE_LIMIT;
      else process.env.BATON_API_RATE_LIMIT = previous;
    }
  });

  it("stops a revoked key on the very next request", async () => {
    expect((await call("GET", "/v4/user", { headers: b.client.headers })).status).toBe(200);
    await revokeApiKey(t.db, b.workspace.id, b.apiKey.id);
    const res = await call("GET", "/v4/user", { headers: b.client.headers });
    expect(res.status).toBe(401);
    expect((await json(res)).error.code).toBe("unauthorized");
  });
});
