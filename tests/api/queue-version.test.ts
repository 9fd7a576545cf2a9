/**
 * Two editors of one queue: GET /v4/queue/:id and the PATCH answer carry the queue's version as an ETag,
 * PATCH /v4/queue/meeting-type/:id honours If-Match (412 precondition_failed, saying who changed what
 * since), and every kind of queue change (members, groups, archive) moves the version on.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { dbKinds, useApiTestDb } from "@/tests/support/db";
import { addUser } from "@/lib/people/manage-users";
import { setQueueArchived } from "@/lib/queues/archive-queue";
import { json, team } from "./_team";

describe.each(dbKinds())("queue versions on %s", (kind) => {
  const t = useApiTestDb(kind);
  let s: Awaited<ReturnType<typeof team>>;
  let url: string;
  /** The same key, acting as a second manager: the "other tab". */
  let other: (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Response>;
  let otherName: string;
  beforeAll(async () => {
    s = await team(t.db, { weights: [3, 3, 2] });
    url = `/v4/queue/meeting-type/${s.meetingType.id}`;
    otherName = `Jamie Manager ${kind}`;
    const jamie = await addUser(t.db, {
      workspaceId: s.workspace.id,
      name: otherName,
      email: `jamie-${kind}-${Date.now()}@team.test`,
      role: "manager",
    });
    other = (method, path, body, headers) =>
      s.client.call(method, path, { body, headers: { "x-meetergo-api-user-id": jamie.id, ...headers } });
  });
  const users = (w: number[]) => s.reps.map((r, i) => ({ userId: r.id, weight: w[i] }));
  const patch = (body: unknown, ifMatch?: string) =>
    s.client.call("PATCH", url, { body, headers: ifMatch ? { "if-match": ifMatch } : {} });

  it("GET and PATCH answer the version as an ETag; a matching If-Match saves and moves it on", async () => {
    const r = await s.client.get(`/v4/queue/${s.queue.id}`);
    const q = await json(r);
    expect(r.headers.get("etag")).toBe(`"${q.version}"`);
    const saved = await patch({ users: users([4, 3, 2]) }, r.headers.get("etag")!);
    expect(saved.status).toBe(200);
    const body = await json(saved);
    expect(body.version).toBe(q.version + 1);
    expect(saved.headers.get("etag")).toBe(`"${q.version + 1}"`);
    expect(body.users.map((u: { weight: number }) => u.weight)).toEqual([4, 3, 2]);
  });

  it("a stale If-Match is refused with 412 in the envelope, saying who changed which fields, and saves nothing", async () => {
    const mine = (await s.client.get(`/v4/queue/${s.queue.id}`)).headers.get("etag")!;
    // The other editor changes a weight, a cap and the strategy first.
    const theirs = await other("PATCH", url, {
      users: [
        { userId: s.reps[0].id, weight: 5 },
        { userId: s.reps[1].id, weight: 3, capPerDay: 4 },
        { userId: s.reps[2].id, weight: 2 },
      ],
      strategy: "round_robin",
    });
    expect(theirs.status, await theirs.clone().text()).toBe(200);
    const current = await json(theirs);

    const r = await patch({ users: users([1, 1, 1]) }, mine);
    expect(r.status).toBe(412);
    const { error } = await json(r);
    expect(error.code).toBe("precondition_failed");
    expect(error.message).toContain(otherName);
    expect(error.details).toMatchObject({
      field: "If-Match",
      currentVersion: current.version,
      currentEtag: `"${current.version}"`,
    });
    expect(error.details.changedSince).toHaveLength(1);
    const change = error.details.changedSince[0];
    expect(change).toMatchObject({ version: current.version, actor: { name: otherName } });
    expect(change.summary).toEqual([
      "Strategy: Weighted → Round-robin",
      "Rep 0: weight 4 → 5",
      "Rep 1: daily cap none → 4",
    ]);
    // Nothing of the stale save was applied.
    const after = await json(await s.client.get(`/v4/queue/${s.queue.id}`));
    expect(after.version).toBe(current.version);
    expect(after.users.map((u: { weight: number }) => u.weight)).toEqual([5, 3, 2]);
  });

  it("without If-Match (or with *) the save applies unconditionally, as before", async () => {
    const before = await json(await s.client.get(`/v4/queue/${s.queue.id}`));
    const plain = await patch({ users: users([3, 3, 2]), strategy: "weighted" });
    expect(plain.status).toBe(200);
    const star = await patch({ users: users([3, 3, 3]) }, "*");
    expect(star.status).toBe(200);
    expect((await json(star)).version).toBe(before.version + 2);
  });

  it("a weak or malformed tag never matches (strong comparison); a list matches if one tag does", async () => {
    const q = await json(await s.client.get(`/v4/queue/${s.queue.id}`));
    expect((await patch({ users: users([3, 3, 3]) }, `W/"${q.version}"`)).status).toBe(412);
    expect((await patch({ users: users([3, 3, 3]) }, `${q.version}`)).status).toBe(412);
    expect((await patch({ users: users([3, 3, 3]) }, `"1", "${q.version}"`)).status).toBe(200);
  });

  it("group changes and archiving move the version on too, and are named in a later 412", async () => {
    const start = await json(await s.client.get(`/v4/queue/${s.queue.id}`));
    const g = await other("POST", "/v4/queue-user-group", {
      queueId: s.queue.id,
      name: "Seniors",
      priority: 1,
      userIds: [s.reps[0].id],
    });
    expect(g.status, await g.clone().text()).toBe(201);
    const group = await json(g);
    expect((await other("PATCH", `/v4/queue-user-group/${group.id}`, { name: "Leads" })).status).toBe(200);
    await setQueueArchived(t.db, s.workspace.id, s.queue.id, true);
    await setQueueArchived(t.db, s.workspace.id, s.queue.id, false);
    const now = await json(await s.client.get(`/v4/queue/${s.queue.id}`));
    expect(now.version).toBe(start.version + 4);
    const r = await patch({ users: users([3, 3, 3]) }, `"${start.version}"`);
    expect(r.status).toBe(412);
    const { error } = await json(r);
    expect(error.details.changedSince.flatMap((c: { summary: string[] }) => c.summary)).toEqual([
      "Created priority group “Seniors” (priority 1) with Rep 0",
      "Renamed priority group “Seniors” to “Leads”",
      "Archived the queue",
      "Restored the queue from the archive",
    ]);
  });

  it("two concurrent saves from the same version: exactly one wins, the other is told", async () => {
    const etag = (await s.client.get(`/v4/queue/${s.queue.id}`)).headers.get("etag")!;
    const [x, y] = await Promise.all([
      patch({ users: users([1, 2, 3]) }, etag),
      other("PATCH", url, { users: users([3, 2, 1]) }, { "if-match": etag }),
    ]);
    expect([x.status, y.status].sort()).toEqual([200, 412]);
  });
});
