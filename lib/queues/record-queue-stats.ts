/** Incremental fairness counters (queue_member_stats): only ever adjusted, never recounted. */
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { queueMemberStats, type Booking } from "@/db/schema";
import type { Attribution, FairnessDelta } from "@/lib/routing";

/** One member's counters in one queue and fairness window. */
export interface StatsKey {
  queueId: string;
  windowKey: string;
  userId: string;
}

/**
 * count += delta.count, credit += delta.credit, covered += delta.covered for one member and window
 * (row created on first use). Counts never go below 0; credit may (par calibration and handoff
 * compensation lower it, lib/routing/README.md).
 */
export async function addToStats(
  db: DbOrTx,
  key: StatsKey,
  delta: { count?: number; credit?: number; covered?: number },
) {
  const { queueId, windowKey, userId } = key;
  const countDelta = delta.count ?? 0;
  const creditDelta = delta.credit ?? 0;
  const coveredDelta = delta.covered ?? 0;
  if (countDelta === 0 && creditDelta === 0 && coveredDelta === 0) return;
  await db
    .insert(queueMemberStats)
    .values({
      queueId,
      windowKey,
      userId,
      count: Math.max(0, countDelta),
      credit: creditDelta,
      covered: Math.max(0, coveredDelta),
    })
    .onConflictDoUpdate({
      target: [queueMemberStats.queueId, queueMemberStats.windowKey, queueMemberStats.userId],
      set: {
        count: sql`greatest(0, ${queueMemberStats.count} + ${countDelta})`,
        credit: sql`${queueMemberStats.credit} + ${creditDelta}`,
        covered: sql`greatest(0, ${queueMemberStats.covered} + ${coveredDelta})`,
      },
    });
}

/** Persists fairness deltas (handoffs, cancellations) in one queue and window, in user-id order. */
export async function applyFairnessDeltas(
  db: DbOrTx,
  at: { queueId: string; windowKey: string },
  deltas: FairnessDelta[],
) {
  const sorted = [...deltas].sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  for (const d of sorted)
    await addToStats(db, { ...at, userId: d.userId }, { count: d.count, credit: d.credit, covered: d.covered });
}

/** Who a counted booking is attributed to (bookings from before the attribution columns: its host). */
export function bookingAttribution(b: Pick<Booking, "hostId" | "creditedUserId" | "countedUserId">): Attribution {
  return { creditedUserId: b.creditedUserId ?? b.hostId, countedUserId: b.countedUserId ?? b.hostId };
}
