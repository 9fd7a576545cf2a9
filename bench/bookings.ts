/**
 * Routed bookings per second over HTTP on real PostgreSQL, with one and with two app instances; plus, as
 * the same run's references, one instance with unnamed statements and one commit per booking
 * (DB_PREPARED_STATEMENTS=off, BATON_ROUTING_BATCH=1: how every booking ran before prepared statements
 * and group commit, two round trips and a parse per statement), and one with prepared statements but
 * one commit per booking.
 */
import type { Server } from "node:http";
import { startApp, roundRobinProxy, type AppInstance } from "./support/instances";
import { buildWorkload, freshDatabase } from "./support/fixture";
import { httpCall, runLoad } from "./support/load";

export async function benchBookings(total = Number(process.env.BENCH_BOOKINGS ?? 600), concurrency = 32) {
  const out = [];
  for (const { instances, prepared, batch } of [
    { instances: 1, prepared: false, batch: 1 },
    { instances: 1, prepared: true, batch: 1 },
    { instances: 1, prepared: true, batch: undefined },
    { instances: 2, prepared: true, batch: undefined },
  ]) {
    const { url, drop } = await freshDatabase();
    const apps: AppInstance[] = [];
    let proxy: Server | undefined;
    try {
      const w = await buildWorkload(url, { members: 10, existing: 0 });
      await w.handle.close();
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
      const body = (i: number) =>
        JSON.stringify({
          meetingTypeId: w.meetingTypeId,
          start: new Date(t0 + Math.floor(i / 2) * 1_800_000).toISOString(),
          attendee: { email: `lead${i}@client.test`, fullname: `Lead ${i}` },
        });
      await runLoad(20, 4, (i) =>
        httpCall(`${base}/v4/booking`, { method: "POST", headers: w.headers, body: body(total + i) }),
      ); // warm-up
      const r = await runLoad(total, concurrency, (i) =>
        httpCall(`${base}/v4/booking`, { method: "POST", headers: w.headers, body: body(i) }),
      );
      out.push({
        instances,
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
