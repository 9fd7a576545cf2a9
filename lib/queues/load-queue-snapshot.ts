/**
 * Loads what the routing engine needs about one queue for a time range, in a handful of
 * queries, and turns it into engine inputs (MemberInput) for any slot in that range. Members'
 * availability (exceptions, buffered busy time, working hours) comes from loadPeopleAvailability.
 * Used by routed booking creation (inside the locked transaction), /next and availability.
 */
import { and, eq, gte, lt } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { groupBy } from "@/lib/group-by";
import {
  bookings,
  queueGroupMembers,
  queueGroups,
  queueMembers,
  queueMemberStats,
  users,
  type Queue,
} from "@/db/schema";
import {
  applyDeltas,
  countIn,
  windowBounds,
  windowKey,
  type GroupInput,
  type Interval,
  type MemberInput,
  type QueueConfig,
  type StateDelta,
} from "@/lib/routing";
import { bufferedBusy, type BufferedInterval, type Buffers } from "@/lib/slots";
import { loadPeopleAvailability } from "@/lib/people/load-people-availability";

export interface SnapshotMember extends Omit<MemberInput, "dayCount" | "weekCount"> {
  name: string;
  email: string;
  timeZone: string;
  /** Starts of this member's confirmed bookings in the queue (sorted), for day/week caps. */
  capStarts: number[];
  /** Bookings of this queue and window the member hosts for a routed host that keeps the credit. */
  covered: number;
  /** Deactivated people are members with weight 0 whatever their stored weight. */
  deactivated: boolean;
}

export interface QueueSnapshot {
  queue: Queue;
  config: QueueConfig;
  windowKey: string;
  groups: GroupInput[];
  members: SnapshotMember[];
}

export interface SnapshotOptions {
  workspaceTimeZone: string;
  now: number;
  /** Slot range to check busy/working hours/exceptions for; absent = "right now" (no slot). */
  range?: Interval;
  /** Buffers of the meeting type being booked (a MeetingType is one), or NO_BUFFERS. */
  buffers: Buffers;
  /** Busy time not (yet) in the database, per user: moves planned earlier in a dry run. */
  planned?: ReadonlyMap<string, readonly BufferedInterval[]>;
  /** Called between members (see yieldSlices), so a long range for many members never blocks the process. */
  pause?: () => Promise<void>;
  /**
   * The queue's members and groups (readQueueRoster), read already or being read: while it is pending
   * the other reads select the members by queue id and go out at once, in the same round trip (the
   * routed booking sends them all right behind the queue lock).
   */
  roster?: QueueRoster | Promise<QueueRoster>;
}

/** Members (with their user fields) and priority groups of a queue: what the snapshot reads first. */
export type QueueRoster = Awaited<ReturnType<typeof readQueueRoster>>;

export function readQueueRoster(db: DbOrTx, queueId: string) {
  return Promise.all([
    db
      .select({
        m: queueMembers,
        name: users.name,
        email: users.email,
        timeZone: users.timeZone,
        deactivatedAt: users.deactivatedAt,
      })
      .from(queueMembers)
      .innerJoin(users, eq(users.id, queueMembers.userId))
      .where(eq(queueMembers.queueId, queueId)),
    db.select().from(queueGroups).where(eq(queueGroups.queueId, queueId)),
    db
      .select({ groupId: queueGroupMembers.groupId, userId: queueGroupMembers.userId })
      .from(queueGroupMembers)
      .innerJoin(queueGroups, eq(queueGroups.id, queueGroupMembers.groupId))
      .where(eq(queueGroups.queueId, queueId)),
  ]);
}

export async function loadQueueSnapshot(db: DbOrTx, queue: Queue, o: SnapshotOptions): Promise<QueueSnapshot> {
  const config: QueueConfig = {
    strategy: queue.strategy,
    fairnessWindow: queue.fairnessWindow,
    returnPolicy: queue.returnPolicy,
    timeZone: o.workspaceTimeZone,
  };
  const key = windowKey(queue.fairnessWindow, o.now, o.workspaceTimeZone);
  const range = o.range ?? { start: o.now, end: o.now + 1 };

  const given = o.roster;
  const pending = given instanceof Promise ? given : null;
  const known: QueueRoster | null = given instanceof Promise ? null : (given ?? (await readQueueRoster(db, queue.id)));
  if (known && known[0].length === 0) return { queue, config, windowKey: key, groups: groupsOf(known), members: [] };
  const personOf = (r: QueueRoster[0][number]) => ({ id: r.m.userId, timeZone: r.timeZone });

  const capFrom = windowBounds("week", range.start, o.workspaceTimeZone).start;
  const capTo = windowBounds("week", range.end, o.workspaceTimeZone).end;
  const [roster, stats, capRows, availability] = await Promise.all([
    pending ?? known!,
    db
      .select()
      .from(queueMemberStats)
      .where(and(eq(queueMemberStats.queueId, queue.id), eq(queueMemberStats.windowKey, key))),
    db
      .select({ hostId: bookings.hostId, start: bookings.startsAt })
      .from(bookings)
      .where(
        and(
          eq(bookings.queueId, queue.id),
          eq(bookings.status, "confirmed"),
          gte(bookings.startsAt, new Date(capFrom)),
          lt(bookings.startsAt, new Date(capTo)),
        ),
      ),
    loadPeopleAvailability(db, {
      people: pending
        ? { queueId: queue.id, members: pending.then(([rows]) => rows.map(personOf)) }
        : known![0].map(personOf),
      range,
      placing: o.buffers,
      planned: o.planned,
      workingHours: Boolean(o.range),
      pause: o.pause,
    }),
  ]);
  const [memberRows, , gm] = roster;
  const groups = groupsOf(roster);
  const groupIds = groupBy(
    gm,
    (r) => r.userId,
    (r) => r.groupId,
  );
  const statBy = new Map(stats.map((s) => [s.userId, s]));
  const capBy = groupBy(
    capRows,
    (r) => r.hostId,
    (r) => r.start.getTime(),
  );

  const members: SnapshotMember[] = [];
  for (const { m, name, email, timeZone, deactivatedAt } of memberRows) {
    const s = statBy.get(m.userId);
    const a = availability.get(m.userId)!;
    members.push({
      userId: m.userId,
      name,
      email,
      timeZone,
      // A deactivated person is never routed to: paused (weight 0), so they earn no credit either.
      weight: deactivatedAt ? 0 : m.weight,
      capPerDay: m.capPerDay,
      capPerWeek: m.capPerWeek,
      groupIds: groupIds.get(m.userId) ?? [],
      position: m.position,
      windowCount: s?.count ?? 0,
      windowCredit: s?.credit ?? 0,
      covered: s?.covered ?? 0,
      deactivated: Boolean(deactivatedAt),
      lastAssignedAt: m.lastAssignedAt?.getTime() ?? null,
      exceptions: a.exceptions,
      busy: a.busy,
      calendarBusy: a.calendarBusy,
      workingHours: a.workingHours,
      capStarts: (capBy.get(m.userId) ?? []).sort((a, b) => a - b),
    });
  }
  return { queue, config, windowKey: key, groups, members };
}

/** Per snapshot, the inputs of the last day asked for: availability asks slot after slot of the same day. */
const inputsOfDay = new WeakMap<
  QueueSnapshot,
  { day: Interval; week: Interval; spanMs: number | undefined; inputs: MemberInput[] }
>();

/**
 * Engine inputs for a request starting at `at`: day/week caps counted in the workspace zone.
 * The result is shared by every request on the same local day (the engine never mutates it), so
 * a week of slots computes the time-zone bounds and member objects 7 times instead of per slot.
 * With `spanMs` (the longest slot that will be asked, e.g. the meeting's duration) each member's
 * busy time, calendar, exceptions and working hours keep only what can touch a slot starting that
 * day: the engine scans those lists per slot, and a long range would otherwise make every check scan all of it.
 */
export function memberInputsAt(snap: QueueSnapshot, at: number, o: { spanMs?: number } = {}): MemberInput[] {
  const last = inputsOfDay.get(snap);
  if (last && at >= last.day.start && at < last.day.end && last.spanMs === o.spanMs) return last.inputs;
  const day = windowBounds("day", at, snap.config.timeZone);
  const week =
    last && at >= last.week.start && at < last.week.end ? last.week : windowBounds("week", at, snap.config.timeZone);
  // A slot [s, s + span) with s in the day overlaps an interval only if it ends after the day starts
  // and starts before the day ends plus the span: the others cannot change any check.
  const touch = o.spanMs === undefined ? null : { start: day.start, end: day.end + o.spanMs };
  const inputs = snap.members.map((m) => {
    const input: MemberInput = {
      ...m,
      dayCount: countIn(m.capStarts, day),
      weekCount: countIn(m.capStarts, week),
    };
    if (touch) {
      input.busy = overlapping(m.busy, touch);
      input.exceptions = overlapping(m.exceptions, touch);
      if (m.calendarBusy) input.calendarBusy = overlapping(m.calendarBusy, touch);
      if (m.workingHours) input.workingHours = overlapping(m.workingHours, touch);
    }
    return input;
  });
  inputsOfDay.set(snap, { day, week, spanMs: o.spanMs, inputs });
  return inputs;
}

function overlapping(intervals: Interval[], w: Interval): Interval[] {
  return intervals.filter((iv) => iv.start < w.end && iv.end > w.start);
}

/**
 * The snapshot as the next decision under the same queue lock sees it, after `userId` was chosen for
 * `range` (a booking of this queue with the snapshot's buffers): the decision's deltas applied, the
 * booking in the host's busy time and cap counts. Engine inputs built before are rebuilt on next use.
 */
export function recordDecision(
  snap: QueueSnapshot,
  o: { userId: string; range: Interval; buffers: Buffers; deltas: StateDelta[] },
): void {
  const byId = new Map(snap.members.map((m) => [m.userId, m]));
  applyDeltas((id) => byId.get(id), o.deltas);
  const host = byId.get(o.userId);
  if (host) {
    // New arrays: the loaded ones may be shared with other readers of the same availability.
    host.busy = [...host.busy, ...bufferedBusy([{ ...o.range, ...o.buffers }], o.buffers)];
    host.capStarts = [...host.capStarts, o.range.start].sort((a, b) => a - b);
  }
  inputsOfDay.delete(snap);
}

function groupsOf([, groupRows]: QueueRoster): GroupInput[] {
  return groupRows.map((g) => ({ id: g.id, name: g.name, priority: g.priority }));
}
