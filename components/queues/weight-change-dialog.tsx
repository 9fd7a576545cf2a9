"use client";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import type { QueueUpdateBody } from "@/lib/api/schemas/queues";
import { previewWeightChangeAction } from "@/lib/actions/queues";
import { errorMessage, unwrap } from "@/components/ui/action-result";
import { queueKeys } from "./queue-keys";

export type WeightChoice = "from_now" | "whole_window";
const PREVIEW_BOOKINGS = 20;

/**
 * Asked on save when weights change: apply them from now (everyone re-based to par, no burst) or
 * over the whole fairness window (members catch up to the new shares), with the next 20 bookings
 * under each choice side by side.
 */
export function WeightChangeDialog(p: {
  queueId: string;
  settings: QueueUpdateBody;
  pending: boolean;
  onChoose: (choice: WeightChoice) => void;
  onCancel: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const preview = useQuery({
    queryKey: [...queueKeys.queue(p.queueId), "weight-change", JSON.stringify(p.settings)],
    queryFn: () =>
      unwrap(previewWeightChangeAction({ queueId: p.queueId, bookings: PREVIEW_BOOKINGS, settings: p.settings })),
  });
  return (
    <div
      role="dialog"
      aria-labelledby="weight-change-title"
      aria-describedby="weight-change-desc"
      className="space-y-3 rounded-lg border border-brand-100 bg-brand-50 px-3 py-3 text-sm"
      data-testid="weight-change-dialog"
    >
      <h3 id="weight-change-title" ref={heading} tabIndex={-1} className="font-semibold text-slate-900">
        Weights changed: apply them from when?
      </h3>
      <p id="weight-change-desc" className="text-slate-700">
        <strong>From now</strong>: everyone starts level under the new weights; nobody is owed bookings for the part of
        the window already past. <strong>Over the whole window</strong>: the new weights count back to the start of the
        window, so members the change favours get a run of bookings until they have caught up.
      </p>
      {preview.isPending ? (
        <p className="text-slate-500">Simulating the next {PREVIEW_BOOKINGS} bookings under each choice…</p>
      ) : preview.isError ? (
        <p role="alert" className="text-red-700">
          {errorMessage(preview.error)}
        </p>
      ) : (
        <table className="data-table bg-white" data-testid="weight-change-preview">
          <caption className="sr-only">Next {PREVIEW_BOOKINGS} bookings under each choice</caption>
          <thead>
            <tr>
              <th>Member</th>
              <th className="text-right">New weight</th>
              <th className="text-right">From now</th>
              <th className="text-right">Whole window</th>
            </tr>
          </thead>
          <tbody>
            {preview.data.rows.map((r) => (
              <tr key={r.userId} data-testid={`weight-change-${r.name}`}>
                <td>{r.name}</td>
                <td className="text-right tabular-nums">{r.weight}</td>
                <td className="text-right tabular-nums" data-testid="from-now">
                  {r.fromNow}
                </td>
                <td className="text-right tabular-nums" data-testid="whole-window">
                  {r.wholeWindow}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="text-xs text-slate-600">Of the next {PREVIEW_BOOKINGS} bookings, if everyone stays available.</p>
      <div className="flex flex-wrap gap-2">
        <button type="button" className="btn-primary" disabled={p.pending} onClick={() => p.onChoose("from_now")}>
          Save: from now
        </button>
        <button type="button" className="btn-secondary" disabled={p.pending} onClick={() => p.onChoose("whole_window")}>
          Save: over the whole window
        </button>
        <button type="button" className="btn-secondary" disabled={p.pending} onClick={p.onCancel}>
          Keep editing
        </button>
      </div>
    </div>
  );
}
