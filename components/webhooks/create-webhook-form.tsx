"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { createWebhookAction } from "@/lib/actions/webhooks";
import { ActionError, errorMessage, unwrap } from "@/components/ui/action-result";
import { EVENT_DESCRIPTIONS, WEBHOOK_EVENT_TYPES, type SubscribableEventType } from "@/lib/webhooks/event-types";
import { SecretOnce } from "./secret-once";
import { Field } from "@/components/ui/field";

/** New subscription: URL, which events, a note; the secret is shown once on success. */
export function CreateWebhookForm() {
  const router = useRouter();
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [types, setTypes] = useState<Set<SubscribableEventType>>(new Set(WEBHOOK_EVENT_TYPES));
  const [fresh, setFresh] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () => unwrap(createWebhookAction({ url, description, eventTypes: [...types] })),
    onSuccess: (r) => {
      setFresh(r.secret);
      setUrl("");
      setDescription("");
      router.refresh();
    },
  });
  const fields = create.error instanceof ActionError ? create.error.fields : {};
  const toggle = (t: SubscribableEventType) =>
    setTypes((prev) => {
      const next = new Set(prev);
      if (next.has(t)) next.delete(t);
      else next.add(t);
      return next;
    });

  return (
    <section className="card" aria-labelledby="new-webhook-title">
      <div className="border-b border-slate-200 px-4 py-3">
        <h2 id="new-webhook-title" className="font-semibold">
          Add a webhook
        </h2>
        <p className="text-xs text-slate-500">Baton POSTs each event as signed JSON to your URL within seconds.</p>
      </div>
      <form
        className="space-y-4 p-4"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="webhook-url" label="Endpoint URL" error={fields.url && `The URL ${fields.url}`}>
            <input
              className="input"
              type="url"
              inputMode="url"
              placeholder="https://example.com/baton-webhooks"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
            />
          </Field>
          <Field
            id="webhook-description"
            label={
              <>
                Description <span className="font-normal text-slate-500">(optional)</span>
              </>
            }
            error={fields.description && `Description ${fields.description}`}
          >
            <input
              className="input"
              placeholder="e.g. HubSpot sync"
              value={description}
              onChange={(e) => setDescription(e.target.value)}
            />
          </Field>
        </div>
        <fieldset>
          <legend className="label">Events</legend>
          <div className="grid gap-2 sm:grid-cols-2">
            {WEBHOOK_EVENT_TYPES.map((t) => (
              <label key={t} className="flex items-start gap-2 rounded-lg border border-slate-200 p-2 text-sm">
                <input type="checkbox" className="mt-0.5" checked={types.has(t)} onChange={() => toggle(t)} />
                <span>
                  <code className="font-mono text-xs font-semibold text-slate-800">{t}</code>
                  <span className="block text-xs text-slate-500">{EVENT_DESCRIPTIONS[t]}</span>
                </span>
              </label>
            ))}
          </div>
          {fields.eventTypes && <p className="field-error">Events: {fields.eventTypes}</p>}
        </fieldset>
        {create.isError && !fields.url && !fields.eventTypes && !fields.description && (
          <p role="alert" className="field-error">
            {errorMessage(create.error)}
          </p>
        )}
        <button className="btn-primary" disabled={create.isPending}>
          {create.isPending ? "Adding…" : "Add webhook"}
        </button>
        {fresh && <SecretOnce title="Your webhook's signing secret." secret={fresh} onDone={() => setFresh(null)} />}
      </form>
    </section>
  );
}
