import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { MANAGER_ROLES, requirePageViewer } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { getQueueDetail } from "@/lib/queues/describe-queues";
import { getMeetingType } from "@/lib/meeting-types/manage-meeting-types";
import { QueueWorkspace } from "@/components/queues/queue-workspace";

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
  const mt = await getMeetingType(viewer.db, viewer.workspaceId, queue.meetingTypeId);
  return (
    <div className="space-y-6">
      <div>
        <Link href="/queues" className="text-sm text-brand-700 hover:underline">
          ← Queues
        </Link>
        <h1 className="page-title mt-1">{queue.name}</h1>
        <p className="text-sm text-slate-500">
          {mt.name} · {mt.durationMinutes} min · {queue.users.length} members
        </p>
      </div>
      <QueueWorkspace initial={queue} />
    </div>
  );
}
