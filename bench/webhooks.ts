/**
 * Webhooks on real PostgreSQL with production app instances (`next start`, each running its
 * outbox worker): events delivered per second with 1 and with 2 instances, and what 3
 * subscriptions add to a routed booking's latency compared with none, measured in the same run
 * (interleaved booking by booking, so drift hits both sides alike). The booking writes one outbox
 * row for its event; the fan-out to subscriptions and the delivery happen later in the workers.
 */
import http from "node:http";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { emitWebhookEvent } from "@/lib/webhooks/emit";
import { createSubscription } from "@/lib/webhooks/subscriptions";
import { buildWorkload, freshDatabase, type Workload } from "./support/fixture";
import { createBooking } from "@/lib/bookings/create-booking";
import { loadUseCaseContext, type UseCaseContext } from "@/lib/context";
import { BENCH_ENCRYPTION_KEY, startApp, type AppInstance } from "./support/instances";
import { percentile } from "./support/load";

/** Ports from the webhooks range (3500-3599) unless BENCH_WEBHOOK_PORT names another base. */
const APP_PORT = Number(process.env.BENCH_WEBHOOK_PORT ?? 3540);

/** The bench's receivers listen on 127.0.0.1 over plain http; `next start` is production, so it needs a sealing key. */
const APP_ENV = {
  BATON_WEBHOOKS_ALLOW_INSECURE: "1",
  BATON_ENCRYPTION_KEY: process.env.BATON_ENCRYPTION_KEY ?? BENCH_ENCRYPTION_KEY,
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
      const deadline = Date.now() + 120_000;
      while (rx.ids.size < events && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      // A throughput of undelivered events means nothing: fail the section instead of printing 0/s.
      if (rx.ids.size < events)
        throw new Error(
          `only ${rx.ids.size} of ${events} events were delivered within 120 s (${instances} instance(s))`,
        );
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
 * What 3 subscriptions add to a routed booking, measured fairly: two identical workspaces (a queue
 * of 10 hosts each) served by the same app instance, one with 3 subscriptions to booking.routed and
 * one with none, booked alternately by one client (latency, not queueing), each pair in random
 * order, so drift and noise from other work on the machine hit both sides alike. A second instance
 * delivers meanwhile. The same again in-process (the createBooking use case on the same database,
 * without HTTP and Next.js), which isolates the database work, and the emit call alone inside a
 * transaction (what the booking's transaction pays for its webhooks). Each reports the p50 of both sides,
 * their difference, and the median of the paired differences with a bootstrap 95% interval.
 */
export async function benchBookingOverhead(pairs = Number(process.env.BENCH_WEBHOOK_PAIRS ?? 400)) {
  const { url, drop } = await freshDatabase();
  const rx = await receiver();
  let app: AppInstance | undefined;
  let deliverer: AppInstance | undefined;
  const handles: { close: () => Promise<void> }[] = [];
  try {
    const none = await buildWorkload(url, { members: 10, existing: 0 });
    const three = await buildWorkload(url, { members: 10, existing: 0 });
    handles.push(none.handle, three.handle);
    for (let i = 0; i < 3; i++) {
      await withEnv(APP_ENV, () =>
        createSubscription(
          three.handle.db,
          { workspaceId: three.workspaceId, actorUserId: three.adminId },
          { url: `${rx.url}/${i}`, eventTypes: ["booking.routed"], description: `bench ${i}` },
        ),
      );
    }
    // Bookings are served by one instance, deliveries made by another (as with several instances behind a
    // balancer): the figure is what the booking's own transaction pays for its webhooks, not CPU contention.
    app = await withEnv({ ...APP_ENV, BATON_OUTBOX_WORKER: "0" }, () => startApp(APP_PORT + 10, url, 10));
    deliverer = await withEnv(APP_ENV, () => startApp(APP_PORT + 11, url, 4));
    const t0 = Date.parse(new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10) + "T00:00:00Z");
    const count = new Map<Workload, number>([
      [none, 0],
      [three, 0],
    ]);
    const slotFor = (w: Workload) => {
      const i = count.get(w)!;
      count.set(w, i + 1);
      return { i, start: new Date(t0 + Math.floor(i / 5) * 1_800_000) };
    };
    const overHttp = async (w: Workload) => {
      const { i, start } = slotFor(w);
      const started = performance.now();
      const res = await fetch(`${app!.url}/v4/booking`, {
        method: "POST",
        headers: w.headers,
        body: JSON.stringify({
          meetingTypeId: w.meetingTypeId,
          start: start.toISOString(),
          attendee: { email: `lead${i}@client.test`, fullname: `Lead ${i}` },
        }),
      });
      await res.arrayBuffer();
      const ms = performance.now() - started;
      if (res.status !== 201) throw new Error(`booking ${i} answered ${res.status}`);
      return ms;
    };
    const contexts = new Map<Workload, UseCaseContext>();
    const inProcess = async (w: Workload) => {
      const { i, start } = slotFor(w);
      // The context is built once per workload, outside the timing (apiRoute builds it with authentication).
      const ctx = contexts.get(w) ?? (await loadUseCaseContext(w.handle.bookingDb, w.workspaceId, w.adminId));
      contexts.set(w, ctx);
      const started = performance.now();
      await createBooking(ctx, {
        meetingTypeId: w.meetingTypeId,
        start,
        attendee: { email: `lead${i}@client.test`, fullname: `Lead ${i}` },
      });
      return performance.now() - started;
    };
    const median = (xs: number[]) =>
      percentile(
        [...xs].sort((a, b) => a - b),
        50,
      );
    const measure = async (book: (w: Workload) => Promise<number>) => {
      for (let i = 0; i < 15; i++) {
        await book(none);
        await book(three);
      } // warm-up
      const lat = { none: [] as number[], three: [] as number[] };
      const diffs: number[] = [];
      for (let p = 0; p < pairs; p++) {
        const a = Math.random() < 0.5;
        const first = await book(a ? none : three);
        const second = await book(a ? three : none);
        const [n, t] = a ? [first, second] : [second, first];
        lat.none.push(n);
        lat.three.push(t);
        diffs.push(t - n);
      }
      // Bootstrap: the median of resampled paired differences, 1,000 times.
      const boots = Array.from({ length: 1_000 }, () =>
        median(Array.from({ length: diffs.length }, () => diffs[Math.floor(Math.random() * diffs.length)])),
      ).sort((a, b) => a - b);
      return {
        pairs,
        p50None: median(lat.none),
        p50Three: median(lat.three),
        addedP50Ms: median(lat.three) - median(lat.none),
        medianPairedDiffMs: median(diffs),
        pairedDiffCi95Ms: [percentile(boots, 2.5), percentile(boots, 97.5)] as [number, number],
      };
    };
    // What the booking's transaction itself pays: the emit call inside a transaction (a payload the size of a booking's).
    const data = {
      booking: { id: randomUUID(), host: { id: randomUUID(), name: "Host", email: "h@bench.test" } },
      reason: "weighted: bench",
    };
    const emitOnly = async (w: Workload) =>
      w.handle.db.transaction(async (tx) => {
        const started = performance.now();
        await emitWebhookEvent(tx, {
          workspaceId: w.workspaceId,
          type: "booking.routed",
          data,
          orderingKey: `booking:${randomUUID()}`,
        });
        const ms = performance.now() - started;
        if (w === three) count.set(three, count.get(three)! + 1);
        return ms;
      });
    const viaHttp = await measure(overHttp);
    const direct = await measure(inProcess);
    const emitStatement = await measure(emitOnly);
    const expected = 3 * count.get(three)!;
    const deadline = Date.now() + 60_000;
    while (rx.requests < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    return {
      http: viaHttp,
      inProcess: direct,
      emitStatement,
      deliveredToThree: rx.requests,
      expectedDeliveries: expected,
    };
  } finally {
    await app?.stop();
    await deliverer?.stop();
    for (const h of handles) await h.close();
    await rx.close();
    await drop();
  }
}
