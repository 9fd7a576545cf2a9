/** Incremental fairness counters (queue_member_stats): only ever adjusted, never recounted. */
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { queueMembers, queueMemberStats } from "@/db/schema";
import type { StateDelta } from "@/lib/routing";

/** One member's counters in one queue and fairness window. */
export interface StatsKey {
  queueId: string;
  windowKey: string;
  userId: string;
}

/** count += delta.count, credit += delta.credit for one member and window (row created on first use). */
export async function addToStats(db: DbOrTx, key: StatsKey, delta: { count?: number; credit?: number }) {
  const { queueId, windowKey, userId } = key;
  const countDelta = delta.count ?? 0;
  const creditDelta = delta.credit ?? 0;
  if (countDelta === 0 && creditDelta === 0) return;
  await db
    .insert(queueMemberStats)
    .values({ queueId, windowKey, userId, count: Math.max(0, countDelta), credit: Math.max(0, creditDelta) })
    .onConflictDoUpdate({
      target: [queueMemberStats.queueId, queueMemberStats.windowKey, queueMemberStats.userId],
      set: {
        count: sql`greatest(0, ${queueMemberStats.count} + ${countDelta})`,
        credit: sql`greatest(0, ${queueMemberStats.credit} + ${creditDelta})`,
      },
    });
}

/**
 * Persists the engine's deltas after a routed booking: counters plus lastAssignedAt. The statements are
 * independent, so they are sent together (in a transaction they pipeline: one round trip for all).
 */
export async function applyStateDeltas(db: DbOrTx, queueId: string, windowKey: string, deltas: StateDelta[]) {
  await Promise.all(
    deltas.flatMap((d) => [
      addToStats(db, { queueId, windowKey, userId: d.userId }, { count: d.windowCount, credit: d.windowCredit }),
      d.lastAssignedAt !== undefined &&
        db
          .update(queueMembers)
          .set({ lastAssignedAt: new Date(d.lastAssignedAt) })
          .where(and(eq(queueMembers.queueId, queueId), eq(queueMembers.userId, d.userId)))
          .execute(),
    ]),
  );
}
