/**
 * apiRoute's maxInFlight: beyond the bound, a request of that route is refused with 503 `busy` and
 * Retry-After before any work (the refused requests here carry no credentials at all: had they reached
 * authentication they would be 401), and the bound frees up as requests finish.
 */
import { describe, expect, it } from "vitest";
import { apiRoute } from "@/lib/http/api-route";
import { useApiTestDb } from "@/tests/support/db";

describe("in-flight bound per route", () => {
  useApiTestDb("pglite");

  it("refuses the excess at once with 503 busy, and admits again once requests finish", async () => {
    const route = apiRoute("POST /v4/booking", async () => ({ ok: true }), { maxInFlight: 2 });
    const ctx = { params: Promise.resolve({}) };
    const anonymous = () => new Request("http://local/v4/booking", { method: "POST", body: "{}" });
    // Two requests in progress: authentication of an anonymous request fails, but only after a turn of
    // the event loop, so both still count as in progress when the third arrives.
    const first = [route(anonymous(), ctx), route(anonymous(), ctx)];
    const third = await route(anonymous(), ctx);
    expect(third.status).toBe(503);
    expect(third.headers.get("retry-after")).toBe("1");
    expect((await third.json()).error.code).toBe("busy");
    const done = await Promise.all(first);
    expect(done.map((r) => r.status)).toEqual([401, 401]);
    // Finished requests free the bound: the next one is handled (and refused by authentication).
    expect((await route(anonymous(), ctx)).status).toBe(401);
  });
});
