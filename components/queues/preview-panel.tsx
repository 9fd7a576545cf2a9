"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { previewAction } from "@/lib/actions/queues";
import { ActionError, errorMessage, unwrap } from "@/components/ui/action-result";
import { settingsFrom, type QueueDraft } from "./queue-draft";

/** Runs the routing engine's simulate on the live queue with the edited, unsaved settings. */
export function PreviewPanel({ queueId, draft, dirty }: { queueId: string; draft: QueueDraft; dirty: boolean }) {
  const [count, setCount] = useState("20");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: () => unwrap(previewAction({ queueId, bookings: Number(count), settings: settingsFrom(draft) })),
    onMutate: () => setFieldError(null),
    onError: (e) => {
      if (e instanceof ActionError) setFieldError(e.fields.bookings ?? null);
    },
  });
  const settingsError = run.error instanceof ActionError && !run.error.fields.bookings ? run.error : null;
  return (
    <section className="card" aria-labelledby="preview-title">
      <div className="border-b border-slate-200 px-4 py-3">
        <h2 id="preview-title" className="font-semibold">
          Preview the next bookings
        </h2>
        <p className="text-xs text-slate-500">
          Simulates routing from today&apos;s counters{dirty ? " with your unsaved edits" : ""}, without saving
          anything.
        </p>
      </div>
      <form
        className="flex flex-wrap items-end gap-2 p-4"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          run.mutate();
        }}
      >
        <div>
          <label className="label" htmlFor="preview-count">
            Bookings to simulate
          </label>
          <input
            id="preview-count"
            type="number"
            min={1}
            max={500}
            className="input w-28"
            value={count}
            onChange={(e) => setCount(e.target.value)}
            aria-invalid={!!fieldError}
          />
          {fieldError && <p className="field-error">{fieldError}</p>}
        </div>
        <button className="btn-secondary" disabled={run.isPending}>
          {run.isPending ? "Simulating…" : "Run preview"}
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
      {run.data && (
        <div className="overflow-x-auto px-4 pb-4">
          <table className="data-table" data-testid="preview-table">
            <thead>
              <tr>
                <th>Member</th>
                <th className="text-right">As saved</th>
                <th className="text-right">With edits</th>
              </tr>
            </thead>
            <tbody>
              {run.data.rows.map((r) => (
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
          {(run.data.unrouted.current > 0 || run.data.unrouted.edited > 0) && (
            <p className="mt-2 text-xs text-amber-700">
              Unrouted (nobody eligible, e.g. caps reached): {run.data.unrouted.current} as saved,{" "}
              {run.data.unrouted.edited} with edits.
            </p>
          )}
        </div>
      )}
    </section>
  );
}
