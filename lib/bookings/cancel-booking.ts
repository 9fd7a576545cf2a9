/** Cancelling a booking frees the host's time and gives the fairness count (and any cover) back. */
import { transact } from "@/db/transaction";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bookings, events } from "@/db/schema";
import { notFound } from "@/lib/errors";
import { getBookingDetail } from "@/lib/bookings/present-bookings";
import { emitBookingEvent } from "@/lib/webhooks/emit-domain-events";
import { enqueueBookingCalendarWrite } from "@/lib/calendars/write-booking-event";
import { applyFairnessDeltas, bookingAttribution } from "@/lib/queues/record-queue-stats";
import { releaseDeltas } from "@/lib/routing";

/**
 * Idempotent: cancelling a cancelled booking changes nothing. The counters changed are those of
 * the booking's own windowKey (the window it was counted in): its whole contribution is taken back
 * (count, handoff compensation, covered; releaseDeltas in lib/routing), counts never below 0.
 */
export async function cancelBooking(db: Db, workspaceId: string, actorUserId: string, id: string) {
  await transact(db, async (tx) => {
    const [b] = await tx
      .select()
      .from(bookings)
      .where(and(eq(bookings.id, id), eq(bookings.workspaceId, workspaceId)))
      .for("no key update");
    if (!b) throw notFound("Booking", id);
    if (b.status === "cancelled") return;
    const [row] = await tx
      .update(bookings)
      .set({ status: "cancelled", cancelledAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(bookings.id, id))
      .returning();
    if (b.queueId && b.windowKey)
      await applyFairnessDeltas(
        tx,
        { queueId: b.queueId, windowKey: b.windowKey },
        releaseDeltas(bookingAttribution(b), b.hostId),
      );
    await tx.insert(events).values({
      workspaceId,
      type: "booking.cancelled",
      bookingId: id,
      queueId: b.queueId,
      actorUserId,
      fromUserId: b.hostId,
      reason: "cancelled",
      data: { windowKey: b.windowKey },
    });
    await emitBookingEvent(tx, {
      workspaceId,
      type: "booking.cancelled",
      booking: row,
      reason: "cancelled",
      actorUserId,
    });
    await enqueueBookingCalendarWrite(tx, row);
  });
  return getBookingDetail(db, workspaceId, id);
}
