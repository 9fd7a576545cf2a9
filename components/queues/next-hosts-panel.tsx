"use client";
import { useQuery } from "@tanstack/react-query";
import { localizeTimes } from "@/components/ui/format";
import { useState } from "react";
import { nextHostsAction } from "@/lib/actions/queues";
import { errorMessage, unwrap } from "@/components/ui/action-result";
import { queueKeys } from "./queue-keys";
import { Field } from "@/components/ui/field";

const CODE_LABEL: Record<string, string> = {
  paused: "Paused",
  on_exception: "Away",
  busy: "Busy",
  outside_working_hours: "Off hours",
  daily_cap: "Daily cap",
  weekly_cap: "Weekly cap",
};

/**
 * Who the next booking goes to (routing's own ranking, right now) and why the others would not get it.
 * `covered`: bookings this window each member hosts for a routed host (handoffs), shown beside them.
 */
export function NextHostsPanel({ queueId, covered = {} }: { queueId: string; covered?: Record<string, number> }) {
  // Empty = right now (no slot: busy time is not checked); a time = a booking starting then.
  const [at, setAt] = useState("");
  const q = useQuery({
    queryKey: [...queueKeys.next(queueId), at],
    queryFn: () => unwrap(nextHostsAction({ queueId, at: at || undefined })),
  });
  return (
    <section className="card" aria-labelledby="next-title" aria-busy={q.isFetching}>
      <div className="flex items-center justify-between gap-2 border-b border-slate-200 px-4 py-3">
        <h2 id="next-title" className="font-semibold">
          Who&apos;s next and why
        </h2>
        <button className="btn-secondary px-2.5 py-1 text-xs" onClick={() => q.refetch()} disabled={q.isFetching}>
          {q.isFetching ? "Refreshing…" : "Refresh"}
        </button>
      </div>
      <div className="flex flex-wrap items-end gap-2 border-b border-slate-100 px-4 py-2">
        <Field id={`next-at-${queueId}`} label={`For a booking at${q.data ? ` (${q.data.timeZone})` : ""}`}>
          <input
            type="datetime-local"
            className="input py-1 text-sm"
            value={at}
            onChange={(e) => setAt(e.target.value)}
          />
        </Field>
        {at && (
          <button className="btn-secondary px-2.5 py-1 text-xs" onClick={() => setAt("")}>
            Right now
          </button>
        )}
      </div>
      {q.isPending ? (
        <p className="p-4 text-sm text-slate-500">Ranking the members…</p>
      ) : q.isError ? (
        <p role="alert" className="p-4 text-sm text-red-700">
          {errorMessage(q.error)}
        </p>
      ) : (
        <div className="p-4">
          {q.data.nextHosts.length === 0 ? (
            <p className="text-sm text-amber-700">Nobody can take a booking right now; see the reasons below.</p>
          ) : (
            <ol className="space-y-2" data-testid="next-hosts">
              {q.data.nextHosts.map((h) => (
                <li key={h.userId} className="flex gap-3 text-sm" data-testid="next-host">
                  <span
                    className={`flex h-6 w-6 shrink-0 items-center justify-center rounded-full text-xs font-semibold ${h.rank === 1 ? "bg-brand-600 text-white" : "bg-slate-100 text-slate-600"}`}
                  >
                    {h.rank}
                  </span>
                  <div className="min-w-0">
                    <p>
                      <span className="font-medium">{h.name}</span>{" "}
                      <span className="badge bg-slate-100 text-slate-600">
                        Tier {h.tier}
                        {h.groupName ? ` · ${h.groupName}` : ""}
                      </span>
                      <CoveredBadge n={covered[h.userId]} />
                    </p>
                    <p className="text-xs text-slate-500">{localizeTimes(h.reason, q.data.timeZone)}</p>
                  </div>
                </li>
              ))}
            </ol>
          )}
          {q.data.excluded.length > 0 && (
            <div className="mt-4 border-t border-slate-100 pt-3">
              <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">
                Not eligible {at ? "then" : "now"}
              </h3>
              <ul className="mt-2 space-y-1.5" data-testid="excluded-hosts">
                {q.data.excluded.map((x) => (
                  <li key={x.userId} className="text-sm">
                    <span className="font-medium">{x.name}</span>{" "}
                    <span className="badge bg-amber-50 text-amber-700">{CODE_LABEL[x.code] ?? x.code}</span>
                    <CoveredBadge n={covered[x.userId]} />
                    <span className="block text-xs text-slate-500">{localizeTimes(x.reason, q.data.timeZone)}</span>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
    </section>
  );
}

/** Covering does not change standings, so it is shown beside the ranking rather than in it. */
function CoveredBadge({ n }: { n?: number }) {
  if (!n) return null;
  return (
    <span className="badge ml-1 bg-emerald-50 text-emerald-800" data-testid="covered">
      covered {n} for others
    </span>
  );
}
