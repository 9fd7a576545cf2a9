"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { QueueResponse } from "@/lib/api/schemas/queues";
import { checkQueueCoverageAction, getQueueAction, saveQueueAction } from "@/lib/actions/queues";
import type { QueueCoverage } from "@/lib/queues/check-queue-coverage";
import { STRATEGY_LABEL } from "@/components/strategy-label";
import { strategyRule } from "@/lib/routing/strategies";
import { ActionError, errorMessage, unwrap } from "@/components/ui/action-result";
import type { QueueChangeRecord } from "@/lib/queues/queue-version";
import { overlapsMemberSettings } from "@/lib/queues/queue-changes";
import {
  applyDraft,
  draftFrom,
  isDirty,
  settingsFrom,
  weightsEdited,
  type DraftMember,
  type QueueDraft,
} from "./queue-draft";
import { queueKeys } from "./queue-keys";
import { WeightChangeDialog } from "./weight-change-dialog";
import { FairnessSettings } from "./fairness-settings";
import { Field } from "@/components/ui/field";

const WINDOW_OPTION: Record<QueueDraft["fairnessWindow"], string> = {
  day: "Per day",
  week: "Per week",
  month: "Per month",
  none: "All time (never resets)",
};

interface Props {
  queue: QueueResponse;
  draft: QueueDraft;
  setDraft: (d: QueueDraft) => void;
  /** Active people of the workspace, who can be added. */
  people: { id: string; name: string }[];
}

const BLOCK_REASON: Record<NonNullable<QueueCoverage["members"][number]["reason"]>, string> = {
  paused: "weight 0 (paused)",
  capped: "a cap of 0",
  deactivated: "deactivated",
  absent: "absent all of the coming week",
  no_hours: "no working hours",
};

/**
 * Weights (number and slider; 0 pauses), caps, strategy and fairness window, saved in ONE
 * server action (updateQueueMembers). The queue in the cache is updated at once and rolled
 * back if the server refuses; field errors appear next to their inputs.
 */
export function MemberEditor({ queue, draft, setDraft, people }: Props) {
  const qc = useQueryClient();
  const router = useRouter();
  const key = queueKeys.queue(queue.id);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [toAdd, setToAdd] = useState("");
  /** Set when the change would leave nobody able to take a booking: the manager confirms or keeps editing. */
  const [nobody, setNobody] = useState<QueueCoverage | null>(null);
  /** Set when weights changed: the manager picks "from now" or "over the whole window" before saving. */
  const [reweigh, setReweigh] = useState<ReturnType<typeof settingsFrom> | null>(null);
  /** Set when the queue changed in another tab or by someone else since this draft started: who, and what;
   * `settings` is the refused save (with its weight-change choice), sent again by "Save mine over theirs". */
  const [stale, setStale] = useState<(StaleDetails & { settings: SaveInput["settings"] }) | null>(null);

  const save = useMutation({
    mutationFn: async ({ settings, version }: SaveInput) => {
      try {
        return await unwrap(saveQueueAction({ queueId: queue.id, settings, version }));
      } catch (e) {
        // Only priority groups changed meanwhile (e.g. a drag on this page): saving overwrites none of that.
        const s = staleDetails(e);
        if (s && !s.changedSince.some((r) => overlapsMemberSettings(r.changes)))
          return unwrap(saveQueueAction({ queueId: queue.id, settings, version: s.currentVersion }));
        throw e;
      }
    },
    onMutate: async ({ settings }) => {
      setErrors({});
      setNotice(null);
      setStale(null);
      await qc.cancelQueries({ queryKey: key, exact: true });
      const previous = qc.getQueryData<QueueResponse>(key);
      if (previous) qc.setQueryData(key, applyDraft(previous, settings));
      return { previous };
    },
    onError: (e, input, ctx) => {
      if (ctx?.previous) qc.setQueryData(key, ctx.previous);
      const s = staleDetails(e);
      if (s) {
        setStale({ ...s, settings: input.settings });
        void qc.invalidateQueries({ queryKey: key, exact: true });
        return;
      }
      if (e instanceof ActionError) setErrors(e.fields);
      setNotice({ kind: "error", text: errorMessage(e) });
    },
    onSuccess: (saved) => {
      qc.setQueryData(key, saved);
      setDraft(draftFrom(saved));
      const n = saved.users.length;
      setNotice({
        kind: "ok",
        text: `Saved with ${n} member${n === 1 ? "" : "s"}. Routing uses the new settings from the next booking on.`,
      });
      router.refresh();
    },
    onSettled: () => qc.invalidateQueries({ queryKey: key, exact: false, predicate: (q) => q.queryKey.length > 2 }),
  });

  // Before saving, ask who could still take a booking; if nobody, say so and ask.
  const check = useMutation({
    mutationFn: (settings: ReturnType<typeof settingsFrom>) =>
      unwrap(checkQueueCoverageAction({ queueId: queue.id, settings })),
    onMutate: () => {
      setNobody(null);
      setNotice(null);
    },
    onSuccess: (coverage, settings) => {
      if (coverage.able === 0) setNobody(coverage);
      else proceed(settings);
    },
    // The check failing (bad input) is what saving would say too: let save report it next to the fields.
    onError: (_e, settings) => save.mutate({ settings, version: draft.version }),
  });
  // Changed weights: ask from when they apply (the dialog previews both); otherwise save at once.
  const proceed = (settings: ReturnType<typeof settingsFrom>) => {
    if (weightsEdited(queue, settings, (s) => strategyRule(s as QueueDraft["strategy"]).usesWeights))
      setReweigh(settings);
    else save.mutate({ settings, version: draft.version });
  };
  const available = people.filter((p) => !draft.members.some((m) => m.userId === p.id));

  const setMember = (i: number, patch: Partial<DraftMember>) =>
    setDraft({ ...draft, members: draft.members.map((m, j) => (j === i ? { ...m, ...patch } : m)) });
  const dirty = isDirty(queue, draft);
  const err = (path: string) => errors[path];
  const weighted = strategyRule(draft.strategy).usesWeights;

  return (
    <section className="card" aria-labelledby="members-title">
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 px-4 py-3">
        <h2 id="members-title" className="font-semibold">
          Members, weights and caps
        </h2>
        {dirty && <span className="badge bg-amber-50 text-amber-700">Unsaved changes</span>}
      </div>
      <form
        noValidate
        className="space-y-4 p-4"
        onSubmit={(e) => {
          e.preventDefault();
          check.mutate(settingsFrom(draft));
        }}
      >
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="strategy" error={err("settings.strategy")} label="Strategy">
            <select
              className="input"
              value={draft.strategy}
              onChange={(e) => setDraft({ ...draft, strategy: e.target.value as QueueDraft["strategy"] })}
            >
              {Object.entries(STRATEGY_LABEL).map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>
          </Field>
          <Field id="fairnessWindow" error={err("settings.fairnessWindow")} label="Fairness window">
            <select
              className="input"
              value={draft.fairnessWindow}
              onChange={(e) => setDraft({ ...draft, fairnessWindow: e.target.value as QueueDraft["fairnessWindow"] })}
            >
              {Object.entries(WINDOW_OPTION).map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <FairnessSettings
          returnPolicy={draft.returnPolicy}
          handoffFairness={draft.handoffFairness}
          errors={{ returnPolicy: err("settings.returnPolicy"), handoffFairness: err("settings.handoffFairness") }}
          onChange={(patch) => setDraft({ ...draft, ...patch })}
        />
        {!weighted && (
          <p className="rounded-lg bg-slate-50 px-3 py-2 text-xs text-slate-600">
            With {STRATEGY_LABEL[draft.strategy].toLowerCase()} every active member counts the same; weights matter
            under Weighted. A weight of 0 still pauses a member.
          </p>
        )}
        {draft.members.length === 0 ? (
          <p className="text-sm text-slate-500">This queue has no members yet: add the people who take its bookings.</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {draft.members.map((m, i) => {
              const w = Number(m.weight);
              const paused = m.weight.trim() !== "" && w === 0;
              const ids = { w: `w-${m.userId}`, d: `d-${m.userId}`, wk: `wk-${m.userId}` };
              return (
                <li key={m.userId} className="py-3" data-testid={`member-row-${m.name}`}>
                  <div className="mb-2 flex items-center justify-between gap-2">
                    <p className="flex items-center gap-2 font-medium">
                      {m.name}
                      {paused && <span className="badge bg-amber-50 text-amber-700">Paused</span>}
                    </p>
                    <button
                      type="button"
                      className="text-sm text-red-700 hover:underline"
                      aria-label={`Remove from queue: ${m.name}`}
                      onClick={() => setDraft({ ...draft, members: draft.members.filter((_, j) => j !== i) })}
                    >
                      Remove
                    </button>
                  </div>
                  <div className="grid grid-cols-2 gap-3 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,1fr)]">
                    <div className="col-span-2 sm:col-span-1">
                      <label className="label" htmlFor={ids.w}>
                        Weight <span className="sr-only">for {m.name}</span>
                      </label>
                      <div className="flex items-center gap-3">
                        <input
                          id={ids.w}
                          type="number"
                          inputMode="numeric"
                          min={0}
                          max={1000}
                          step={1}
                          className="input w-20 shrink-0"
                          value={m.weight}
                          aria-invalid={!!err(`settings.users.${i}.weight`)}
                          aria-describedby={err(`settings.users.${i}.weight`) ? `${ids.w}-err` : undefined}
                          onChange={(e) => setMember(i, { weight: e.target.value })}
                        />
                        <input
                          type="range"
                          min={0}
                          max={Math.max(10, Number.isFinite(w) ? w : 0)}
                          step={1}
                          className="w-full accent-brand-600"
                          aria-label={`Weight slider for ${m.name}`}
                          value={Number.isFinite(w) ? w : 0}
                          onChange={(e) => setMember(i, { weight: e.target.value })}
                        />
                      </div>
                      {err(`settings.users.${i}.weight`) && (
                        <p id={`${ids.w}-err`} className="field-error">
                          Weight {err(`settings.users.${i}.weight`)}
                        </p>
                      )}
                    </div>
                    <CapInput
                      id={ids.d}
                      label="Cap per day"
                      name={m.name}
                      value={m.capPerDay}
                      error={err(`settings.users.${i}.capPerDay`)}
                      onChange={(v) => setMember(i, { capPerDay: v })}
                    />
                    <CapInput
                      id={ids.wk}
                      label="Cap per week"
                      name={m.name}
                      value={m.capPerWeek}
                      error={err(`settings.users.${i}.capPerWeek`)}
                      onChange={(v) => setMember(i, { capPerWeek: v })}
                    />
                  </div>
                </li>
              );
            })}
          </ul>
        )}
        <div className="flex flex-wrap items-end gap-2 border-t border-slate-100 pt-3">
          <Field id="add-member" label="Add a member" className="min-w-48 flex-1">
            <select className="input" value={toAdd} onChange={(e) => setToAdd(e.target.value)}>
              <option value="">{available.length ? "Choose a person…" : "Everyone is already a member"}</option>
              {available.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </Field>
          <button
            type="button"
            className="btn-secondary"
            disabled={!toAdd}
            onClick={() => {
              const p = people.find((x) => x.id === toAdd);
              if (!p) return;
              setDraft({
                ...draft,
                members: [...draft.members, { userId: p.id, name: p.name, weight: "1", capPerDay: "", capPerWeek: "" }],
              });
              setToAdd("");
            }}
          >
            Add
          </button>
          <p className="w-full text-xs text-slate-500">New members start at weight 1, level with the others.</p>
        </div>
        {reweigh && (
          <WeightChangeDialog
            queueId={queue.id}
            settings={reweigh}
            pending={save.isPending}
            onChoose={(weightChange) => {
              save.mutate(
                { settings: { ...reweigh, weightChange }, version: draft.version },
                { onSettled: () => setReweigh(null) },
              );
            }}
            onCancel={() => setReweigh(null)}
          />
        )}
        {nobody && (
          <div
            role="alert"
            className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 px-3 py-3 text-sm text-amber-900"
          >
            <p className="font-medium">
              {nobody.members.length === 0
                ? "With no members, nobody can take a booking in this queue."
                : "After this change nobody in this queue could take a booking:"}
            </p>
            {nobody.members.length > 0 && (
              <ul className="list-disc pl-5">
                {nobody.members.map((m) => (
                  <li key={m.userId}>
                    {m.name}: {m.reason ? BLOCK_REASON[m.reason] : "available"}
                  </li>
                ))}
              </ul>
            )}
            <p>Attendees will see no free times and bookings will be refused until someone can take them.</p>
            <div className="flex flex-wrap gap-2">
              <button
                type="button"
                className="btn-primary"
                onClick={() => {
                  setNobody(null);
                  proceed(settingsFrom(draft));
                }}
              >
                Save anyway
              </button>
              <button type="button" className="btn-secondary" onClick={() => setNobody(null)}>
                Keep editing
              </button>
            </div>
          </div>
        )}
        {stale && (
          <div
            role="alert"
            data-testid="queue-changed-meanwhile"
            className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 px-3 py-3 text-sm text-amber-900"
          >
            <p className="font-medium">{stale.message}</p>
            <ul className="list-disc pl-5">
              {stale.changedSince.map((r) => (
                <li key={r.version}>
                  <span className="font-medium">{r.actor.name}</span> changed{" "}
                  {r.summary.length ? r.summary.join("; ") : "the queue"}
                </li>
              ))}
            </ul>
            <p>Your edits are still here. Keep them and save over these changes, or load the queue as it is now.</p>
            <div className="flex flex-wrap gap-2">
              <button
                type="button"
                className="btn-primary"
                onClick={() => {
                  const rebased = { ...draft, version: stale.currentVersion };
                  setDraft(rebased);
                  save.mutate({ settings: stale.settings, version: stale.currentVersion });
                }}
              >
                Save mine over theirs
              </button>
              <button
                type="button"
                className="btn-secondary"
                onClick={async () => {
                  const now = await qc.fetchQuery({
                    queryKey: key,
                    queryFn: () => unwrap(getQueueAction({ queueId: queue.id })),
                  });
                  setDraft(draftFrom(now));
                  setStale(null);
                  setErrors({});
                }}
              >
                Discard mine, load theirs
              </button>
            </div>
          </div>
        )}
        <div className="flex flex-wrap items-center gap-3">
          <button
            type="submit"
            className="btn-primary"
            disabled={!dirty || save.isPending || check.isPending || reweigh !== null}
          >
            {save.isPending ? "Saving…" : "Save changes"}
          </button>
          <button
            type="button"
            className="btn-secondary"
            disabled={!dirty || save.isPending}
            onClick={() => {
              setDraft(draftFrom(queue));
              setErrors({});
              setNotice(null);
              setStale(null);
            }}
          >
            Discard
          </button>
          {notice && (
            <p
              role={notice.kind === "error" ? "alert" : "status"}
              className={`text-sm ${notice.kind === "error" ? "text-red-700" : "text-emerald-700"}`}
            >
              {notice.text}
            </p>
          )}
        </div>
      </form>
    </section>
  );
}

type SaveInput = { settings: ReturnType<typeof settingsFrom>; version: number };
interface StaleDetails {
  message: string;
  currentVersion: number;
  changedSince: QueueChangeRecord[];
}
/** The details of a save refused because the queue changed since the draft started, or null. */
function staleDetails(e: unknown): StaleDetails | null {
  if (!(e instanceof ActionError) || e.code !== "precondition_failed") return null;
  const d = e.details as Omit<StaleDetails, "message">;
  return { message: e.message, currentVersion: d.currentVersion, changedSince: d.changedSince ?? [] };
}

function CapInput(p: {
  id: string;
  label: string;
  name: string;
  value: string;
  error?: string;
  onChange: (v: string) => void;
}) {
  return (
    <Field
      id={p.id}
      label={
        <>
          {p.label} <span className="sr-only">for {p.name}</span>
        </>
      }
      error={p.error}
    >
      <input
        type="number"
        inputMode="numeric"
        min={0}
        step={1}
        placeholder="No cap"
        className="input"
        value={p.value}
        onChange={(e) => p.onChange(e.target.value)}
      />
    </Field>
  );
}
