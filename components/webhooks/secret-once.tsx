"use client";
import { CopyButton } from "@/components/settings/copy-button";

/** A signing secret, shown this once (Baton keeps it encrypted and never shows it again). */
export function SecretOnce({ title, secret, onDone }: { title: string; secret: string; onDone: () => void }) {
  return (
    <div role="status" className="rounded-lg border border-emerald-200 bg-emerald-50 p-3">
      <p className="text-sm font-medium text-emerald-800">{title} Copy it now: it will not be shown again.</p>
      <div className="mt-2 flex items-center gap-2">
        <code
          className="min-w-0 flex-1 truncate rounded bg-white px-2 py-1 font-mono text-xs"
          data-testid="webhook-secret"
        >
          {secret}
        </code>
        <CopyButton text={secret} />
      </div>
      <p className="mt-2 text-xs text-emerald-900">
        Verify each request&apos;s <code>webhook-signature</code> with this secret using any Standard Webhooks library.
      </p>
      <button type="button" className="mt-2 text-xs text-emerald-800 underline" onClick={onDone}>
        I have saved it
      </button>
    </div>
  );
}
