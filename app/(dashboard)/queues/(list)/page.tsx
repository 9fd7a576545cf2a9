import type { Metadata } from "next";
import Link from "next/link";
import { MANAGER_ROLES, requirePageViewer } from "@/lib/auth/session";
import { listWorkspaceQueues } from "@/lib/queues/describe-queues";
import { listMeetingTypes } from "@/lib/meeting-types/manage-meeting-types";
import { distributionFor } from "@/lib/dashboard/get-queue-distribution";
import { STRATEGY_LABEL, WINDOW_LABEL } from "@/components/strategy-label";
import { MiniBars } from "@/components/queues/mini-bars";
import { EmptyState } from "@/components/ui/empty-state";
import { CreateQueueForm } from "@/components/queues/create-queue-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Queues" };

export default async function QueuesPage() {
  const viewer = await requirePageViewer(MANAGER_ROLES);
  const [all, types, tz] = await Promise.all([
    listWorkspaceQueues(viewer.db, viewer.workspaceId, viewer.workspaceId),
    listMeetingTypes(viewer.db, viewer.workspaceId),
    viewer.timeZone,
  ]);
  const list = all.filter((q) => !q.archivedAt);
  const archived = all.filter((q) => q.archivedAt);
  const dist = await distributionFor(viewer.db, list, tz);
  const typeName = new Map(types.map((t) => [t.id, t.name]));
  return (
    <div className="space-y-6">
      <div>
        <h1 className="page-title">Queues</h1>
        <p className="text-sm text-slate-500">
          Who gets the next booking. Bars show this window&apos;s bookings; the dark tick is what each member was
          expected to get from the bookings they could have taken (bookings / expected).
        </p>
      </div>
      <CreateQueueForm />
      {list.length === 0 ? (
        <div className="card">
          <EmptyState title="No queues yet">
            Create one above: a meeting type people can book, with the queue that picks its host.
          </EmptyState>
        </div>
      ) : (
        <ul className="grid gap-4 lg:grid-cols-2">
          {list.map((q, i) => (
            <li key={q.id} className="card flex flex-col p-4">
              <div className="flex flex-wrap items-start justify-between gap-2">
                <div>
                  <Link href={`/queues/${q.id}`} className="font-semibold text-brand-700 hover:underline">
                    {q.name}
                  </Link>
                  <p className="text-xs text-slate-500">
                    {typeName.get(q.meetingTypeId)} · {q.users.length} members
                    {q.groups.length ? ` · ${q.groups.length} priority groups` : ""}
                  </p>
                </div>
                <div className="flex gap-1.5">
                  <span className="badge bg-brand-50 text-brand-700">{STRATEGY_LABEL[q.strategy]}</span>
                  <span className="badge bg-slate-100 text-slate-600">{WINDOW_LABEL[q.fairnessWindow]}</span>
                </div>
              </div>
              <div className="mt-4 flex-1">
                {q.users.length === 0 ? (
                  <p className="text-sm text-slate-500">No members yet.</p>
                ) : (
                  <MiniBars members={dist[i].members} />
                )}
              </div>
              <p className="mt-3 text-xs text-slate-500">
                {dist[i].total} bookings counted {WINDOW_LABEL[q.fairnessWindow].toLowerCase()}
                {dist[i].members.some((m) => m.deviation)
                  ? ` · ${dist[i].members.filter((m) => m.deviation).length} off target`
                  : " · everyone on track"}
              </p>
            </li>
          ))}
        </ul>
      )}
      {archived.length > 0 && (
        <section aria-labelledby="archived-title" className="space-y-2">
          <h2 id="archived-title" className="font-semibold">
            Archived
          </h2>
          <p className="text-sm text-slate-500">These take no bookings. Open one to restore it.</p>
          <ul className="flex flex-wrap gap-2">
            {archived.map((q) => (
              <li key={q.id}>
                <Link href={`/queues/${q.id}`} className="badge bg-slate-100 px-3 py-1 text-slate-700 hover:underline">
                  {q.name}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
