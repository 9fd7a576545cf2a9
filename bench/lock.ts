/**
 * The queue lock's hold time and the routed booking as a direct call (no HTTP): createBooking in this
 * process on one queue, 10 members and 20,000 bookings of history. The hold is timed per booking from the
 * moment the `for no key update` statement is sent to the moment its COMMIT is sent, on the same
 * connection (postgres.js's debug hook), so the commit's own round trip is not included. The bookings
 * start 20 days ahead, after the fixture's history. With `clients` > 1 the calls overlap and are
 * decided in batches (group commit); `batch` sets BATON_ROUTING_BATCH for the run (1 = one commit per
 * booking, the reference). A hold is then a batch's, and `perBatch` how many bookings it carried.
 */
import { openPostgres } from "@/db/client";
import { loadUseCaseContext } from "@/lib/context";
import { createBooking } from "@/lib/bookings/create-booking";
import { buildWorkload, freshDatabase } from "./support/fixture";
import { percentile } from "./support/load";

export async function benchLock({
  total = Number(process.env.BENCH_LOCK_BOOKINGS ?? 400),
  existing = 20_000,
  prepare = true,
  clients = 1,
  batch,
}: { total?: number; existing?: number; prepare?: boolean; clients?: number; batch?: number } = {}) {
  const previousBatch = process.env.BATON_ROUTING_BATCH;
  if (batch !== undefined) process.env.BATON_ROUTING_BATCH = String(batch);
  const { url, drop } = await freshDatabase();
  try {
    const w = await buildWorkload(url, { members: 10, existing });
    await w.handle.close();
    const lockedAt = new Map<number, number>();
    const holds: number[] = [];
    const handle = await openPostgres(url, {
      max: 4,
      bookingMax: 0,
      prepare,
      debug: (connection, query) => {
        if (/for no key update/i.test(query)) lockedAt.set(connection, performance.now());
        else if (/^\s*(commit|rollback)\b/i.test(query)) {
          const from = lockedAt.get(connection);
          if (from !== undefined) holds.push(performance.now() - from);
          lockedAt.delete(connection);
        }
      },
    });
    try {
      const ctx = await loadUseCaseContext(handle.db, w.workspaceId, w.adminId);
      const t0 = Date.parse(new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10) + "T00:00:00Z");
      const book = (i: number) =>
        createBooking(ctx, {
          meetingTypeId: w.meetingTypeId,
          start: new Date(t0 + Math.floor(i / 2) * 1_800_000),
          attendee: { email: `lead${i}@client.test`, fullname: `Lead ${i}` },
        });
      for (let i = 0; i < 20; i++) await book(total + i); // warm-up: modules, plans, prepared statements
      holds.length = 0;
      const latencies: number[] = [];
      const started = performance.now();
      let next = 0;
      let failed = 0;
      const client = async () => {
        while (next < total) {
          const i = next++;
          const s = performance.now();
          await book(i).catch(() => failed++);
          latencies.push(performance.now() - s);
        }
      };
      await Promise.all(Array.from({ length: clients }, client));
      if (failed > 0) throw new Error(`${failed} of ${total} bookings failed`);
      const seconds = (performance.now() - started) / 1000;
      holds.sort((a, b) => a - b);
      latencies.sort((a, b) => a - b);
      return {
        total,
        existing,
        prepare,
        members: 10,
        clients,
        perBatch: total / holds.length,
        holdP50: percentile(holds, 50),
        holdP99: percentile(holds, 99),
        holds: holds.length,
        perSecond: total / seconds,
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
      };
    } finally {
      await handle.close();
    }
  } finally {
    await drop();
    if (batch !== undefined) {
      if (previousBatch === undefined) delete process.env.BATON_ROUTING_BATCH;
      else process.env.BATON_ROUTING_BATCH = previousBatch;
    }
  }
}
