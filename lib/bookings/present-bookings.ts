/** Bookings as the API shows them: host, attendee, routing decision (from the routing event). */
import { and, asc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { anyOf } from "@/db/any";
import { bookingCalendarEvents, bookings, events, users, type Booking } from "@/db/schema";
import { notFound } from "@/lib/errors";
import type { BookingResponse } from "@/lib/api/schemas/bookings";

export const ROUTING_EVENTS = ["booking.routed", "booking.forced"] as const;
export const HANDOFF_EVENTS = ["handoff.appointment", "handoff.bulk"] as const;

/** What the routing event stores in `data`, to answer `routing` later. */
export interface RoutingData {
  strategy: string;
  tier: number | null;
  rank: number | null;
  [k: string]: unknown;
}

export async function presentBookings(db: DbOrTx, rows: Booking[]): Promise<BookingResponse[]> {
  if (!rows.length) return [];
  const hostIds = [...new Set(rows.map((b) => b.hostId))];
  const [hosts, routed] = await Promise.all([
    db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(anyOf(users.id, hostIds)),
    db
      .select({ bookingId: events.bookingId, reason: events.reason, data: events.data })
      .from(events)
      .where(
        and(
          anyOf(
            events.bookingId,
            rows.map((b) => b.id),
          ),
          inArray(events.type, [...ROUTING_EVENTS]),
        ),
      ),
  ]);
  const hostBy = new Map(hosts.map((h) => [h.id, h]));
  const routingBy = new Map(routed.map((e) => [e.bookingId, e]));
  return rows.map((b) => bookingView(b, hostBy.get(b.hostId), routingBy.get(b.id)));
}

/** One booking as the API shows it, from its row, its host and its routing event. */
export function bookingView(
  b: Booking,
  host: { id: string; name: string; email: string } | undefined,
  ev: { reason: string | null; data: unknown } | undefined,
): BookingResponse {
  const data = ev?.data as RoutingData | undefined;
  return {
    id: b.id,
    meetingTypeId: b.meetingTypeId,
    start: b.startsAt.toISOString(),
    end: b.endsAt.toISOString(),
    hostId: b.hostId,
    host: host ?? { id: b.hostId, name: "", email: "" },
    attendee: { email: b.attendeeEmail, fullname: b.attendeeName },
    status: b.status,
    queueId: b.queueId,
    routing: data
      ? {
          strategy: data.strategy,
          reason: ev?.reason ?? b.routingReason,
          tier: data.tier ?? null,
          rank: data.rank ?? null,
        }
      : null,
    createdAt: b.createdAt.toISOString(),
    cancelledAt: b.cancelledAt?.toISOString() ?? null,
  };
}

/** Which of these bookings were handed off since their first assignment (their routing no longer explains the host). */
export async function handedOffBookingIds(db: DbOrTx, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db
    .selectDistinct({ bookingId: events.bookingId })
    .from(events)
    .where(and(inArray(events.bookingId, ids), inArray(events.type, [...HANDOFF_EVENTS])));
  return new Set(rows.map((r) => r.bookingId).filter((id): id is string => id !== null));
}

export async function getWorkspaceBooking(db: DbOrTx, workspaceId: string, id: string): Promise<Booking> {
  const [b] = await db
    .select()
    .from(bookings)
    .where(and(eq(bookings.id, id), eq(bookings.workspaceId, workspaceId)));
  if (!b) throw notFound("Booking", id);
  return b;
}

/** GET /v4/booking/:id — the booking with its event history, oldest first. */
export async function getBookingDetail(db: DbOrTx, workspaceId: string, id: string) {
  const b = await getWorkspaceBooking(db, workspaceId, id);
  const [view] = await presentBookings(db, [b]);
  const history = await db
    .select()
    .from(events)
    .where(eq(events.bookingId, id))
    .orderBy(asc(events.createdAt), asc(events.id));
  const [cal] = await db
    .select({
      state: bookingCalendarEvents.state,
      lastError: bookingCalendarEvents.lastError,
      syncedAt: bookingCalendarEvents.syncedAt,
    })
    .from(bookingCalendarEvents)
    .where(eq(bookingCalendarEvents.bookingId, id));
  return {
    ...view,
    calendarEvent: cal ? { ...cal, syncedAt: cal.syncedAt?.toISOString() ?? null } : null,
    events: history.map((e) => ({
      id: e.id,
      type: e.type,
      reason: e.reason,
      actorUserId: e.actorUserId,
      fromUserId: e.fromUserId,
      toUserId: e.toUserId,
      data: e.data,
      createdAt: e.createdAt.toISOString(),
    })),
  };
}
