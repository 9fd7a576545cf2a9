import type { Metadata } from "next";
import Link from "next/link";
import { requirePageViewer } from "@/lib/auth/session";
import { listCalendarConnections } from "@/lib/calendars/manage-calendars";
import { CalendarPanel } from "@/components/calendars/calendar-panel";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "My calendar" };

/** A rep's own calendar connections (anyone signed in; scoped to the viewer's user id). */
export default async function MyCalendarPage() {
  const viewer = await requirePageViewer();
  const [connections, timeZone] = await Promise.all([
    listCalendarConnections(viewer.db, viewer.workspaceId, viewer.user.id),
    viewer.timeZone,
  ]);
  return (
    <div className="space-y-6">
      <div>
        <Link className="text-sm text-brand-700 underline" href="/my">
          ← My assignments
        </Link>
        <h1 className="page-title">My calendar</h1>
        <p className="text-sm text-slate-500">
          Busy times in your calendar keep bookings away from you; bookings routed to you are written into it. Times in{" "}
          {timeZone}.
        </p>
      </div>
      <CalendarPanel userId={viewer.user.id} connections={connections} timeZone={timeZone} />
    </div>
  );
}
