"use client";
import Link from "next/link";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import type { CoverageInput, CoverageResponse } from "@/lib/api/schemas/handoff";
import { previewCoverageAction, runCoverageAction } from "@/lib/actions/handoffs";
import { handoffAction } from "@/lib/actions/bookings";
import { ActionError, errorMessage, unwrap } from "@/components/ui/action-result";
import { formatDateTime } from "@/components/ui/format";
import { Field } from "@/components/ui/field";
import { CoverageResultList } from "./coverage-result-list";
import { AlternativePicker, choiceTarget, type AlternativeChoice } from "./alternative-picker";

/** What happened to one "cannot move" appointment the manager sent elsewhere. */
type ExtraResult =
  | { appointmentId: string; start: string; ok: true; toUserId: string; toName: string }
  | { appointmentId: string; start: string; ok: false; message: string };

export interface Option {
  id: string;
  name: string;
  /** People only: a deactivated person can be covered but is never a backup. */
  active?: boolean;
}
interface Props {
  people: Option[];
  queues: Option[];
  timeZone: string;
  today: string;
  /** Prefill, e.g. from deactivating someone: who, and the days their bookings span. */
  initial?: { userId?: string; startDate?: string; endDate?: string; name?: string };
}

type Step = "form" | "preview" | "done";

/**
 * Vacation coverage in three steps: who, when and to whom; the preview (a dry run of the same
 * service); then the run, which creates the absence exception and hands the appointments off.
 */
export function CoverageWizard({ people, queues, timeZone, today, initial }: Props) {
  const [step, setStep] = useState<Step>("form");
  const [form, setForm] = useState({
    userId: initial?.userId && people.some((p) => p.id === initial.userId) ? initial.userId : "",
    startDate: initial?.startDate ?? today,
    endDate: initial?.endDate ?? initial?.startDate ?? today,
    name: initial?.name ?? "Vacation",
    targetKind: "user" as "user" | "queue",
    targetUserId: "",
    targetQueueId: queues[0]?.id ?? "",
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  /** Per "cannot move" appointment of the preview: another host or queue for just that one. */
  const [alternatives, setAlternatives] = useState<Record<string, AlternativeChoice>>({});
  const nameOf = new Map(people.map((p) => [p.id, p.name]));

  const input = (): CoverageInput => ({
    userId: form.userId,
    startDate: form.startDate,
    endDate: form.endDate,
    name: form.name,
    ...(form.targetKind === "user"
      ? { targetUserId: form.targetUserId || undefined }
      : { targetQueueId: form.targetQueueId || undefined }),
  });
  const onError = (e: Error) => setErrors(e instanceof ActionError ? e.fields : {});
  const preview = useMutation({
    mutationFn: () => unwrap(previewCoverageAction(input())),
    onMutate: () => {
      setErrors({});
      setAlternatives({});
    },
    onError,
    onSuccess: () => setStep("preview"),
  });
  const run = useMutation({
    mutationFn: async () => {
      const result = await unwrap(runCoverageAction(input()));
      // Then each appointment the run could not move and the manager sent elsewhere, one handoff each.
      const extra: ExtraResult[] = [];
      for (const f of result.failed) {
        const target = choiceTarget(alternatives[f.appointmentId] ?? "");
        if (!target) continue;
        const r = await handoffAction({ appointmentId: f.appointmentId, ...target });
        extra.push(
          r.ok
            ? {
                appointmentId: f.appointmentId,
                start: f.start,
                ok: true,
                toUserId: r.data.hostId,
                toName: r.data.to.name,
              }
            : { appointmentId: f.appointmentId, start: f.start, ok: false, message: r.error.message },
        );
      }
      return { result, extra };
    },
    onError,
    onSuccess: () => setStep("done"),
  });
  const picked = preview.data
    ? preview.data.failed.filter((f) => choiceTarget(alternatives[f.appointmentId] ?? ""))
    : [];
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));
  const steps = ["Who and when", "Preview", "Done"];
  const current = step === "form" ? 0 : step === "preview" ? 1 : 2;

  return (
    <div className="space-y-6">
      <ol className="flex flex-wrap gap-2 text-sm" aria-label="Steps">
        {steps.map((s, i) => (
          <li
            key={s}
            aria-current={i === current ? "step" : undefined}
            className={`badge px-3 py-1 ${i === current ? "bg-brand-600 text-white" : i < current ? "bg-brand-50 text-brand-700" : "bg-slate-100 text-slate-600"}`}
          >
            {i + 1}. {s}
          </li>
        ))}
      </ol>

      {step === "form" && (
        <form
          className="card space-y-4 p-4"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            preview.mutate();
          }}
        >
          <div className="grid gap-4 sm:grid-cols-2">
            <Field id="cov-user" label="Who is going away?" error={errors.userId}>
              <select className="input" value={form.userId} onChange={(e) => set({ userId: e.target.value })}>
                <option value="">Choose a person…</option>
                {people.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="cov-name" label="Label" error={errors.name}>
              <input className="input" value={form.name} onChange={(e) => set({ name: e.target.value })} />
            </Field>
            <Field id="cov-start" label="First day away" error={errors.startDate}>
              <input
                type="date"
                className="input"
                value={form.startDate}
                onChange={(e) => set({ startDate: e.target.value })}
              />
            </Field>
            <Field id="cov-end" label="Last day away" error={errors.endDate}>
              <input
                type="date"
                className="input"
                value={form.endDate}
                onChange={(e) => set({ endDate: e.target.value })}
              />
            </Field>
          </div>
          <fieldset>
            <legend className="label">Who covers their appointments?</legend>
            <div className="flex flex-wrap gap-4 text-sm">
              <label className="flex items-center gap-2">
                <input
                  type="radio"
                  name="target"
                  checked={form.targetKind === "user"}
                  onChange={() => set({ targetKind: "user" })}
                />{" "}
                A backup person
              </label>
              <label className="flex items-center gap-2">
                <input
                  type="radio"
                  name="target"
                  checked={form.targetKind === "queue"}
                  onChange={() => set({ targetKind: "queue" })}
                />{" "}
                A queue (its routing picks, per appointment)
              </label>
            </div>
            <div className="mt-2 max-w-md">
              {form.targetKind === "user" ? (
                <Field id="cov-target-user" label="Backup person" hideLabel error={errors.targetUserId}>
                  <select
                    className="input"
                    value={form.targetUserId}
                    onChange={(e) => set({ targetUserId: e.target.value })}
                  >
                    <option value="">Choose the backup…</option>
                    {people
                      .filter((p) => p.id !== form.userId && p.active !== false)
                      .map((p) => (
                        <option key={p.id} value={p.id}>
                          {p.name}
                        </option>
                      ))}
                  </select>
                </Field>
              ) : (
                <Field
                  id="cov-target-queue"
                  label="Backup queue"
                  hideLabel
                  error={errors.targetQueueId ?? errors.targetUserId}
                >
                  <select
                    className="input"
                    value={form.targetQueueId}
                    onChange={(e) => set({ targetQueueId: e.target.value })}
                  >
                    {queues.map((q) => (
                      <option key={q.id} value={q.id}>
                        {q.name}
                      </option>
                    ))}
                  </select>
                </Field>
              )}
            </div>
          </fieldset>
          <p className="text-xs text-slate-500">
            Days are whole days in the absent person&apos;s time zone. Nothing changes until you confirm on the next
            step.
          </p>
          {preview.isError && (
            <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
              {errorMessage(preview.error)}
            </p>
          )}
          <button className="btn-primary" disabled={preview.isPending}>
            {preview.isPending ? "Checking appointments…" : "Preview handoffs"}
          </button>
        </form>
      )}

      {step === "preview" && preview.data && (
        <section className="card space-y-4 p-4" aria-labelledby="preview-heading">
          <div>
            <h2 id="preview-heading" className="font-semibold">
              Preview for {nameOf.get(form.userId)}
            </h2>
            <p className="text-sm text-slate-600" data-testid="coverage-summary">
              {preview.data.handedOff} appointment{preview.data.handedOff === 1 ? "" : "s"} would move
              {preview.data.failed.length ? `, ${preview.data.failed.length} cannot` : ""}. An absence &ldquo;
              {preview.data.exception.name}&rdquo; from {formatDateTime(preview.data.exception.startsAt, timeZone)} to{" "}
              {formatDateTime(preview.data.exception.endsAt, timeZone)} will be added
              {preview.data.exceptionCreated ? "" : " (or reused if it exists)"}.
            </p>
          </div>
          <CoverageResultList
            result={preview.data}
            nameOf={nameOf}
            timeZone={timeZone}
            tense="would"
            pickFor={(r) => (
              <AlternativePicker
                appointmentId={r.appointmentId}
                fromName={nameOf.get(r.fromUserId) ?? ""}
                start={r.start}
                timeZone={timeZone}
                value={alternatives[r.appointmentId] ?? ""}
                onChange={(v) => setAlternatives((a) => ({ ...a, [r.appointmentId]: v }))}
              />
            )}
          />
          {preview.data.failed.length > 0 && (
            <p className="text-xs text-slate-600">
              An appointment that cannot move stays with {nameOf.get(form.userId)} unless you give it to someone else
              above; that one is handed off on its own after the run.
            </p>
          )}
          {run.isPending && (
            <div role="status" aria-live="polite">
              <p className="text-sm text-slate-700">
                Handing off {preview.data.handedOff} appointment{preview.data.handedOff === 1 ? "" : "s"}…
              </p>
              <div
                className="mt-2 h-2 overflow-hidden rounded-full bg-slate-100"
                role="progressbar"
                aria-label="Handing off appointments"
                aria-busy="true"
              >
                <div className="h-full w-1/3 animate-[progress_1.2s_ease-in-out_infinite] rounded-full bg-brand-600" />
              </div>
            </div>
          )}
          {run.isError && (
            <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
              {errorMessage(run.error)}
            </p>
          )}
          <div className="flex flex-wrap gap-2">
            <button className="btn-primary" disabled={run.isPending} onClick={() => run.mutate()}>
              {run.isPending
                ? "Running…"
                : preview.data.handedOff + picked.length
                  ? `Add absence and hand off ${preview.data.handedOff + picked.length}`
                  : "Add the absence"}
            </button>
            <button className="btn-secondary" disabled={run.isPending} onClick={() => setStep("form")}>
              Back
            </button>
          </div>
        </section>
      )}

      {step === "done" && run.data && (
        <Done
          result={run.data.result}
          extra={run.data.extra}
          nameOf={nameOf}
          timeZone={timeZone}
          who={form.userId}
          onAgain={() => {
            setStep("form");
            run.reset();
            preview.reset();
            setAlternatives({});
          }}
        />
      )}
    </div>
  );
}

function Done({
  result,
  extra,
  nameOf,
  timeZone,
  who,
  onAgain,
}: {
  result: CoverageResponse;
  extra: ExtraResult[];
  nameOf: Map<string, string>;
  timeZone: string;
  who: string;
  onAgain: () => void;
}) {
  const sentElsewhere = extra.filter((e) => e.ok).length;
  return (
    <section className="card space-y-4 p-4" aria-labelledby="done-heading">
      <div role="status">
        <h2 id="done-heading" className="font-semibold">
          Coverage is set up
        </h2>
        <p className="text-sm text-slate-600" data-testid="coverage-done">
          Handed off {result.handedOff} appointment{result.handedOff === 1 ? "" : "s"}
          {result.failed.length - sentElsewhere > 0
            ? `; ${result.failed.length - sentElsewhere} could not move and keep their host`
            : ""}
          . {result.exceptionCreated ? "The absence was added" : "The absence already existed and was kept"}:{" "}
          {nameOf.get(who)} gets no new bookings from {formatDateTime(result.exception.startsAt, timeZone)} to{" "}
          {formatDateTime(result.exception.endsAt, timeZone)}.
        </p>
      </div>
      <CoverageResultList result={result} nameOf={nameOf} timeZone={timeZone} tense="did" />
      {extra.length > 0 && (
        <div data-testid="coverage-extra" className="space-y-1 text-sm">
          <p className="font-medium">
            Of those that could not move, {sentElsewhere} went where you chose instead
            {extra.length > sentElsewhere ? `; ${extra.length - sentElsewhere} still could not` : ""}:
          </p>
          <ul className="list-disc pl-5 text-slate-700">
            {extra.map((e) => (
              <li key={e.appointmentId}>
                <Link className="text-brand-700 hover:underline" href={`/bookings/${e.appointmentId}`}>
                  {formatDateTime(e.start, timeZone)} ({timeZone})
                </Link>
                {e.ok ? ` went to ${e.toName}` : ` stays with ${nameOf.get(who)}: ${e.message}`}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="flex flex-wrap gap-2">
        <Link className="btn-secondary" href={`/bookings?host=${who}`}>
          Their bookings
        </Link>
        <button className="btn-secondary" onClick={onAgain}>
          Cover someone else
        </button>
      </div>
    </section>
  );
}
