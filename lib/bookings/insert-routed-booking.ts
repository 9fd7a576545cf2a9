/**
 * A routed booking and everything it writes, as ONE statement: the booking's insert (`on conflict do
 * nothing`, with bookings_no_overlap and the Idempotency-Key index as arbiters) and, from its RETURNING,
 * the fairness counters, lastAssignedAt, the `booking.routed` event, the webhook fan-out job and the
 * calendar write. Each write selects from the inserted row, so when the host was booked meanwhile
 * nothing at all is written and the caller tries the next host. Inside the queue lock this is one
 * round trip instead of two (the insert, then the writes that depended on its answer).
 */
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { rowsOf } from "@/db/rows";
import type { Booking } from "@/db/schema";
import type { StateDelta } from "@/lib/routing";
import type { RoutingData } from "./present-bookings";
import { bookingEventData } from "@/lib/webhooks/emit-domain-events";
import { fanoutJob } from "@/lib/webhooks/emit";
import { calendarWriteJobs, writableCalendarOf } from "@/lib/calendars/write-booking-event";

export interface RoutedBookingWrite {
  /** The booking as it will be stored: its id and times are chosen by the caller. */
  booking: Booking;
  /** assignmentDeltas for the chosen host (counts never go down on a routed booking). */
  deltas: StateDelta[];
  actorUserId: string | null;
  reason: string;
  routing: RoutingData;
  host: { id: string; name: string; email: string };
}

/** True if the booking was inserted (and everything with it); false if its host was taken meanwhile. */
export async function insertRoutedBooking(tx: Tx, w: RoutedBookingWrite): Promise<boolean> {
  const b = w.booking;
  if (!b.queueId || !b.windowKey) throw new Error("insertRoutedBooking: a routed booking has a queue and window");
  // One row per member (ON CONFLICT may touch a row once per statement); nothing for all-zero deltas.
  // Lists travel as one jsonb parameter: the same statement text for any number of rows, on both drivers.
  const byUser = new Map<string, { count: number; credit: number }>();
  for (const d of w.deltas) {
    const x = byUser.get(d.userId) ?? { count: 0, credit: 0 };
    byUser.set(d.userId, { count: x.count + d.windowCount, credit: x.credit + d.windowCredit });
  }
  const stats = [...byUser].filter(([, d]) => d.count !== 0 || d.credit !== 0);
  if (stats.some(([, d]) => d.count < 0)) throw new Error("insertRoutedBooking: a routed booking never lowers a count");
  const lastAssigned = w.deltas.filter((d) => d.lastAssignedAt !== undefined);
  const webhook = fanoutJob(
    {
      workspaceId: b.workspaceId,
      type: "booking.routed",
      orderingKey: `booking:${b.id}`,
      data: bookingEventData({
        booking: b,
        reason: w.reason,
        actorUserId: w.actorUserId,
        routing: w.routing,
        host: w.host,
      }),
    },
    sql`b`,
  );
  const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;
  const rows = rowsOf(
    await tx.execute(sql`
      with b as (
        insert into bookings (id, workspace_id, meeting_type_id, host_id, queue_id, window_key, credited_user_id,
          counted_user_id, starts_at, ends_at, attendee_email, attendee_name, routing_reason, idempotency_key,
          idempotency_fingerprint, status, created_at, updated_at)
        values (${b.id}::uuid, ${b.workspaceId}::uuid, ${b.meetingTypeId}::uuid, ${b.hostId}::uuid, ${b.queueId}::uuid,
          ${b.windowKey}::text, ${b.creditedUserId}::uuid, ${b.countedUserId}::uuid, ${ts(b.startsAt)}, ${ts(b.endsAt)},
          ${b.attendeeEmail}::text, ${b.attendeeName}::text, ${b.routingReason}::text, ${b.idempotencyKey}::text,
          ${b.idempotencyFingerprint}::text, 'confirmed', ${ts(b.createdAt)}, ${ts(b.updatedAt)})
        on conflict do nothing
        returning id, workspace_id, host_id
      ), st as (
        insert into queue_member_stats (queue_id, window_key, user_id, count, credit, covered)
        select ${b.queueId}::uuid, ${b.windowKey}::text, d.user_id, d.count, d.credit, 0
        from b, jsonb_to_recordset(${JSON.stringify(stats.map(([user_id, d]) => ({ user_id, ...d })))}::jsonb)
          as d(user_id uuid, count int, credit float8)
        on conflict (queue_id, window_key, user_id) do update set
          count = greatest(0, queue_member_stats.count + excluded.count),
          credit = queue_member_stats.credit + excluded.credit
      ), la as (
        update queue_members m set last_assigned_at = d.at
        from b, jsonb_to_recordset(${JSON.stringify(
          lastAssigned.map((d) => ({ user_id: d.userId, at: new Date(d.lastAssignedAt!).toISOString() })),
        )}::jsonb) as d(user_id uuid, at timestamptz)
        where m.queue_id = ${b.queueId}::uuid and m.user_id = d.user_id
      ), ev as (
        insert into events (workspace_id, type, booking_id, queue_id, actor_user_id, to_user_id, reason, data)
        select b.workspace_id, 'booking.routed', b.id, ${b.queueId}::uuid, ${w.actorUserId}::uuid, b.host_id,
          ${w.reason}::text, ${JSON.stringify(w.routing)}::jsonb
        from b
      ), wh as (
        insert into outbox_jobs (kind, ordering_key, payload)
        ${webhook.select}
      ), cal as (
        insert into booking_calendar_events (booking_id, workspace_id, state, updated_at)
        select b.id, b.workspace_id, 'pending', now() from b where exists (${writableCalendarOf(sql`b.host_id`)})
        returning booking_id
      ), calj as (
        insert into outbox_jobs (kind, ordering_key, payload)
        ${calendarWriteJobs(sql`cal`)}
      )
      select id from b`),
  );
  return rows.length > 0;
}
