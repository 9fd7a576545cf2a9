"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { createMeetingTypeAction } from "@/lib/actions/queues";
import { STRATEGY_LABEL } from "@/components/strategy-label";
import { ActionError, errorMessage, unwrap } from "@/components/ui/action-result";
import { Field } from "@/components/ui/field";

const slugOf = (name: string) =>
  name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 100);

const STRATEGY_HELP: Record<string, string> = {
  weighted: "Shares follow each member's weight (weight 2 gets twice the bookings).",
  round_robin: "Everyone takes turns equally.",
  availability: "Whoever is free, least recently booked first.",
};

/** A new meeting type with its queue: what attendees book (name, length, buffers, notice) and how hosts are picked. */
export function CreateQueueForm() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [slugTouched, setSlugTouched] = useState(false);
  const [form, setForm] = useState({
    name: "",
    slug: "",
    durationMinutes: "30",
    bufferBeforeMinutes: "0",
    bufferAfterMinutes: "0",
    minimumNoticeMinutes: "60",
    strategy: "weighted" as keyof typeof STRATEGY_LABEL,
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const num = (s: string) => (s.trim() === "" ? (null as unknown as number) : Number(s));
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        createMeetingTypeAction({
          name: form.name,
          slug: form.slug,
          durationMinutes: num(form.durationMinutes),
          bufferBeforeMinutes: num(form.bufferBeforeMinutes),
          bufferAfterMinutes: num(form.bufferAfterMinutes),
          minimumNoticeMinutes: num(form.minimumNoticeMinutes),
          strategy: form.strategy,
        }),
      ),
    onMutate: () => setErrors({}),
    onError: (e) => setErrors(e instanceof ActionError ? e.fields : {}),
    onSuccess: ({ queueId }) => router.push(`/queues/${queueId}`),
  });
  const field = (
    key: "durationMinutes" | "bufferBeforeMinutes" | "bufferAfterMinutes" | "minimumNoticeMinutes",
    label: string,
    help: string,
  ) => (
    <Field id={`mt-${key}`} label={label} hint={help} error={errors[key]}>
      <input
        type="number"
        inputMode="numeric"
        min={0}
        className="input"
        value={form[key]}
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
      />
    </Field>
  );
  return (
    <section className="card" aria-labelledby="new-queue-title">
      <div className="flex flex-wrap items-center justify-between gap-2 px-4 py-3">
        <h2 id="new-queue-title" className="font-semibold">
          New queue
        </h2>
        <button type="button" className="btn-secondary" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          {open ? "Close" : "Create a queue"}
        </button>
      </div>
      {open && (
        <form
          noValidate
          className="grid gap-4 border-t border-slate-200 p-4 sm:grid-cols-2"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate();
          }}
        >
          <Field
            id="mt-name"
            label="Name"
            error={errors.name}
            hint={<>What attendees book, e.g. &quot;Sales demo&quot;.</>}
          >
            <input
              className="input"
              value={form.name}
              onChange={(e) =>
                setForm({ ...form, name: e.target.value, slug: slugTouched ? form.slug : slugOf(e.target.value) })
              }
            />
          </Field>
          <Field
            id="mt-slug"
            label="Link name"
            error={errors.slug}
            hint="Lowercase words joined by dashes; unique in the workspace."
          >
            <input
              className="input"
              value={form.slug}
              onChange={(e) => {
                setSlugTouched(true);
                setForm({ ...form, slug: e.target.value });
              }}
            />
          </Field>
          {field("durationMinutes", "Length (minutes)", "How long each meeting lasts, 5 to 1440 minutes.")}
          {field("minimumNoticeMinutes", "Minimum notice (minutes)", "How soon before a slot it can still be booked.")}
          {field("bufferBeforeMinutes", "Buffer before (minutes)", "Kept free before each meeting, up to 240.")}
          {field("bufferAfterMinutes", "Buffer after (minutes)", "Kept free after each meeting, up to 240.")}
          <Field
            id="mt-strategy"
            label="How hosts are picked"
            className="sm:col-span-2"
            hint={STRATEGY_HELP[form.strategy]}
          >
            <select
              className="input"
              value={form.strategy}
              onChange={(e) => setForm({ ...form, strategy: e.target.value as typeof form.strategy })}
            >
              {Object.entries(STRATEGY_LABEL).map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>
          </Field>
          {create.isError && !Object.keys(errors).length && (
            <p role="alert" className="field-error sm:col-span-2">
              {errorMessage(create.error)}
            </p>
          )}
          <p className="text-sm text-slate-600 sm:col-span-2">
            The queue starts empty: add its members on the next page.
          </p>
          <div className="sm:col-span-2">
            <button className="btn-primary" disabled={create.isPending}>
              {create.isPending ? "Creating…" : "Create queue"}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
