/** People, schedules and new meeting types on /v4: who may do what, bad input, another workspace's ids. */
import { beforeAll, describe, expect, it } from "vitest";
import { dbKinds, useApiTestDb } from "@/tests/support/db";
import { addUser } from "@/lib/people/manage-users";
import { setQueueArchived } from "@/lib/queues/archive-queue";
import { json, team, uuid0 } from "./_team";

describe.each(dbKinds())("people API on %s", (kind) => {
  const t = useApiTestDb(kind);
  let a: Awaited<ReturnType<typeof team>>;
  let b: Awaited<ReturnType<typeof team>>;
  beforeAll(async () => {
    a = await team(t.db, { weights: [1, 1] });
    b = await team(t.db, { weights: [1] });
  });
  const as = (userId: string) => ({ "x-meetergo-api-user-id": userId });
  const put = (c: typeof a, userId: string, body: unknown, headers: Record<string, string> = {}) =>
    c.client.call("PUT", `/v4/user/${userId}/working-hours`, { body, headers });

  it("POST /v4/user adds a person with the workspace's default hours (Mon–Fri 09:00–17:00 in their zone)", async () => {
    const r = await a.client.post("/v4/user", {
      name: "Nora New",
      email: `Nora-${kind}@Team.test`,
      timeZone: "Asia/Tokyo",
    });
    expect(r.status).toBe(201);
    const u = await json(r);
    expect(u).toMatchObject({ name: "Nora New", email: `nora-${kind}@team.test`, role: "rep", active: true });
    expect(u).not.toHaveProperty("passwordHash");
    const s = await json(await a.client.get(`/v4/user/${u.id}/working-hours`));
    expect(s).toEqual({
      userId: u.id,
      timeZone: "Asia/Tokyo",
      weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinute: 540, endMinute: 1020 })),
      overrides: [],
    });
    expect((await a.client.get("/v4/user")).status).toBe(200);
    // The same email again: 409, nothing added.
    const again = await a.client.post("/v4/user", { name: "Nora", email: `nora-${kind}@team.test` });
    expect(again.status).toBe(409);
  });

  it("POST /v4/user refuses bad input with 4xx and the error envelope", async () => {
    for (const body of [
      {},
      { name: "", email: "x@y.test" },
      { name: "X", email: "not-an-email" },
      { name: "X", email: "x1@y.test", role: "owner" },
      { name: "X", email: "x2@y.test", timeZone: "Mars/Olympus" },
      { name: "X", email: "x3@y.test", workingHours: [{ weekday: 8, startMinute: 0, endMinute: 60 }] },
      { name: "X", email: "x4@y.test", extra: true },
    ]) {
      const r = await a.client.post("/v4/user", body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect((await json(r)).error.code).toBe("validation_failed");
    }
  });

  it("PATCH /v4/user/:id changes role and zone, deactivates; a deactivated person cannot act", async () => {
    const u = await json(await a.client.post("/v4/user", { name: "Pat", email: `pat-${kind}@team.test` }));
    const r = await a.client.patch(`/v4/user/${u.id}`, { role: "manager", timeZone: "Europe/Lisbon" });
    expect(r.status).toBe(200);
    expect(await json(r)).toMatchObject({ role: "manager", timeZone: "Europe/Lisbon", active: true });
    expect((await a.client.call("GET", "/v4/user", { headers: as(u.id) })).status).toBe(200);
    const off = await json(await a.client.patch(`/v4/user/${u.id}`, { active: false }));
    expect(off).toMatchObject({ active: false });
    expect(off.deactivatedAt).toBeTruthy();
    const denied = await a.client.call("GET", "/v4/user", { headers: as(u.id) });
    expect(denied.status).toBe(403);
    expect(await json(await a.client.patch(`/v4/user/${u.id}`, { active: true }))).toMatchObject({ active: true });
  });

  it("PATCH /v4/user/:id: bad input 400, yourself 400, another workspace's or unknown id 404, a rep 403", async () => {
    const rep = a.reps[0].id;
    expect((await a.client.patch(`/v4/user/${rep}`, {})).status).toBe(400);
    expect((await a.client.patch(`/v4/user/${rep}`, { role: "boss" })).status).toBe(400);
    expect((await a.client.patch(`/v4/user/${rep}`, { active: "no" })).status).toBe(400);
    expect((await a.client.patch(`/v4/user/not-a-uuid`, { name: "X" })).status).toBe(404); // a malformed id names nothing
    expect((await a.client.patch(`/v4/user/${a.admin.id}`, { active: false })).status).toBe(400);
    expect((await a.client.patch(`/v4/user/${a.admin.id}`, { role: "rep" })).status).toBe(400);
    expect((await a.client.patch(`/v4/user/${b.reps[0].id}`, { name: "Stolen" })).status).toBe(404);
    expect((await a.client.patch(`/v4/user/${uuid0}`, { name: "Nobody" })).status).toBe(404);
    expect((await a.client.get(`/v4/user/${b.reps[0].id}`)).status).toBe(404);
    const byRep = await a.client.call("PATCH", `/v4/user/${a.reps[1].id}`, { body: { name: "X" }, headers: as(rep) });
    expect(byRep.status).toBe(403);
    const selfByRep = await a.client.call("PATCH", `/v4/user/${rep}`, { body: { role: "admin" }, headers: as(rep) });
    expect(selfByRep.status).toBe(403);
  });

  it("PUT working-hours replaces weekly hours and overrides; a rep edits only their own", async () => {
    const rep = a.reps[0].id;
    const body = {
      weekly: [
        { weekday: 1, startMinute: 540, endMinute: 720 },
        { weekday: 1, startMinute: 780, endMinute: 1020 },
        { weekday: 3, startMinute: 600, endMinute: 960 },
      ],
      overrides: [
        { day: "2030-01-08", ranges: [] },
        { day: "2030-01-12", ranges: [{ startMinute: 600, endMinute: 720 }] },
      ],
    };
    const mine = await put(a, rep, body, as(rep));
    expect(mine.status).toBe(200);
    expect(await json(mine)).toMatchObject({ userId: rep, weekly: body.weekly, overrides: body.overrides });
    // Without overrides, only the weekly hours change.
    const weeklyOnly = await json(
      await put(a, rep, { weekly: [{ weekday: 2, startMinute: 0, endMinute: 1440 }] }, as(rep)),
    );
    expect(weeklyOnly.weekly).toEqual([{ weekday: 2, startMinute: 0, endMinute: 1440 }]);
    expect(weeklyOnly.overrides).toEqual(body.overrides);
    expect((await a.client.call("GET", `/v4/user/${rep}/working-hours`, { headers: as(rep) })).status).toBe(200);

    // A rep cannot read or change someone else's hours; nothing changes.
    const other = a.reps[1].id;
    const before = await json(await a.client.get(`/v4/user/${other}/working-hours`));
    expect((await put(a, other, body, as(rep))).status).toBe(403);
    expect((await a.client.call("GET", `/v4/user/${other}/working-hours`, { headers: as(rep) })).status).toBe(403);
    expect(await json(await a.client.get(`/v4/user/${other}/working-hours`))).toEqual(before);
    // A manager can.
    expect((await put(a, other, { weekly: [] })).status).toBe(200);
    expect((await json(await a.client.get(`/v4/user/${other}/working-hours`))).weekly).toEqual([]);
  });

  it("PUT working-hours refuses bad input (400) and another workspace's person (404), changing nothing", async () => {
    const rep = a.reps[0].id;
    const before = await json(await a.client.get(`/v4/user/${rep}/working-hours`));
    for (const body of [
      {},
      { weekly: "mon-fri" },
      { weekly: [{ weekday: 0, startMinute: 0, endMinute: 60 }] },
      { weekly: [{ weekday: 1, startMinute: 600, endMinute: 540 }] },
      { weekly: [{ weekday: 1, startMinute: 0, endMinute: 1441 }] },
      {
        weekly: [
          { weekday: 1, startMinute: 540, endMinute: 720 },
          { weekday: 1, startMinute: 700, endMinute: 800 },
        ],
      },
      { weekly: [], overrides: [{ day: "2030-02-30", ranges: [] }] },
      { weekly: [], overrides: [{ day: "2030-02-01", ranges: [{ startMinute: 60, endMinute: 30 }] }] },
      {
        weekly: [],
        overrides: [
          { day: "2030-02-01", ranges: [] },
          { day: "2030-02-01", ranges: [] },
        ],
      },
    ]) {
      const r = await put(a, rep, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
    }
    expect(await json(await a.client.get(`/v4/user/${rep}/working-hours`))).toEqual(before);
    expect((await put(a, b.reps[0].id, { weekly: [] })).status).toBe(404);
    expect((await a.client.get(`/v4/user/${b.reps[0].id}/working-hours`)).status).toBe(404);
    expect((await put(a, uuid0, { weekly: [] })).status).toBe(404);
  });

  it("POST /v4/meeting-type creates a meeting type with its queue; managers only; bad input 4xx", async () => {
    const r = await a.client.post("/v4/meeting-type", {
      name: "Intro call",
      slug: `intro-${kind}`,
      durationMinutes: 20,
      bufferAfterMinutes: 10,
      minimumNoticeMinutes: 120,
      strategy: "round_robin",
    });
    expect(r.status).toBe(201);
    const created = await json(r);
    expect(created.meetingType).toMatchObject({
      name: "Intro call",
      durationMinutes: 20,
      slotIntervalMinutes: 20,
      bufferAfterMinutes: 10,
      minimumNoticeMinutes: 120,
    });
    expect(created.queue).toMatchObject({ meetingTypeId: created.meetingType.id, strategy: "round_robin", users: [] });
    // Members are added with the existing queue route.
    const members = await a.client.patch(`/v4/queue/meeting-type/${created.meetingType.id}`, {
      users: [{ userId: a.reps[0].id, weight: 1 }],
    });
    expect(members.status).toBe(200);
    expect(
      (await a.client.post("/v4/meeting-type", { name: "Dup", slug: `intro-${kind}`, durationMinutes: 20 })).status,
    ).toBe(409);
    for (const body of [
      { name: "X", slug: "Bad Slug", durationMinutes: 30 },
      { name: "X", slug: "ok-slug", durationMinutes: 0 },
      { name: "X", slug: "ok-slug", durationMinutes: 30, bufferBeforeMinutes: -5 },
      { name: "X", slug: "ok-slug", durationMinutes: 30, strategy: "lottery" },
    ])
      expect((await a.client.post("/v4/meeting-type", body)).status, JSON.stringify(body)).toBe(400);
    // A rep cannot create a queue or change one.
    const rep = a.reps[0].id;
    expect(
      (
        await a.client.call("POST", "/v4/meeting-type", {
          body: { name: "R", slug: "r", durationMinutes: 30 },
          headers: as(rep),
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await a.client.call("PATCH", `/v4/queue/meeting-type/${created.meetingType.id}`, {
          body: { users: [] },
          headers: as(rep),
        })
      ).status,
    ).toBe(403);
    // Another workspace's meeting type is 404.
    expect((await b.client.patch(`/v4/queue/meeting-type/${created.meetingType.id}`, { users: [] })).status).toBe(404);
  });

  it("a rep cannot add people", async () => {
    const rep = await addUser(t.db, { workspaceId: a.workspace.id, name: "Reppy", email: `reppy-${kind}@team.test` });
    const r = await a.client.call("POST", "/v4/user", { body: { name: "X", email: "x9@y.test" }, headers: as(rep.id) });
    expect(r.status).toBe(403);
  });

  it("an archived queue takes no bookings and offers no slots (422) until restored", async () => {
    await setQueueArchived(t.db, b.workspace.id, b.queue.id, true);
    const booked = await b.book("2030-01-08T10:00:00Z");
    expect(booked.status).toBe(422);
    const slots = await b.client.get(
      `/v4/booking-availability?meetingTypeId=${b.meetingType.id}&start=2030-01-08&end=2030-01-08&timezone=UTC`,
    );
    expect(slots.status).toBe(422);
    expect((await json(await b.client.get(`/v4/queue/${b.queue.id}`))).archivedAt).toBeTruthy();
    await expect(setQueueArchived(t.db, a.workspace.id, b.queue.id, false)).rejects.toMatchObject({ status: 404 });
    await setQueueArchived(t.db, b.workspace.id, b.queue.id, false);
    expect((await b.book("2030-01-08T10:00:00Z")).status).toBe(201);
  });
});
