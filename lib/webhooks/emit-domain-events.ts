/**
 * The use cases' side of webhooks: one helper per subject, called inside the transaction of the
 * change, building `data` in the same shape the API returns (only when someone subscribed).
 * Booking events are ordered per booking (`routed` before `handed_off` before `cancelled`).
 */
import type { DbOrTx } from "@/db/client";
import type { Booking, Queue } from "@/db/schema";
import type { ExceptionResponse } from "@/lib/api/schemas/exceptions";
import { eq } from "drizzle-orm";
import { users } from "@/db/schema";
import { bookingView, presentBookings, type RoutingData } from "@/lib/bookings/present-bookings";
import { describeQueues } from "@/lib/queues/describe-queues";
import { emitWebhookEvent } from "./emit";
import type { WebhookActor } from "./event-types";

/** Changes always come from a person: a manager in the dashboard, or the user an API key acts for. */
export const userActor = (userId: string | null): WebhookActor =>
  userId ? { type: "user", id: userId } : { type: "system", id: null };

export function emitBookingEvent(
  tx: DbOrTx,
  o: {
    workspaceId: string;
    type: "booking.routed" | "booking.forced" | "booking.cancelled" | "booking.handed_off";
    booking: Booking;
    reason: string | null;
    actorUserId: string | null;
    extra?: Record<string, unknown>;
    /** The routing decision just recorded (routed/forced): saves re-reading it from the events table. */
    routing?: RoutingData;
    /**
     * The host as the caller already knows it (routing loaded it). With `routing` too, the event is
     * recorded without a single read: what a routed booking pays for its webhooks is one insert.
     */
    host?: { id: string; name: string; email: string };
  },
) {
  return emitWebhookEvent(tx, {
    workspaceId: o.workspaceId,
    type: o.type,
    orderingKey: `booking:${o.booking.id}`,
    data:
      o.routing && o.host
        ? bookingEventData({ ...o, routing: o.routing, host: o.host })
        : async () =>
            eventData(
              o.routing
                ? bookingView(o.booking, await hostOf(tx, o.booking.hostId), { reason: o.reason, data: o.routing })
                : (await presentBookings(tx, [o.booking]))[0],
              o,
            ),
  });
}

/** A booking event's `data` when the caller knows the routing and the host: no read needed. */
export function bookingEventData(o: {
  booking: Booking;
  reason: string | null;
  actorUserId: string | null;
  extra?: Record<string, unknown>;
  routing: RoutingData;
  host: { id: string; name: string; email: string };
}): Record<string, unknown> {
  return eventData(bookingView(o.booking, o.host, { reason: o.reason, data: o.routing }), o);
}

/** A booking event's `data`: the booking as the API shows it, why, and who acted. */
function eventData(
  booking: unknown,
  o: { reason: string | null; actorUserId: string | null; extra?: Record<string, unknown> },
): Record<string, unknown> {
  return { booking, reason: o.reason, actor: userActor(o.actorUserId), ...o.extra };
}

async function hostOf(tx: DbOrTx, id: string) {
  const [host] = await tx
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(eq(users.id, id));
  return host;
}

export function emitQueueUpdated(
  tx: DbOrTx,
  o: {
    workspaceId: string;
    queue: Queue;
    reason: string;
    actorUserId: string | null;
    changes?: Record<string, unknown>;
  },
) {
  return emitWebhookEvent(tx, {
    workspaceId: o.workspaceId,
    type: "queue.updated",
    orderingKey: `queue:${o.queue.id}`,
    data: async () => ({
      queue: (await describeQueues(tx, [o.queue]))[0],
      reason: o.reason,
      actor: userActor(o.actorUserId),
      ...(o.changes ? { changes: o.changes } : {}),
    }),
  });
}

export function emitExceptionEvent(
  tx: DbOrTx,
  o: {
    workspaceId: string;
    type: "availability_exception.created" | "availability_exception.deleted";
    exception: ExceptionResponse;
    reason: string;
    actorUserId: string | null;
  },
) {
  return emitWebhookEvent(tx, {
    workspaceId: o.workspaceId,
    type: o.type,
    orderingKey: `user:${o.exception.userId}`,
    data: { exception: o.exception, reason: o.reason, actor: userActor(o.actorUserId) },
  });
}
