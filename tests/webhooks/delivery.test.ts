/**
 * Webhook delivery against a real HTTP receiver that verifies with `standardwebhooks`, driven by the
 * app's outbox worker: signatures, retries under one webhook-id, ordering, isolation, rollback,
 * 410 and long failure runs, rotation overlap, timeouts, redirects and the response limit.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { webhookAttempts, webhookDeliveries, webhookSubscriptions } from "@/db/schema";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { emitWebhookEvent } from "@/lib/webhooks/emit";
import { WEBHOOK_EVENT_TYPES, type SubscribableEventType } from "@/lib/webhooks/event-types";
import { createSubscription, rotateSubscriptionSecret, getSubscription } from "@/lib/webhooks/subscriptions";
import { listDeliveries, resendDelivery, sendPing } from "@/lib/webhooks/deliveries";
import { createTestDb, dbKinds, type TestDb } from "@/tests/support/db";
import { startReceiver, type Receiver } from "@/tests/support/webhook-receiver";
import { testOutboxWorker } from "@/tests/support/outbox";
import { webhookDeliveryListQuery } from "@/lib/api/schemas/webhooks";

let n = 0;
async function workspace(db: TestDb["db"]) {
  n++;
  const ws = await createWorkspace(db, {
    name: `W${n}`,
    adminEmail: `admin${n}-${Date.now()}@hooks.test`,
    adminPassword: "password123",
  });
  return { id: ws.workspace.id, adminId: ws.admin.id };
}

describe.each(dbKinds())("webhook delivery on %s", (kind) => {
  let h: TestDb;
  let rx: Receiver;
  let worker: ReturnType<typeof testOutboxWorker>;
  beforeAll(async () => {
    h = await createTestDb(kind);
    rx = await startReceiver();
    worker = testOutboxWorker(h);
    worker.start();
  });
  afterAll(async () => {
    await worker?.stop(2_000);
    await rx?.close();
    await h?.close();
  });

  async function subscribe(wsId: string, path: string, eventTypes: SubscribableEventType[] = [...WEBHOOK_EVENT_TYPES]) {
    const sub = await createSubscription(
      h.db,
      { workspaceId: wsId, actorUserId: null },
      {
        url: rx.url(path),
        eventTypes,
        description: path,
      },
    );
    rx.secret(path, sub.secret);
    return sub;
  }
  const emit = (wsId: string, type: SubscribableEventType, data: Record<string, unknown>, orderingKey?: string) =>
    h.db.transaction((tx) => emitWebhookEvent(tx, { workspaceId: wsId, type, data, orderingKey }));
  const at = (path: string) => rx.received.filter((r) => r.path === path);

  it("every event type arrives once, validly signed, with the stored payload and the event id as webhook-id", async () => {
    const ws = await workspace(h.db);
    const sub = await subscribe(ws.id, "/all");
    expect(sub.secret).toMatch(/^whsec_/);
    const ids: string[] = [];
    for (const type of WEBHOOK_EVENT_TYPES) ids.push((await emit(ws.id, type, { reason: `because ${type}` }))!);
    await rx.waitFor(() => at("/all").length === WEBHOOK_EVENT_TYPES.length);
    const got = at("/all");
    expect(got.every((r) => r.verified)).toBe(true);
    expect(got.map((r) => r.payload.type).sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
    expect(got.map((r) => r.id).sort()).toEqual([...ids].sort());
    for (const r of got) {
      expect(Object.keys(r.payload)).toEqual(["type", "timestamp", "data"]);
      expect(r.payload.data).toEqual({ reason: `because ${r.payload.type}` });
    }
    const log = await listDeliveries(h.db, ws.id, sub.id, { limit: 25 });
    expect(log.deliveries).toHaveLength(WEBHOOK_EVENT_TYPES.length);
    await expect
      .poll(async () =>
        (await listDeliveries(h.db, ws.id, sub.id, { limit: 25 })).deliveries.every((d) => d.status === "succeeded"),
      )
      .toBe(true);
    const d = (await listDeliveries(h.db, ws.id, sub.id, { limit: 25 })).deliveries[0];
    expect(d.attemptLog[0]).toMatchObject({ statusCode: 200, responseBody: "ok", error: null });
    expect(d.attemptLog[0].latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("only subscribed types are sent, a rolled-back transaction sends nothing, and workspace A never sees B's events", async () => {
    const a = await workspace(h.db);
    const b = await workspace(h.db);
    await subscribe(a.id, "/a", ["booking.cancelled"]);
    await subscribe(b.id, "/b");
    await expect(
      h.db.transaction(async (tx) => {
        await emitWebhookEvent(tx, { workspaceId: a.id, type: "booking.cancelled", data: { rolled: "back" } });
        throw new Error("roll back");
      }),
    ).rejects.toThrow();
    await emit(a.id, "booking.routed", { not: "subscribed" });
    await emit(b.id, "booking.cancelled", { for: "b" });
    await emit(a.id, "booking.cancelled", { for: "a" });
    await rx.waitFor(() => at("/a").length === 1 && at("/b").length === 1);
    await new Promise((r) => setTimeout(r, 500));
    expect(at("/a").map((r) => r.payload.data)).toEqual([{ for: "a" }]);
    expect(at("/b").map((r) => r.payload.data)).toEqual([{ for: "b" }]);
  });

  it("per ordering key, a later event is never delivered before an earlier one succeeds (even when the earlier one is retried)", async () => {
    const ws = await workspace(h.db);
    await subscribe(ws.id, "/order");
    let failedOnce = false;
    rx.respondWith((r) => {
      // b1's first routed attempt fails (b2's routed may arrive first: another ordering key, any order).
      if (
        r.path === "/order" &&
        r.payload.type === "booking.routed" &&
        r.payload.data.booking === "b1" &&
        !failedOnce
      ) {
        failedOnce = true;
        return 503;
      }
      return 200;
    });
    try {
      await emit(ws.id, "booking.routed", { booking: "b1" }, "b1");
      await emit(ws.id, "booking.handed_off", { booking: "b1" }, "b1");
      await emit(ws.id, "booking.cancelled", { booking: "b1" }, "b1");
      await emit(ws.id, "booking.routed", { booking: "b2" }, "b2");
      await rx.waitFor(() => at("/order").length === 5);
      const b1 = at("/order").filter((r) => r.payload.data.booking === "b1");
      expect(b1.map((r) => r.payload.type)).toEqual([
        "booking.routed",
        "booking.routed",
        "booking.handed_off",
        "booking.cancelled",
      ]);
      expect(b1[0].id).toBe(b1[1].id); // the retry carries the same webhook-id
      // b2 was not held up behind b1's retry
      const b2 = at("/order").find((r) => r.payload.data.booking === "b2")!;
      expect(b2.at).toBeLessThan(b1[1].at);
    } finally {
      rx.respondWith(() => 200);
    }
  });

  it("a 410 disables the subscription with a reason; a run of failures disables it too", async () => {
    const ws = await workspace(h.db);
    const gone = await subscribe(ws.id, "/gone");
    rx.respondWith((r) => (r.path === "/gone" ? 410 : r.path === "/flaky" ? 500 : 200));
    try {
      await emit(ws.id, "queue.updated", { q: 1 });
      await expect
        .poll(async () => (await getSubscription(h.db, ws.id, gone.id)).enabled, { timeout: 10_000 })
        .toBe(false);
      const s = await getSubscription(h.db, ws.id, gone.id);
      expect(s.disabledReason).toMatch(/410 Gone/);
      // a disabled subscription gets no new events
      const before = at("/gone").length;
      await emit(ws.id, "queue.updated", { q: 2 });
      await new Promise((r) => setTimeout(r, 600));
      expect(at("/gone").length).toBe(before);

      process.env.BATON_WEBHOOKS_DISABLE_AFTER_MS = "1000";
      process.env.BATON_WEBHOOKS_DISABLE_AFTER_FAILURES = "3";
      const flaky = await subscribe(ws.id, "/flaky");
      await emit(ws.id, "queue.updated", { q: 3 });
      await expect
        .poll(async () => (await getSubscription(h.db, flaky.id ? ws.id : ws.id, flaky.id)).enabled, {
          timeout: 20_000,
        })
        .toBe(false);
      const f = await getSubscription(h.db, ws.id, flaky.id);
      expect(f.disabledReason).toMatch(/Every delivery failed .*attempts in a row; last: HTTP 500/);
      const [d] = await h.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.subscriptionId, flaky.id));
      expect(d.status).toBe("failed");
      expect(d.attempts).toBeGreaterThanOrEqual(3);
    } finally {
      delete process.env.BATON_WEBHOOKS_DISABLE_AFTER_MS;
      delete process.env.BATON_WEBHOOKS_DISABLE_AFTER_FAILURES;
      rx.respondWith(() => 200);
    }
  });

  it("after a rotation both secrets sign during the overlap; without overlap only the new one", async () => {
    const ws = await workspace(h.db);
    const first = await subscribe(ws.id, "/rotate");
    const rotated = await rotateSubscriptionSecret(h.db, { workspaceId: ws.id, actorUserId: null }, first.id, {
      overlapHours: 24,
    });
    expect(rotated.secret).not.toBe(first.secret);
    expect(rotated.previousSecretExpiresAt).not.toBeNull();
    rx.secret("/rotate", rotated.secret);
    await emit(ws.id, "queue.updated", { n: 1 });
    await rx.waitFor(() => at("/rotate").length === 1);
    const msg = at("/rotate")[0];
    expect(msg.verified).toBe(true);
    expect(msg.signature.split(" ")).toHaveLength(2);
    // a receiver still on the old secret accepts it too
    const { Webhook } = await import("standardwebhooks");
    const hdrs = { "webhook-id": msg.id, "webhook-timestamp": msg.timestamp, "webhook-signature": msg.signature };
    expect(() => new Webhook(first.secret).verify(msg.body, hdrs)).not.toThrow();

    const third = await rotateSubscriptionSecret(h.db, { workspaceId: ws.id, actorUserId: null }, first.id, {
      overlapHours: 0,
    });
    rx.secret("/rotate", third.secret);
    await emit(ws.id, "queue.updated", { n: 2 });
    await rx.waitFor(() => at("/rotate").length === 2);
    const m2 = at("/rotate")[1];
    expect(m2.verified).toBe(true);
    expect(m2.signature.split(" ")).toHaveLength(1);
    const h2 = { "webhook-id": m2.id, "webhook-timestamp": m2.timestamp, "webhook-signature": m2.signature };
    expect(() => new Webhook(rotated.secret).verify(m2.body, h2)).toThrow();
    // the secret is stored sealed, never in the clear
    const [row] = await h.db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, first.id));
    expect(JSON.stringify(row)).not.toContain(third.secret.slice(6));
  });

  it("a slow endpoint times out, redirects are not followed, and only 4 KB of the response is kept", async () => {
    process.env.BATON_WEBHOOKS_TIMEOUT_MS = "500";
    const ws = await workspace(h.db);
    const slow = await subscribe(ws.id, "/slow", ["queue.updated"]);
    const redirect = await subscribe(ws.id, "/redirect", ["queue.updated"]);
    const big = await subscribe(ws.id, "/big", ["queue.updated"]);
    const http = await import("node:http");
    const side = http.createServer((req, res) => {
      if (req.url === "/redirect") return res.writeHead(302, { location: rx.url("/target") }).end();
      if (req.url === "/big") return res.writeHead(200).end("x".repeat(100_000));
      setTimeout(() => res.writeHead(200).end("late"), 2_000);
    });
    await new Promise<void>((r) => side.listen(0, "127.0.0.1", r));
    const port = (side.address() as { port: number }).port;
    try {
      for (const s of [slow, redirect, big]) {
        await h.db
          .update(webhookSubscriptions)
          .set({ url: `http://127.0.0.1:${port}${s.description}` })
          .where(eq(webhookSubscriptions.id, s.id));
      }
      await emit(ws.id, "queue.updated", { n: 1 });
      const attemptsOf = async (subId: string) =>
        h.db
          .select({ a: webhookAttempts })
          .from(webhookAttempts)
          .innerJoin(webhookDeliveries, eq(webhookDeliveries.id, webhookAttempts.deliveryId))
          .where(eq(webhookDeliveries.subscriptionId, subId));
      await expect.poll(async () => (await attemptsOf(slow.id)).length, { timeout: 10_000 }).toBeGreaterThan(0);
      await expect.poll(async () => (await attemptsOf(redirect.id)).length, { timeout: 10_000 }).toBeGreaterThan(0);
      await expect.poll(async () => (await attemptsOf(big.id)).length, { timeout: 10_000 }).toBeGreaterThan(0);
      const [s] = await attemptsOf(slow.id);
      expect(s.a.statusCode).toBeNull();
      expect(s.a.error).toMatch(/No response within/);
      expect(s.a.latencyMs).toBeLessThan(1_500);
      const [r] = await attemptsOf(redirect.id);
      expect(r.a.statusCode).toBe(302);
      expect(at("/target")).toHaveLength(0);
      const [b] = await attemptsOf(big.id);
      expect(b.a.statusCode).toBe(200);
      expect(b.a.responseBody).toHaveLength(4096);
    } finally {
      delete process.env.BATON_WEBHOOKS_TIMEOUT_MS;
      side.closeAllConnections();
      side.close();
    }
  });

  it("a ping reaches one subscription; a resend repeats a delivery with the same webhook-id", async () => {
    const ws = await workspace(h.db);
    const sub = await subscribe(ws.id, "/ping", ["booking.routed"]);
    await subscribe(ws.id, "/other-ping");
    const d = await sendPing(
      h.db,
      { workspaceId: ws.id, actorUserId: ws.adminId, actor: { type: "user", id: ws.adminId } },
      sub.id,
    );
    expect(d.eventType).toBe("ping");
    await rx.waitFor(() => at("/ping").length === 1);
    expect(at("/ping")[0].payload.type).toBe("ping");
    expect(at("/ping")[0].verified).toBe(true);
    await expect
      .poll(async () => (await listDeliveries(h.db, ws.id, sub.id, { limit: 5 })).deliveries[0].status)
      .toBe("succeeded");
    await resendDelivery(h.db, ws.id, sub.id, d.id);
    await rx.waitFor(() => at("/ping").length === 2);
    expect(at("/ping")[1].id).toBe(at("/ping")[0].id);
    await expect
      .poll(async () => (await listDeliveries(h.db, ws.id, sub.id, { limit: 5 })).deliveries[0].attempts)
      .toBe(2);
    expect(at("/other-ping")).toHaveLength(0);
  });

  it("the delivery log pages by a (createdAt, id) keyset: deliveries of one instant are neither skipped nor repeated", async () => {
    const ws = await workspace(h.db);
    const sub = await subscribe(ws.id, "/log", ["booking.routed"]);
    const ping = (tx: Parameters<Parameters<typeof h.db.transaction>[0]>[0], n: number) =>
      emitWebhookEvent(tx, { workspaceId: ws.id, type: "ping", data: { n }, subscriptionIds: [sub.id] });
    // Five in one transaction share created_at (now() is the transaction's start) to the microsecond.
    await h.db.transaction(async (tx) => {
      for (let n = 0; n < 5; n++) await ping(tx, n);
    });
    for (let n = 5; n < 8; n++) await h.db.transaction((tx) => ping(tx, n));
    const all = await h.db
      .select({ id: webhookDeliveries.id, createdAt: webhookDeliveries.createdAt })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.subscriptionId, sub.id));
    expect(all).toHaveLength(8);
    expect(new Set(all.map((d) => d.createdAt.getTime())).size).toBeLessThanOrEqual(4);

    for (const limit of [1, 2, 3]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 20; pages++) {
        const page = await listDeliveries(h.db, ws.id, sub.id, { limit, cursor });
        seen.push(...page.deliveries.map((d) => d.id));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      expect(seen).toHaveLength(8); // nothing skipped
      expect(new Set(seen).size).toBe(8); // nothing repeated
      expect(new Set(seen)).toEqual(new Set(all.map((d) => d.id)));
      const times = seen.map((id) => all.find((d) => d.id === id)!.createdAt.getTime());
      expect(times).toEqual([...times].sort((a, b) => b - a)); // newest first
    }
    // A cursor Baton did not write is refused (a 4xx through the API), not read as a date.
    expect(webhookDeliveryListQuery.safeParse({ cursor: "-".repeat(36) }).success).toBe(false);
    expect(webhookDeliveryListQuery.safeParse({ cursor: "2030-01-01T00:00:00Z" }).success).toBe(false);
  });

  it(
    "the receiver down for 30 s, then up: everything arrives, each event under its one id",
    { timeout: 120_000 },
    async () => {
      const ws = await workspace(h.db);
      await subscribe(ws.id, "/outage");
      await rx.down();
      const ids: string[] = [];
      try {
        const started = Date.now();
        while (Date.now() - started < 30_000) {
          ids.push((await emit(ws.id, "booking.routed", { n: ids.length }, `booking-${ids.length % 5}`))!);
          await new Promise((r) => setTimeout(r, 1_000));
        }
        const [{ attempts }] = await h.db
          .select({ attempts: webhookDeliveries.attempts })
          .from(webhookDeliveries)
          .where(eq(webhookDeliveries.eventId, ids[0]));
        expect(attempts).toBeGreaterThan(2); // it really was retried while down
      } finally {
        await rx.up();
      }
      await rx.waitFor(() => new Set(at("/outage").map((r) => r.id)).size === ids.length, 30_000);
      await new Promise((r) => setTimeout(r, 500));
      const got = at("/outage");
      expect(new Set(got.map((r) => r.id))).toEqual(new Set(ids)); // no id that was not an event
      expect(got).toHaveLength(ids.length); // and nothing twice
      expect(got.every((r) => r.verified)).toBe(true);
      for (let k = 0; k < 5; k++) {
        const seq = got.filter((r) => r.payload.data.n !== undefined && (r.payload.data.n as number) % 5 === k);
        const ns = seq.map((r) => r.payload.data.n as number);
        expect(ns).toEqual([...ns].sort((x, y) => x - y));
      }
    },
  );
});
