import type { Metadata } from "next";
import { MANAGER_ROLES, requirePageViewer } from "@/lib/auth/session";
import { listUsers } from "@/lib/people/manage-users";
import { listWorkspaceQueues } from "@/lib/queues/describe-queues";
import { CoverageWizard } from "@/components/coverage/coverage-wizard";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Vacation coverage" };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);

export default async function CoveragePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const viewer = await requirePageViewer(MANAGER_ROLES);
  const [people, queues, timeZone] = await Promise.all([
    listUsers(viewer.db, viewer.workspaceId),
    listWorkspaceQueues(viewer.db, viewer.workspaceId, viewer.workspaceId),
    viewer.timeZone,
  ]);
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: viewer.user.timeZone }).format(new Date());
  return (
    <div className="space-y-6">
      <div>
        <h1 className="page-title">Vacation coverage</h1>
        <p className="text-sm text-slate-500">
          Someone is away: record the absence and hand their appointments to a backup person or a queue in one go.
        </p>
      </div>
      <CoverageWizard
        people={people.map((p) => ({
          id: p.id,
          name: p.active ? p.name : `${p.name} (deactivated)`,
          active: p.active,
        }))}
        queues={queues.map((q) => ({ id: q.id, name: q.name }))}
        timeZone={timeZone}
        today={today}
        initial={{
          userId: UUID.test(one(sp.userId) ?? "") ? one(sp.userId) : undefined,
          startDate: DAY.test(one(sp.startDate) ?? "") ? one(sp.startDate) : undefined,
          endDate: DAY.test(one(sp.endDate) ?? "") ? one(sp.endDate) : undefined,
          name: one(sp.name)?.slice(0, 200) || undefined,
        }}
      />
    </div>
  );
}
