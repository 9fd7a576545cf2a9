import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { and, eq } from "drizzle-orm";
import { users } from "@/db/schema";
import { MANAGER_ROLES, requirePageViewer } from "@/lib/auth/session";
import { listCalendarConnections } from "@/lib/calendars/manage-calendars";
import { CalendarPanel } from "@/components/calendars/calendar-panel";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Calendar" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A manager's view of one person's calendars: sync status, refresh, connect on their behalf. */
export default async function PersonCalendarPage({ params }: { params: Promise<{ userId: string }> }) {
  const viewer = await requirePageViewer(MANAGER_ROLES);
  const { userId } = await params;
  if (!UUID.test(userId)) notFound();
  const [person] = await viewer.db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.workspaceId, viewer.workspaceId)));
  if (!person) notFound();
  const [connections, timeZone] = await Promise.all([
    listCalendarConnections(viewer.db, viewer.workspaceId, person.id),
    viewer.timeZone,
  ]);
  return (
    <div className="space-y-6">
      <div>
        <Link className="text-sm text-brand-700 underline" href="/team">
          ← Team
        </Link>
        <h1 className="page-title">{person.name}&apos;s calendar</h1>
        <p className="text-sm text-slate-500">
          Busy time from this calendar keeps bookings away from {person.name}; their bookings are written into it. Times
          in {timeZone}.
        </p>
      </div>
      <CalendarPanel userId={person.id} connections={connections} timeZone={timeZone} />
    </div>
  );
}
