import { beforeAll, describe, expect, it } from "vitest";
import { dbKinds, useApiTestDb } from "@/tests/support/db";
import { json, team, uuid0 } from "./_team";

describe.each(dbKinds())("availability exceptions API on %s", (kind) => {
  const t = useApiTestDb(kind);
  let a: Awaited<ReturnType<typeof team>>;
  let b: Awaited<ReturnType<typeof team>>;
  beforeAll(async () => {
    a = await team(t.db, { weights: [1, 1], timeZone: "America/New_York" });
    b = await team(t.db, { weights: [1] });
  });
  const as = (userId: string) => ({ "x-meetergo-api-user-id": userId });

  it("POST /availability-exception/user: inclusive days in the user's zone", async () => {
    const r = await a.client.post(
      "/availability-exception/user",
      { startDate: "2030-03-08", endDate: "2030-03-11", isAvailable: false, name: "Vacation" },
      as(a.reps[0].id),
    );
    expect(r.status).toBe(201);
    const ex = await json(r);
    // 2030-03-08 00:00 EST .. 2030-03-12 00:00 EDT (DST starts on 2030-03-10)
    expect(ex).toMatchObject({
      userId: a.reps[0].id,
      name: "Vacation",
      isAvailable: false,
      startsAt: "2030-03-08T05:00:00.000Z",
      endsAt: "2030-03-12T04:00:00.000Z",
    });
    const list = await json(await a.client.get(`/v4/availability-exception/user?userId=${a.reps[0].id}`));
    expect(list.map((e: { id: string }) => e.id)).toEqual([ex.id]);
    expect(
      await json(await a.client.call("GET", "/availability-exception/user", { headers: as(a.reps[0].id) })),
    ).toHaveLength(1);
  });

  it("/v4 twin accepts date-times and defaults; DELETE removes", async () => {
    const r = await a.client.post("/v4/availability-exception/user", {
      startDate: "2030-04-01T10:00:00Z",
      endDate: "2030-04-01T12:00:00Z",
    });
    expect(r.status).toBe(201);
    const ex = await json(r);
    expect(ex).toMatchObject({ userId: a.admin.id, isAvailable: false, name: "Unavailable" });
    expect((await a.client.delete(`/v4/availability-exception/user/${ex.id}`)).status).toBe(200);
    expect((await a.client.delete(`/availability-exception/user/${ex.id}`)).status).toBe(404);
  });

  it("refuses an absence that is entirely in the past (422 on endDate), storing nothing; one that is still running is fine", async () => {
    const post = (body: unknown) => a.client.post("/v4/availability-exception/user", body);
    const before = await json(await a.client.get(`/v4/availability-exception/user?userId=${a.admin.id}`));
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    for (const body of [
      { startDate: day(-10), endDate: day(-3) },
      {
        startDate: new Date(Date.now() - 7_200_000).toISOString(),
        endDate: new Date(Date.now() - 60_000).toISOString(),
      },
    ]) {
      const r = await post(body);
      expect(r.status).toBe(422);
      expect((await json(r)).error).toMatchObject({
        code: "unprocessable",
        details: [{ path: "endDate", message: "is in the past: an absence must end later than now" }],
      });
    }
    expect(await json(await a.client.get(`/v4/availability-exception/user?userId=${a.admin.id}`))).toEqual(before);
    const running = await post({ startDate: day(-2), endDate: day(2) });
    expect(running.status).toBe(201);
    expect((await a.client.delete(`/v4/availability-exception/user/${(await json(running)).id}`)).status).toBe(200);
  });

  it("refuses bad input and foreign ids", async () => {
    const post = (body: unknown) => a.client.post("/v4/availability-exception/user", body);
    expect((await post({ startDate: "2030-04-02", endDate: "2030-04-01" })).status).toBe(400);
    expect((await post({ startDate: "2030-02-30x", endDate: "2030-04-01" })).status).toBe(400);
    expect((await post({ startDate: "2030-04-01", endDate: "2030-04-01", isAvailable: "no" })).status).toBe(400);
    expect((await a.client.get(`/v4/availability-exception/user?userId=${b.reps[0].id}`)).status).toBe(404);
    const theirs = await json(
      await b.client.post("/v4/availability-exception/user", { startDate: "2030-04-01", endDate: "2030-04-01" }),
    );
    expect((await a.client.delete(`/v4/availability-exception/user/${theirs.id}`)).status).toBe(404);
    expect((await a.client.delete(`/v4/availability-exception/user/${uuid0}`)).status).toBe(404);
    expect(await json(await a.client.get("/v4/availability-exception/user"))).toEqual([]);
  });
});
