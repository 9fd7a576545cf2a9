import { beforeAll, describe, expect, it } from "vitest";
import { dbKinds, useApiTestDb } from "@/tests/support/db";
import { json, team, uuid0 } from "./_team";
import { moveGroupMember } from "@/lib/queues/manage-queue-groups";

describe.each(dbKinds())("queue user groups API on %s", (kind) => {
  const t = useApiTestDb(kind);
  let a: Awaited<ReturnType<typeof team>>;
  let b: Awaited<ReturnType<typeof team>>;
  beforeAll(async () => {
    a = await team(t.db, { weights: [1, 1, 1] });
    b = await team(t.db, { weights: [1] });
  });

  it("creates, reads, lists, updates and deletes a group", async () => {
    const r = await a.client.post("/v4/queue-user-group", {
      name: "Senior Sales",
      queueId: a.queue.id,
      userIds: [a.reps[0].id, a.reps[1].id],
      priority: 1,
    });
    expect(r.status).toBe(201);
    const g = await json(r);
    expect(g).toMatchObject({
      name: "Senior Sales",
      queueId: a.queue.id,
      priority: 1,
      userIds: [a.reps[0].id, a.reps[1].id].sort(),
    });
    expect(await json(await a.client.get(`/v4/queue-user-group/${g.id}`))).toEqual(g);
    expect(
      (await json(await a.client.get(`/v4/queue-user-group?queueId=${a.queue.id}`))).map((x: { id: string }) => x.id),
    ).toEqual([g.id]);
    const u = await a.client.patch(`/v4/queue-user-group/${g.id}`, {
      name: "Enterprise Sales",
      userIds: a.reps.map((x) => x.id),
    });
    expect(u.status).toBe(200);
    expect(await json(u)).toMatchObject({
      name: "Enterprise Sales",
      priority: 1,
      userIds: a.reps.map((x) => x.id).sort(),
    });
    const q = await json(await a.client.get(`/v4/queue/${a.queue.id}`));
    expect(q.groups).toEqual([expect.objectContaining({ id: g.id, priority: 1 })]);
    expect(q.users[0].groupIds).toEqual([g.id]);
    expect((await a.client.delete(`/v4/queue-user-group/${g.id}`)).status).toBe(200);
    expect((await a.client.get(`/v4/queue-user-group/${g.id}`)).status).toBe(404);
  });

  it("refuses bad input and non-members, changing nothing", async () => {
    const base = { name: "T", queueId: a.queue.id, priority: 1 };
    expect(
      (await a.client.post("/v4/queue-user-group", { ...base, userIds: [a.reps[0].id, a.reps[0].id] })).status,
    ).toBe(400);
    const stranger = await a.client.post("/v4/queue-user-group", { ...base, userIds: [b.reps[0].id] });
    expect(stranger.status).toBe(422);
    expect((await a.client.post("/v4/queue-user-group", { ...base, userIds: [], priority: "high" })).status).toBe(400);
    expect((await a.client.post("/v4/queue-user-group", { ...base, userIds: [], name: "" })).status).toBe(400);
    expect((await a.client.post("/v4/queue-user-group", { ...base, queueId: b.queue.id, userIds: [] })).status).toBe(
      404,
    );
    expect(await json(await a.client.get(`/v4/queue-user-group?queueId=${a.queue.id}`))).toEqual([]);
    const g = await json(await a.client.post("/v4/queue-user-group", { ...base, userIds: [a.reps[0].id] }));
    expect((await a.client.patch(`/v4/queue-user-group/${g.id}`, { userIds: [b.reps[0].id] })).status).toBe(422);
    expect((await a.client.patch(`/v4/queue-user-group/${g.id}`, { priority: -1 })).status).toBe(400);
    expect((await json(await a.client.get(`/v4/queue-user-group/${g.id}`))).userIds).toEqual([a.reps[0].id]);
  });

  it("refuses a second group of the same name in one queue (409, any case), changing nothing", async () => {
    const c = await team(t.db, { weights: [1, 1] });
    const base = { queueId: c.queue.id, userIds: [], priority: 1 };
    const first = await json(await c.client.post("/v4/queue-user-group", { ...base, name: "Senior" }));
    const again = await c.client.post("/v4/queue-user-group", { ...base, name: " senior ", priority: 2 });
    expect(again.status).toBe(409);
    expect((await json(again)).error).toMatchObject({
      code: "conflict",
      details: [{ path: "name", message: "is already used by another group of this queue" }],
    });
    const other = await json(await c.client.post("/v4/queue-user-group", { ...base, name: "Junior", priority: 2 }));
    const rename = await c.client.patch(`/v4/queue-user-group/${other.id}`, { name: "SENIOR" });
    expect(rename.status).toBe(409);
    // Renaming a group to its own name (or another case of it) is fine; the same name in another queue too.
    expect((await c.client.patch(`/v4/queue-user-group/${first.id}`, { name: "Senior" })).status).toBe(200);
    expect((await b.client.post("/v4/queue-user-group", { ...base, queueId: b.queue.id, name: "Senior" })).status).toBe(
      201,
    );
    const names = (await json(await c.client.get(`/v4/queue-user-group?queueId=${c.queue.id}`))).map(
      (g: { name: string }) => g.name,
    );
    expect(names.sort()).toEqual(["Junior", "Senior"]);
  });

  it("404s other workspaces' groups and queues", async () => {
    const g = await json(
      await b.client.post("/v4/queue-user-group", {
        name: "B",
        queueId: b.queue.id,
        userIds: [b.reps[0].id],
        priority: 1,
      }),
    );
    expect((await a.client.get(`/v4/queue-user-group/${g.id}`)).status).toBe(404);
    expect((await a.client.patch(`/v4/queue-user-group/${g.id}`, { name: "x" })).status).toBe(404);
    expect((await a.client.delete(`/v4/queue-user-group/${g.id}`)).status).toBe(404);
    expect((await a.client.get(`/v4/queue-user-group?queueId=${b.queue.id}`)).status).toBe(404);
    expect((await a.client.get(`/v4/queue-user-group/${uuid0}`)).status).toBe(404);
    expect((await a.client.get(`/v4/queue-user-group?queueId=nope`)).status).toBe(400);
    expect((await json(await b.client.get(`/v4/queue-user-group/${g.id}`))).name).toBe("B");
  });

  it("moves a member between groups in one use case, refusing a foreign group and queue", async () => {
    const post = async (name: string, userIds: string[]) =>
      json(await a.client.post("/v4/queue-user-group", { name, queueId: a.queue.id, userIds, priority: 5 }));
    const from = await post("Move from", [a.reps[0].id, a.reps[1].id]);
    const to = await post("Move to", [a.reps[2].id]);
    const input = { queueId: a.queue.id, userId: a.reps[0].id, toGroupId: to.id };
    await moveGroupMember(t.db, a.workspace.id, a.admin.id, input);
    const group = async (id: string) => json(await a.client.get(`/v4/queue-user-group/${id}`));
    expect((await group(from.id)).userIds).toEqual([a.reps[1].id]);
    expect((await group(to.id)).userIds).toEqual([a.reps[0].id, a.reps[2].id].sort());
    await moveGroupMember(t.db, a.workspace.id, a.admin.id, { ...input, toGroupId: null });
    expect((await group(to.id)).userIds).toEqual([a.reps[2].id]);
    await expect(moveGroupMember(t.db, a.workspace.id, a.admin.id, { ...input, toGroupId: uuid0 })).rejects.toThrow(
      /not a group of this queue/,
    );
    await expect(moveGroupMember(t.db, b.workspace.id, b.admin.id, input)).rejects.toMatchObject({ status: 404 });
    expect((await group(to.id)).userIds).toEqual([a.reps[2].id]);
    await a.client.delete(`/v4/queue-user-group/${from.id}`);
    await a.client.delete(`/v4/queue-user-group/${to.id}`);
  });
});
