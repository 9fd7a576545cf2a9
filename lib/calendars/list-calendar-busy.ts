/**
 * What routing and slots read: each person's calendar busy time in a window, from the cache only
 * (never a calendar server). Merged per person, epoch ms like the rest of the routing engine.
 *
 * Events Baton wrote itself (UID = a booking id) are left out: the booking row already blocks that
 * time, and a cancelled or handed-off booking must not keep blocking through its calendar copy.
 * Disabled connections do not count. Stale caches still do (see sync-policy.ts).
 */
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { isEmptySet, personIn, type PeopleSet } from "@/db/people-set";
import { bookings, calendarBusyIntervals, calendarConnections } from "@/db/schema";
import type { Interval } from "@/lib/routing";
import { mergeIntervals } from "@/lib/slots";

export interface CalendarBusyParams {
  userIds: PeopleSet;
  from: Date;
  to: Date;
}

export async function listCalendarBusy(db: DbOrTx, params: CalendarBusyParams): Promise<Map<string, Interval[]>> {
  const out = new Map<string, Interval[]>();
  if (isEmptySet(params.userIds) || !(params.from < params.to)) return out;
  const rows = await calendarBusyQuery(db, params);
  const raw = new Map<string, Interval[]>();
  for (const r of rows) {
    const list = raw.get(r.userId) ?? [];
    list.push({ start: r.startsAt.getTime(), end: r.endsAt.getTime() });
    raw.set(r.userId, list);
  }
  for (const [userId, list] of raw) out.set(userId, mergeIntervals(list));
  return out;
}

/** The cached intervals listCalendarBusy merges (exported for the plan tests). */
export function calendarBusyQuery(db: DbOrTx, params: CalendarBusyParams) {
  const i = calendarBusyIntervals;
  return db
    .select({ userId: i.userId, startsAt: i.startsAt, endsAt: i.endsAt })
    .from(i)
    .innerJoin(
      calendarConnections,
      and(eq(calendarConnections.id, i.connectionId), eq(calendarConnections.enabled, true)),
    )
    .where(
      and(
        personIn(i.userId, params.userIds),
        // Same expression as the GiST index calendar_busy_intervals_user_range_idx.
        sql`tstzrange(${i.startsAt}, ${i.endsAt}, '[)') && tstzrange(${params.from.toISOString()}::timestamptz, ${params.to.toISOString()}::timestamptz, '[)')`,
        // Only Baton's own events (a booking id) are looked up, one by one in the primary key: a scalar
        // subquery, which the planner neither anti-joins nor hashes. `not exists` let it do either, reading the
        // whole bookings table on every call (a week for 50 calendars: 4 ms at 40,000 bookings, growing with history).
        sql`(${i.bookingId} is null or (select 1 from ${bookings} where ${bookings.id} = ${i.bookingId}) is null)`,
      ),
    );
}
