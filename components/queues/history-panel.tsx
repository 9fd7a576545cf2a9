"use client";
import { useQuery } from "@tanstack/react-query";
import { queueHistoryAction } from "@/lib/actions/queues";
import { errorMessage, unwrap } from "@/components/ui/action-result";
import { formatDateTime } from "@/components/ui/format";
import { queueKeys } from "./queue-keys";

/** Who changed weights, caps, strategy and groups, and when: refreshed by every save (queueKeys prefix). */
export function HistoryPanel({ queueId }: { queueId: string }) {
  const q = useQuery({
    queryKey: queueKeys.history(queueId),
    queryFn: () => unwrap(queueHistoryAction({ queueId })),
  });
  return (
    <section className="card" aria-labelledby="history-title">
      <div className="border-b border-slate-200 px-4 py-3">
        <h2 id="history-title" className="font-semibold">
          History of changes
        </h2>
        <p className="text-xs text-slate-500">
          Weights, caps, strategy, fairness window and priority groups
          {q.data ? `; times in ${q.data.timeZone}` : ""}.
        </p>
      </div>
      {q.isPending ? (
        <p className="p-4 text-sm text-slate-500">Loading the history…</p>
      ) : q.isError ? (
        <p role="alert" className="p-4 text-sm text-red-700">
          {errorMessage(q.error)}
        </p>
      ) : q.data.entries.length === 0 ? (
        <p className="p-4 text-sm text-slate-500">No changes recorded yet.</p>
      ) : (
        // A scrolling region must be reachable by keyboard (axe: scrollable-region-focusable).
        <div role="region" aria-labelledby="history-title" tabIndex={0} className="max-h-96 overflow-y-auto">
          <ol className="divide-y divide-slate-100" data-testid="queue-history">
            {q.data.entries.map((e) => (
              <li key={e.id} className="px-4 py-2.5 text-sm">
                <p className="text-xs text-slate-500">
                  <time dateTime={e.at}>
                    {formatDateTime(e.at, q.data.timeZone)} ({q.data.timeZone})
                  </time>{" "}
                  · {e.actor ?? "someone no longer in the workspace"}
                </p>
                <ul className="mt-0.5 space-y-0.5">
                  {e.lines.map((l, i) => (
                    <li key={i}>{l}</li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}
