"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { previewAction } from "@/lib/actions/queues";
import type { PreviewResult } from "@/lib/dashboard/preview-queue";
import { ActionError, errorMessage, unwrap } from "@/components/ui/action-result";
import { settingsFrom, type QueueDraft } from "./queue-draft";
import { queueKeys } from "./queue-keys";
import { Field } from "@/components/ui/field";

/** "Tue 1 Dec, 14:00" in the workspace zone (the zone is written next to it). */
function slotTime(iso: string, timeZone: string) {
  const parts = new Intl.DateTimeFormat("en-GB", {
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone,
  }).formatToParts(new Date(iso));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("weekday")} ${get("day")} ${get("month")}, ${get("hour")}:${get("minute")}`;
}

/**
 * Walks the upcoming free slots of the queue's meeting type in time order with the edited,
 * unsaved settings and as saved. A query under the queue's keys, so a save refreshes "As saved".
 */
export function PreviewPanel({ queueId, draft, dirty }: { queueId: string; draft: QueueDraft; dirty: boolean }) {
  const [count, setCount] = useState("20");
  const [request, setRequest] = useState<{ bookings: number; settings: ReturnType<typeof settingsFrom> } | null>(null);
  const run = useQuery({
    queryKey: [...queueKeys.preview(queueId), request],
    queryFn: () => unwrap(previewAction({ queueId, ...request! })),
    enabled: request !== null,
    retry: false,
    staleTime: Infinity,
  });
  const fieldError = run.error instanceof ActionError ? (run.error.fields.bookings ?? null) : null;
  const settingsError = run.error instanceof ActionError && !run.error.fields.bookings ? run.error : null;
  const busy = run.isFetching;
  return (
    <section className="card" aria-labelledby="preview-title" aria-busy={busy}>
      <div className="border-b border-slate-200 px-4 py-3">
        <h2 id="preview-title" className="font-semibold">
          Preview the next bookings
        </h2>
        <p className="text-xs text-slate-500">
          One booking per upcoming free slot, in time order (working hours, absences, existing bookings and caps per day
          and week), from today&apos;s counters{dirty ? ", with your unsaved edits" : ""}. Nothing is saved.
        </p>
      </div>
      <form
        className="flex flex-wrap items-end gap-2 p-4"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const next = { bookings: Number(count), settings: settingsFrom(draft) };
          if (JSON.stringify(next) === JSON.stringify(request)) void run.refetch();
          else setRequest(next);
        }}
      >
        <Field id="preview-count" label="Bookings to simulate" error={fieldError}>
          <input
            type="number"
            min={1}
            max={500}
            className="input w-28"
            value={count}
            onChange={(e) => setCount(e.target.value)}
          />
        </Field>
        <button className="btn-secondary" disabled={busy}>
          {busy ? "Simulating…" : "Run preview"}
        </button>
      </form>
      {settingsError && (
        <p role="alert" className="mx-4 mb-4 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
          {settingsError.code === "validation_failed"
            ? "Fix the highlighted member settings first."
            : errorMessage(settingsError)}
        </p>
      )}
      {run.isError && !(run.error instanceof ActionError) && (
        <p role="alert" className="mx-4 mb-4 text-sm text-red-700">
          {errorMessage(run.error)}
        </p>
      )}
      {run.data && !run.isError && <PreviewTable data={run.data} />}
    </section>
  );
}

function PreviewTable({ data }: { data: PreviewResult }) {
  const tz = data.timeZone;
  return (
    <div className="overflow-x-auto px-4 pb-4">
      {data.from && data.until && (
        <p className="mb-2 text-xs text-slate-600" data-testid="preview-span">
          With edits: {slotTime(data.from, tz)} to {slotTime(data.until, tz)} ({tz}).
        </p>
      )}
      <table className="data-table" data-testid="preview-table">
        <thead>
          <tr>
            <th>Member</th>
            <th className="text-right">As saved</th>
            <th className="text-right">With edits</th>
          </tr>
        </thead>
        <tbody>
          {data.rows.map((r) => (
            <tr key={r.userId} data-testid={`preview-${r.name}`}>
              <td>{r.name}</td>
              <td className="text-right tabular-nums">{r.current}</td>
              <td
                className={`text-right tabular-nums font-medium ${r.edited > r.current ? "text-emerald-700" : r.edited < r.current ? "text-red-700" : ""}`}
              >
                {r.edited}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {data.capsReached.length > 0 && (
        <ul className="mt-3 space-y-1 text-xs text-slate-700" data-testid="preview-caps">
          {data.capsReached.map((c) => (
            <li key={`${c.userId}:${c.kind}`}>
              {c.name} reached the {c.kind} cap of {c.cap} on {slotTime(c.atIso, tz)} ({tz})
              {c.times > 1
                ? `, and again in ${c.times - 1} later ${c.kind === "daily" ? "day" : "week"}${c.times > 2 ? "s" : ""}`
                : ""}
              .
            </li>
          ))}
        </ul>
      )}
      {(data.unrouted.current > 0 || data.unrouted.edited > 0) && (
        <p className="mt-2 text-xs text-amber-800">
          No free slot in the next {data.horizonDays} days for {data.unrouted.current} as saved and{" "}
          {data.unrouted.edited} with edits.
        </p>
      )}
    </div>
  );
}
