import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { queueMembers, queueMemberStats } from "@/db/schema";
import { dbKinds, useApiTestDb } from "@/tests/support/db";
import { addMeetingType } from "@/lib/meeting-types/manage-meeting-types";
import { at, json, team, uuid0 } from "./_team";
import { ALL_DAY } from "@/lib/slots";

describe.each(dbKinds())("queues API on %s", (kind) => {
  const t = useApiTestDb(kind);
  let a: Awaited<ReturnType<typeof team>>;
  let b: Awaited<ReturnType<typeof team>>;
  beforeAll(async () => {
    a = await team(t.db, { weights: [3, 3, 2, 2] });
    b = await team(t.db, { weights: [1] });
  });

  it("lists the workspace's queues and 404s another workspace's id", async () => {
    const r = await a.client.get(`/v4/queue/workspace/${a.workspace.id}`);
    expect(r.status).toBe(200);
    const list = await json(r);
    expect(list.map((q: { id: string }) => q.id)).toEqual([a.queue.id]);
    expect((await a.client.get(`/v4/queue/workspace/${b.workspace.id}`)).status).toBe(404);
    expect((await a.client.get(`/v4/queue/workspace/not-a-uuid`)).status).toBe(404);
  });

  it("shows a queue with its user assignments", async () => {
    const q = await json(await a.client.get(`/v4/queue/${a.queue.id}`));
    expect(q).toMatchObject({
      id: a.queue.id,
      meetingTypeId: a.meetingType.id,
      strategy: "weighted",
      fairnessWindow: "month",
      returnPolicy: "keep_position",
    });
    expect(q.users.map((u: { userId: string; weight: number }) => [u.userId, u.weight])).toEqual(
      a.reps.map((r, i) => [r.id, [3, 3, 2, 2][i]]),
    );
    expect(q.users[0]).toMatchObject({ name: "Rep 0", capPerDay: null, capPerWeek: null, groupIds: [] });
    expect((await a.client.get(`/v4/queue/${b.queue.id}`)).status).toBe(404);
    expect((await a.client.get(`/v4/queue/${uuid0}`)).status).toBe(404);
  });

  it("rejects duplicates, negative weights and foreign users without changing anything", async () => {
    const url = `/v4/queue/meeting-type/${a.meetingType.id}`;
    const before = await json(await a.client.get(`/v4/queue/${a.queue.id}`));
    const dup = await a.client.patch(url, {
      users: [
        { userId: a.reps[0].id, weight: 1 },
        { userId: a.reps[0].id, weight: 2 },
      ],
    });
    expect(dup.status).toBe(400);
    expect((await json(dup)).error.code).toBe("validation_failed");
    expect((await a.client.patch(url, { users: [{ userId: a.reps[0].id, weight: -1 }] })).status).toBe(400);
    expect((await a.client.patch(url, { users: [{ userId: b.reps[0].id, weight: 1 }] })).status).toBe(404);
    expect((await a.client.patch(url, { users: [], strategy: "nope" })).status).toBe(400);
    expect((await a.client.patch(`/v4/queue/meeting-type/${b.meetingType.id}`, { users: [] })).status).toBe(404);
    expect(
      (await a.client.call("PATCH", url, { rawBody: "{", headers: { "content-type": "application/json" } })).status,
    ).toBe(400);
    expect(await json(await a.client.get(`/v4/queue/${a.queue.id}`))).toEqual(before);
  });

  it("creates the queue when the meeting type has none, with caps", async () => {
    const { meetingType, queue } = await addMeetingType(t.db, {
      workspaceId: a.workspace.id,
      name: "Intro",
      slug: `intro-${kind}`,
      durationMinutes: 15,
    });
    const { queues } = await import("@/db/schema");
    await t.db.delete(queues).where(eq(queues.id, queue.id));
    const r = await a.client.patch(`/v4/queue/meeting-type/${meetingType.id}`, {
      users: [{ userId: a.reps[1].id, weight: 2, capPerDay: 3, capPerWeek: 10 }],
      strategy: "round_robin",
    });
    expect(r.status).toBe(200);
    const q = await json(r);
    expect(q.meetingTypeId).toBe(meetingType.id);
    expect(q.strategy).toBe("round_robin");
    expect(q.users).toEqual([
      expect.objectContaining({ userId: a.reps[1].id, weight: 2, capPerDay: 3, capPerWeek: 10 }),
    ]);
  });

  it("removed members also leave the queue's groups", async () => {
    const c = await team(t.db, { weights: [1, 1] });
    const g = await json(
      await c.client.post("/v4/queue-user-group", {
        name: "T1",
        queueId: c.queue.id,
        userIds: [c.reps[0].id, c.reps[1].id],
        priority: 1,
      }),
    );
    expect(
      (
        await c.client.patch(`/v4/queue/meeting-type/${c.meetingType.id}`, {
          users: [{ userId: c.reps[0].id, weight: 1 }],
        })
      ).status,
    ).toBe(200);
    expect((await json(await c.client.get(`/v4/queue-user-group/${g.id}`))).userIds).toEqual([c.reps[0].id]);
    const members = await t.db.select().from(queueMembers).where(eq(queueMembers.queueId, c.queue.id));
    expect(members.map((m) => m.userId)).toEqual([c.reps[0].id]);
  });

  it("a member added mid-window is calibrated to par, not flooded", async () => {
    const c = await team(t.db, { weights: [1, 1] });
    for (let i = 0; i < 10; i++) expect((await c.book(at(24 + i))).status).toBe(201);
    const { addUser } = await import("@/lib/people/manage-users");
    const newbie = await addUser(t.db, {
      workspaceId: c.workspace.id,
      name: "New",
      email: `new-${kind}-${Date.now()}@team.test`,
      workingHours: [...ALL_DAY],
    });
    const r = await c.client.patch(`/v4/queue/meeting-type/${c.meetingType.id}`, {
      users: [...c.reps.map((u) => ({ userId: u.id, weight: 1 })), { userId: newbie.id, weight: 1 }],
    });
    expect(r.status).toBe(200);
    const stats = await t.db.select().from(queueMemberStats).where(eq(queueMemberStats.queueId, c.queue.id));
    expect(stats.find((s) => s.userId === newbie.id)?.credit).toBeCloseTo(5); // the per-member share so far
    const hosts: string[] = [];
    for (let i = 0; i < 6; i++) hosts.push((await json(await c.book(at(48 + i)))).hostId);
    for (const id of [newbie.id, ...c.reps.map((u) => u.id)]) expect(hosts.filter((h) => h === id)).toHaveLength(2);
  });

  it("next: ordered hosts with names and reasons; ?start checks that time", async () => {
    const r = await a.client.get(`/v4/queue/${a.queue.id}/next`);
    expect(r.status).toBe(200);
    const body = await json(r);
    expect(body.nextHosts.map((h: { rank: number }) => h.rank)).toEqual([1, 2, 3, 4]);
    expect(body.nextHosts[0]).toMatchObject({
      tier: 1,
      groupId: null,
      name: expect.stringMatching(/^Rep/),
      reason: expect.any(String),
      score: expect.any(Number),
    });
    const booked = await json(await a.book(at(10), { hostIds: [a.reps[0].id] }));
    const withStart = await json(
      await a.client.get(`/v4/queue/${a.queue.id}/next?start=${encodeURIComponent(booked.start)}`),
    );
    expect(withStart.end).toBe(booked.end);
    expect(withStart.excluded).toEqual([
      expect.objectContaining({ userId: a.reps[0].id, code: "busy", name: "Rep 0" }),
    ]);
    expect((await a.client.get(`/v4/queue/${a.queue.id}/next?start=tomorrow`)).status).toBe(400);
    expect((await a.client.get(`/v4/queue/${b.queue.id}/next`)).status).toBe(404);
  });
});
