"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { QueueResponse } from "@/lib/api/schemas/queues";
import { getQueueAction } from "@/lib/actions/queues";
import { unwrap } from "@/components/ui/action-result";
import { DistributionCharts } from "./distribution-charts";
import { GroupBoard } from "./group-board";
import { HistoryPanel } from "./history-panel";
import { MemberEditor } from "./member-editor";
import { NextHostsPanel } from "./next-hosts-panel";
import { PreviewPanel } from "./preview-panel";
import { draftFrom, followQueue, isDirty } from "./queue-draft";
import { useUnsavedChangesPrompt } from "@/components/ui/use-unsaved-changes";
import { queueKeys } from "./queue-keys";

/** The queue detail page's client side: one cached queue that every panel reads and every save updates. */
export function QueueWorkspace({
  initial,
  people,
}: {
  initial: QueueResponse;
  people: { id: string; name: string }[];
}) {
  const { data: queue } = useQuery({
    queryKey: queueKeys.queue(initial.id),
    queryFn: () => unwrap(getQueueAction({ queueId: initial.id })),
    initialData: initial,
  });
  const [draft, setDraft] = useState(() => draftFrom(initial));
  const current = followQueue(queue, draft);
  const dirty = isDirty(queue, current);
  useUnsavedChangesPrompt(
    dirty,
    "You have unsaved changes to this queue (weights, caps or settings). Leave without saving?",
  );
  return (
    <div className="grid gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(20rem,2fr)]">
      <div className="min-w-0 space-y-6">
        <MemberEditor queue={queue} draft={current} setDraft={setDraft} people={people} />
        <GroupBoard queue={queue} />
        <DistributionCharts queue={queue} />
      </div>
      <div className="min-w-0 space-y-6">
        <NextHostsPanel
          queueId={queue.id}
          covered={Object.fromEntries(queue.users.map((u) => [u.userId, u.covered]))}
        />
        <PreviewPanel queueId={queue.id} draft={current} dirty={dirty} />
        <HistoryPanel queueId={queue.id} />
      </div>
    </div>
  );
}
