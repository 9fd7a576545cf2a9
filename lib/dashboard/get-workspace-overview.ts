import { and, count, eq, gte, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { bookings, queueMembers, queues, users, workspaces, meetingTypes } from "@/db/schema";

/** Figures for the dashboard's first page. */
export async function workspaceOverview(db: DbOrTx, workspaceId: string, now = new Date()) {
  const [ws] = await db.select().from(workspaces).where(eq(workspaces.id, workspaceId));
  const [{ people }] = await db.select({ people: count() }).from(users).where(eq(users.workspaceId, workspaceId));
  const [{ upcoming }] = await db
    .select({ upcoming: count() })
    .from(bookings)
    .where(and(eq(bookings.workspaceId, workspaceId), eq(bookings.status, "confirmed"), gte(bookings.startsAt, now)));
  const queueRows = await db
    .select({
      id: queues.id,
      name: queues.name,
      strategy: queues.strategy,
      fairnessWindow: queues.fairnessWindow,
      meetingType: meetingTypes.name,
      members: sql<number>`(select count(*)::int from ${queueMembers} where ${queueMembers.queueId} = ${queues.id})`,
    })
    .from(queues)
    .innerJoin(meetingTypes, eq(meetingTypes.id, queues.meetingTypeId))
    .where(eq(queues.workspaceId, workspaceId))
    .orderBy(queues.name);
  return { workspace: ws, people, upcoming, queues: queueRows };
}
