/**
 * Routed bookings per second over HTTP on real PostgreSQL, with one and with two app instances; plus, as
 * the same run's references, one instance with unnamed statements and one commit per booking
 * (DB_PREPARED_STATEMENTS=off, BATON_ROUTING_BATCH=1: how every booking ran before prepared statements
 * and group commit, two round trips and a parse per statement), and one with prepared statements but
 * one commit per booking. Then 8 queues (8 workspaces of 10 hosts, requests spread over them in turn) with one
 * and with two instances: queues are decided in parallel, so this scales with instances until the machine's
 * cores are busy, which is measured beside it (the share of all cores busy during the run, from /proc/stat).
 */
import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import { startApp, roundRobinProxy, type AppInstance } from "./support/instances";
import { buildWorkload, freshDatabase, type Workload } from "./support/fixture";

/** All cores' busy and total jiffies so far (Linux /proc/stat; zeros elsewhere). */
function cpuTimes(): { busy: number; total: number } {
  try {
    const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    const total = cpu.reduce((a, b) => a + b, 0);
    return { busy: total - cpu[3] - (cpu[4] ?? 0), total }; // idle and iowait are not busy
  } catch {
    return { busy: 0, total: 0 };
  }
}
import { httpCall, runLoad } from "./support/load";

export async function benchBookings(total = Number(process.env.BENCH_BOOKINGS ?? 600), concurrency = 32) {
  const out = [];
  for (const { instances, prepared, batch, queues = 1 } of [
    { instances: 1, prepared: false, batch: 1 },
    { instances: 1, prepared: true, batch: 1 },
    { instances: 1, prepared: true, batch: undefined },
    { instances: 2, prepared: true, batch: undefined },
    { instances: 1, prepared: true, batch: undefined, queues: 8 },
    { instances: 2, prepared: true, batch: undefined, queues: 8 },
  ]) {
    const { url, drop } = await freshDatabase();
    const apps: AppInstance[] = [];
    let proxy: Server | undefined;
    try {
      const ws: Workload[] = [];
      for (let q = 0; q < queues; q++) ws.push(await buildWorkload(url, { members: 10, existing: 0 }));
      for (const w of ws) await w.handle.close();
      for (let i = 0; i < instances; i++)
        apps.push(
          await startApp(3401 + i, url, 10, {
            DB_PREPARED_STATEMENTS: prepared ? "on" : "off",
            ...(batch ? { BATON_ROUTING_BATCH: String(batch) } : {}),
          }),
        );
      let base = apps[0].url;
      if (instances > 1) {
        proxy = await roundRobinProxy(3400, () => apps.map((a) => a.url));
        base = "http://127.0.0.1:3400";
      }
      const t0 = Date.parse(new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10) + "T00:00:00Z");
      // Two requests per half-hour slot: both must land, on different hosts.
      // Request i goes to queue i % queues.
      const post = (i: number) => {
        const w = ws[i % queues];
        const k = Math.floor(i / queues);
        return httpCall(`${base}/v4/booking`, {
          method: "POST",
          headers: w.headers,
          body: JSON.stringify({
            meetingTypeId: w.meetingTypeId,
            start: new Date(t0 + Math.floor(k / 2) * 1_800_000).toISOString(),
            attendee: { email: `lead${i}@client.test`, fullname: `Lead ${i}` },
          }),
        });
      };
      await runLoad(20, 4, (i) => post(total * 2 + i)); // warm-up
      const cpu0 = cpuTimes();
      const r = await runLoad(total, concurrency, post);
      const cpu1 = cpuTimes();
      out.push({
        instances,
        queues,
        cpuBusy: cpu1.total > cpu0.total ? (cpu1.busy - cpu0.busy) / (cpu1.total - cpu0.total) : NaN,
        prepared,
        batch: batch ?? "default",
        total,
        concurrency,
        perSecond: r.perSecond,
        p50: r.p50,
        p99: r.p99,
        statuses: r.statuses,
      });
    } finally {
      proxy?.close();
      for (const a of apps) await a.stop();
      await drop();
    }
  }
  return out;
}
