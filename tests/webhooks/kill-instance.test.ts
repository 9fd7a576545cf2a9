/**
 * Two app instances (separate worker processes on one PostgreSQL). The one delivering is SIGKILLed
 * while the receiver holds its request open: the other instance delivers the event after the
 * lease runs out, under the same webhook-id, and every other event arrives exactly once.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { outboxJobs, webhookDeliveries } from "@/db/schema";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { emitWebhookEvent } from "@/lib/webhooks/emit";
import { createSubscription } from "@/lib/webhooks/subscriptions";
import { createTestDb, type TestDb } from "@/tests/support/db";
import { startReceiver, type Receiver } from "@/tests/support/webhook-receiver";

const LEASE_MS = 3_000;

function startWorker(url: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(__dirname, "../support/outbox-worker-process.ts")],
    {
      env: { ...process.env, WORKER_INPUT: JSON.stringify({ url, leaseMs: LEASE_MS }) },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => d.toString().includes("ready") && resolve(child));
    child.once("exit", (code) => reject(new Error(`worker exited early (${code})`)));
  });
}

describe.skipIf(!process.env.TEST_DATABASE_URL)("an app instance killed mid-delivery (PostgreSQL)", () => {
  let h: TestDb;
  let rx: Receiver;
  const workers: ChildProcess[] = [];
  beforeAll(async () => {
    h = await createTestDb("postgres");
    rx = await startReceiver();
    workers.push(...(await Promise.all([startWorker(h.url!), startWorker(h.url!)])));
  });
  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill("SIGTERM");
    await Promise.all(
      workers.map((w) => (w.exitCode === null && w.signalCode === null ? new Promise((r) => w.once("exit", r)) : null)),
    );
    await rx?.close();
    await h?.close();
  });

  it(
    "the other instance delivers the held event with the same id; nothing is lost or duplicated",
    { timeout: 90_000 },
    async () => {
      const ws = await createWorkspace(h.db, {
        name: "Kill",
        adminEmail: `kill-${Date.now()}@hooks.test`,
        adminPassword: "password123",
      });
      const sub = await createSubscription(
        h.db,
        { workspaceId: ws.workspace.id, actorUserId: null },
        {
          url: rx.url("/kill"),
          eventTypes: ["booking.routed"],
          description: "",
        },
      );
      rx.secret("/kill", sub.secret);
      let release: (() => void) | undefined;
      const held = new Promise<void>((r) => (release = r));
      rx.respondWith(async (_r, count) => {
        if (count === 1) {
          await held; // hold the first request open until its instance is dead
          return 200;
        }
        return 200;
      });
      const emit = (n: number) =>
        h.db.transaction((tx) =>
          emitWebhookEvent(tx, {
            workspaceId: ws.workspace.id,
            type: "booking.routed",
            data: { n },
            orderingKey: `b${n}`,
          }),
        );
      const first = (await emit(0))!;
      await rx.waitFor((all) => all.length === 1);
      const [job] = await h.db.select().from(outboxJobs).where(eq(outboxJobs.state, "pending"));
      const pid = Number(/^proc-(\d+)$/.exec(job.lockedBy ?? "")?.[1]);
      const victim = workers.find((w) => w.pid === pid);
      expect(victim, `the job is leased by one of our workers (${job.lockedBy})`).toBeDefined();
      victim!.kill("SIGKILL"); // no cleanup, no goodbye: like a crashed container
      const killedAt = Date.now();
      release!();

      const more: string[] = [];
      for (let n = 1; n <= 20; n++) more.push((await emit(n))!);

      await rx.waitFor((all) => all.filter((r) => r.id === first).length === 2, 30_000);
      const retry = rx.received.filter((r) => r.id === first)[1];
      expect(retry.verified).toBe(true);
      expect(retry.at - killedAt).toBeGreaterThanOrEqual(LEASE_MS - 1_000); // taken over only after the lease
      await rx.waitFor((all) => more.every((id) => all.some((r) => r.id === id)), 30_000);
      await new Promise((r) => setTimeout(r, 1_000));
      for (const id of more) expect(rx.received.filter((r) => r.id === id)).toHaveLength(1);
      expect(rx.received.every((r) => r.verified)).toBe(true);

      const [d] = await h.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, first));
      expect(d.status).toBe("succeeded");
      const [done] = await h.db.select().from(outboxJobs).where(eq(outboxJobs.id, job.id));
      expect(done.state).toBe("done");
      expect(done.lockedBy).not.toBe(job.lockedBy);
    },
  );
});
