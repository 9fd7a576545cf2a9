/** GET /v4/queue/:queueId/next — who the next booking would go to, and why the others would not. */
import { meetingTypes } from "@/db/schema";
import { eq } from "drizzle-orm";
import { rankHosts } from "@/lib/routing";
import type { NextHostsResponse } from "@/lib/api/schemas/queues";
import { getWorkspaceQueue } from "@/lib/queues/get-queue";
import type { UseCaseContext } from "@/lib/context";
import { loadQueueSnapshot, memberInputsAt } from "@/lib/queues/load-queue-snapshot";
import { MINUTE_MS } from "@/lib/time-units";

/** Without `start`: time-independent checks plus exceptions active now; with it: the slot [start, start + duration). */
export async function nextHosts(ctx: UseCaseContext, queueId: string, start?: Date): Promise<NextHostsResponse> {
  const { db, workspaceId, timeZone } = ctx;
  const queue = await getWorkspaceQueue(db, workspaceId, queueId);
  const [mt] = await db.select().from(meetingTypes).where(eq(meetingTypes.id, queue.meetingTypeId));
  const now = Date.now();
  const range = start ? { start: start.getTime(), end: start.getTime() + mt.durationMinutes * MINUTE_MS } : undefined;
  const snap = await loadQueueSnapshot(db, queue, {
    workspaceTimeZone: timeZone,
    now,
    range,
    buffers: mt,
  });
  const result = rankHosts(snap.config, snap.groups, memberInputsAt(snap, range?.start ?? now), { now, ...range });
  const nameOf = new Map(snap.members.map((m) => [m.userId, m.name]));
  return {
    queueId,
    start: range ? new Date(range.start).toISOString() : null,
    end: range ? new Date(range.end).toISOString() : null,
    nextHosts: result.nextHosts.map((h) => ({ ...h, name: nameOf.get(h.userId) ?? "" })),
    excluded: result.excluded.map((x) => ({
      userId: x.userId,
      name: nameOf.get(x.userId) ?? "",
      code: x.code,
      reason: x.reason,
    })),
  };
}
