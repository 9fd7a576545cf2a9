/**
 * POST /v4/booking. Two paths, both one transaction:
 *  - routed (no hostIds): lock the queue row (FOR UPDATE serializes routing per queue across app
 *    instances), load the queue state (in the lock's round trip), rankHosts, insert for nextHosts[0] (`on conflict do nothing`
 *    with bookings_no_overlap as arbiter) and, when the host was booked meanwhile (e.g. through another
 *    queue), try the next host; the insert carries assignmentDeltas and the booking's other writes in
 *    the same statement (insert-routed-booking.ts). The locked section takes three round trips: the lock
 *    with every read, the insert with its writes, the commit. Counters use the fairness window of the creation time (`now`):
 *    fairness is about when leads come in, not when meetings happen.
 *  - forced (hostIds): no lock; the first named host the bookings_no_overlap constraint accepts
 *    wins. It counts into the queue's stats only when the host is a member of the meeting type's
 *    queue (then the booking carries queueId and windowKey; otherwise both are null).
 * Idempotency-Key: a replay of the same request (same fingerprint: method, path, canonical body)
 * returns the first booking as it is now, cancelled or not (replayed=true); another request under
 * a used key is 422 idempotency_key_reused. A concurrent twin loses on the bookings_idempotency_key
 * unique index (23505) and then gets the winner's booking by the same rule.
 * Load: POST /v4/booking runs on the small booking pool (DbHandle.bookingDb), and routed requests
 * for one queue run one at a time per process (more would only wait on the queue row lock, each
 * holding a pooled connection), so a burst on one queue takes neither the connections of reads nor
 * those of other queues. Beyond the bound a request gets 503 `busy` with Retry-After at once; a
 * queue row locked elsewhere gives the same after lock_timeout (2 s).
 */
import { transact } from "@/db/transaction";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { bookings, events, queueMembers, queues, type Booking, type MeetingType, type Queue } from "@/db/schema";
import { PG, pgConstraint, pgErrorCode } from "@/db/errors";
import { AppError, conflict, notFound, unprocessable } from "@/lib/errors";
import type { Idempotency } from "@/lib/http/idempotency";
import { assignmentDeltas, decisionPool, rankHosts, windowKey, type ExcludedHost } from "@/lib/routing";
import type { BookingCreateBody, BookingResponse } from "@/lib/api/schemas/bookings";
import { bookingQueue } from "@/lib/queues/get-queue";
import { bookingView, presentBookings, type RoutingData } from "@/lib/bookings/present-bookings";
import { emitBookingEvent } from "@/lib/webhooks/emit-domain-events";
import { enqueueBookingCalendarWrite } from "@/lib/calendars/write-booking-event";
import { insertRoutedBooking } from "./insert-routed-booking";
import { getMeetingType } from "@/lib/meeting-types/manage-meeting-types";
import type { UseCaseContext } from "@/lib/context";
import { loadQueueSnapshot, memberInputsAt, readQueueRoster, type QueueRoster } from "@/lib/queues/load-queue-snapshot";
import { addToStats } from "@/lib/queues/record-queue-stats";
import { MINUTE_MS } from "@/lib/time-units";
import { assertWorkspaceUsers } from "@/lib/people/manage-users";
import { limitPerKey } from "@/lib/concurrency/limit-per-key";
import { REQUEST_DEADLINE_MS } from "@/lib/http/deadline";

export interface CreateBookingResult {
  booking: BookingResponse;
  replayed: boolean;
}
/** Hosts ranked per booking decision before falling back to the full list. */
const DECISION_LIMIT = 5;
const BUSY = "Too many bookings are being made for this queue right now; retry in a moment";
/** Per queue: one routing decision at a time in this process; beyond 64 waiting, or 3 s of waiting, 503. */
const perQueue = limitPerKey({
  concurrency: 1,
  maxWaiting: 64,
  maxWaitMs: 3_000,
  maxRunMs: REQUEST_DEADLINE_MS,
  busyMessage: BUSY,
});
interface Slot {
  mt: MeetingType;
  queue: Queue | undefined;
  start: Date;
  end: Date;
  key: string | null;
  fingerprint: string | null;
}

export async function createBooking(
  ctx: UseCaseContext,
  body: BookingCreateBody,
  idempotency?: Idempotency,
): Promise<CreateBookingResult> {
  const { db } = ctx;
  if (body.hostIds) return book(db, ctx, body, idempotency);
  // A meeting type has one queue (a queueId naming another is refused), so it keys the routing lock.
  const queueKey = `${ctx.workspaceId}:${body.meetingTypeId}`;
  const slotKey = `${queueKey}:${body.queueId ?? ""}:${body.start.getTime()}`;
  const arrived = performance.now();
  return perQueue.run(queueKey, async () => {
    const full = slotFull.get(slotKey);
    if (full && full.startedAt >= arrived) {
      // A replay still answers with its booking; everything else gets that decision's 409 at once.
      if (!idempotency?.key || !(await byKey(db, ctx.workspaceId, idempotency.key))) throw full.error;
    }
    const startedAt = performance.now();
    try {
      return await book(db, ctx, body, idempotency);
    } catch (e) {
      if (e instanceof AppError && e.code === "no_eligible_host") noteSlotFull(slotKey, startedAt, e);
      throw e;
    }
  });
}

/**
 * Per queue and start, the last routed decision in this process that found no free host: when it
 * started (after taking its turn, so it read the queue's state after that) and its 409. A request
 * that was already waiting when that decision started overlaps it, so answering as of that moment
 * is a valid order of events: it gets the same 409 without running a decision of its own. A burst
 * of requests for one full slot then costs one decision, not one each (the CPU of those decisions
 * is what slowed unrelated requests on the same instance during a burst).
 */
const slotFull = new Map<string, { startedAt: number; error: AppError }>();
function noteSlotFull(key: string, startedAt: number, error: AppError) {
  slotFull.set(key, { startedAt, error });
  if (slotFull.size > 1_000) {
    const old = performance.now() - 60_000;
    for (const [k, v] of slotFull) if (v.startedAt < old) slotFull.delete(k);
  }
}

async function book(
  db: Db,
  ctx: UseCaseContext,
  body: BookingCreateBody,
  idempotency?: Idempotency,
): Promise<CreateBookingResult> {
  const key = idempotency?.key ?? null;
  const fingerprint = idempotency?.fingerprint ?? null;
  // Three independent reads at once, judged in the order they were once made one after the other: a replay
  // first, then the meeting type's 404, then the queue's errors.
  const [firstR, mtR, queueR] = await Promise.allSettled([
    key ? byKey(db, ctx.workspaceId, key) : undefined,
    getMeetingType(db, ctx.workspaceId, body.meetingTypeId),
    bookingQueue(db, ctx.workspaceId, body.meetingTypeId, body.queueId),
  ]);
  const first = settled(firstR);
  if (first) return replay(db, first, body, fingerprint);
  const mt = settled(mtR);
  const queue = settled(queueR);
  const start = body.start;
  const end = new Date(start.getTime() + mt.durationMinutes * MINUTE_MS);
  if (start.getTime() < Date.now() + mt.minimumNoticeMinutes * MINUTE_MS) {
    throw unprocessable("start is in the past or within the meeting type's minimum notice", { field: "start" });
  }
  const slot: Slot = { mt, queue, start, end, key, fingerprint };
  try {
    const made = body.hostIds ? await forced(db, ctx, body, slot, body.hostIds) : await routed(db, ctx, body, slot);
    if ("replayOf" in made) return replay(db, made.replayOf, body, fingerprint);
    if ("view" in made) return { booking: made.view, replayed: false };
    return { booking: (await presentBookings(db, [made]))[0], replayed: false };
  } catch (e) {
    if (key && pgErrorCode(e) === PG.uniqueViolation && pgConstraint(e) === "bookings_idempotency_key") {
      const first = await byKey(db, ctx.workspaceId, key);
      if (first) return replay(db, first, body, fingerprint);
    }
    throw e;
  }
}

function settled<T>(r: PromiseSettledResult<T>): T {
  if (r.status === "rejected") throw r.reason;
  return r.value;
}

/** A booking just made, and how the API shows it (built from what the transaction already knows). */
interface Made {
  row: Booking;
  view: BookingResponse;
}

async function byKey(db: Db | Tx, workspaceId: string, key: string): Promise<Booking | undefined> {
  const [b] = await db
    .select()
    .from(bookings)
    .where(and(eq(bookings.workspaceId, workspaceId), eq(bookings.idempotencyKey, key)));
  return b;
}

async function replay(
  db: Db,
  first: Booking,
  body: BookingCreateBody,
  fingerprint: string | null,
): Promise<CreateBookingResult> {
  // Bookings made before fingerprints existed are compared by meeting type and start, as then.
  const same = first.idempotencyFingerprint
    ? first.idempotencyFingerprint === fingerprint
    : first.meetingTypeId === body.meetingTypeId && first.startsAt.getTime() === body.start.getTime();
  if (!same) {
    throw new AppError(
      422,
      "idempotency_key_reused",
      "This Idempotency-Key was already used for a different request; use a new key for a new booking",
      { bookingId: first.id },
    );
  }
  return { booking: (await presentBookings(db, [first]))[0], replayed: true };
}

/**
 * Inserts unless the host already has an overlapping confirmed booking (null then). `on conflict do
 * nothing` takes bookings_no_overlap (and the idempotency key's unique index) as arbiters: the same check
 * as the constraint, waiting for a concurrent insert like it, without a savepoint's two extra round trips.
 * A row not inserted because its Idempotency-Key was used meanwhile is told apart by the caller (byKey).
 */
async function tryInsert(tx: Tx, values: typeof bookings.$inferInsert): Promise<Booking | null> {
  const [row] = await tx.insert(bookings).values(values).onConflictDoNothing().returning();
  return row ?? null;
}

function baseValues(ctx: UseCaseContext, body: BookingCreateBody, s: Slot) {
  return {
    workspaceId: ctx.workspaceId,
    meetingTypeId: s.mt.id,
    startsAt: s.start,
    endsAt: s.end,
    attendeeEmail: body.attendee.email,
    attendeeName: body.attendee.fullname,
    idempotencyKey: s.key,
    idempotencyFingerprint: s.fingerprint,
  };
}

async function routed(
  db: Db,
  ctx: UseCaseContext,
  body: BookingCreateBody,
  s: Slot,
): Promise<Made | { replayOf: Booking }> {
  if (!s.queue) throw conflict("This meeting type has no queue to route with", { excluded: [] }, "no_eligible_host");
  const before = s.queue;
  const queueId = before.id;
  const { timeZone } = ctx;
  return transact(db, async (tx) => {
    // Sent together (one round trip), the lock first: the server runs them in order, so every read sees the
    // queue as of holding its lock. The lock's query is started here, before the reads are even built: a
    // query starts when it is first awaited, and Promise.all would await it after the reads that start
    // themselves, which then ran before the wait and missed what the lock holder wrote (a test holds it).
    const lock = tx.select().from(queues).where(eq(queues.id, queueId)).for("no key update").execute();
    const range = { start: s.start.getTime(), end: s.end.getTime() };
    const snapshotAt = (now: number, roster: QueueRoster | Promise<QueueRoster>, queue: Queue) =>
      loadQueueSnapshot(tx, queue, { workspaceTimeZone: timeZone, now, range, buffers: s.mt, roster });
    const roster = readQueueRoster(tx, queueId);
    // The snapshot's reads select the members by queue id, so they need not wait for the roster; which
    // counters to read (the fairness window) comes from the queue as read before the transaction.
    const [[queue], first, early] = await Promise.all([
      lock,
      s.key ? byKey(tx, ctx.workspaceId, s.key) : undefined,
      snapshotAt(Date.now(), roster, before),
    ]);
    if (!queue) throw notFound("Queue", queueId);
    if (first) return { replayOf: first };
    const now = Date.now();
    const req = { ...range, now };
    // Settings changed meanwhile (the version counts every change), or a new fairness window began while
    // this waited for the lock: read again, as of now.
    const current =
      queue.version === before.version && early.windowKey === windowKey(queue.fairnessWindow, now, timeZone);
    const snap = current ? early : await snapshotAt(now, await roster, queue);
    const members = memberInputsAt(snap, req.start);
    // A decision needs only the first few hosts; the full ranking is built only if all of them were taken meanwhile.
    let result = rankHosts(snap.config, snap.groups, members, { ...req, limit: DECISION_LIMIT });
    const taken: ExcludedHost[] = [];
    const tried = new Set<string>();
    for (;;) {
      for (const host of result.nextHosts) {
        if (tried.has(host.userId)) continue;
        tried.add(host.userId);
        const data: RoutingData = {
          strategy: queue.strategy,
          tier: host.tier,
          rank: host.rank,
          score: host.score,
          windowKey: snap.windowKey,
          excluded: result.excluded,
          // Who this decision chose among, for the dashboard's expected counts (lib/routing/expected.ts).
          pool: decisionPool({
            strategy: snap.config.strategy,
            groups: snap.groups,
            members,
            result,
            chosenUserId: host.userId,
            notEligible: new Set(taken.map((t) => t.userId)),
          }),
        };
        const member = snap.members.find((m) => m.userId === host.userId);
        const who = member
          ? { id: member.userId, name: member.name, email: member.email }
          : { id: host.userId, name: "", email: "" };
        // The booking as it will be stored (id and times chosen here), so that it and all it writes go
        // out as one statement: one round trip inside the lock (lib/bookings/insert-routed-booking.ts).
        const row: Booking = {
          ...baseValues(ctx, body, s),
          id: randomUUID(),
          hostId: host.userId,
          queueId: queue.id,
          windowKey: snap.windowKey,
          creditedUserId: host.userId,
          countedUserId: host.userId,
          routingReason: host.reason,
          // Copied from the meeting type by the bookings_buffers trigger, as here.
          bufferBeforeMinutes: s.mt.bufferBeforeMinutes,
          bufferAfterMinutes: s.mt.bufferAfterMinutes,
          status: "confirmed",
          createdAt: new Date(now),
          updatedAt: new Date(now),
          cancelledAt: null,
        };
        const inserted = await insertRoutedBooking(tx, {
          booking: row,
          deltas: assignmentDeltas(snap.config, snap.groups, members, req, host.userId, result),
          actorUserId: ctx.actor.id,
          reason: host.reason,
          routing: data,
          host: who,
        });
        if (!inserted) {
          const twin = s.key ? await byKey(tx, ctx.workspaceId, s.key) : undefined;
          if (twin) return { replayOf: twin };
          taken.push({ userId: host.userId, code: "busy", reason: "busy: booked meanwhile" });
          continue;
        }
        return { row, view: bookingView(row, who, { reason: host.reason, data }) };
      }
      if ((result.eligibleCount ?? 0) <= result.nextHosts.length) break;
      result = rankHosts(snap.config, snap.groups, members, req);
    }
    const nameOf = new Map(snap.members.map((m) => [m.userId, m.name]));
    throw conflict(
      "No host in the queue is free for this time",
      {
        excluded: [...result.excluded, ...taken].map((x) => ({ ...x, name: nameOf.get(x.userId) ?? "" })),
      },
      "no_eligible_host",
    );
  });
}

async function forced(
  db: Db,
  ctx: UseCaseContext,
  body: BookingCreateBody,
  s: Slot,
  hostIds: string[],
): Promise<Booking | { replayOf: Booking }> {
  const [, memberRows] = await Promise.all([
    assertWorkspaceUsers(db, ctx.workspaceId, hostIds, { activeOnly: true }),
    s.queue
      ? db.select({ userId: queueMembers.userId }).from(queueMembers).where(eq(queueMembers.queueId, s.queue.id))
      : [],
  ]);
  const members = new Set(memberRows.map((m) => m.userId));
  const { timeZone } = ctx;
  return transact(db, async (tx) => {
    const now = Date.now();
    for (const hostId of new Set(hostIds)) {
      const q = s.queue && members.has(hostId) ? s.queue : null;
      const wk = q ? windowKey(q.fairnessWindow, now, timeZone) : null;
      const reason = "forced: host named in hostIds";
      const row = await tryInsert(tx, {
        ...baseValues(ctx, body, s),
        hostId,
        queueId: q?.id ?? null,
        windowKey: wk,
        creditedUserId: q ? hostId : null,
        countedUserId: q ? hostId : null,
        routingReason: reason,
      });
      if (!row) {
        const twin = s.key ? await byKey(tx, ctx.workspaceId, s.key) : undefined;
        if (twin) return { replayOf: twin };
        continue;
      }
      const data: RoutingData = { strategy: "forced", tier: null, rank: null, windowKey: wk, counted: Boolean(q) };
      // Independent writes, sent together.
      await Promise.all([
        q && wk && addToStats(tx, { queueId: q.id, windowKey: wk, userId: hostId }, { count: 1 }),
        q &&
          wk &&
          tx
            .update(queueMembers)
            .set({ lastAssignedAt: new Date(now) })
            .where(and(eq(queueMembers.queueId, q.id), eq(queueMembers.userId, hostId)))
            .execute(),
        tx
          .insert(events)
          .values({
            workspaceId: ctx.workspaceId,
            type: "booking.forced",
            bookingId: row.id,
            queueId: q?.id ?? null,
            actorUserId: ctx.actor.id,
            toUserId: hostId,
            reason,
            data,
          })
          .execute(),
        emitBookingEvent(tx, {
          workspaceId: ctx.workspaceId,
          type: "booking.forced",
          booking: row,
          reason,
          actorUserId: ctx.actor.id,
          routing: data,
        }),
        enqueueBookingCalendarWrite(tx, row),
      ]);
      return row;
    }
    throw conflict("None of the named hosts is free at this time", { hostIds }, "host_unavailable");
  });
}
