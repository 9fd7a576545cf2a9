/** Finding one queue: by id within a workspace, by meeting type, or for a booking request. */
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { queueMembers, queues, type Queue } from "@/db/schema";
import { notFound, unprocessable } from "@/lib/errors";

/** A queue of this workspace, or 404. */
export async function getWorkspaceQueue(db: DbOrTx, workspaceId: string, queueId: string): Promise<Queue> {
  const [q] = await db
    .select()
    .from(queues)
    .where(and(eq(queues.id, queueId), eq(queues.workspaceId, workspaceId)));
  if (!q) throw notFound("Queue", queueId);
  return q;
}

export async function queueForMeetingType(db: DbOrTx, meetingTypeId: string): Promise<Queue | undefined> {
  const [q] = await db.select().from(queues).where(eq(queues.meetingTypeId, meetingTypeId));
  return q;
}

/** Member ids of a queue. */
export async function queueMemberIds(db: DbOrTx, queueId: string): Promise<Set<string>> {
  const rows = await db
    .select({ userId: queueMembers.userId })
    .from(queueMembers)
    .where(eq(queueMembers.queueId, queueId));
  return new Set(rows.map((r) => r.userId));
}

/** The meeting type's queue; a `queueId` naming another meeting type's queue is refused. */
export async function bookingQueue(
  db: DbOrTx,
  workspaceId: string,
  meetingTypeId: string,
  queueId?: string,
): Promise<Queue | undefined> {
  const queue = queueId
    ? await getWorkspaceQueue(db, workspaceId, queueId)
    : await queueForMeetingType(db, meetingTypeId);
  if (queue && queue.meetingTypeId !== meetingTypeId)
    throw unprocessable("queueId is not the queue of this meeting type", { field: "queueId" });
  if (queue?.archivedAt)
    throw unprocessable("This meeting type's queue is archived and takes no bookings", { field: "queueId" });
  return queue;
}
