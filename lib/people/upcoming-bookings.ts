/** A person's confirmed bookings from now on: what deactivating them leaves to hand off. */
import { and, count, eq, gte, max } from "drizzle-orm";
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
