/** Archiving a queue: it takes no bookings (booking and availability answer 422) and leaves the dashboard's list. */
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { queues } from "@/db/schema";
import { notFound } from "@/lib/errors";

export async function setQueueArchived(db: DbOrTx, workspaceId: string, queueId: string, archived: boolean) {
  const [row] = await db
    .update(queues)
    .set({ archivedAt: archived ? new Date() : null, updatedAt: new Date() })
    .where(and(eq(queues.id, queueId), eq(queues.workspaceId, workspaceId)))
    .returning();
  if (!row) throw notFound("Queue", queueId);
  return row;
}
