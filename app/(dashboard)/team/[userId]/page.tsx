import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { MANAGER_ROLES, requirePageViewer } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { getWorkspaceUser, publicUser } from "@/lib/people/manage-users";
import { getSchedule } from "@/lib/people/manage-schedules";
import { listExceptions } from "@/lib/people/manage-availability-exceptions";
import { upcomingBookings } from "@/lib/people/upcoming-bookings";
import { PersonProfileForm } from "@/components/team/person-profile-form";
import { ScheduleEditor } from "@/components/team/schedule-editor";
import { ExceptionList } from "@/components/team/exception-list";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Person" };

/** Absences not over yet: past ones are history, not plans. */
const notOver = <T extends { endsAt: string }>(list: T[]) => {
  const now = Date.now();
  return list.filter((e) => Date.parse(e.endsAt) > now);
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One person: role and zone, deactivation, weekly hours with overrides, and absences. Managers only. */
export default async function PersonPage({ params }: { params: Promise<{ userId: string }> }) {
  const viewer = await requirePageViewer(MANAGER_ROLES);
  const { userId } = await params;
  if (!UUID.test(userId)) notFound();
  const user = await getWorkspaceUser(viewer.db, viewer.workspaceId, userId).catch((e) => {
    if (e instanceof AppError && e.code === "not_found") notFound();
    throw e;
  });
  const [schedule, exceptions, wsZone, upcoming] = await Promise.all([
    getSchedule(viewer.db, viewer.workspaceId, userId),
    listExceptions(viewer.db, viewer.workspaceId, userId),
    viewer.timeZone,
    upcomingBookings(viewer.db, viewer.workspaceId, userId),
  ]);
  const person = publicUser(user);
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: user.timeZone }).format(new Date());
  return (
    <div className="space-y-6">
      <div>
        <Link href="/team" className="text-sm text-brand-700 hover:underline">
          ← Team
        </Link>
        <div className="mt-1 flex flex-wrap items-baseline justify-between gap-2">
          <h1 className="page-title">{user.name}</h1>
          <Link href={`/team/${user.id}/calendar`} className="text-sm text-brand-700 hover:underline">
            Calendar
          </Link>
        </div>
        <p className="text-sm text-slate-500">
          {user.email} · <span className="capitalize">{user.role}</span> · {user.timeZone}
          {person.active ? "" : " · deactivated"}
        </p>
      </div>
      <PersonProfileForm
        person={person}
        isSelf={viewer.user.id === user.id}
        workspaceTimeZone={wsZone}
        today={today}
        upcoming={{ count: upcoming.count, lastStartsAt: upcoming.lastStartsAt?.toISOString() ?? null }}
      />
      <ScheduleEditor
        key={user.timeZone}
        userId={user.id}
        name={user.name}
        timeZone={user.timeZone}
        workspaceTimeZone={wsZone}
        initial={schedule}
        today={today}
      />
      <section className="card px-4 pb-4" aria-label={`Absences of ${user.name}`}>
        <ExceptionList
          userId={user.id}
          name={user.name}
          timeZone={user.timeZone}
          exceptions={notOver(exceptions)}
          offerCoverage
        />
      </section>
    </div>
  );
}
