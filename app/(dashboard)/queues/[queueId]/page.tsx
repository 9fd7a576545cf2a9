import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { MANAGER_ROLES, requirePageViewer } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { getQueueDetail } from "@/lib/queues/describe-queues";
import { getMeetingType } from "@/lib/meeting-types/manage-meeting-types";
import { QueueWorkspace } from "@/components/queues/queue-workspace";
import { ArchiveQueueButton } from "@/components/queues/archive-queue-button";
import { listUsers } from "@/lib/people/manage-users";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Queue" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function QueuePage({ params }: { params: Promise<{ queueId: string }> }) {
  const viewer = await requirePageViewer(MANAGER_ROLES);
  const { queueId } = await params;
  if (!UUID.test(queueId)) notFound();
  const queue = await getQueueDetail(viewer.db, viewer.workspaceId, queueId).catch((e) => {
    if (e instanceof AppError && e.code === "not_found") notFound();
    throw e;
  });
  const [mt, people] = await Promise.all([
    getMeetingType(viewer.db, viewer.workspaceId, queue.meetingTypeId),
    listUsers(viewer.db, viewer.workspaceId, { activeOnly: true }),
  ]);
  return (
    <div className="space-y-6">
      <div>
        <Link href="/queues" className="text-sm text-brand-700 hover:underline">
          ← Queues
        </Link>
        <div className="mt-1 flex flex-wrap items-center justify-between gap-2">
          <h1 className="page-title">{queue.name}</h1>
          <ArchiveQueueButton queueId={queue.id} name={queue.name} archived={!!queue.archivedAt} />
        </div>
        <p className="text-sm text-slate-500">
          {mt.name} · {mt.durationMinutes} min · {queue.users.length} members
          {queue.archivedAt ? " · archived: takes no bookings" : ""}
        </p>
      </div>
      <QueueWorkspace initial={queue} people={people.map((p) => ({ id: p.id, name: p.name }))} />
    </div>
  );
}
