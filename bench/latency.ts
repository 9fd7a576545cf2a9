/**
 * p50/p99 of GET /next (1 and 4 clients) and of a week of booking-availability (counted, the default: 1 and
 * 2 clients; with every slot's host list, `hosts=ids`: 1 client) for a
 * 50-member queue with 20,000 bookings; the same at 1 client against an identical queue with 200,000 (the
 * added ones older) in the same database and instance, requests alternating between the two; the
 * framework's floor (an unknown /v4 path: no auth, no database) as their reference; and the
 * per-decision state read: Baton's incremental counters vs a naive recount of the month's bookings
 * (what schedulers without counters do on every decision).
 */
import postgres from "postgres";
import { startApp } from "./support/instances";
import { addOlderHistory, buildWorkload, freshDatabase } from "./support/fixture";
import { httpCall, percentile, runLoad } from "./support/load";

/** `n` rounds of one request to `a`, then one to `b` (the order swapped every round): both see the same instance, warm-up and drift. */
async function alternate(n: number, a: () => Promise<{ status: number }>, b: () => Promise<{ status: number }>) {
  const t = { a: [] as number[], b: [] as number[] };
  for (let i = 0; i < n; i++) {
    for (const side of i % 2 ? (["b", "a"] as const) : (["a", "b"] as const)) {
      const s = performance.now();
      const r = await (side === "a" ? a() : b());
      if (r.status !== 200) throw new Error(`status ${r.status}`);
      t[side].push(performance.now() - s);
    }
  }
  const stats = (x: number[]) => {
    x.sort((p, q) => p - q);
    return { p50: percentile(x, 50), p99: percentile(x, 99) };
  };
  return { a: stats(t.a), b: stats(t.b) };
}

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
    // The same queue again, with ten times the history (the added 180,000 bookings all older).
    const big = await buildWorkload(url, { members, existing });
    await big.handle.close();
    await addOlderHistory(url, big, existing * 9);
    const app = await startApp(3411, url, 10);
    try {
      const get = (path: string) => httpCall(`${app.url}${path}`, { headers: w.headers });
      const nextPath = `/v4/queue/${w.queueId}/next`;
      const from = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      const to = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
      const weekPath = `/v4/booking-availability?meetingTypeId=${w.meetingTypeId}&start=${from}&end=${to}&queueId=${w.queueId}`;
      // The framework's floor: an unknown /v4 path answers its 404 envelope without auth or database.
      await runLoad(50, 1, () => get("/v4/bench-floor"));
      const floor = await runLoad(300, 1, () => get("/v4/bench-floor"));
      await runLoad(20, 2, () => get(nextPath));
      const next1 = await runLoad(300, 1, () => get(nextPath));
      const next = await runLoad(300, 4, () => get(nextPath));
      // Warm-up long enough for the JIT: with 3 requests the first measured ones ran 30-50% slower.
      await runLoad(20, 1, () => get(weekPath));
      const availability1 = await runLoad(40, 1, () => get(weekPath));
      const availability = await runLoad(60, 2, () => get(weekPath));
      // The same week with each slot's hosts listed in routing order (`hosts=ids`: 336 slots × up to 50 ids, 690 KB).
      const idsPath = `${weekPath}&hosts=ids`;
      await runLoad(20, 1, () => get(idsPath));
      const availabilityIds1 = await runLoad(40, 1, () => get(idsPath));
      // 20,000 against 200,000 bookings of history, alternating: within 20% is the goal.
      const getBig = (path: string) => httpCall(`${app.url}${path}`, { headers: big.headers });
      const bigPath = (path: string) =>
        path.replaceAll(w.queueId, big.queueId).replaceAll(w.meetingTypeId, big.meetingTypeId);
      const pair = async (n: number, path: string) => {
        const small = () => get(path);
        const large = () => getBig(bigPath(path));
        await alternate(10, small, large); // warm-up
        return alternate(n, small, large);
      };
      const nextHistory = await pair(300, nextPath);
      const availabilityHistory = await pair(40, weekPath);
      const availabilityIdsHistory = await pair(40, idsPath);
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
        floor: { p50: floor.p50, p99: floor.p99, statuses: floor.statuses },
        next1: { p50: next1.p50, p99: next1.p99, statuses: next1.statuses },
        next: { p50: next.p50, p99: next.p99, statuses: next.statuses },
        availability1: { p50: availability1.p50, p99: availability1.p99, statuses: availability1.statuses },
        availability: { p50: availability.p50, p99: availability.p99, statuses: availability.statuses },
        availabilityIds1: { p50: availabilityIds1.p50, p99: availabilityIds1.p99, statuses: availabilityIds1.statuses },
        // Each pair: `a` the 20,000-booking queue, `b` the 200,000 one, measured alternately.
        history: {
          existing: existing * 10,
          next1: nextHistory,
          availability1: availabilityHistory,
          availabilityIds1: availabilityIdsHistory,
        },
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
