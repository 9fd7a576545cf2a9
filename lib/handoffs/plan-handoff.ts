/**
 * One handoff step, shared by the single, bulk and coverage handoffs: pick/check the new host for
 * one booking and move it, in its own transaction.
 *
 * Locking: a queue target's row is locked first (FOR UPDATE, the same order as routed booking
 * creation: queue, then bookings), then the booking row (FOR UPDATE) so a concurrent cancel or
 * handoff of the same booking waits and then sees the result. The target's calendar is guarded by
 * the bookings_no_overlap exclusion constraint: a 23P01 on the update (someone booked the target
 * meanwhile) rolls the whole step back and is reported as host_unavailable.
 *
 * Fairness counters follow the booking (queue_member_stats, never recounted):
 *  - target user: if the booking counts in a queue (queueId + windowKey), the old host's count in
 *    that window goes down by one; the new host's goes up when they are a member of that queue,
 *    otherwise the booking stops counting anywhere (windowKey becomes null, so a later cancel gives
 *    nothing back to anyone). It keeps its queueId: it still came in through that queue, and the
 *    queue's booking list must still show it.
 *  - target queue Q (Q's routing picked the host): if the booking already counts in Q, the count
 *    moves from the old to the new host within the booking's own window. If it counts in another
 *    queue (or none), the old count is given back there and the booking is counted in Q for the
 *    new host in Q's current window (as a routed booking would be); the booking then carries Q's
 *    id and window key. The new host's lastAssignedAt in Q is set either way, so the
 *    availability strategy and tie-breaks see the assignment.
 */
import { transact } from "@/db/transaction";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { UseCaseContext } from "@/lib/context";
import {
  bookings,
  events,
  meetingTypes,
  queueMembers,
  queues,
  type Booking,
  type MeetingType,
  type Queue,
  type User,
} from "@/db/schema";
import { PG, pgErrorCode } from "@/db/errors";
import { AppError, conflict, notFound, unprocessable } from "@/lib/errors";
import { rankHosts, windowKey } from "@/lib/routing";
import type { BufferedInterval } from "@/lib/slots";
import { getWorkspaceQueue } from "@/lib/queues/get-queue";
import { loadQueueSnapshot, memberInputsAt } from "@/lib/queues/load-queue-snapshot";
import { addToStats } from "@/lib/queues/record-queue-stats";
import { getWorkspaceUser } from "@/lib/people/manage-users";
import { emitBookingEvent } from "@/lib/webhooks/emit-domain-events";
import { enqueueBookingCalendarWrite } from "@/lib/calendars/write-booking-event";
import { checkUsersForBooking } from "@/lib/handoffs/check-user-availability";
import type { HoursCache } from "@/lib/people/load-people-availability";

export type HandoffTarget = { kind: "user"; user: User } | { kind: "queue"; queue: Queue };

/** A target as the request schemas parse it: exactly one of the two ids (their superRefine checks that). */
export type TargetRef = { targetUserId?: string; targetQueueId?: string };

/** A target named by id, checked to be in the workspace (404 otherwise). */
export async function resolveTarget(ctx: UseCaseContext, t: TargetRef): Promise<HandoffTarget> {
  if (t.targetUserId) {
    const user = await getWorkspaceUser(ctx.db, ctx.workspaceId, t.targetUserId);
    if (user.deactivatedAt)
      throw unprocessable("This person is deactivated and takes no bookings", { field: "targetUserId" });
    return { kind: "user", user };
  }
  if (!t.targetQueueId) throw new Error("resolveTarget: the request schema lets exactly one target through");
  return { kind: "queue", queue: await getWorkspaceQueue(ctx.db, ctx.workspaceId, t.targetQueueId) };
}

export type StepFailureCode =
  "busy" | "on_exception" | "outside_working_hours" | "no_eligible_host" | "host_unavailable" | "same_host";
export type StepSkipCode = "cancelled" | "in_past" | "changed";

export interface Plan {
  toUserId: string;
  reason: string;
  viaQueue: Queue | null;
}

export type StepResult =
  | { kind: "moved"; booking: Booking; from: string; to: string; reason: string; viaQueueId: string | null }
  | { kind: "failed"; booking: Booking; code: StepFailureCode; reason: string; details?: unknown }
  | { kind: "skipped"; booking: Booking; code: StepSkipCode; reason: string };

/** In-memory effects of earlier planned moves, for dry runs (nothing is written). */
export interface Overlay {
  busy: Map<string, BufferedInterval[]>;
  /** Planned extra bookings per queue and user (fairness), keyed `${queueId}:${userId}`. */
  counts: Map<string, number>;
}
export const emptyOverlay = (): Overlay => ({ busy: new Map(), counts: new Map() });

export function recordInOverlay(o: Overlay, booking: Booking, mt: MeetingType, plan: Plan) {
  const list = o.busy.get(plan.toUserId) ?? [];
  list.push({
    start: booking.startsAt.getTime(),
    end: booking.endsAt.getTime(),
    // The meeting type's buffers, as the planned booking would have them.
    bufferBeforeMinutes: mt.bufferBeforeMinutes,
    bufferAfterMinutes: mt.bufferAfterMinutes,
  });
  o.busy.set(plan.toUserId, list);
  if (plan.viaQueue) {
    const k = `${plan.viaQueue.id}:${plan.toUserId}`;
    o.counts.set(k, (o.counts.get(k) ?? 0) + 1);
  }
}

/**
 * Configuration read once per run (a bulk handoff): meeting types, working hours, queue
 * membership. Bookings, exceptions and counters are always read fresh inside each step.
 */
export class RunCache {
  private byId = new Map<string, MeetingType>();
  readonly hours: HoursCache = new Map();
  private members = new Map<string, boolean>();
  async meetingType(db: DbOrTx, id: string): Promise<MeetingType> {
    let mt = this.byId.get(id);
    if (!mt) {
      [mt] = await db.select().from(meetingTypes).where(eq(meetingTypes.id, id));
      this.byId.set(id, mt);
    }
    return mt;
  }
  async isMember(db: DbOrTx, queueId: string, userId: string): Promise<boolean> {
    const k = `${queueId}:${userId}`;
    let m = this.members.get(k);
    if (m === undefined) {
      const [row] = await db
        .select({ userId: queueMembers.userId })
        .from(queueMembers)
        .where(and(eq(queueMembers.queueId, queueId), eq(queueMembers.userId, userId)));
      m = Boolean(row);
      this.members.set(k, m);
    }
    return m;
  }
}

/** Not movable for reasons of the booking itself (null = go ahead). */
export function bookingObstacle(b: Booking, now = Date.now()): { code: StepSkipCode; reason: string } | null {
  if (b.status !== "confirmed") return { code: "cancelled", reason: "the booking is cancelled" };
  if (b.endsAt.getTime() <= now) return { code: "in_past", reason: "the booking has already taken place" };
  return null;
}

export interface PlanOptions {
  ctx: UseCaseContext;
  booking: Booking;
  meetingType: MeetingType;
  target: HandoffTarget;
  /** Hosts that must not receive it: the current host, and in a bulk handoff every fromUserId. */
  exclude: ReadonlySet<string>;
  /** Dry runs: moves planned earlier in the run. */
  overlay?: Overlay;
  cache?: RunCache;
}

export type PlanResult =
  { ok: true; plan: Plan } | { ok: false; code: StepFailureCode; reason: string; details?: unknown };

/** Who would take the booking (no writes). */
export async function planHandoff(db: DbOrTx, o: PlanOptions): Promise<PlanResult> {
  const { ctx, booking, target, exclude, overlay, cache } = o;
  const mt = o.meetingType;
  if (target.kind === "user") {
    const u = target.user;
    if (u.id === booking.hostId)
      return { ok: false, code: "same_host", reason: `${u.name} already hosts this booking` };
    const [{ exclusion: why }] = await checkUsersForBooking(db, {
      workspaceId: ctx.workspaceId,
      booking,
      users: [u],
      planned: overlay?.busy,
      hoursCache: cache?.hours,
    });
    if (why) {
      return {
        ok: false,
        code: why.code as StepFailureCode,
        reason: `${u.name} is not available: ${why.reason}`,
        details: { userId: u.id, code: why.code, reason: why.reason },
      };
    }
    return { ok: true, plan: { toUserId: u.id, reason: `handoff to ${u.name}`, viaQueue: null } };
  }

  const queue = target.queue;
  const now = Date.now();
  const range = { start: booking.startsAt.getTime(), end: booking.endsAt.getTime() };
  const snap = await loadQueueSnapshot(db, queue, {
    workspaceTimeZone: ctx.timeZone,
    now,
    range,
    buffers: mt,
    planned: overlay?.busy,
  });
  let members = memberInputsAt(snap, range.start);
  // The booking being moved is not "busy" for anyone else; it only sits on the excluded current host.
  members = members.filter((m) => !exclude.has(m.userId));
  if (overlay) {
    members = members.map((m) => {
      const count = overlay.counts.get(`${queue.id}:${m.userId}`) ?? 0;
      return count ? { ...m, windowCount: m.windowCount + count } : m;
    });
  }
  const result = rankHosts(snap.config, snap.groups, members, { ...range, now });
  const host = result.nextHosts[0];
  if (!host) {
    const nameOf = new Map(snap.members.map((m) => [m.userId, m.name]));
    const excluded = result.excluded.map((x) => ({ ...x, name: nameOf.get(x.userId) ?? "" }));
    const why = excluded.length ? `: ${excluded.map((x) => `${x.name} ${x.reason}`).join("; ")}` : "";
    return {
      ok: false,
      code: "no_eligible_host",
      reason: `no host of queue ${queue.name} other than the current one is free at this time${why}`,
      details: { queueId: queue.id, excluded },
    };
  }
  const name = snap.members.find((m) => m.userId === host.userId)?.name ?? "";
  return {
    ok: true,
    plan: {
      toUserId: host.userId,
      reason: `handoff via queue ${queue.name} to ${name}: ${host.reason}`,
      viaQueue: queue,
    },
  };
}

export type StepDecision =
  | { kind: "planned"; booking: Booking; meetingType: MeetingType; plan: Plan }
  | Extract<StepResult, { kind: "failed" | "skipped" }>;

/**
 * THE planner of one handoff step, for the real step (inside its locked transaction) and the dry
 * run (on a plain read, with the overlay of earlier planned moves) alike: is the booking movable,
 * and who takes it. Writes nothing.
 */
export async function decideStep(
  db: DbOrTx,
  o: Omit<PlanOptions, "meetingType" | "cache"> & { cache: RunCache },
): Promise<StepDecision> {
  const b = o.booking;
  const obstacle = bookingObstacle(b);
  if (obstacle) return { kind: "skipped", booking: b, ...obstacle };
  const meetingType = await o.cache.meetingType(db, b.meetingTypeId);
  const exclude = new Set(o.exclude);
  exclude.add(b.hostId);
  const planned = await planHandoff(db, { ...o, meetingType, exclude });
  if (!planned.ok)
    return { kind: "failed", booking: b, code: planned.code, reason: planned.reason, details: planned.details };
  return { kind: "planned", booking: b, meetingType, plan: planned.plan };
}

/** A dry-run step: decide, and remember the planned move so later steps see it (nothing is written). */
export async function previewStep(
  db: DbOrTx,
  o: Omit<PlanOptions, "meetingType" | "cache" | "overlay"> & { cache: RunCache; overlay: Overlay },
): Promise<StepResult> {
  const d = await decideStep(db, o);
  if (d.kind !== "planned") return d;
  recordInOverlay(o.overlay, d.booking, d.meetingType, d.plan);
  return movedResult(d.booking, d.booking.hostId, d.plan);
}

function movedResult(booking: Booking, from: string, plan: Plan): StepResult {
  return {
    kind: "moved",
    booking,
    from,
    to: plan.toUserId,
    reason: plan.reason,
    viaQueueId: plan.viaQueue?.id ?? null,
  };
}

/** Writes one planned move: host, counters, event. Runs inside the step's transaction. */
async function applyPlan(
  tx: DbOrTx,
  ctx: UseCaseContext,
  o: { booking: Booking; plan: Plan; eventType: string; eventData: Record<string, unknown>; cache: RunCache },
): Promise<Booking> {
  const { booking: b, plan, eventType, eventData: data, cache } = o;
  const from = b.hostId;
  const to = plan.toUserId;
  let queueId = b.queueId;
  let wk = b.windowKey;
  const deltas: Array<[string, string, string, number]> = []; // [queueId, windowKey, userId, delta]
  if (plan.viaQueue && plan.viaQueue.id !== b.queueId) {
    if (b.queueId && b.windowKey) deltas.push([b.queueId, b.windowKey, from, -1]);
    queueId = plan.viaQueue.id;
    wk = windowKey(plan.viaQueue.fairnessWindow, Date.now(), ctx.timeZone);
    deltas.push([queueId, wk, to, +1]);
  } else if (b.queueId && b.windowKey) {
    deltas.push([b.queueId, b.windowKey, from, -1]);
    if (plan.viaQueue || (await cache.isMember(tx, b.queueId, to))) deltas.push([b.queueId, b.windowKey, to, +1]);
    else wk = null;
  }

  // The constraint check happens here: 23P01 when the target got an overlapping booking meanwhile.
  const [row] = await tx
    .update(bookings)
    .set({ hostId: to, queueId, windowKey: wk, updatedAt: new Date() })
    .where(eq(bookings.id, b.id))
    .returning();
  // Stats rows in a fixed order (by user id) so two crossing handoffs cannot deadlock.
  deltas.sort((x, y) => (x[2] < y[2] ? -1 : x[2] > y[2] ? 1 : 0));
  for (const [q, w, u, d] of deltas) await addToStats(tx, { queueId: q, windowKey: w, userId: u }, { count: d });
  if (plan.viaQueue) {
    await tx
      .update(queueMembers)
      .set({ lastAssignedAt: new Date() })
      .where(and(eq(queueMembers.queueId, plan.viaQueue.id), eq(queueMembers.userId, to)));
  }
  await tx.insert(events).values({
    workspaceId: ctx.workspaceId,
    type: eventType,
    bookingId: b.id,
    queueId: plan.viaQueue?.id ?? b.queueId,
    actorUserId: ctx.actor.id,
    fromUserId: from,
    toUserId: to,
    reason: plan.reason,
    data: {
      ...data,
      viaQueueId: plan.viaQueue?.id ?? null,
      counters: {
        from: b.queueId && b.windowKey ? { queueId: b.queueId, windowKey: b.windowKey } : null,
        to: queueId && wk ? { queueId, windowKey: wk } : null,
      },
    },
  });
  await emitBookingEvent(tx, {
    workspaceId: ctx.workspaceId,
    type: "booking.handed_off",
    booking: row,
    reason: plan.reason,
    actorUserId: ctx.actor.id,
    extra: {
      fromUserId: from,
      toUserId: to,
      viaQueueId: plan.viaQueue?.id ?? null,
      bulk: eventType === "handoff.bulk",
    },
  });
  await enqueueBookingCalendarWrite(tx, row);
  return row;
}

export interface StepOptions {
  eventType: "handoff.appointment" | "handoff.bulk";
  eventData?: Record<string, unknown>;
  /** Only move the booking while one of these users hosts it (bulk: fromUserIds); otherwise skipped as 'changed'. */
  expectHosts?: Set<string>;
  /** Hosts that must not receive it besides the current host (bulk: fromUserIds). */
  exclude?: Set<string>;
  cache?: RunCache;
}

/** One booking, one transaction: lock, re-check, plan, move. Never throws for a booking that cannot move. */
export async function handoffStep(
  ctx: UseCaseContext,
  bookingId: string,
  target: HandoffTarget,
  o: StepOptions,
): Promise<StepResult> {
  const cache = o.cache ?? new RunCache();
  let locked: Booking | undefined;
  try {
    return await transact(ctx.db, async (tx) => {
      if (target.kind === "queue")
        await tx.select({ id: queues.id }).from(queues).where(eq(queues.id, target.queue.id)).for("no key update");
      const [b] = await tx
        .select()
        .from(bookings)
        .where(and(eq(bookings.id, bookingId), eq(bookings.workspaceId, ctx.workspaceId)))
        .for("no key update");
      if (!b) throw notFound("Booking", bookingId);
      locked = b;
      if (o.expectHosts && !o.expectHosts.has(b.hostId)) {
        return {
          kind: "skipped",
          booking: b,
          code: "changed",
          reason: "the booking was handed off meanwhile",
        } as const;
      }
      const d = await decideStep(tx, { ctx, booking: b, target, exclude: o.exclude ?? new Set(), cache });
      if (d.kind !== "planned") return d;
      const row = await applyPlan(tx, ctx, {
        booking: b,
        plan: d.plan,
        eventType: o.eventType,
        eventData: o.eventData ?? {},
        cache,
      });
      return movedResult(row, b.hostId, d.plan);
    });
  } catch (e) {
    if (pgErrorCode(e) === PG.exclusionViolation && locked) {
      return {
        kind: "failed",
        booking: locked,
        code: "host_unavailable",
        reason: "the new host got an overlapping booking meanwhile",
      };
    }
    throw e;
  }
}

/** A step result that did not move, as the single-handoff endpoint answers it. */
export function stepError(r: Exclude<StepResult, { kind: "moved" }>): AppError {
  if (r.kind === "skipped") {
    return conflict(
      r.code === "cancelled" ? "A cancelled booking cannot be handed off" : "This booking has already taken place",
      { code: r.code, reason: r.reason },
    );
  }
  if (r.code === "same_host") return unprocessable(r.reason, { field: "targetUserId", code: r.code });
  if (r.code === "no_eligible_host")
    return conflict(r.reason, r.details ?? { code: r.code, reason: r.reason }, "no_eligible_host");
  return conflict(r.reason, r.details ?? { code: r.code, reason: r.reason }, "host_unavailable");
}
