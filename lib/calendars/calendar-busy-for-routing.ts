/**
 * Calendar busy time as routing input (MemberInput.calendarBusy): the cache read by
 * listCalendarBusy, widened by the buffers of the meeting being booked exactly like an existing
 * booking (a calendar event has no buffers of its own). Never calls a calendar server, so it is safe
 * inside the queue lock and in every request.
 */
import type { DbOrTx } from "@/db/client";
import type { Interval } from "@/lib/routing";
import { MINUTE_MS } from "@/lib/time-units";
import type { PeopleSet } from "@/db/people-set";
import { listCalendarBusy } from "./list-calendar-busy";

/** Buffers are at most 240 min each: events this far outside the range can still touch a slot. */
const BUFFER_MARGIN = 8 * 60 * MINUTE_MS;

export async function calendarBusyForRouting(
  db: DbOrTx,
  userIds: PeopleSet,
  range: Interval,
  buffers: { bufferBeforeMinutes: number; bufferAfterMinutes: number },
): Promise<Map<string, Interval[]>> {
  const raw = await listCalendarBusy(db, {
    userIds,
    from: new Date(range.start - BUFFER_MARGIN),
    to: new Date(range.end + BUFFER_MARGIN),
  });
  // The new slot needs its own buffers free: [start - before, end + after] must not touch an event.
  const bb = buffers.bufferBeforeMinutes * MINUTE_MS;
  const ba = buffers.bufferAfterMinutes * MINUTE_MS;
  const out = new Map<string, Interval[]>();
  for (const [userId, list] of raw) {
    out.set(
      userId,
      list.map((iv) => ({ start: iv.start - ba, end: iv.end + bb })),
    );
  }
  return out;
}
