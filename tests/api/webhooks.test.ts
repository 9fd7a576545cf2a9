/**
 * Webhooks through the real /v4 route handlers and use cases: every event type is emitted by the
 * change it describes, arrives at a real receiver validly signed (standardwebhooks' verify) and
 * matches the payload schema of the OpenAPI `webhooks` section; a failed change emits nothing;
 * manager-only roles, other workspaces' ids 404, bad input 4xx, secrets never returned.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, gt, sql } from "drizzle-orm";
import { outboxJobs, webhookDeliveries, webhookEvents, webhookSubscriptions } from "@/db/schema";
import { DELIVER_JOB, FANOUT_JOB, fanoutWebhookHandler } from "@/lib/webhooks/emit";
import { addUser } from "@/lib/people/manage-users";
import { moveGroupMember } from "@/lib/queues/manage-queue-groups";
import { webhookPayloads } from "@/lib/api/schemas/webhooks";
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "@/lib/webhooks/event-types";
import { dbKinds, useApiTestDb } from "@/tests/support/db";
import { startReceiver, type Receiver } from "@/tests/support/webhook-receiver";
import { testOutboxWorker } from "@/tests/support/outbox";
import { apiWorkspace } from "@/tests/support/fixtures";
import { at, json, team, uuid0 } from "./_team";

describe.each(dbKinds())("webhooks API on %s", (kind) => {
  const t = useApiTestDb(kind);
  let rx: Receiver;
  let worker: ReturnType<typeof testOutboxWorker>;
  beforeAll(async () => {
    rx = await startReceiver();
  });
  afterAll(async () => {
    await worker?.stop(2_000);
    await rx?.close();
  });
  const startWorker = () => {
    worker ??= testOutboxWorker({ db: t.db, kind });
    worker.start();
  };

  it("every event type is emitted by its change and arrives signed, in the documented shape", async () => {
    startWorker();
    const s = await team(t.db, { weights: [1, 1, 1] });
    const res = await s.client.post("/v4/webhook", {
      url: rx.url("/api-all"),
      eventTypes: [...WEBHOOK_EVENT_TYPES],
      description: "CRM",
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const sub = await json(res);
    expect(sub.secret).toMatch(/^whsec_/);
    rx.secret("/api-all", sub.secret);

    // queue.updated (weights)
    expect(
      (
        await s.client.patch(`/v4/queue/meeting-type/${s.meetingType.id}`, {
          users: s.reps.map((r, i) => ({ userId: r.id, weight: i + 1 })),
        })
      ).status,
    ).toBe(200);
    // booking.routed, then handed off, then cancelled
    const routed = await json(await s.book(at(10)));
    const forced = await json(await s.book(at(12), { hostIds: [s.reps[0].id] }));
    const other = s.reps.find((r) => r.id !== routed.hostId)!;
    const ho = await s.client.post("/v4/handoff/appointment", { appointmentId: routed.id, targetUserId: other.id });
    expect(ho.status, await ho.clone().text()).toBe(200);
    expect((await s.client.post(`/v4/booking/${routed.id}/cancel`, {})).status).toBe(200);
    // availability exception created and deleted
    const ex = await s.client.post(
      "/v4/availability-exception/user",
      { startDate: "2030-03-01", endDate: "2030-03-02" },
      { "x-meetergo-api-user-id": s.reps[2].id },
    );
    expect(ex.status, await ex.clone().text()).toBe(201);
    expect((await s.client.delete(`/v4/availability-exception/user/${(await json(ex)).id}`)).status).toBe(200);
    // handoff.bulk_completed (moves the forced booking)
    const bulk = await s.client.post("/v4/handoff/bulk", {
      fromUserIds: [s.reps[0].id],
      targetUserId: s.reps[1].id,
      startDate: "2030-01-07",
      endDate: "2030-01-07",
    });
    expect(bulk.status, await bulk.clone().text()).toBe(200);
    // ping
    expect((await s.client.post(`/v4/webhook/${sub.id}/ping`, {})).status).toBe(201);

    const want: WebhookEventType[] = [...WEBHOOK_EVENT_TYPES, "ping"];
    // Deliveries of different bookings arrive in any order: wait for both handoffs too (one single, one bulk).
    await rx.waitFor((all) => {
      const mine = all.filter((r) => r.path === "/api-all");
      const types = new Set(mine.map((r) => r.payload.type));
      return want.every((w) => types.has(w)) && mine.filter((r) => r.payload.type === "booking.handed_off").length >= 2;
    });
    const got = rx.received.filter((r) => r.path === "/api-all");
    expect(got.every((r) => r.verified)).toBe(true);
    for (const r of got) {
      const parsed = webhookPayloads[r.payload.type as WebhookEventType].safeParse(r.payload);
      expect(parsed.success, `${r.payload.type}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
    }
    const of = (type: string) => got.filter((r) => r.payload.type === type);
    expect(of("booking.routed")[0].payload.data).toMatchObject({
      booking: { id: routed.id, hostId: routed.hostId, routing: { strategy: "weighted" } },
      actor: { type: "user", id: s.admin.id },
    });
    expect(of("booking.forced")[0].payload.data).toMatchObject({ booking: { id: forced.id } });
    expect(of("booking.cancelled")[0].payload.data).toMatchObject({ booking: { id: routed.id, status: "cancelled" } });
    const handedOff = of("booking.handed_off");
    expect(handedOff.map((r) => (r.payload.data.booking as { id: string }).id).sort()).toEqual(
      [routed.id, forced.id].sort(),
    );
    expect(
      handedOff.find((r) => (r.payload.data.booking as { id: string }).id === routed.id)!.payload.data,
    ).toMatchObject({
      toUserId: other.id,
      bulk: false,
    });
    expect(of("handoff.bulk_completed")[0].payload.data).toMatchObject({ handoff: { kind: "bulk", handedOff: 1 } });
    expect(of("availability_exception.created")[0].payload.data).toMatchObject({
      exception: { userId: s.reps[2].id },
      actor: { id: s.reps[2].id },
    });
    // per booking: routed, handed_off, cancelled in that order
    const seq = got
      .filter((r) => (r.payload.data.booking as { id?: string } | undefined)?.id === routed.id)
      .map((r) => r.payload.type);
    expect(seq).toEqual(["booking.routed", "booking.handed_off", "booking.cancelled"]);
  });

  it("priority group changes (create, rename, move a member, delete) each emit queue.updated with the queue as the API shows it", async () => {
    const s = await team(t.db, { weights: [1, 1] });
    await s.client.post("/v4/webhook", { url: rx.url("/groups"), eventTypes: ["queue.updated"] });
    const g = await json(
      await s.client.post("/v4/queue-user-group", { name: "Tier 1", queueId: s.queue.id, userIds: [], priority: 1 }),
    );
    expect((await s.client.patch(`/v4/queue-user-group/${g.id}`, { name: "Tier A" })).status).toBe(200);
    await moveGroupMember(t.db, s.workspace.id, s.admin.id, {
      queueId: s.queue.id,
      userId: s.reps[0].id,
      toGroupId: g.id,
    });
    expect((await s.client.delete(`/v4/queue-user-group/${g.id}`)).status).toBe(200);
    startWorker(); // the fan-out jobs write the events after each commit
    const events = () => t.db.select().from(webhookEvents).where(eq(webhookEvents.workspaceId, s.workspace.id));
    await expect.poll(async () => (await events()).length).toBe(4);
    const rows = await t.db
      .select()
      .from(webhookEvents)
      .where(eq(webhookEvents.workspaceId, s.workspace.id))
      .orderBy(webhookEvents.createdAt);
    const bodies = rows.map((r) => JSON.parse(r.body));
    expect(bodies.map((b) => b.data.reason)).toEqual([
      "priority group created",
      "priority group updated",
      "priority group members changed",
      "priority group deleted",
    ]);
    for (const b of bodies) expect(webhookPayloads["queue.updated"].safeParse(b).success).toBe(true);
    expect(bodies[2].data.queue.groups[0].userIds).toEqual([s.reps[0].id]);
    expect(bodies[3].data.queue.groups).toEqual([]);
  });

  it("a routed booking writes one outbox row however many subscriptions; the fan-out writes one delivery each, once", async () => {
    await worker?.stop(2_000); // this test drives the outbox by hand
    worker = undefined as unknown as typeof worker;
    const jobsAfter = (id: number) =>
      t.db.select().from(outboxJobs).where(gt(outboxJobs.id, id)).orderBy(outboxJobs.id);
    const lastJob = async () =>
      (await t.db.select({ id: sql<number>`coalesce(max(${outboxJobs.id}), 0)::int` }).from(outboxJobs))[0].id;

    // No subscription: the booking writes nothing for webhooks.
    const none = await team(t.db, { weights: [1, 1] });
    let before = await lastJob();
    expect((await none.book(at(40))).status).toBe(201);
    expect(await jobsAfter(before)).toEqual([]);

    const s = await team(t.db, { weights: [1, 1, 1] });
    for (const i of [0, 1, 2]) {
      const sub = await json(
        await s.client.post("/v4/webhook", { url: rx.url(`/three-${i}`), eventTypes: ["booking.routed"] }),
      );
      rx.secret(`/three-${i}`, sub.secret);
    }
    before = await lastJob();
    const booked = await s.book(at(40));
    expect(booked.status).toBe(201);
    const booking = await json(booked);
    const written = await jobsAfter(before);
    expect(written.map((j) => j.kind)).toEqual([FANOUT_JOB]); // one row, not one per subscription
    expect(written[0].orderingKey).toBe(`webhook-event:booking:${booking.id}`);
    expect(await t.db.select().from(webhookEvents).where(eq(webhookEvents.workspaceId, s.workspace.id))).toEqual([]);

    // The fan-out run twice (its instance died before marking it done): still one delivery per subscription.
    const ctx = { handle: { db: t.db, kind }, signal: new AbortController().signal };
    await fanoutWebhookHandler.run(written[0], ctx);
    await fanoutWebhookHandler.run(written[0], ctx);
    const deliveries = await t.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.workspaceId, s.workspace.id));
    expect(deliveries).toHaveLength(3);
    expect((await jobsAfter(written[0].id)).map((j) => j.kind)).toEqual([DELIVER_JOB, DELIVER_JOB, DELIVER_JOB]);

    startWorker();
    await rx.waitFor(() => [0, 1, 2].every((i) => rx.received.some((r) => r.path === `/three-${i}`)));
    await new Promise((r) => setTimeout(r, 300));
    const got = rx.received.filter((r) => r.path.startsWith("/three-"));
    expect(got).toHaveLength(3);
    expect(got.every((r) => r.verified && r.payload.type === "booking.routed")).toBe(true);
    expect(new Set(got.map((r) => r.id)).size).toBe(1); // one event, one webhook-id
    const host = s.reps.find((r) => r.id === booking.hostId)!;
    // The host came from the routing snapshot, in the API's shape.
    expect((got[0].payload.data.booking as { host: unknown }).host).toEqual({
      id: host.id,
      name: host.name,
      email: host.email,
    });
  });

  it("a change that fails emits nothing (the booking's transaction rolled back)", async () => {
    const s = await team(t.db, { weights: [1] });
    const sub = await json(
      await s.client.post("/v4/webhook", { url: rx.url("/rollback"), eventTypes: ["booking.forced"] }),
    );
    await s.book(at(30), { hostIds: [s.reps[0].id] }); // 201
    const again = await s.book(at(30), { hostIds: [s.reps[0].id] }); // busy: 409, rolled back
    expect(again.status).toBe(409);
    startWorker(); // events are written by the fan-out job, after the commit
    await expect
      .poll(
        async () =>
          (await t.db.select().from(webhookEvents).where(eq(webhookEvents.workspaceId, s.workspace.id))).length,
      )
      .toBe(1);
    await new Promise((r) => setTimeout(r, 300)); // and nothing else follows
    const rows = await t.db.select().from(webhookEvents).where(eq(webhookEvents.workspaceId, s.workspace.id));
    expect(rows.map((r) => r.type)).toEqual(["booking.forced"]);
    expect(sub.id).toBeDefined();
  });

  it("manager-only, other workspaces' ids are 404, bad input is a 4xx, and the secret is never returned again", async () => {
    const a = await apiWorkspace(t.db, "Alpha");
    const b = await apiWorkspace(t.db, "Beta");
    const rep = await addUser(t.db, { workspaceId: a.workspace.id, name: "Rep", email: `rep-${Date.now()}@a.test` });
    const created = await a.client.post("/v4/webhook", { url: rx.url("/a"), eventTypes: ["booking.routed"] });
    expect(created.status).toBe(201);
    const sub = await json(created);

    // roles: a rep acting through the key gets 403 on every webhook route
    const asRep = { "x-meetergo-api-user-id": rep.id };
    for (const [method, url] of [
      ["GET", "/v4/webhook"],
      ["GET", `/v4/webhook/${sub.id}`],
      ["POST", `/v4/webhook/${sub.id}/ping`],
      ["GET", `/v4/webhook/${sub.id}/deliveries`],
    ] as const) {
      const r = await a.client.call(method, url, { headers: asRep, body: method === "POST" ? {} : undefined });
      expect(r.status, `${method} ${url}`).toBe(403);
    }
    const repCreate = await a.client.call("POST", "/v4/webhook", {
      headers: asRep,
      body: { url: rx.url("/x"), eventTypes: ["ping"] },
    });
    expect(repCreate.status).toBe(403);

    // another workspace's subscription is 404 everywhere, and unchanged
    for (const [method, url, body] of [
      ["GET", `/v4/webhook/${sub.id}`, undefined],
      ["PATCH", `/v4/webhook/${sub.id}`, { enabled: false }],
      ["POST", `/v4/webhook/${sub.id}/rotate-secret`, {}],
      ["POST", `/v4/webhook/${sub.id}/ping`, {}],
      ["GET", `/v4/webhook/${sub.id}/deliveries`, undefined],
      ["POST", `/v4/webhook/${sub.id}/deliveries/${uuid0}/resend`, {}],
      ["DELETE", `/v4/webhook/${sub.id}`, undefined],
    ] as const) {
      const r = await b.client.call(method, url, { body });
      expect(r.status, `${method} ${url}`).toBe(404);
      expect((await json(r)).error.code).toBe("not_found");
    }
    expect((await json(await a.client.get(`/v4/webhook/${sub.id}`))).enabled).toBe(true);
    expect((await json(await b.client.get("/v4/webhook"))).webhooks).toEqual([]);

    // bad input: 400 with the field, nothing created
    for (const body of [
      { url: "not a url", eventTypes: ["booking.routed"] },
      { url: "ftp://example.com/x", eventTypes: ["booking.routed"] },
      { url: rx.url("/x"), eventTypes: [] },
      { url: rx.url("/x"), eventTypes: ["booking.exploded"] },
      { url: rx.url("/x") },
    ]) {
      const r = await a.client.post("/v4/webhook", body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      const err = (await json(r)).error;
      expect(err.code).toBe("validation_failed");
      expect(err.details.length).toBeGreaterThan(0);
    }
    expect((await a.client.patch(`/v4/webhook/${sub.id}`, {})).status).toBe(400);
    expect((await a.client.post(`/v4/webhook/${sub.id}/rotate-secret`, { overlapHours: -1 })).status).toBe(400);
    expect((await a.client.get(`/v4/webhook/${sub.id}/deliveries?limit=0`)).status).toBe(400);
    expect((await a.client.get("/v4/webhook/not-a-uuid")).status).toBe(404);
    expect((await json(await a.client.get("/v4/webhook"))).webhooks).toHaveLength(1);

    // the secret: only in the create and rotate responses; sealed in the database
    const listed = JSON.stringify(await json(await a.client.get("/v4/webhook")));
    expect(listed).not.toContain("whsec_");
    expect(JSON.stringify(await json(await a.client.get(`/v4/webhook/${sub.id}`)))).not.toContain('secret"');
    const rotated = await a.client.call("POST", `/v4/webhook/${sub.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    const r2 = await json(rotated);
    expect(r2.secret).toMatch(/^whsec_/);
    expect(r2.secret).not.toBe(sub.secret);
    expect(r2.previousSecretExpiresAt).not.toBeNull();
    const [row] = await t.db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, sub.id));
    expect(JSON.stringify(row)).not.toContain(r2.secret.slice(6));
    expect(JSON.stringify(row)).not.toContain(sub.secret.slice(6));

    // disable / re-enable, delete
    const off = await json(await a.client.patch(`/v4/webhook/${sub.id}`, { enabled: false }));
    expect(off).toMatchObject({ enabled: false, disabledReason: "Disabled by a manager" });
    const on = await json(await a.client.patch(`/v4/webhook/${sub.id}`, { enabled: true }));
    expect(on).toMatchObject({ enabled: true, disabledReason: null });
    expect((await a.client.delete(`/v4/webhook/${sub.id}`)).status).toBe(200);
    expect((await a.client.get(`/v4/webhook/${sub.id}`)).status).toBe(404);
  });

  it("the delivery log shows attempts; resend repeats a delivery under the same id", async () => {
    startWorker();
    const a = await apiWorkspace(t.db, "Gamma");
    const sub = await json(await a.client.post("/v4/webhook", { url: rx.url("/log"), eventTypes: ["booking.routed"] }));
    rx.secret("/log", sub.secret);
    const ping = await json(await a.client.post(`/v4/webhook/${sub.id}/ping`, {}));
    await rx.waitFor((all) => all.some((r) => r.path === "/log"));
    await expect
      .poll(async () => (await json(await a.client.get(`/v4/webhook/${sub.id}/deliveries`))).deliveries[0].status)
      .toBe("succeeded");
    const log = await json(await a.client.get(`/v4/webhook/${sub.id}/deliveries`));
    expect(log.deliveries[0]).toMatchObject({ id: ping.id, eventType: "ping", attempts: 1 });
    expect(log.deliveries[0].attemptLog[0]).toMatchObject({ statusCode: 200, responseBody: "ok" });
    const resent = await a.client.post(`/v4/webhook/${sub.id}/deliveries/${ping.id}/resend`, {});
    expect(resent.status).toBe(200);
    await rx.waitFor((all) => all.filter((r) => r.path === "/log").length === 2);
    const two = rx.received.filter((r) => r.path === "/log");
    expect(two[1].id).toBe(two[0].id);
    expect(two.every((r) => r.verified)).toBe(true);
  });
});
