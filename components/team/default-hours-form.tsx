"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { saveDefaultHoursAction } from "@/lib/actions/people";
import { ActionError, errorMessage, unwrap } from "@/components/ui/action-result";

/** The weekly hours people added from now on start with, written the way people say them. */
export function DefaultHoursForm({ initial }: { initial: string }) {
  const router = useRouter();
  const [spec, setSpec] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => unwrap(saveDefaultHoursAction({ spec })),
    onMutate: () => setError(null),
    onError: (e) => setError(e instanceof ActionError ? (e.fields.spec ?? e.message) : errorMessage(e)),
    onSuccess: (saved) => {
      setSpec(saved);
      router.refresh();
    },
  });
  return (
    <form
      noValidate
      className="card flex flex-wrap items-end gap-3 p-4"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <div className="min-w-64 flex-1">
        <label className="label" htmlFor="default-hours">
          Default hours for new people
        </label>
        <input
          id="default-hours"
          className="input"
          value={spec}
          aria-invalid={!!error}
          aria-describedby="default-hours-help"
          onChange={(e) => setSpec(e.target.value)}
        />
        <p id="default-hours-help" className="mt-1 text-xs text-slate-500">
          In each new person&apos;s own zone, e.g. &quot;mon-fri 09:00-17:00&quot; or &quot;mon-thu
          08:00-12:00,13:00-17:00; fri 08:00-12:00&quot;. People already on the team keep their hours.
        </p>
        {error && <p className="field-error">{error}</p>}
      </div>
      <button className="btn-secondary mb-5" disabled={save.isPending || spec === initial}>
        {save.isPending ? "Saving…" : "Save defaults"}
      </button>
      {save.isSuccess && (
        <p role="status" className="w-full text-sm text-emerald-700">
          Saved. People added from now on start with these hours.
        </p>
      )}
    </form>
  );
}
