/** A person's confirmed bookings from now on: what deactivating them leaves to hand off. */
import { and, count, eq, gt, gte, lt, max } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { bookings } from "@/db/schema";

export async function upcomingBookings(db: DbOrTx, workspaceId: string, userId: string, now = new Date()) {
  const [row] = await db
    .select({ count: count(), last: max(bookings.startsAt) })
    .from(bookings)
    .where(
      and(
        eq(bookings.workspaceId, workspaceId),
        eq(bookings.hostId, userId),
        eq(bookings.status, "confirmed"),
        gte(bookings.startsAt, now),
      ),
    );
  return { count: Number(row?.count ?? 0), lastStartsAt: row?.last ? new Date(row.last) : null };
}

/** A person's confirmed bookings not over yet that overlap [start, end): what a new absence leaves with them. */
export async function bookingsDuring(
  db: DbOrTx,
  o: { workspaceId: string; userId: string; start: Date; end: Date; now?: Date },
) {
  const notOver = o.now ?? new Date();
  const [row] = await db
    .select({ count: count() })
    .from(bookings)
    .where(
      and(
        eq(bookings.workspaceId, o.workspaceId),
        eq(bookings.hostId, o.userId),
        eq(bookings.status, "confirmed"),
        lt(bookings.startsAt, o.end),
        gt(bookings.endsAt, o.start > notOver ? o.start : notOver),
      ),
    );
  return Number(row?.count ?? 0);
}
