/**
 * THE availability loader: for some people and a time range, what makes them unavailable —
 * absence exceptions, their confirmed bookings (with buffers) and their working hours (weekly
 * rules with date overrides; nobody is available around the clock by omission) — read in four
 * queries and turned into the engine's inputs (`exceptions`, `busy`, `workingHours` of MemberInput). Routing over a queue (lib/queues/load-queue-snapshot.ts) and handoffs to any user
 * (lib/handoffs/check-user-availability.ts) both read availability here and nowhere else, so a new
 * source of busy time (external calendars) or of working time is added once, in this file.
 */
import { and, eq, gt, gte, lt, lte, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { isEmptySet, personIn, type PeopleSet } from "@/db/people-set";
import { groupBy } from "@/lib/group-by";
import { availabilityExceptions, bookings, workingHourOverrides, workingHours } from "@/db/schema";
import type { Interval } from "@/lib/routing";
import {
  bufferedBusy,
  expandWorkingHours,
  mergeIntervals,
  type BufferedInterval,
  type Buffers,
  type DayRangeRule,
  type WeeklyRule,
} from "@/lib/slots";
import { DAY_MS, MINUTE_MS } from "@/lib/time-units";
import { calendarBusyForRouting } from "@/lib/calendars/calendar-busy-for-routing";

const iso = (ms: number) => new Date(ms).toISOString();

/** Working hours are configuration: a bulk run loads them once per user. */
export type HoursCache = Map<string, WeeklyRule[]>;

/** Someone whose availability is loaded: already known to be of the workspace. */
export interface PersonRef {
  id: string;
  /** The person's own zone: working hours are local to it. */
  timeZone: string;
}

/**
 * A queue's members, while their list is still being read: the queries select them by queue id, so they
 * go out in the same round trip as the list (see loadQueueSnapshot).
 */
export interface QueueMembersRef {
  queueId: string;
  members: Promise<readonly PersonRef[]>;
}

export interface LoadAvailabilityOptions {
  people: readonly PersonRef[] | QueueMembersRef;
  /** The slot (or booking) being checked. */
  range: Interval;
  /** Buffers of the booking being placed or moved: existing bookings are widened by them (bufferedBusy). */
  placing: Buffers;
  /** A booking that does not count as busy (the one being handed off). */
  ignoreBookingId?: string;
  /** Busy time not (yet) in the database, per person: moves planned earlier in a dry run. */
  planned?: ReadonlyMap<string, readonly BufferedInterval[]>;
  /** Expand working hours (default true); false = null, "don't check" (no slot asked for). */
  workingHours?: boolean;
  hoursCache?: HoursCache;
  /** Called between people (see yieldSlices), so a long range for many people never blocks the process. */
  pause?: () => Promise<void>;
}

export interface PersonAvailability {
  /** Unavailability ranges overlapping the range, any order. */
  exceptions: Interval[];
  /** Other bookings widened by their buffers and the placed booking's, merged. */
  busy: Interval[];
  /**
   * Absolute working intervals around the range: weekly rules, with date overrides replacing the rule
   * on their date (an empty override is a day off). No rules and no overrides = never working. null = not checked.
   */
  workingHours: Interval[] | null;
  /** Busy time from the person's own calendar (cache only, lib/calendars), widened like `busy`; [] when no slot is checked. */
  calendarBusy: Interval[];
}

/**
 * The confirmed bookings of `hostIds` whose buffered range touches the range once widened by the
 * placed booking's buffers: exactly those whose bufferedBusy overlaps it. Written with the expression of
 * bookings_no_overlap, so its GiST index finds them among any amount of history (a test EXPLAINs it).
 */
export function busyBookingsQuery(
  db: DbOrTx,
  o: { hostIds: PeopleSet; range: Interval; placing: Buffers; ignoreBookingId?: string },
) {
  const from = iso(o.range.start - o.placing.bufferBeforeMinutes * MINUTE_MS);
  const to = iso(o.range.end + o.placing.bufferAfterMinutes * MINUTE_MS);
  return db
    .select({
      hostId: bookings.hostId,
      start: bookings.startsAt,
      end: bookings.endsAt,
      // The buffers stored with the booking: the ones bookings_no_overlap enforces.
      bufferBeforeMinutes: bookings.bufferBeforeMinutes,
      bufferAfterMinutes: bookings.bufferAfterMinutes,
    })
    .from(bookings)
    .where(
      and(
        personIn(bookings.hostId, o.hostIds),
        // 'confirmed' written out, not a parameter: a prepared statement's generic plan must still
        // match the index's predicate.
        sql`${bookings.status} = 'confirmed'`,
        sql`tstzrange(baton_shift_minutes(${bookings.startsAt}, -${bookings.bufferBeforeMinutes}), baton_shift_minutes(${bookings.endsAt}, ${bookings.bufferAfterMinutes}), '[)') && tstzrange(${from}::timestamptz, ${to}::timestamptz, '[)')`,
        o.ignoreBookingId ? ne(bookings.id, o.ignoreBookingId) : undefined,
      ),
    );
}

export async function loadPeopleAvailability(
  db: DbOrTx,
  o: LoadAvailabilityOptions,
): Promise<Map<string, PersonAvailability>> {
  const out = new Map<string, PersonAvailability>();
  const ofQueue = "queueId" in o.people ? o.people : null;
  const listed = "queueId" in o.people ? null : o.people;
  const ids = listed?.map((p) => p.id);
  const set: PeopleSet = ids ?? { queueMembersOf: ofQueue!.queueId };
  if (isEmptySet(set)) return out;
  const { start, end } = o.range;
  const withHours = o.workingHours ?? true;
  // Working hours not cached yet (a queue's members are all read: its list is not known yet).
  const uncached: PeopleSet = !withHours ? [] : ids ? ids.filter((id) => !o.hoursCache?.has(id)) : set;
  // Calendar busy time, from the cache only (never a calendar server); only a slot checks busy time.
  const calendar = withHours
    ? calendarBusyForRouting(db, set, o.range, o.placing)
    : Promise.resolve(new Map<string, Interval[]>());
  // Override dates are local to each person: every date any zone can have around the range.
  const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  // The calendar query runs alongside and is awaited with the others: a failed sibling must not leave its rejection
  // unobserved (an unhandled rejection stops the process).
  const [people, calBy, exRows, busyRows, hourRows, overrideRows] = await Promise.all([
    ofQueue ? ofQueue.members : listed!,
    calendar,
    db
      .select({
        userId: availabilityExceptions.userId,
        start: availabilityExceptions.startsAt,
        end: availabilityExceptions.endsAt,
      })
      .from(availabilityExceptions)
      .where(
        and(
          personIn(availabilityExceptions.userId, set),
          eq(availabilityExceptions.isAvailable, false),
          lt(availabilityExceptions.startsAt, new Date(end)),
          gt(availabilityExceptions.endsAt, new Date(start)),
        ),
      ),
    busyBookingsQuery(db, { hostIds: set, range: o.range, placing: o.placing, ignoreBookingId: o.ignoreBookingId }),
    !isEmptySet(uncached)
      ? db
          .select({
            userId: workingHours.userId,
            weekday: workingHours.weekday,
            startMinute: workingHours.startMinute,
            endMinute: workingHours.endMinute,
          })
          .from(workingHours)
          .where(personIn(workingHours.userId, uncached))
      : Promise.resolve([]),
    withHours
      ? db
          .select({
            userId: workingHourOverrides.userId,
            day: workingHourOverrides.day,
            ranges: workingHourOverrides.ranges,
          })
          .from(workingHourOverrides)
          .where(
            and(
              personIn(workingHourOverrides.userId, set),
              gte(workingHourOverrides.day, utcDay(start - 3 * DAY_MS)),
              lte(workingHourOverrides.day, utcDay(end + 3 * DAY_MS)),
            ),
          )
      : Promise.resolve([]),
  ]);

  const exBy = groupBy(
    exRows,
    (r) => r.userId,
    (r) => ({ start: r.start.getTime(), end: r.end.getTime() }),
  );
  const busyBy = groupBy(
    busyRows,
    (r) => r.hostId,
    (r): BufferedInterval => ({
      start: r.start.getTime(),
      end: r.end.getTime(),
      bufferBeforeMinutes: r.bufferBeforeMinutes,
      bufferAfterMinutes: r.bufferAfterMinutes,
    }),
  );
  const hoursBy = groupBy(
    hourRows,
    (r) => r.userId,
    (r): WeeklyRule => r,
  );
  if (o.hoursCache && withHours)
    for (const p of people) if (!o.hoursCache.has(p.id)) o.hoursCache.set(p.id, hoursBy.get(p.id) ?? []);
  const overridesBy = new Map<string, Map<string, DayRangeRule[]>>();
  for (const r of overrideRows) {
    const days = overridesBy.get(r.userId) ?? new Map<string, DayRangeRule[]>();
    days.set(r.day, r.ranges);
    overridesBy.set(r.userId, days);
  }
  // Working hours: whole local days around the range.
  const hoursRange = { start: start - DAY_MS, end: end + DAY_MS };

  for (const p of people) {
    let hours: Interval[] | null = null;
    if (withHours) {
      const rules = o.hoursCache?.get(p.id) ?? hoursBy.get(p.id) ?? [];
      hours = expandWorkingHours(rules, p.timeZone, hoursRange, overridesBy.get(p.id));
    }
    out.set(p.id, {
      exceptions: exBy.get(p.id) ?? [],
      busy: mergeIntervals(bufferedBusy([...(busyBy.get(p.id) ?? []), ...(o.planned?.get(p.id) ?? [])], o.placing)),
      workingHours: hours,
      calendarBusy: calBy.get(p.id) ?? [],
    });
    // Long ranges for many people take a while to expand: let other requests run in between.
    await o.pause?.();
  }
  return out;
}
