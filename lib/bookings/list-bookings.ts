/** GET /v4/booking — filtered, ordered by (start, id), paginated by cursor or offset. */
import { and, asc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { bookings } from "@/db/schema";
import { badRequest } from "@/lib/errors";
import type { BookingListQuery } from "@/lib/api/schemas/bookings";
import { presentBookings } from "@/lib/bookings/present-bookings";
import { getWorkspaceQueue } from "@/lib/queues/get-queue";
import { getWorkspaceUser } from "@/lib/people/manage-users";

const encodeCursor = (b: { startsAt: Date; id: string }) =>
  Buffer.from(JSON.stringify([b.startsAt.toISOString(), b.id])).toString("base64url");

function decodeCursor(c: string): { start: Date; id: string } {
  try {
    const [start, id] = JSON.parse(Buffer.from(c, "base64url").toString()) as [string, string];
    const d = new Date(start);
    if (Number.isNaN(d.getTime()) || !/^[0-9a-f-]{36}$/i.test(id)) throw new Error();
    return { start: d, id };
  } catch {
    throw badRequest("cursor is not valid", { field: "cursor" });
  }
}

export async function listBookings(db: DbOrTx, workspaceId: string, q: BookingListQuery) {
  if (q.hostId) await getWorkspaceUser(db, workspaceId, q.hostId);
  if (q.queueId) await getWorkspaceQueue(db, workspaceId, q.queueId);
  const where: (SQL | undefined)[] = [
    eq(bookings.workspaceId, workspaceId),
    q.hostId ? eq(bookings.hostId, q.hostId) : undefined,
    q.queueId ? eq(bookings.queueId, q.queueId) : undefined,
    q.meetingTypeId ? eq(bookings.meetingTypeId, q.meetingTypeId) : undefined,
    q.status ? eq(bookings.status, q.status) : undefined,
    q.start ? gte(bookings.startsAt, q.start) : undefined,
    q.end ? lt(bookings.startsAt, q.end) : undefined,
  ];
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    where.push(sql`(${bookings.startsAt}, ${bookings.id}) > (${c.start.toISOString()}::timestamptz, ${c.id}::uuid)`);
  }
  const rows = await db
    .select()
    .from(bookings)
    .where(and(...where))
    .orderBy(asc(bookings.startsAt), asc(bookings.id))
    .limit(q.limit + 1)
    .offset(q.offset ?? 0);
  const page = rows.slice(0, q.limit);
  return {
    bookings: await presentBookings(db, page),
    nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1]) : null,
    limit: q.limit,
  };
}
