/**
 * Is a workspace user free to take over an appointment? The same checks routing applies to
 * queue members (the engine's checkEligibility: on_exception -> busy (buffered) ->
 * outside_working_hours), but for any user of the workspace, queue member or not.
 */
import { and, eq, gt, inArray, lt, ne } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { availabilityExceptions, bookings, users, workingHours, type Booking, type User } from "@/db/schema";
import { checkEligibility, type Exclusion, type Interval, type MemberInput } from "@/lib/routing";
import { ALL_DAY, expandWorkingHours, mergeIntervals } from "@/lib/slots";
import { DAY_MS, MINUTE_MS } from "@/lib/time-units";
import { calendarBusyForRouting } from "@/lib/calendars/calendar-busy-for-routing";

/** Buffers are at most 240 min each: busy lookups reach this far (as in queue-snapshot). */
const BUFFER_MARGIN = 8 * 60 * MINUTE_MS;

/** Extra busy time not (yet) in the database, e.g. moves planned earlier in a dry run: raw [start,end) plus own buffers. */
export interface PlannedBusy {
  start: number;
  end: number;
  before: number;
  after: number;
}

type UserRow = Pick<User, "id" | "name" | "email" | "timeZone">;
type HourRow = { userId: string; weekday: number; startMinute: number; endMinute: number };

export interface UserAvailability {
  user: UserRow;
  input: MemberInput;
}

/** Working hours are configuration: a bulk run loads them once per user. */
export type HoursCache = Map<string, HourRow[]>;

/**
 * Engine inputs for `userIds` (or every user of the workspace) around `booking`'s time, the booking
 * itself not counting as busy. Busy = other confirmed bookings widened by their own stored buffers
 * and the booking's, exactly as loadQueueSnapshot does for queue members and as bookings_no_overlap
 * enforces.
 * `who` = the users to check (already known to be in the workspace); default: all of the workspace.
 */
export async function loadUserAvailability(
  db: DbOrTx,
  workspaceId: string,
  booking: Booking,
  who?: UserRow[],
  planned?: Map<string, PlannedBusy[]>,
  hoursCache?: HoursCache,
): Promise<UserAvailability[]> {
  const start = booking.startsAt.getTime();
  const end = booking.endsAt.getTime();
  const userRows =
    who ??
    (await db
      .select({ id: users.id, name: users.name, email: users.email, timeZone: users.timeZone })
      .from(users)
      .where(eq(users.workspaceId, workspaceId))
      .orderBy(users.name, users.id));
  if (userRows.length === 0) return [];
  const ids = userRows.map((u) => u.id);
  const uncached = ids.filter((id) => !hoursCache?.has(id));
  // Calendar busy time, from the cache (lib/calendars), widened by the moved booking's buffers.
  const calendar = calendarBusyForRouting(db, ids, { start, end }, booking);
  const [exRows, busyRows, hourRows] = await Promise.all([
    db
      .select({
        userId: availabilityExceptions.userId,
        start: availabilityExceptions.startsAt,
        end: availabilityExceptions.endsAt,
      })
      .from(availabilityExceptions)
      .where(
        and(
          eq(availabilityExceptions.workspaceId, workspaceId),
          inArray(availabilityExceptions.userId, ids),
          eq(availabilityExceptions.isAvailable, false),
          lt(availabilityExceptions.startsAt, new Date(end)),
          gt(availabilityExceptions.endsAt, new Date(start)),
        ),
      ),
    db
      .select({
        hostId: bookings.hostId,
        start: bookings.startsAt,
        end: bookings.endsAt,
        // The buffers stored with the booking: the ones bookings_no_overlap enforces.
        before: bookings.bufferBeforeMinutes,
        after: bookings.bufferAfterMinutes,
      })
      .from(bookings)
      .where(
        and(
          eq(bookings.workspaceId, workspaceId),
          inArray(bookings.hostId, ids),
          eq(bookings.status, "confirmed"),
          ne(bookings.id, booking.id),
          lt(bookings.startsAt, new Date(end + BUFFER_MARGIN)),
          gt(bookings.endsAt, new Date(start - BUFFER_MARGIN)),
        ),
      ),
    uncached.length
      ? db
          .select({
            userId: workingHours.userId,
            weekday: workingHours.weekday,
            startMinute: workingHours.startMinute,
            endMinute: workingHours.endMinute,
          })
          .from(workingHours)
          .where(inArray(workingHours.userId, uncached))
      : Promise.resolve([] as HourRow[]),
  ]);
  if (hoursCache) {
    for (const id of uncached)
      hoursCache.set(
        id,
        hourRows.filter((h) => h.userId === id),
      );
  }
  const calBy = await calendar;
  // The moved booking keeps the buffers stored with it (bookings_no_overlap checks those).
  const bb = booking.bufferBeforeMinutes * MINUTE_MS;
  const ba = booking.bufferAfterMinutes * MINUTE_MS;
  const widen = (r: PlannedBusy): Interval => ({
    start: r.start - r.before * MINUTE_MS - ba,
    end: r.end + r.after * MINUTE_MS + bb,
  });
  const hoursRange = { start: start - DAY_MS, end: end + DAY_MS };
  return userRows.map((u) => {
    const own = busyRows
      .filter((r) => r.hostId === u.id)
      .map((r) => widen({ start: r.start.getTime(), end: r.end.getTime(), before: r.before, after: r.after }));
    const extra = (planned?.get(u.id) ?? []).map(widen);
    const rules = hoursCache?.get(u.id) ?? hourRows.filter((h) => h.userId === u.id);
    return {
      user: u,
      input: {
        userId: u.id,
        name: u.name,
        weight: 1,
        capPerDay: null,
        capPerWeek: null,
        groupIds: [],
        position: 0,
        windowCount: 0,
        windowCredit: 0,
        dayCount: 0,
        weekCount: 0,
        lastAssignedAt: null,
        exceptions: exRows
          .filter((e) => e.userId === u.id)
          .map((e) => ({ start: e.start.getTime(), end: e.end.getTime() })),
        busy: mergeIntervals([...own, ...extra]),
        calendarBusy: calBy.get(u.id) ?? [],
        workingHours: expandWorkingHours(rules.length ? rules : ALL_DAY, u.timeZone, hoursRange),
      },
    };
  });
}

/** Why `a` cannot take `booking`, or null when free (the engine's reasons). */
export function userExclusion(a: UserAvailability, booking: Booking): Exclusion | null {
  return checkEligibility(a.input, {
    start: booking.startsAt.getTime(),
    end: booking.endsAt.getTime(),
    now: Date.now(),
  });
}
