"use client";
import type { QueueDraft } from "./queue-draft";
import { Field } from "@/components/ui/field";

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
      <Field
        id="returnPolicy"
        label="Returning and new members"
        error={p.errors.returnPolicy}
        hint="Back from an absence or a pause, newly added, or moved to another group. Catching up gives them a run of bookings in a row."
      >
        <select
          className="input"
          value={p.returnPolicy}
          onChange={(e) => p.onChange({ returnPolicy: e.target.value as QueueDraft["returnPolicy"] })}
        >
          {Object.entries(RETURN_OPTION).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </Field>
      <Field
        id="handoffFairness"
        label="Handoffs"
        error={p.errors.handoffFairness}
        hint="Covering for someone never costs the backup their next bookings; the cover is shown beside their name."
      >
        <select
          className="input"
          value={p.handoffFairness}
          onChange={(e) => p.onChange({ handoffFairness: e.target.value as QueueDraft["handoffFairness"] })}
        >
          {Object.entries(HANDOFF_OPTION).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </Field>
    </div>
  );
}
