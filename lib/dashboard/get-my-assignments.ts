/**
 * A rep's own view: upcoming bookings, their share in each of their queues this window, and
 * their availability exceptions. Everything is scoped to the viewer's own user id.
 */
import { eq } from "drizzle-orm";
import { queueMembers, queues } from "@/db/schema";
import { listExceptions } from "@/lib/people/manage-availability-exceptions";
import { listBookings } from "@/lib/bookings/list-bookings";
import { describeQueues } from "@/lib/queues/describe-queues";
import type { UseCaseContext } from "@/lib/context";
import { distributionFor } from "@/lib/dashboard/get-queue-distribution";

/** The acting user's queues, upcoming bookings and exceptions. */
export async function myAssignments(ctx: UseCaseContext, now = new Date()) {
  const { db, workspaceId, timeZone } = ctx;
  const userId = ctx.actor.id;
  const myQueues = await db
    .select({ q: queues })
    .from(queues)
    .innerJoin(queueMembers, eq(queueMembers.queueId, queues.id))
    .where(eq(queueMembers.userId, userId));
  const described = await describeQueues(
    db,
    myQueues.map((r) => r.q).filter((q) => q.workspaceId === workspaceId),
  );
  const dist = await distributionFor(db, described, timeZone, now.getTime());
  const [upcoming, exceptions] = await Promise.all([
    listBookings(db, workspaceId, { hostId: userId, status: "confirmed", start: now, limit: 50 }),
    listExceptions(db, workspaceId, userId),
  ]);
  return {
    upcoming: upcoming.bookings,
    queues: described.map((q, i) => {
      const me = dist[i].members.find((m) => m.userId === userId)!;
      return {
        id: q.id,
        name: q.name,
        strategy: q.strategy,
        fairnessWindow: q.fairnessWindow,
        weight: me.weight,
        count: me.count,
        share: me.share,
        // Where the bar's tick goes: the bookings expected from the decisions this member could take.
        target: dist[i].total ? me.expected / dist[i].total : me.target,
        expected: me.expected,
        deviation: me.deviation,
        total: dist[i].total,
      };
    }),
    exceptions: exceptions.filter((e) => new Date(e.endsAt) > now),
  };
}
