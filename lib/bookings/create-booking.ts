/**
 * POST /v4/booking. Two paths, each one transaction:
 *  - routed (no hostIds): lock the queue row (FOR UPDATE serializes routing per queue across app
 *    instances), load the queue state (in the lock's round trip), rankHosts, insert for nextHosts[0] (`on conflict do nothing`
 *    with bookings_no_overlap as arbiter) and, when the host was booked meanwhile (e.g. through another
 *    queue), try the next host; the insert carries assignmentDeltas and the booking's other writes in
 *    the same statement (insert-routed-booking.ts). Counters use the fairness window of the creation time (`now`):
 *    fairness is about when leads come in, not when meetings happen.
 *    Group commit: routed requests for one queue run one batch at a time per process. A request finding
 *    its queue idle runs at once, alone; those arriving meanwhile form the next batch, decided one after
 *    the other under ONE lock, on one snapshot that each decision updates as a booking would
 *    (recordDecision: deltas, busy time, caps), their inserts sent without waiting and committed once.
 *    Each decision is the one it would be alone, in arrival order. If an insert finds its host taken
 *    by another path (a forced booking, another queue) while later decisions depended on it, the batch
 *    is rolled back and its requests run again one at a time.
 *  - forced (hostIds): no lock; the first named host the bookings_no_overlap constraint accepts
 *    wins. It counts into the queue's stats only when the host is a member of the meeting type's
 *    queue (then the booking carries queueId and windowKey; otherwise both are null).
 * Idempotency-Key: a replay of the same request (same fingerprint: method, path, canonical body)
 * returns the first booking as it is now, cancelled or not (replayed=true); another request under
 * a used key is 422 idempotency_key_reused. A concurrent twin loses on the bookings_idempotency_key
 * unique index and then gets the winner's booking by the same rule (in one batch too).
 * Load: POST /v4/booking runs on the small booking pool (DbHandle.bookingDb), and a queue's batches
 * run one at a time per process (more would only wait on the queue row lock, each holding a pooled
 * connection), so a burst on one queue takes neither the connections of reads nor those of other
 * queues. Beyond 64 waiting, or 3 s of waiting, a request gets 503 `busy` with Retry-After; a queue
 * row locked elsewhere gives the same after lock_timeout (2 s).
 */
import { transact } from "@/db/transaction";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { bookings, events, queueMembers, queues, type Booking, type MeetingType, type Queue } from "@/db/schema";
import { PG, pgConstraint, pgErrorCode } from "@/db/errors";
import { AppError, conflict, notFound, unprocessable } from "@/lib/errors";
import type { Idempotency } from "@/lib/http/idempotency";
import {
  assignmentDeltas,
  decisionPool,
  rankHosts,
  windowKey,
  type ExcludedHost,
  type Interval,
  type MemberInput,
  type RankedHost,
  type RankResult,
} from "@/lib/routing";
import type { BookingCreateBody, BookingResponse } from "@/lib/api/schemas/bookings";
import { bookingQueue } from "@/lib/queues/get-queue";
import { bookingView, presentBookings, type RoutingData } from "@/lib/bookings/present-bookings";
import { emitBookingEvent } from "@/lib/webhooks/emit-domain-events";
import { enqueueBookingCalendarWrite } from "@/lib/calendars/write-booking-event";
import { insertRoutedBooking, type RoutedBookingWrite } from "./insert-routed-booking";
import { getMeetingType } from "@/lib/meeting-types/manage-meeting-types";
import type { UseCaseContext } from "@/lib/context";
import {
  loadQueueSnapshot,
  memberInputsAt,
  readQueueRoster,
  recordDecision,
  type QueueRoster,
  type QueueSnapshot,
} from "@/lib/queues/load-queue-snapshot";
import { addToStats } from "@/lib/queues/record-queue-stats";
import { MINUTE_MS } from "@/lib/time-units";
import { assertWorkspaceUsers } from "@/lib/people/manage-users";
import { batchPerKey, type BatchResults } from "@/lib/concurrency/batch-per-key";
import { anyOf } from "@/db/any";
import { REQUEST_DEADLINE_MS } from "@/lib/http/deadline";

export interface CreateBookingResult {
  booking: BookingResponse;
  replayed: boolean;
}
/** Hosts ranked per booking decision before falling back to the full list. */
const DECISION_LIMIT = 5;
const BUSY = "Too many bookings are being made for this queue right now; retry in a moment";
/**
 * Bookings decided under one queue lock at most (BATON_ROUTING_BATCH; 1 = one commit per booking).
 * Read per batch, so a benchmark can compare both in one process.
 */
const maxBatch = () => Math.max(1, Math.floor(Number(process.env.BATON_ROUTING_BATCH ?? 32)) || 1);
/** A batch reads busy time for the span of its slots: requests starting further apart wait for another batch. */
const BATCH_SPAN_MS = 7 * 24 * 60 * MINUTE_MS;

/** A routed request waiting for its queue's turn. */
interface RoutedRequest {
  ctx: UseCaseContext;
  body: BookingCreateBody;
  idempotency?: Idempotency;
  /** performance.now() at arrival (see slotFull). */
  arrived: number;
  slotKey: string;
}

/** Per queue: one batch of routing decisions at a time in this process; beyond 64 waiting, or 3 s of waiting, 503. */
const perQueue = batchPerKey<RoutedRequest, CreateBookingResult>(
  {
    maxBatch,
    maxWaiting: 64,
    maxWaitMs: 3_000,
    maxRunMs: REQUEST_DEADLINE_MS,
    busyMessage: BUSY,
    fits: (first, r) => Math.abs(first.body.start.getTime() - r.body.start.getTime()) <= BATCH_SPAN_MS,
  },
  (_key, requests) => routeBatch(requests),
);

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
  if (body.hostIds) return book(ctx, body, body.hostIds, idempotency);
  // A meeting type has one queue (a queueId naming another is refused), so it keys the routing lock.
  const queueKey = `${ctx.workspaceId}:${body.meetingTypeId}`;
  const slotKey = `${queueKey}:${body.queueId ?? ""}:${body.start.getTime()}`;
  return perQueue.submit(queueKey, { ctx, body, idempotency, arrived: performance.now(), slotKey });
}

/**
 * Per queue and start, the last routed decision in this process that found no free host: when its
 * batch started (it read the queue's state after that) and its 409. A request that was already
 * waiting when that batch started overlaps it, so answering as of that moment is a valid order of
 * events: it gets the same 409 without a decision or a read of its own. A burst of requests for one
 * full slot then costs one decision, not one each (the CPU of those decisions is what slowed
 * unrelated requests on the same instance during a burst).
 */
const slotFull = new Map<string, { startedAt: number; error: AppError }>();
function noteSlotFull(key: string, startedAt: number, error: AppError) {
  slotFull.set(key, { startedAt, error });
  if (slotFull.size > 1_000) {
    const old = performance.now() - 60_000;
    for (const [k, v] of slotFull) if (v.startedAt < old) slotFull.delete(k);
  }
}

/** Forced bookings: the request's checks, then the insert. */
async function book(
  ctx: UseCaseContext,
  body: BookingCreateBody,
  hostIds: string[],
  idempotency?: Idempotency,
): Promise<CreateBookingResult> {
  const { db } = ctx;
  const fingerprint = idempotency?.fingerprint ?? null;
  const [checked] = await checkRequests(ctx, [{ body, idempotency }]);
  if ("replayOf" in checked) return replay(db, checked.replayOf, body, fingerprint);
  if ("error" in checked) throw checked.error;
  try {
    const made = await forced(db, ctx, body, checked.slot, hostIds);
    if ("replayOf" in made) return replay(db, made.replayOf, body, fingerprint);
    return { booking: (await presentBookings(db, [made]))[0], replayed: false };
  } catch (e) {
    const key = checked.slot.key;
    if (key && pgErrorCode(e) === PG.uniqueViolation && pgConstraint(e) === "bookings_idempotency_key") {
      const first = (await byKeys(db, ctx.workspaceId, [key])).get(key);
      if (first) return replay(db, first, body, fingerprint);
    }
    throw e;
  }
}

type Checked = { slot: Slot } | { replayOf: Booking } | { error: unknown };

/**
 * The checks before any lock, for requests on one meeting type of one workspace, with three reads
 * for all of them at once (the used Idempotency-Keys, the meeting type, its queue), judged per request
 * in the order they were once made one after the other: a replay first, then the meeting type's 404,
 * then the queue's errors, then the notice.
 */
async function checkRequests(
  ctx: UseCaseContext,
  requests: { body: BookingCreateBody; idempotency?: Idempotency }[],
): Promise<Checked[]> {
  const { db, workspaceId } = ctx;
  const { meetingTypeId } = requests[0].body;
  const keys = requests.flatMap((r) => (r.idempotency?.key ? [r.idempotency.key] : []));
  const queueIds = [...new Set(requests.map((r) => r.body.queueId))];
  const [firstR, mtR, ...queueRs] = await Promise.allSettled([
    byKeys(db, workspaceId, keys),
    getMeetingType(db, workspaceId, meetingTypeId),
    ...queueIds.map((queueId) => bookingQueue(db, workspaceId, meetingTypeId, queueId)),
  ]);
  const firsts = settled(firstR);
  return requests.map(({ body, idempotency }) => {
    const key = idempotency?.key ?? null;
    const first = key ? firsts.get(key) : undefined;
    if (first) return { replayOf: first };
    try {
      const mt = settled(mtR);
      const queue = settled(queueRs[queueIds.indexOf(body.queueId)]);
      const start = body.start;
      if (start.getTime() < Date.now() + mt.minimumNoticeMinutes * MINUTE_MS) {
        throw unprocessable("start is in the past or within the meeting type's minimum notice", { field: "start" });
      }
      const end = new Date(start.getTime() + mt.durationMinutes * MINUTE_MS);
      return { slot: { mt, queue, start, end, key, fingerprint: idempotency?.fingerprint ?? null } };
    } catch (error) {
      return { error };
    }
  });
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

/** The bookings made under these Idempotency-Keys, by key. */
async function byKeys(db: Db | Tx, workspaceId: string, keys: string[]): Promise<Map<string, Booking>> {
  if (keys.length === 0) return new Map();
  const rows = await db
    .select()
    .from(bookings)
    .where(and(eq(bookings.workspaceId, workspaceId), anyOf(bookings.idempotencyKey, keys)));
  return new Map(rows.map((b) => [b.idempotencyKey!, b]));
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
 * A row not inserted because its Idempotency-Key was used meanwhile is told apart by the caller (byKeys).
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

/**
 * One batch of routed requests for one queue (perQueue). Requests waiting since before a decision
 * found their slot full share its 409; the others are checked, then routed under one lock.
 */
async function routeBatch(requests: RoutedRequest[]): Promise<BatchResults<CreateBookingResult>> {
  const startedAt = performance.now();
  const { ctx } = requests[0];
  const results: BatchResults<CreateBookingResult> = new Array(requests.length);
  const fail = (i: number, reason: unknown) => (results[i] = { status: "rejected", reason });
  // The 409 of a decision that found this slot full and started after the request arrived (see slotFull).
  const shared = requests.map((r) => {
    const full = slotFull.get(r.slotKey);
    return full && full.startedAt >= r.arrived ? full.error : undefined;
  });
  // Only a replay can still answer a request that shares a full slot's 409, so those without a key read nothing.
  const live: number[] = [];
  requests.forEach((r, i) => {
    if (shared[i] && !r.idempotency?.key) fail(i, shared[i]);
    else live.push(i);
  });
  if (live.length === 0) return results;
  const checked = await checkRequests(
    ctx,
    live.map((i) => requests[i]),
  );
  const routing: Candidate[] = [];
  const answers: Promise<void>[] = [];
  const answer = (i: number, work: Promise<CreateBookingResult>) =>
    answers.push(
      work.then(
        (value) => void (results[i] = { status: "fulfilled", value }),
        (reason) => void fail(i, reason),
      ),
    );
  live.forEach((i, n) => {
    const c = checked[n];
    const r = requests[i];
    if ("replayOf" in c) answer(i, replay(r.ctx.db, c.replayOf, r.body, r.idempotency?.fingerprint ?? null));
    else if ("error" in c) fail(i, c.error);
    else if (shared[i]) fail(i, shared[i]);
    else if (!c.slot.queue)
      fail(i, conflict("This meeting type has no queue to route with", { excluded: [] }, "no_eligible_host"));
    else routing.push({ index: i, request: r, slot: c.slot, queue: c.slot.queue });
  });
  if (routing.length > 0) {
    // A failed transaction (a lock or statement timeout, a lost connection) is the routed requests'
    // answer; replays and shared 409s keep theirs.
    const outcomes: Outcome[] = await routeUnderLock(routing).catch((error: unknown) => routing.map(() => ({ error })));
    const later: RoutedRequest[] = [];
    const laterAt: number[] = [];
    outcomes.forEach((o, n) => {
      const { index, request: r, slot } = routing[n];
      if ("made" in o) results[index] = { status: "fulfilled", value: { booking: o.made.view, replayed: false } };
      else if ("replayOf" in o) answer(index, replay(r.ctx.db, o.replayOf, r.body, slot.fingerprint));
      else if ("later" in o) {
        later.push(r);
        laterAt.push(index);
      } else {
        if (o.error instanceof AppError && o.error.code === "no_eligible_host")
          noteSlotFull(r.slotKey, startedAt, o.error);
        fail(index, o.error);
      }
    });
    // A new fairness window began during the batch: the rest are decided in it, in a batch of their own.
    if (later.length > 0) (await routeBatch(later)).forEach((res, n) => (results[laterAt[n]] = res));
  }
  await Promise.all(answers);
  return results;
}

/** A checked routed request (its queue known) in its batch. */
interface Candidate {
  index: number;
  request: RoutedRequest;
  slot: Slot;
  queue: Queue;
}

/** What a routed request's turn under the lock came to. */
type Outcome = { made: Made } | { replayOf: Booking } | { error: unknown } | { later: true };

/** Thrown inside the batch's transaction to roll it back: a decision's host was taken while later decisions counted on it. */
class BatchInvalidated extends Error {}

/**
 * The batch's routing transaction: the lock with every read (for the span of all its slots), then each
 * request's decision in arrival order. A decision is recorded in the snapshot before the next one is made,
 * and its insert is sent without waiting for the answer. If only the last insert found its host taken,
 * that request tries its next host here, like a request alone; if an earlier one did, the batch is rolled
 * back and each request runs again in a transaction of its own.
 */
async function routeUnderLock(batch: Candidate[]): Promise<Outcome[]> {
  try {
    return await lockAndDecide(batch);
  } catch (e) {
    if (!(e instanceof BatchInvalidated)) throw e;
    const outcomes: Outcome[] = [];
    for (const c of batch) {
      try {
        outcomes.push(...(await lockAndDecide([c])));
      } catch (error) {
        outcomes.push({ error });
      }
    }
    return outcomes;
  }
}

async function lockAndDecide(batch: Candidate[]): Promise<Outcome[]> {
  const { ctx } = batch[0].request;
  const { db, timeZone } = ctx;
  const before = batch[0].queue;
  const buffers = batch[0].slot.mt;
  const queueId = before.id;
  const range = {
    start: Math.min(...batch.map((c) => c.slot.start.getTime())),
    end: Math.max(...batch.map((c) => c.slot.end.getTime())),
  };
  const keys = batch.flatMap((c) => (c.slot.key ? [c.slot.key] : []));
  return transact(db, async (tx) => {
    // Sent together (one round trip), the lock first: the server runs them in order, so every read sees the
    // queue as of holding its lock. The lock's query is started here, before the reads are even built: a
    // query starts when it is first awaited, and Promise.all would await it after the reads that start
    // themselves, which then ran before the wait and missed what the lock holder wrote (a test holds it).
    const lock = tx.select().from(queues).where(eq(queues.id, queueId)).for("no key update").execute();
    const snapshotAt = (now: number, roster: QueueRoster | Promise<QueueRoster>, queue: Queue) =>
      loadQueueSnapshot(tx, queue, { workspaceTimeZone: timeZone, now, range, buffers, roster });
    const roster = readQueueRoster(tx, queueId);
    // The snapshot's reads select the members by queue id, so they need not wait for the roster; which
    // counters to read (the fairness window) comes from the queue as read before the transaction.
    const [[queue], firsts, early] = await Promise.all([
      lock,
      byKeys(tx, ctx.workspaceId, keys),
      snapshotAt(Date.now(), roster, before),
    ]);
    if (!queue) throw notFound("Queue", queueId);
    let now = Date.now();
    // Settings changed meanwhile (the version counts every change), or a new fairness window began while
    // this waited for the lock: read again, as of now.
    const current =
      queue.version === before.version && early.windowKey === windowKey(queue.fairnessWindow, now, timeZone);
    const snap = current ? early : await snapshotAt(now, await roster, queue);

    const outcomes: Outcome[] = [];
    const sent: { n: number; decision: Decision; inserted: Promise<boolean> }[] = [];
    /** A key decided earlier in this batch: its twin replays that booking once it is committed. */
    const decidedKeys = new Map<string, { n: number; booking: Booking }>();
    const twinned = new Set<number>();
    let lastDecided = -1;
    let last: Decision | undefined;
    for (const [n, c] of batch.entries()) {
      const key = c.slot.key;
      const first = key ? firsts.get(key) : undefined;
      const twin = key ? decidedKeys.get(key) : undefined;
      if (first ?? twin) {
        if (twin) twinned.add(twin.n);
        outcomes.push({ replayOf: first ?? twin!.booking });
        continue;
      }
      // Each decision has its own instant: "least recently assigned" orders the batch's hosts as it would
      // order bookings made one after the other.
      if (n > 0) now = Math.max(Date.now(), now + 1);
      if (windowKey(queue.fairnessWindow, now, timeZone) !== snap.windowKey) {
        outcomes.push({ later: true });
        continue;
      }
      if (last)
        recordDecision(snap, { userId: last.host.userId, range: last.range, buffers, deltas: last.write.deltas });
      last = undefined;
      lastDecided = n;
      const d = openDecision(snap, queue, c, now);
      const host = nextHost(d);
      if (!host) {
        outcomes.push({ error: noHost(d) });
        continue;
      }
      last = decide(d, host);
      sent.push({ n, decision: last, inserted: insertRoutedBooking(tx, last.write) });
      if (key) decidedKeys.set(key, { n, booking: last.write.booking });
      outcomes.push({ made: last.made });
    }
    const inserted = await Promise.all(sent.map((x) => x.inserted));
    const lost = inserted.indexOf(false);
    // Later decisions (a booking, a 409, a twin's replay) counted on a booking that is not there.
    if (lost >= 0 && (sent[lost].n !== lastDecided || twinned.has(sent[lost].n))) throw new BatchInvalidated();
    if (lost >= 0) {
      // Only the last decision's host was taken meanwhile (nothing decided after it): its request goes on
      // to its next host here, exactly as alone. The snapshot does not hold that decision (never recorded).
      const { n, decision } = sent[lost];
      const c = batch[n];
      const d = decision.state;
      for (;;) {
        const twin = c.slot.key ? (await byKeys(tx, ctx.workspaceId, [c.slot.key])).get(c.slot.key) : undefined;
        if (twin) {
          outcomes[n] = { replayOf: twin };
          break;
        }
        d.taken.push({ userId: d.lastTried!, code: "busy", reason: "busy: booked meanwhile" });
        const host = nextHost(d);
        if (!host) {
          outcomes[n] = { error: noHost(d) };
          break;
        }
        const next = decide(d, host);
        if (await insertRoutedBooking(tx, next.write)) {
          outcomes[n] = { made: next.made };
          break;
        }
      }
    }
    return outcomes;
  });
}

/** One request's decision under the lock: the ranking so far and the hosts tried. */
interface DecisionState {
  snap: QueueSnapshot;
  queue: Queue;
  candidate: Candidate;
  members: MemberInput[];
  req: { start: number; end: number; now: number };
  result: RankResult;
  tried: Set<string>;
  taken: ExcludedHost[];
  lastTried?: string;
}

/** A host chosen for a request, the booking as it will be stored, and all it writes. */
interface Decision {
  state: DecisionState;
  host: RankedHost;
  range: Interval;
  write: RoutedBookingWrite;
  made: Made;
}

function openDecision(snap: QueueSnapshot, queue: Queue, candidate: Candidate, now: number): DecisionState {
  const { slot } = candidate;
  const req = { start: slot.start.getTime(), end: slot.end.getTime(), now };
  const members = memberInputsAt(snap, req.start);
  // A decision needs only the first few hosts; the full ranking is built only if all of them were taken meanwhile.
  const result = rankHosts(snap.config, snap.groups, members, { ...req, limit: DECISION_LIMIT });
  return { snap, queue, candidate, members, req, result, tried: new Set(), taken: [] };
}

/** The best host not tried yet, ranking everyone once the first few are used up; null when none is left. */
function nextHost(d: DecisionState): RankedHost | null {
  for (;;) {
    for (const host of d.result.nextHosts) {
      if (d.tried.has(host.userId)) continue;
      d.tried.add(host.userId);
      d.lastTried = host.userId;
      return host;
    }
    if ((d.result.eligibleCount ?? 0) <= d.result.nextHosts.length) return null;
    d.result = rankHosts(d.snap.config, d.snap.groups, d.members, d.req);
  }
}

function noHost(d: DecisionState): AppError {
  const nameOf = new Map(d.snap.members.map((m) => [m.userId, m.name]));
  return conflict(
    "No host in the queue is free for this time",
    { excluded: [...d.result.excluded, ...d.taken].map((x) => ({ ...x, name: nameOf.get(x.userId) ?? "" })) },
    "no_eligible_host",
  );
}

function decide(d: DecisionState, host: RankedHost): Decision {
  const { snap, queue, members, req, result } = d;
  const { request, slot } = d.candidate;
  const { ctx, body } = request;
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
      notEligible: new Set(d.taken.map((t) => t.userId)),
    }),
  };
  const member = snap.members.find((m) => m.userId === host.userId);
  const who = member
    ? { id: member.userId, name: member.name, email: member.email }
    : { id: host.userId, name: "", email: "" };
  // The booking as it will be stored (id and times chosen here), so that it and all it writes go
  // out as one statement: one round trip inside the lock (lib/bookings/insert-routed-booking.ts).
  const row: Booking = {
    ...baseValues(ctx, body, slot),
    id: randomUUID(),
    hostId: host.userId,
    queueId: queue.id,
    windowKey: snap.windowKey,
    creditedUserId: host.userId,
    countedUserId: host.userId,
    routingReason: host.reason,
    // Copied from the meeting type by the bookings_buffers trigger, as here.
    bufferBeforeMinutes: slot.mt.bufferBeforeMinutes,
    bufferAfterMinutes: slot.mt.bufferAfterMinutes,
    status: "confirmed",
    createdAt: new Date(req.now),
    updatedAt: new Date(req.now),
    cancelledAt: null,
  };
  return {
    state: d,
    host,
    range: { start: req.start, end: req.end },
    write: {
      booking: row,
      deltas: assignmentDeltas(snap.config, snap.groups, members, req, host.userId, result),
      actorUserId: ctx.actor.id,
      reason: host.reason,
      routing: data,
      host: who,
    },
    made: { row, view: bookingView(row, who, { reason: host.reason, data }) },
  };
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
        const twin = s.key ? (await byKeys(tx, ctx.workspaceId, [s.key])).get(s.key) : undefined;
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
