import type { Metadata } from "next";
import { MANAGER_ROLES, requirePageViewer } from "@/lib/auth/session";
import { teamOverview } from "@/lib/dashboard/get-team-overview";
import { TeamMemberCard } from "@/components/team/team-member-card";
import { EmptyState } from "@/components/ui/empty-state";
import { AddPersonForm } from "@/components/team/add-person-form";
import { DefaultHoursForm } from "@/components/team/default-hours-form";
import { formatWeeklySpec } from "@/lib/people/hours-spec";
import { hoursSummary } from "@/components/team/team-member-card";
import { getDefaultWorkingHours } from "@/lib/people/manage-schedules";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Team" };

export default async function TeamPage() {
  const viewer = await requirePageViewer(MANAGER_ROLES);
  const [team, wsZone, defaults] = await Promise.all([
    teamOverview(viewer.db, viewer.workspaceId),
    viewer.timeZone,
    getDefaultWorkingHours(viewer.db, viewer.workspaceId),
  ]);
  const active = team.filter((m) => m.active);
  const inactive = team.filter((m) => !m.active);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="page-title">Team</h1>
        <p className="text-sm text-slate-500">
          Roles, working hours (in each person&apos;s own time zone) and absences. People with an absence get no
          bookings during it. Workspace time: {wsZone}.
        </p>
      </div>
      <AddPersonForm workspaceTimeZone={wsZone} defaultHours={hoursSummary(defaults).join(", ") || "none"} />
      <DefaultHoursForm initial={formatWeeklySpec(defaults)} />
      {team.length === 0 ? (
        <div className="card">
          <EmptyState title="Nobody here yet">Add the first person above.</EmptyState>
        </div>
      ) : (
        <ul className="grid gap-4 lg:grid-cols-2">
          {active.map((m) => (
            <TeamMemberCard key={m.id} member={m} />
          ))}
        </ul>
      )}
      {inactive.length > 0 && (
        <section aria-labelledby="inactive-title" className="space-y-3">
          <h2 id="inactive-title" className="font-semibold">
            Deactivated
          </h2>
          <p className="text-sm text-slate-500">
            Never routed to and cannot sign in. Open a person to reactivate them.
          </p>
          <ul className="grid gap-4 lg:grid-cols-2">
            {inactive.map((m) => (
              <TeamMemberCard key={m.id} member={m} nested />
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
