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
