/**
 * Members moving between priority groups follow the queue's return policy (lib/routing/README.md,
 * "Return policy"): keep_position puts a member that lands in another tier at par with that tier
 * (calibrateTierMove), catch_up leaves its counters so it catches up. Runs inside the caller's
 * transaction, which holds the queue lock.
 */
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { queues, workspaces } from "@/db/schema";
import { calibrateTierMove, planTiers, tierOf } from "@/lib/routing";
import { NO_BUFFERS } from "@/lib/slots";
import { loadQueueSnapshot, memberInputsAt, type QueueSnapshot } from "@/lib/queues/load-queue-snapshot";
import { addToStats } from "@/lib/queues/record-queue-stats";

/** Each member's tier, named by its best group's id (null = ungrouped): indices shift when groups come and go. */
function tierGroups(snap: QueueSnapshot): Map<string, string | null> {
  const plan = planTiers(snap.groups);
  return new Map(snap.members.map((m) => [m.userId, plan.tiers[tierOf(plan, m.groupIds)].groupId]));
}

async function snapshot(tx: DbOrTx, queueId: string, now: number): Promise<QueueSnapshot> {
  const [row] = await tx
    .select({ queue: queues, timeZone: workspaces.timeZone })
    .from(queues)
    .innerJoin(workspaces, eq(workspaces.id, queues.workspaceId))
    .where(eq(queues.id, queueId));
  return loadQueueSnapshot(tx, row.queue, { workspaceTimeZone: row.timeZone, now, buffers: NO_BUFFERS });
}

export interface TierMove {
  userId: string;
  fromGroupId: string | null;
  toGroupId: string | null;
  /** windowCredit added (keep_position; may be negative), 0 under catch_up. */
  credit: number;
}

/**
 * Runs `change` (a group edit) and calibrates every member whose tier changed. Each mover is put
 * at par with the members of its new tier that did not move.
 */
export async function withTierCalibration<T>(
  tx: DbOrTx,
  queueId: string,
  change: () => Promise<T>,
): Promise<{ result: T; moves: TierMove[] }> {
  const now = Date.now();
  const before = tierGroups(await snapshot(tx, queueId, now));
  const result = await change();
  const snap = await snapshot(tx, queueId, now);
  const after = tierGroups(snap);
  const movers = new Set([...after].filter(([u, g]) => before.has(u) && before.get(u) !== g).map(([u]) => u));
  if (!movers.size) return { result, moves: [] };
  const members = memberInputsAt(snap, now);
  const stay = members.filter((m) => !movers.has(m.userId));
  const moves: TierMove[] = [];
  for (const m of members) {
    if (!movers.has(m.userId)) continue;
    const credit = calibrateTierMove(snap.config, snap.groups, [...stay, m], m.userId);
    if (credit !== 0) await addToStats(tx, { queueId, windowKey: snap.windowKey, userId: m.userId }, { credit });
    moves.push({
      userId: m.userId,
      fromGroupId: before.get(m.userId) ?? null,
      toGroupId: after.get(m.userId) ?? null,
      credit,
    });
  }
  return { result, moves };
}
