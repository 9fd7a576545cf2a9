import type { Metadata } from "next";
import { MANAGER_ROLES, requirePageViewer } from "@/lib/auth/session";
import { teamOverview } from "@/lib/dashboard/get-team-overview";
import { TeamMemberCard } from "@/components/team/team-member-card";
import { EmptyState } from "@/components/ui/empty-state";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Team" };

export default async function TeamPage() {
  const viewer = await requirePageViewer(MANAGER_ROLES);
  const team = await teamOverview(viewer.db, viewer.workspaceId);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="page-title">Team</h1>
        <p className="text-sm text-slate-500">
          Roles, working hours (in each person&apos;s own time zone) and absences. People with an absence get no
          bookings during it.
        </p>
      </div>
      {team.length === 0 ? (
        <div className="card">
          <EmptyState title="Nobody here yet">
            Add people with <code>npm run baton -- user add</code>.
          </EmptyState>
        </div>
      ) : (
        <ul className="grid gap-4 lg:grid-cols-2">
          {team.map((m) => (
            <TeamMemberCard key={m.id} member={m} />
          ))}
        </ul>
      )}
    </div>
  );
}
