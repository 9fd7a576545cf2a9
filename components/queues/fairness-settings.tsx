"use client";
import type { QueueDraft } from "./queue-draft";

const RETURN_OPTION: Record<QueueDraft["returnPolicy"], string> = {
  keep_position: "Start level with the others",
  catch_up: "Catch up on missed bookings",
};

const HANDOFF_OPTION: Record<QueueDraft["handoffFairness"], string> = {
  keep_routed_credit: "Routed host keeps the credit",
  move_count: "Count moves to the new host",
};

/**
 * The queue's two fairness policies (lib/routing/README.md): how a member returning, joining or
 * moving into another priority group is placed, and what a handoff does to the counts.
 */
export function FairnessSettings(p: {
  returnPolicy: QueueDraft["returnPolicy"];
  handoffFairness: QueueDraft["handoffFairness"];
  errors: { returnPolicy?: string; handoffFairness?: string };
  onChange: (patch: Partial<Pick<QueueDraft, "returnPolicy" | "handoffFairness">>) => void;
}) {
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <div>
        <label className="label" htmlFor="returnPolicy">
          Returning and new members
        </label>
        <select
          id="returnPolicy"
          className="input"
          value={p.returnPolicy}
          aria-describedby="returnPolicy-help"
          onChange={(e) => p.onChange({ returnPolicy: e.target.value as QueueDraft["returnPolicy"] })}
        >
          {Object.entries(RETURN_OPTION).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
        <p id="returnPolicy-help" className="mt-1 text-xs text-slate-500">
          Back from an absence or a pause, newly added, or moved to another group. Catching up gives them a run of
          bookings in a row.
        </p>
        {p.errors.returnPolicy && <p className="field-error">{p.errors.returnPolicy}</p>}
      </div>
      <div>
        <label className="label" htmlFor="handoffFairness">
          Handoffs
        </label>
        <select
          id="handoffFairness"
          className="input"
          value={p.handoffFairness}
          aria-describedby="handoffFairness-help"
          onChange={(e) => p.onChange({ handoffFairness: e.target.value as QueueDraft["handoffFairness"] })}
        >
          {Object.entries(HANDOFF_OPTION).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
        <p id="handoffFairness-help" className="mt-1 text-xs text-slate-500">
          Covering for someone never costs the backup their next bookings; the cover is shown beside their name.
        </p>
        {p.errors.handoffFairness && <p className="field-error">{p.errors.handoffFairness}</p>}
      </div>
    </div>
  );
}
