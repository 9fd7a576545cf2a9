/**
 * Write-back: each booking as an event in its host's CalDAV calendar, through the durable outbox.
 *
 * - `enqueueBookingCalendarWrite` runs inside the booking's own transaction (create, handoff,
 *   cancel): it marks the booking's calendar state `pending` and queues one `calendar.booking` job,
 *   but only when the host has a writable calendar or the booking already has an event somewhere,
 *   so workspaces without calendars pay one indexed read and write nothing.
 * - The job reconciles instead of replaying: it reads the booking as it is now and makes the
 *   calendars match (delete the event where it is if the host changed or the booking was cancelled,
 *   put it into the current host's calendar if confirmed). Running it twice, late, or after a newer
 *   change is harmless; jobs of one booking run one at a time in order (ordering key).
 * - A calendar outage only delays the event: the booking is already committed, the job is retried
 *   with the outbox's backoff (lib/outbox/backoff.ts) and `last_error` says why in plain words.
 */
import { and, asc, eq, isNotNull, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import {
  bookingCalendarEvents,
  bookings,
  calendarConnections,
  meetingTypes,
  users,
  type CalendarConnection,
  type OutboxJob,
} from "@/db/schema";
import { open } from "@/lib/crypto/secret-box";
import type { JobContext, JobHandler } from "@/lib/outbox/types";
import { buildBookingEvent } from "./build-booking-event";
import { deleteEvent, putEvent, type CaldavAccount } from "./caldav-client";
import { CalendarError } from "./calendar-error";
import { secretContext } from "./sync-calendar";

export const CALENDAR_WRITE_JOB = "calendar.booking";

/** Give up after a week: an event that cannot be written by then needs a person anyway. */
const MAX_AGE_MS = 7 * 24 * 60 * 60_000;

/** The host's CalDAV calendars Baton writes bookings to (`select 1 …`, for `exists`). */
export function writableCalendarOf(hostId: SQL): SQL {
  return sql`select 1 from calendar_connections c
    where c.user_id = ${hostId} and c.enabled and c.kind = 'caldav' and c.write_calendar_url is not null`;
}

/**
 * In the caller's transaction, after the booking row changed: state `pending` + one outbox job,
 * when the (new) host has a writable CalDAV calendar or the booking has an event to move or remove.
 */
export async function enqueueBookingCalendarWrite(
  tx: DbOrTx,
  booking: { id: string; workspaceId: string; hostId: string },
): Promise<void> {
  await tx.execute(sql`
    with wanted as (
      select 1 where exists (${writableCalendarOf(sql`${booking.hostId}::uuid`)}) or exists (
        select 1 from booking_calendar_events e where e.booking_id = ${booking.id}::uuid and e.connection_id is not null
      )
    ), st as (
      insert into booking_calendar_events (booking_id, workspace_id, state, updated_at)
      select ${booking.id}::uuid, ${booking.workspaceId}::uuid, 'pending', now() from wanted
      on conflict (booking_id) do update set state = 'pending', updated_at = now()
      returning booking_id
    )
    insert into outbox_jobs (kind, ordering_key, payload)
    ${calendarWriteJobs(sql`st`)}`);
}

/**
 * The calendar-write outbox job for every booking in `from` (a relation with a `booking_id` column), as
 * `select kind, ordering_key, payload …` for `insert into outbox_jobs (kind, ordering_key, payload)`.
 */
export function calendarWriteJobs(from: SQL): SQL {
  return sql`select ${CALENDAR_WRITE_JOB}::text, 'calendar:booking:' || j.booking_id, jsonb_build_object('bookingId', j.booking_id)
    from ${from} j`;
}

function accountOf(c: CalendarConnection): CaldavAccount {
  return {
    serverUrl: c.url,
    username: c.username ?? "",
    password: open(c.secretSealed, { context: secretContext(c.id) }),
  };
}

/** The host's calendar Baton writes to: their oldest enabled CalDAV connection with a write calendar. */
async function writableConnection(db: DbOrTx, userId: string): Promise<CalendarConnection | null> {
  const [c] = await db
    .select()
    .from(calendarConnections)
    .where(
      and(
        eq(calendarConnections.userId, userId),
        eq(calendarConnections.enabled, true),
        eq(calendarConnections.kind, "caldav"),
        isNotNull(calendarConnections.writeCalendarUrl),
      ),
    )
    .orderBy(asc(calendarConnections.createdAt), asc(calendarConnections.id))
    .limit(1);
  return c ?? null;
}

async function reconcile(job: OutboxJob, ctx: JobContext): Promise<void> {
  const db = ctx.handle.db;
  const bookingId = String((job.payload as { bookingId?: unknown }).bookingId ?? "");
  const [row] = await db
    .select({ booking: bookings, host: { name: users.name, email: users.email }, meetingType: meetingTypes.name })
    .from(bookings)
    .innerJoin(users, eq(users.id, bookings.hostId))
    .innerJoin(meetingTypes, eq(meetingTypes.id, bookings.meetingTypeId))
    .where(eq(bookings.id, bookingId));
  const [state] = await db.select().from(bookingCalendarEvents).where(eq(bookingCalendarEvents.bookingId, bookingId));
  if (!row || !state) return; // deleted meanwhile (cascade)
  const b = row.booking;
  const target = b.status === "confirmed" ? await writableConnection(db, b.hostId) : null;
  const setState = (values: Partial<typeof bookingCalendarEvents.$inferInsert>) =>
    db
      .update(bookingCalendarEvents)
      .set({ ...values, updatedAt: sql`now()` })
      .where(eq(bookingCalendarEvents.bookingId, bookingId));
  let leftBehind: string | null = null;
  try {
    // The event sits in another calendar than the one it belongs in now (handoff, cancel, disconnect): remove it there.
    if (
      state.connectionId &&
      state.calendarUrl &&
      (target?.id !== state.connectionId || target?.writeCalendarUrl !== state.calendarUrl)
    ) {
      const [old] = await db.select().from(calendarConnections).where(eq(calendarConnections.id, state.connectionId));
      try {
        if (old) await deleteEvent(accountOf(old), { calendarUrl: state.calendarUrl, uid: bookingId });
      } catch (e) {
        // An outage is retried; a calendar that refuses us for good (wrong password now, calendar gone)
        // must not keep the new host's event from being written: the old copy is left behind, said so.
        if (!(e instanceof CalendarError) || e.transient) throw e;
        leftBehind = `The event could not be removed from the previous calendar: ${e.message}`;
      }
      await setState({ connectionId: null, calendarUrl: null, userId: null, etag: null });
    }
    if (!target?.writeCalendarUrl) {
      await setState({ state: "removed", lastError: leftBehind, syncedAt: sql`now()` as unknown as Date });
      return;
    }
    const sequence = state.sequence + 1;
    const ics = buildBookingEvent({
      uid: bookingId,
      start: b.startsAt,
      end: b.endsAt,
      summary: `${row.meetingType}: ${b.attendeeName}`,
      description: "Booked through Baton",
      organizer: row.host,
      attendees: [{ name: b.attendeeName, email: b.attendeeEmail }],
      sequence,
      updatedAt: b.updatedAt,
    });
    const put = await putEvent(accountOf(target), { calendarUrl: target.writeCalendarUrl, uid: bookingId, ics });
    await setState({
      state: "synced",
      connectionId: target.id,
      calendarUrl: target.writeCalendarUrl,
      userId: b.hostId,
      etag: put.etag,
      sequence,
      attempts: sql`${bookingCalendarEvents.attempts} + 1` as unknown as number,
      lastError: leftBehind,
      syncedAt: sql`now()` as unknown as Date,
    });
  } catch (e) {
    // Plain words for the dashboard; the job itself is retried by the outbox with backoff.
    const message = e instanceof CalendarError ? e.message : "The calendar could not be updated (internal error)";
    await setState({
      state: "failed",
      attempts: sql`${bookingCalendarEvents.attempts} + 1` as unknown as number,
      lastError: message,
    });
    throw e;
  }
}

export const writeBookingEventHandler: JobHandler = {
  run: reconcile,
  maxAgeMs: MAX_AGE_MS,
  async onDead(job, ctx, error) {
    const bookingId = String((job.payload as { bookingId?: unknown }).bookingId ?? "");
    await ctx.handle.db
      .update(bookingCalendarEvents)
      .set({ state: "failed", lastError: `Gave up writing the event after a week (${error})`, updatedAt: sql`now()` })
      .where(eq(bookingCalendarEvents.bookingId, bookingId));
  },
};
