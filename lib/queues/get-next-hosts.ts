/** GET /v4/queue/:queueId/next — who the next booking would go to, and why the others would not. */
import { meetingTypes, queues } from "@/db/schema";
import { and, eq } from "drizzle-orm";
import { notFound } from "@/lib/errors";
import { rankHosts } from "@/lib/routing";
import type { NextHostsResponse } from "@/lib/api/schemas/queues";
import type { UseCaseContext } from "@/lib/context";
import { loadQueueSnapshot, memberInputsAt, readQueueRoster } from "@/lib/queues/load-queue-snapshot";
import { MINUTE_MS } from "@/lib/time-units";

/** Without `start`: time-independent checks plus exceptions active now; with it: the slot [start, start + duration). */
export async function nextHosts(ctx: UseCaseContext, queueId: string, start?: Date): Promise<NextHostsResponse> {
  const { db, workspaceId, timeZone } = ctx;
  // The queue with its meeting type, and its roster, at once: the roster needs only the id (and is
  // dropped unread when the queue is not of this workspace).
  const [[found], roster] = await Promise.all([
    db
      .select({ queue: queues, mt: meetingTypes })
      .from(queues)
      .innerJoin(meetingTypes, eq(meetingTypes.id, queues.meetingTypeId))
      .where(and(eq(queues.id, queueId), eq(queues.workspaceId, workspaceId))),
    readQueueRoster(db, queueId),
  ]);
  if (!found) throw notFound("Queue", queueId);
  const { queue, mt } = found;
  const now = Date.now();
  const range = start ? { start: start.getTime(), end: start.getTime() + mt.durationMinutes * MINUTE_MS } : undefined;
  const snap = await loadQueueSnapshot(db, queue, {
    workspaceTimeZone: timeZone,
    now,
    range,
    buffers: mt,
    roster,
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
