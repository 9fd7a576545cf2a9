"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import {
  deleteWebhookAction,
  pingWebhookAction,
  rotateWebhookSecretAction,
  setWebhookEnabledAction,
} from "@/lib/actions/webhooks";
import { errorMessage, unwrap } from "@/components/ui/action-result";
import { SecretOnce } from "./secret-once";

/** Ping, rotate the secret (24 h overlap), enable/disable and delete one subscription. */
export function WebhookActions({
  id,
  url,
  enabled,
  afterDelete,
}: {
  id: string;
  url: string;
  enabled: boolean;
  afterDelete?: string;
}) {
  const router = useRouter();
  const [secret, setSecret] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const ping = useMutation({
    mutationFn: () => unwrap(pingWebhookAction({ id })),
    onSuccess: () => {
      setNote("Test ping queued: it appears in the delivery log in a moment.");
      router.refresh();
    },
  });
  const rotate = useMutation({
    mutationFn: () => unwrap(rotateWebhookSecretAction({ id, overlapHours: 24 })),
    onSuccess: (r) => {
      setSecret(r.secret);
      router.refresh();
    },
  });
  const setEnabled = useMutation({
    mutationFn: (on: boolean) => unwrap(setWebhookEnabledAction({ id, enabled: on })),
    onSuccess: () => router.refresh(),
  });
  const remove = useMutation({
    mutationFn: () => unwrap(deleteWebhookAction({ id })),
    onSuccess: () => (afterDelete ? router.push(afterDelete) : router.refresh()),
  });
  const failed = [ping, rotate, setEnabled, remove].find((m) => m.isError);

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        <button type="button" className="btn-secondary" disabled={ping.isPending} onClick={() => ping.mutate()}>
          {ping.isPending ? "Sending…" : "Send test ping"}
        </button>
        <button
          type="button"
          className="btn-secondary"
          disabled={rotate.isPending}
          onClick={() => {
            if (window.confirm("Create a new signing secret? The current one keeps signing for 24 hours."))
              rotate.mutate();
          }}
        >
          Rotate secret
        </button>
        <button
          type="button"
          className="btn-secondary"
          disabled={setEnabled.isPending}
          onClick={() => setEnabled.mutate(!enabled)}
        >
          {enabled ? "Disable" : "Enable"}
        </button>
        <button
          type="button"
          className="btn-danger"
          disabled={remove.isPending}
          onClick={() => {
            if (window.confirm(`Delete the webhook to ${url} and its delivery log?`)) remove.mutate();
          }}
        >
          Delete
        </button>
      </div>
      {note && (
        <p role="status" className="text-sm text-slate-600">
          {note}
        </p>
      )}
      {failed && (
        <p role="alert" className="text-sm text-red-700">
          {errorMessage(failed.error)}
        </p>
      )}
      {secret && (
        <SecretOnce
          title="New signing secret. The previous one also signs for 24 hours."
          secret={secret}
          onDone={() => setSecret(null)}
        />
      )}
    </div>
  );
}
