/**
 * POST /v4/handoff/appointment — move one confirmed booking to another user, or let a queue's
 * routing pick the new host; GET /v4/handoff/available-handoffs — who and which queues could take it.
 */
import { asc, eq } from "drizzle-orm";
import type { UseCaseContext } from "@/lib/context";
import { queues, users } from "@/db/schema";
import { rankHosts } from "@/lib/routing";
import {
  type AvailableHandoffsQuery,
  type AvailableHandoffsResponse,
  type HandoffAppointmentBody,
  type HandoffAppointmentResponse,
} from "@/lib/api/schemas/handoff";
import { presentBookings, getWorkspaceBooking } from "@/lib/bookings/present-bookings";
import { RunCache, handoffStep, resolveTarget, stepError } from "@/lib/handoffs/plan-handoff";
import { checkUsersForBooking } from "@/lib/handoffs/check-user-availability";
import { queueMemberIds } from "@/lib/queues/get-queue";
import { loadQueueSnapshot, memberInputsAt } from "@/lib/queues/load-queue-snapshot";

/**
 * 404 for an unknown booking or target (or another workspace's), 422 when the target already hosts
 * it, 409 for a cancelled or past booking, 409 host_unavailable when the target is busy, away or
 * outside working hours (details: {userId, code, reason}), 409 no_eligible_host when the queue finds nobody.
 */
export async function handoffAppointment(
  ctx: UseCaseContext,
  body: HandoffAppointmentBody,
): Promise<HandoffAppointmentResponse> {
  const { db, workspaceId } = ctx;
  await getWorkspaceBooking(db, workspaceId, body.appointmentId);
  const target = await resolveTarget(ctx, body);
  const r = await handoffStep(ctx, body.appointmentId, target, { eventType: "handoff.appointment" });
  if (r.kind !== "moved") throw stepError(r);
  const [view] = await presentBookings(db, [r.booking]);
  const people = await db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(eq(users.workspaceId, workspaceId));
  const ref = (id: string) => people.find((p) => p.id === id) ?? { id, name: "", email: "" };
  return { ...view, from: ref(r.from), to: ref(r.to), reason: r.reason, viaQueueId: r.viaQueueId };
}

/**
 * Users: everyone of the workspace but the current host, split into free (not busy with another
 * booking incl. buffers, not on an exception, inside working hours if they have any) and
 * unavailable with the reason. Queues: every queue of the workspace whose routing finds an
 * eligible host other than the current host at the booking's time (the booking's own queue first).
 */
export async function availableHandoffs(
  ctx: UseCaseContext,
  q: AvailableHandoffsQuery,
): Promise<AvailableHandoffsResponse> {
  const { db, workspaceId, timeZone } = ctx;
  const booking = await getWorkspaceBooking(db, workspaceId, q.appointmentId);
  const mt = await new RunCache().meetingType(db, booking.meetingTypeId);
  const out: AvailableHandoffsResponse = {
    appointmentId: booking.id,
    start: booking.startsAt.toISOString(),
    end: booking.endsAt.toISOString(),
    currentHostId: booking.hostId,
    users: [],
    queues: [],
    unavailable: [],
  };
  if (booking.status !== "confirmed") return out;

  const members = booking.queueId ? await queueMemberIds(db, booking.queueId) : new Set<string>();
  for (const a of await checkUsersForBooking(db, { workspaceId, booking })) {
    if (a.user.id === booking.hostId) continue;
    const why = a.exclusion;
    if (why) out.unavailable.push({ userId: a.user.id, name: a.user.name, code: why.code, reason: why.reason });
    else
      out.users.push({
        userId: a.user.id,
        name: a.user.name,
        email: a.user.email,
        timeZone: a.user.timeZone,
        available: true,
        queueMember: members.has(a.user.id),
      });
  }

  const now = Date.now();
  const range = { start: booking.startsAt.getTime(), end: booking.endsAt.getTime() };
  const list = await db
    .select()
    .from(queues)
    .where(eq(queues.workspaceId, workspaceId))
    .orderBy(asc(queues.name), asc(queues.id));
  list.sort((a, b) => Number(b.id === booking.queueId) - Number(a.id === booking.queueId));
  for (const queue of list) {
    const snap = await loadQueueSnapshot(db, queue, {
      workspaceTimeZone: timeZone,
      now,
      range,
      buffers: mt,
    });
    if (!snap.members.some((m) => m.userId !== booking.hostId)) continue;
    const inputs = memberInputsAt(snap, range.start).filter((m) => m.userId !== booking.hostId);
    const { nextHosts } = rankHosts(snap.config, snap.groups, inputs, { ...range, now });
    if (!nextHosts.length) continue;
    const first = nextHosts[0];
    out.queues.push({
      queueId: queue.id,
      name: queue.name,
      meetingTypeId: queue.meetingTypeId,
      nextHost: {
        userId: first.userId,
        name: snap.members.find((m) => m.userId === first.userId)?.name ?? "",
        reason: first.reason,
      },
      eligibleHosts: nextHosts.length,
    });
  }
  return out;
}
