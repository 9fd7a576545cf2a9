/**
 * The largest availability request allowed: 300 hosts, 62 days, a slot every 5 minutes around the clock,
 * counted (hosts=count), as a direct call (no HTTP), on 20,000 bookings of history. The same run's
 * reference is what counting cost before eligibleCounts: the same snapshot with rankHosts asked for every
 * slot (limit 0, its eligibleCount), the way the request was answered when it was allowed (it was refused).
 */
import { sql } from "drizzle-orm";
import { openPostgres } from "@/db/client";
import { loadUseCaseContext } from "@/lib/context";
import { bookingAvailability } from "@/lib/bookings/get-booking-availability";
import { loadQueueSnapshot, memberInputsAt } from "@/lib/queues/load-queue-snapshot";
import { getWorkspaceQueue } from "@/lib/queues/get-queue";
import { getMeetingType } from "@/lib/meeting-types/manage-meeting-types";
import { rankHosts } from "@/lib/routing";
import { gridStarts, resolveRange } from "@/lib/slots";
import { MINUTE_MS } from "@/lib/time-units";
import { buildWorkload, freshDatabase } from "./support/fixture";
import { percentile } from "./support/load";

export async function benchAvailabilityLarge({ members = 300, days = 62, runs = 7 } = {}) {
  const { url, drop } = await freshDatabase();
  try {
    const w = await buildWorkload(url, { members, existing: 20_000 });
    await w.handle.close();
    const handle = await openPostgres(url, { max: 4 });
    try {
      await handle.db.execute(sql`update meeting_types set slot_interval_minutes = 5 where id = ${w.meetingTypeId}`);
      const ctx = await loadUseCaseContext(handle.db, w.workspaceId, w.adminId);
      const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
      const query = { meetingTypeId: w.meetingTypeId, queueId: w.queueId, start: day(3), end: day(3 + days - 1) };
      const times: number[] = [];
      let slots = 0;
      for (let i = 0; i < runs + 1; i++) {
        const s = performance.now();
        const r = await bookingAvailability(ctx, { ...query, hosts: "count" });
        if (i > 0) times.push(performance.now() - s); // the first warms the JIT
        slots = r.availableSlots.length;
      }
      // Reference: the same snapshot, every slot asked of rankHosts.
      const mt = await getMeetingType(handle.db, w.workspaceId, w.meetingTypeId);
      const queue = await getWorkspaceQueue(handle.db, w.workspaceId, w.queueId);
      const now = Date.now();
      const range = resolveRange(query.start, query.end, "UTC");
      const durationMs = mt.durationMinutes * MINUTE_MS;
      const snap = await loadQueueSnapshot(handle.db, queue, {
        workspaceTimeZone: "UTC",
        now,
        range: { start: range.start, end: range.end + durationMs },
        buffers: mt,
      });
      const starts = gridStarts(snap.members[0].workingHours ?? [], {
        durationMs,
        stepMs: mt.slotIntervalMinutes * MINUTE_MS,
        notBefore: now,
        range,
      });
      const s = performance.now();
      let offered = 0;
      for (const start of starts) {
        const r = rankHosts(snap.config, snap.groups, memberInputsAt(snap, start), {
          start,
          end: start + durationMs,
          now,
          limit: 0,
        });
        if ((r.eligibleCount ?? 0) > 0) offered++;
      }
      const referenceMs = performance.now() - s;
      times.sort((a, b) => a - b);
      return {
        members,
        days,
        slots,
        checks: slots * members,
        p50: percentile(times, 50),
        max: times[times.length - 1],
        referenceMs,
        referenceSlots: offered,
      };
    } finally {
      await handle.close();
    }
  } finally {
    await drop();
  }
}
