/**
 * Webhooks on real PostgreSQL with production app instances (`next start`, each running its
 * outbox worker): events delivered per second with 1 and with 2 instances, and what 3
 * subscriptions add to a routed booking's latency compared with none, measured in the same run
 * (interleaved booking by booking, so drift hits both sides alike). The booking writes one outbox
 * row for its event; the fan-out to subscriptions and the delivery happen later in the workers.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { webhookSubscriptions } from "@/db/schema";
import { emitWebhookEvent } from "@/lib/webhooks/emit";
import { createSubscription } from "@/lib/webhooks/subscriptions";
import { buildWorkload, freshDatabase } from "./support/fixture";
import { startApp, type AppInstance } from "./support/instances";
import { percentile } from "./support/load";

/** Ports from the webhooks range (3500-3599) unless BENCH_WEBHOOK_PORT names another base. */
const APP_PORT = Number(process.env.BENCH_WEBHOOK_PORT ?? 3540);

/** The bench's receivers listen on 127.0.0.1 over plain http; `next start` is production, so it needs a sealing key. */
const APP_ENV = {
  BATON_WEBHOOKS_ALLOW_INSECURE: "1",
  BATON_ENCRYPTION_KEY: process.env.BATON_ENCRYPTION_KEY ?? "YmVuY2gtZW5jcnlwdGlvbi1rZXktbm90LWZvci1wcm8=",
};

async function receiver() {
  const ids = new Set<string>();
  let requests = 0;
  let lastAt = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      requests++;
      ids.add(String(req.headers["webhook-id"]));
      lastAt = performance.now();
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    ids,
    get requests() {
      return requests;
    },
    get lastAt() {
      return lastAt;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

async function withEnv<T>(env: Record<string, string>, body: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await body();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

export async function benchWebhookThroughput(events = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 2000)) {
  const out = [];
  for (const instances of [1, 2]) {
    const { url, drop } = await freshDatabase();
    const apps: AppInstance[] = [];
    const rx = await receiver();
    try {
      const w = await buildWorkload(url, { members: 3, existing: 0 });
      await withEnv(APP_ENV, () =>
        createSubscription(
          w.handle.db,
          { workspaceId: w.workspaceId, actorUserId: w.adminId },
          { url: rx.url, eventTypes: ["queue.updated"], description: "bench" },
        ),
      );
      await withEnv(APP_ENV, async () => {
        for (let i = 0; i < instances; i++) apps.push(await startApp(APP_PORT + i, url, 10));
      });
      // All events in one commit, so every instance sees the whole backlog at once.
      const started = performance.now();
      await w.handle.db.transaction(async (tx) => {
        for (let i = 0; i < events; i++)
          await emitWebhookEvent(tx, { workspaceId: w.workspaceId, type: "queue.updated", data: { i } });
      });
      const committed = performance.now();
      const deadline = Date.now() + 300_000;
      while (rx.ids.size < events && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const seconds = (rx.lastAt - committed) / 1000;
      out.push({
        instances,
        events,
        delivered: rx.ids.size,
        requests: rx.requests,
        seconds,
        perSecond: rx.ids.size / seconds,
        enqueueMs: committed - started,
      });
      await w.handle.close();
    } finally {
      for (const a of apps) await a.stop();
      await rx.close();
      await drop();
    }
  }
  return out;
}

/**
 * What 3 subscriptions add to a routed booking, measured fairly: one app instance, one queue, one
 * client (latency, not queueing), and the two sides interleaved booking by booking (each pair in
 * random order), so drift and noise from other work on the machine hit both sides alike. Reports
 * the p50 of each side, their difference, and the median of the paired differences with a
 * bootstrap 95% interval.
 */
export async function benchBookingOverhead(pairs = Number(process.env.BENCH_WEBHOOK_PAIRS ?? 300)) {
  const { url, drop } = await freshDatabase();
  const rx = await receiver();
  let app: AppInstance | undefined;
  let deliverer: AppInstance | undefined;
  try {
    const w = await buildWorkload(url, { members: 10, existing: 0 });
    for (let i = 0; i < 3; i++) {
      await withEnv(APP_ENV, () =>
        createSubscription(
          w.handle.db,
          { workspaceId: w.workspaceId, actorUserId: w.adminId },
          { url: `${rx.url}/${i}`, eventTypes: ["booking.routed"], description: `bench ${i}` },
        ),
      );
    }
    // Bookings are served by one instance, deliveries made by another (as with several instances behind a
    // balancer): the figure is what the booking's own transaction pays for its webhooks, not CPU contention.
    app = await withEnv({ ...APP_ENV, BATON_OUTBOX_WORKER: "0" }, () => startApp(APP_PORT + 10, url, 10));
    deliverer = await withEnv(APP_ENV, () => startApp(APP_PORT + 11, url, 4));
    const t0 = Date.parse(new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10) + "T00:00:00Z");
    let n = 0;
    const book = async () => {
      const i = n++;
      const started = performance.now();
      const res = await fetch(`${app!.url}/v4/booking`, {
        method: "POST",
        headers: w.headers,
        body: JSON.stringify({
          meetingTypeId: w.meetingTypeId,
          start: new Date(t0 + Math.floor(i / 5) * 1_800_000).toISOString(),
          attendee: { email: `lead${i}@client.test`, fullname: `Lead ${i}` },
        }),
      });
      await res.arrayBuffer();
      const ms = performance.now() - started;
      if (res.status !== 201) throw new Error(`booking ${i} answered ${res.status}`);
      return ms;
    };
    let subscribed: boolean | undefined;
    const setSubscribed = async (on: boolean) => {
      if (subscribed === on) return;
      subscribed = on;
      await w.handle.db
        .update(webhookSubscriptions)
        .set({ enabled: on })
        .where(sql`true`);
    };
    await setSubscribed(false);
    for (let i = 0; i < 30; i++) await book(); // warm-up
    const lat = { none: [] as number[], three: [] as number[] };
    const diffs: number[] = [];
    let withThree = 0;
    for (let p = 0; p < pairs; p++) {
      const order = Math.random() < 0.5 ? (["none", "three"] as const) : (["three", "none"] as const);
      const pair: Record<string, number> = {};
      for (const side of order) {
        await setSubscribed(side === "three");
        pair[side] = await book();
        lat[side].push(pair[side]);
        if (side === "three") withThree++;
      }
      diffs.push(pair.three - pair.none);
    }
    const deadline = Date.now() + 60_000;
    const expected = 3 * withThree; // the warm-up ran without subscriptions
    while (rx.requests < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const median = (xs: number[]) =>
      percentile(
        [...xs].sort((a, b) => a - b),
        50,
      );
    // Bootstrap: the median of resampled paired differences, 1,000 times.
    const boots = Array.from({ length: 1_000 }, () =>
      median(Array.from({ length: diffs.length }, () => diffs[Math.floor(Math.random() * diffs.length)])),
    ).sort((a, b) => a - b);
    await w.handle.close();
    return {
      bookingsPerSide: lat.none.length,
      p50None: median(lat.none),
      p50Three: median(lat.three),
      addedP50Ms: median(lat.three) - median(lat.none),
      medianPairedDiffMs: median(diffs),
      pairedDiffCi95Ms: [percentile(boots, 2.5), percentile(boots, 97.5)] as [number, number],
      deliveredToThree: rx.requests,
      expectedDeliveries: expected,
    };
  } finally {
    await app?.stop();
    await deliverer?.stop();
    await rx.close();
    await drop();
  }
}
