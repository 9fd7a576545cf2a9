import type { Metadata } from "next";
import { and, asc, eq, gte } from "drizzle-orm";
import { bookings, meetingTypes } from "@/db/schema";
import { requirePageViewer } from "@/lib/auth/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "My assignments" };

export default async function MyAssignmentsPage() {
  const viewer = await requirePageViewer();
  const rows = await viewer.db.select({ id: bookings.id, startsAt: bookings.startsAt, attendee: bookings.attendeeName, meetingType: meetingTypes.name })
    .from(bookings).innerJoin(meetingTypes, eq(meetingTypes.id, bookings.meetingTypeId))
    .where(and(eq(bookings.hostId, viewer.user.id), eq(bookings.status, "confirmed"), gte(bookings.startsAt, new Date())))
    .orderBy(asc(bookings.startsAt)).limit(50);
  const fmt = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: viewer.user.timeZone });
  return (
    <div className="space-y-6">
      <h1 className="page-title">My assignments</h1>
      <section className="card">
        <h2 className="border-b border-slate-200 px-4 py-3 font-semibold">Upcoming bookings</h2>
        {rows.length === 0 ? <p className="p-4 text-sm text-slate-500">Nothing booked for you yet.</p> : (
          <ul className="divide-y divide-slate-100">
            {rows.map((b) => (
              <li key={b.id} className="flex justify-between px-4 py-3 text-sm">
                <span>{b.attendee} · {b.meetingType}</span>
                <time dateTime={b.startsAt.toISOString()} className="text-slate-600">{fmt.format(b.startsAt)}</time>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
