/**
 * p50/p99 of GET /next and of a week of booking-availability for a 50-member queue with
 * 20,000 bookings, and the per-decision state read: Baton's incremental counters vs a naive
 * recount of the month's bookings (what schedulers without counters do on every decision).
 */
import postgres from "postgres";
import { startApp } from "./support/instances";
import { buildWorkload, freshDatabase } from "./support/fixture";
import { percentile, runLoad } from "./support/load";

async function timeQuery(n: number, q: () => Promise<unknown>) {
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    await q();
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  return { medianMs: percentile(t, 50), p99Ms: percentile(t, 99) };
}

export async function benchLatency(members = 50, existing = 20_000) {
  const { url, drop } = await freshDatabase();
  try {
    const w = await buildWorkload(url, { members, existing });
    await w.handle.close();
    const app = await startApp(3411, url, 10);
    try {
      const get = (path: string) => fetch(`${app.url}${path}`, { headers: w.headers });
      await runLoad(20, 2, () => get(`/v4/queue/${w.queueId}/next`));
      const next = await runLoad(300, 4, () => get(`/v4/queue/${w.queueId}/next`));
      const from = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      const to = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
      const availability = await runLoad(60, 2, () =>
        get(`/v4/booking-availability?meetingTypeId=${w.meetingTypeId}&start=${from}&end=${to}&queueId=${w.queueId}`),
      );
      const sql = postgres(url, { max: 1 });
      const windowKey = new Date().toISOString().slice(0, 7);
      const incremental = await timeQuery(
        300,
        () =>
          sql`select user_id, count, credit from queue_member_stats where queue_id = ${w.queueId} and window_key = ${windowKey}`,
      );
      const naive = await timeQuery(
        300,
        () =>
          sql`select host_id, count(*) from bookings where queue_id = ${w.queueId} and status = 'confirmed' and starts_at >= now() - interval '1 month' group by host_id`,
      );
      await sql.end();
      return {
        members,
        existing,
        next: { p50: next.p50, p99: next.p99, statuses: next.statuses },
        availability: { p50: availability.p50, p99: availability.p99, statuses: availability.statuses },
        incremental,
        naive,
      };
    } finally {
      await app.stop();
    }
  } finally {
    await drop();
  }
}
