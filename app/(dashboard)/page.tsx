import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { requirePageViewer, isManager } from "@/lib/auth/session";
import { workspaceOverview } from "@/lib/dashboard/get-workspace-overview";
import { STRATEGY_LABEL } from "@/components/strategy-label";
import { listWorkspaceQueues } from "@/lib/queues/describe-queues";
import { distributionFor, type QueueDistribution } from "@/lib/dashboard/get-queue-distribution";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const viewer = await requirePageViewer();
  if (!isManager(viewer.role)) redirect("/my");
  const [o, described] = await Promise.all([
    workspaceOverview(viewer.db, viewer.workspaceId),
    listWorkspaceQueues(viewer.db, viewer.workspaceId, viewer.workspaceId),
  ]);
  // This window's bookings against what each member was expected to get (lib/routing/expected.ts).
  const dist = new Map((await distributionFor(viewer.db, described, viewer.timeZone)).map((d) => [d.queueId, d]));
  const stats = [
    { label: "Queues", value: o.queues.length },
    { label: "Team members", value: o.people },
    { label: "Upcoming bookings", value: o.upcoming },
  ];
  return (
    <div className="space-y-6">
      <div>
        <h1 className="page-title">{o.workspace?.name}</h1>
        <p className="text-sm text-slate-500">
          Welcome back, {viewer.user.name.split(" ")[0]}. Time zone {o.workspace?.timeZone}.
        </p>
      </div>
      <section className="grid gap-4 sm:grid-cols-3" aria-label="Key figures">
        {stats.map((s) => (
          <div key={s.label} className="card p-4">
            <p className="text-sm text-slate-500">{s.label}</p>
            <p className="mt-1 text-3xl font-semibold">{s.value}</p>
          </div>
        ))}
      </section>
      <section className="card">
        <h2 className="border-b border-slate-200 px-4 py-3 font-semibold">Queues</h2>
        {o.queues.length === 0 ? (
          <p className="p-4 text-sm text-slate-500">
            No queues yet. Create a meeting type with `npm run baton -- meeting-type add`.
          </p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {o.queues.map((q) => (
              <li key={q.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3">
                <div>
                  <p className="font-medium">{q.name}</p>
                  <p className="text-xs text-slate-500">{q.meetingType}</p>
                </div>
                <div className="flex items-center gap-2 text-sm text-slate-600">
                  <span className="badge bg-brand-50 text-brand-700">{STRATEGY_LABEL[q.strategy]}</span>
                  <span>{q.members} members</span>
                  <FairnessNote d={dist.get(q.id)} />
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

/** This window's fairness in a few words: who is off what they were expected to get, if anyone. */
function FairnessNote({ d }: { d: QueueDistribution | undefined }) {
  if (!d || d.total === 0) return <span className="text-slate-500">no bookings this window</span>;
  const off = d.members.filter((m) => m.deviation);
  if (!off.length) return <span data-testid="fairness-note">{d.total} bookings, everyone on track</span>;
  return (
    <span data-testid="fairness-note" className="badge bg-amber-100 text-amber-900">
      Off target: {off.map((m) => `${m.name} ${m.count} of ${m.expected.toFixed(1)} expected`).join(", ")}
    </span>
  );
}
