/** The team page: every person with role, time zone, weekly hours, queues and upcoming exceptions. */
import { and, asc, eq, gt, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { availabilityExceptions, queueMembers, queues, workingHours } from "@/db/schema";
import { listUsers } from "@/lib/people/manage-users";
import { presentException } from "@/lib/people/manage-availability-exceptions";

export async function teamOverview(db: DbOrTx, workspaceId: string, now = new Date()) {
  const people = await listUsers(db, workspaceId);
  const ids = people.map((p) => p.id);
  if (!ids.length) return [];
  const [hours, ex, memberships] = await Promise.all([
    db
      .select()
      .from(workingHours)
      .where(inArray(workingHours.userId, ids))
      .orderBy(asc(workingHours.weekday), asc(workingHours.startMinute)),
    db
      .select()
      .from(availabilityExceptions)
      .where(and(eq(availabilityExceptions.workspaceId, workspaceId), gt(availabilityExceptions.endsAt, now)))
      .orderBy(asc(availabilityExceptions.startsAt)),
    db
      .select({ userId: queueMembers.userId, name: queues.name })
      .from(queueMembers)
      .innerJoin(queues, eq(queues.id, queueMembers.queueId))
      .where(eq(queues.workspaceId, workspaceId))
      .orderBy(asc(queues.name)),
  ]);
  return people.map((p) => ({
    ...p,
    hours: hours
      .filter((h) => h.userId === p.id)
      .map(({ weekday, startMinute, endMinute }) => ({ weekday, startMinute, endMinute })),
    exceptions: ex.filter((e) => e.userId === p.id).map(presentException),
    queues: memberships.filter((m) => m.userId === p.id).map((m) => m.name),
  }));
}
export type TeamMember = Awaited<ReturnType<typeof teamOverview>>[number];
