/** Archiving a queue: it takes no bookings (booking and availability answer 422) and leaves the dashboard's list. */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { transact } from "@/db/transaction";
import { events, queues } from "@/db/schema";
import { notFound } from "@/lib/errors";
import type { QueueChange } from "@/lib/queues/queue-changes";

/** Archives or restores; a change of the queue like any other, so its version goes up (with an event saying who). */
export async function setQueueArchived(
  db: Db,
  workspaceId: string,
  queueId: string,
  archived: boolean,
  opts: { actorUserId?: string } = {},
) {
  return transact(db, async (tx) => {
    const [row] = await tx
      .update(queues)
      .set({ archivedAt: archived ? new Date() : null, version: sql`${queues.version} + 1`, updatedAt: new Date() })
      .where(and(eq(queues.id, queueId), eq(queues.workspaceId, workspaceId)))
      .returning();
    if (!row) throw notFound("Queue", queueId);
    await tx.insert(events).values({
      workspaceId,
      type: archived ? "queue.archived" : "queue.restored",
      queueId,
      actorUserId: opts.actorUserId ?? null,
      data: { version: row.version, changes: [{ field: "archived", to: archived }] satisfies QueueChange[] },
    });
    return row;
  });
}
